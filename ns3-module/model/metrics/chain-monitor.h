/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_CHAIN_MONITOR_H
#define SFC_CHAIN_MONITOR_H

#include "ns3/flat-slot-map.h"
#include "ns3/flow-client.h"
#include "ns3/flow-key.h"
#include "ns3/flow-payload-header.h"
#include "ns3/inner-packet.h"
#include "ns3/ipv4-address.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/packet.h"
#include "ns3/sfc-topology.h"
#include "ns3/sfc-types.h"

#include <cstdint>
#include <deque>
#include <map>
#include <ostream>
#include <string>
#include <tuple>
#include <vector>

namespace ns3
{
namespace sfc
{

class Forwarder;
class FlowServer;
class ScalingController;
class ServiceChain;

/**
 * \ingroup sfc
 * \brief Turns the trace sources of a chain, its forwarders and the traffic
 *        applications into the SPEC's metrics.
 *
 * Connect it (Watch*()) before the simulation runs, call Finalize() after.
 * Definitions (also in the module documentation):
 * - flow: one connection opened by a FlowClient;
 * - sticky flow: for every function, every packet of the flow that reached
 *   an instance of it, in both directions, reached the same instance;
 * - broken flow: a packet of the flow was dropped by an instance for lack
 *   of state, or the far end saw it under a second 5-tuple, or it did not
 *   complete by the end of the run;
 * - path stretch: links crossed by the flow's first SYN from its source to
 *   the external host, over the fewest links of a path through the servers
 *   of the same instances (1 = no detour);
 * - table state: peak flow-table entries (and bytes) per forwarder.
 *
 * Memory follows the flows alive: a flow's record is held while it is open
 * and for RetireDelay after it ended (its packets still in the network can
 * still break it), then folded into the counters and released
 * (chain-monitor-fold.cc says what cannot be folded early). A client's flow
 * ids must be consecutive (FlowClient's are).
 */
class ChainMonitor : public Object
{
  public:
    /// What happened to one flow (the per-function instances are kept beside it)
    struct FlowRecord
    {
        uint64_t id{0};               //!< flow id
        FlowKey key;                  //!< tuple at the source
        uint32_t requests{0};         //!< request segments planned
        uint32_t responses{0};        //!< response segments received
        Time start;                   //!< SYN time
        Time end;                     //!< completion or failure time
        Time firstBreak{Time::Max()}; //!< first no-state drop, tuple change or failure
        uint32_t noStateDrops{0};     //!< packets dropped for lack of state
        uint32_t synHops{0};          //!< links crossed by the first SYN so far
        uint32_t client{0};           //!< the client's index (WatchClient() order)
        uint32_t index{0};            //!< the flow's index among its client's flows
        bool completed{false};        //!< FIN-ACK received
        bool failed{false};           //!< timed out or reset
        uint8_t failReason{0};        //!< FlowClient::FailReason if failed
        bool sticky{true};            //!< one instance per function, both directions
        bool tupleChanged{false};     //!< far end saw a second tuple
        bool synOut{false};           //!< the first SYN left the network

        /// \return true if the flow is broken (SPEC definition)
        bool IsBroken() const
        {
            return noStateDrops > 0 || tupleChanged || !completed;
        }
    };

    /// Per-forwarder table state
    struct ForwarderStats
    {
        std::string name;            //!< forwarder name
        std::vector<uint32_t> dfFor; //!< functions it is the designated forwarder of
        uint64_t packets{0};         //!< inner packets handled
        uint32_t peakEntries{0};     //!< peak flow-table entries
        uint64_t peakBytes{0};       //!< peak flow-table bytes
        uint64_t hits{0};            //!< flow-table hits
        uint64_t misses{0};          //!< flow-table misses
        uint64_t drops{0};           //!< packets dropped by the forwarder
    };

    /// What happened around one scaling (or failure) event
    struct EventStats
    {
        Time time;                //!< when
        std::string label;        //!< what, e.g. "10s:nat:+1"
        uint32_t activeFlows{0};  //!< flows started before it and not finished by then
        uint32_t brokenFlows{0};  //!< those among them that broke
        double brokenRatio{0};    //!< brokenFlows / activeFlows
        uint64_t noStateDrops{0}; //!< no-state drops from it to the next event (or the end)
    };

    /// One interval of the time series
    struct Bin
    {
        Time start;                      //!< interval start
        uint32_t flowsStarted{0};        //!< flows opened in it
        uint32_t flowsCompleted{0};      //!< flows completed in it
        uint32_t flowsBroken{0};         //!< flows whose first break happened in it
        uint32_t activeFlows{0};         //!< flows open at its start
        uint64_t noStateDrops{0};        //!< no-state drops in it
        std::vector<uint32_t> instances; //!< per function (index 0 unused): in service at its start
    };

    /// The metrics of a run
    struct Summary
    {
        uint32_t flows{0};             //!< flows opened
        uint32_t stickyFlows{0};       //!< sticky flows
        uint32_t brokenFlows{0};       //!< broken flows
        uint32_t completedFlows{0};    //!< flows that completed
        uint32_t failedFlows{0};       //!< flows that failed (timeout or reset)
        uint32_t openFlows{0};         //!< flows neither completed nor failed at the end
        uint32_t tupleChangedFlows{0}; //!< flows seen under a second tuple
        double stickinessRatio{0};     //!< sticky / flows
        double brokenRatio{0};    //!< broken / flows active across an event (all flows if none)
        double brokenRatioAll{0}; //!< broken / flows
        uint32_t flowsAcrossEvents{0};              //!< flows active across at least one event
        uint32_t brokenAcrossEvents{0};             //!< broken among them
        uint64_t noStateDrops{0};                   //!< packets dropped for lack of state
        uint64_t instanceDrops[kNumDropReasons]{};  //!< service-node drops by reason
        uint64_t forwarderDrops[kNumDropReasons]{}; //!< forwarder drops by reason
        double pathStretch{0};                      //!< mean path stretch
        double pathStretchMax{0};                   //!< largest path stretch
        uint32_t peakFlowEntries{0};                //!< largest per-forwarder peak
        uint64_t peakFlowEntriesTotal{0};           //!< sum of per-forwarder peaks
        uint64_t peakFlowTableBytes{0};             //!< largest per-forwarder peak, in bytes
        double meanFctS{0};                         //!< mean completion time of completed flows (s)
        double responseLossRatio{0}; //!< responses missing / requested, over completed flows
        std::vector<ForwarderStats> forwarders; //!< per forwarder
        std::vector<EventStats> events;         //!< per event
        Time binWidth;                          //!< time-series interval
        std::vector<Bin> timeseries;            //!< time series
    };

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    ChainMonitor();
    ~ChainMonitor() override;

    /// \param chain chain whose instances (all registered ones) to watch
    void WatchChain(Ptr<ServiceChain> chain);
    /**
     * \param forwarder a forwarder (or the gateway) to watch
     * \param name its name in outputs
     */
    void WatchForwarder(Ptr<Forwarder> forwarder, const std::string& name);
    /// \param client traffic source to watch
    void WatchClient(Ptr<FlowClient> client);
    /// \param server traffic sink to watch
    void WatchServer(Ptr<FlowServer> server);
    /// \param controller scaling controller whose events to record
    void WatchController(Ptr<ScalingController> controller);
    /**
     * \brief Record an event (scaling, failure) to report flows across it.
     * \param label description
     */
    void AddEvent(const std::string& label);
    /// \param width interval of the time series (default 1 s)
    void SetTimeSeriesInterval(Time width);

    /**
     * \brief Give the topology for the path-stretch denominator.
     * \param topology the graph
     * \param nodeToVertex ns-3 node id -> vertex
     * \param addressToVertex endpoint address -> vertex
     */
    void SetPathModel(const SfcTopology& topology,
                      const std::map<uint32_t, uint32_t>& nodeToVertex,
                      const std::map<Ipv4Address, uint32_t>& addressToVertex);

    /**
     * \brief Keep every flow's record until the end, for WriteFlowsCsv().
     *
     * Without it a flow's record is folded into the aggregates and released
     * RetireDelay after the flow ends. Call before the simulation runs.
     * \param keep true to keep them
     */
    void KeepFlowRecords(bool keep);

    /**
     * \brief Fold the flows still held into the metrics and return them.
     *
     * Call after Simulator::Run(); a second call returns the same.
     * \return the metrics
     */
    Summary Finalize();
    /**
     * \brief Write one CSV line per flow, by flow id (after Finalize(), with KeepFlowRecords()).
     * \param os output stream
     */
    void WriteFlowsCsv(std::ostream& os) const;

    /// \return flows whose record is held now (open, or ended less than RetireDelay ago)
    uint32_t GetLiveFlows() const;
    /// \return flows folded into the aggregates and released so far
    uint64_t GetRetiredFlows() const;
    /**
     * \return packet events of flows already retired (more than RetireDelay after
     *         their end), which the metrics no longer see; 0 in a sound run
     */
    uint64_t GetLateEvents() const;

  private:
    void DoDispose() override;

    /// A packet of a live flow, parsed once
    struct FlowPacket
    {
        FlowRecord* record{nullptr}; //!< its flow (null: not a packet of a live flow)
        uint32_t slot{0};            //!< the flow's slot in m_live
        InnerPacketInfo info;        //!< its headers
        FlowPayloadHeader payload;   //!< its flow header

        /// \return true if it is the client's first SYN (not a retransmission or a SYN-ACK)
        bool IsFirstSyn() const;
    };

    /// What the metrics keep of a client's flows, in flow-id order (index)
    struct ClientLog
    {
        uint64_t firstId{0};                 //!< id of its first flow
        uint32_t flows{0};                   //!< flows it opened
        std::vector<int64_t> fctSteps;       //!< per flow: completion time in time steps, -1: none
        std::vector<uint32_t> hops;          //!< per flow: first-SYN hops << 16 | shortest, 0: none
        std::vector<FlowRecord> kept;        //!< per flow, with KeepFlowRecords()
        std::vector<uint32_t> keptInstances; //!< per kept flow: instance of functions 1..n
        std::vector<uint32_t> keptShortest;  //!< per kept flow: path_hops_min
    };

    /// Per-event counters, kept up to date during the run
    struct EventCounts
    {
        uint32_t activeFlows{0};  //!< flows active across it
        uint32_t brokenFlows{0};  //!< those broken before the next event
        uint64_t noStateDrops{0}; //!< no-state drops in its window
    };

    /// Per-interval counters, kept up to date during the run
    struct BinCounts
    {
        uint32_t flowsStarted{0};   //!< flows opened in it
        uint32_t flowsCompleted{0}; //!< flows completed in it
        uint32_t flowsBroken{0};    //!< flows whose first break happened in it
        int64_t activeDelta{0};     //!< change of the open-flow count at its start
        uint64_t noStateDrops{0};   //!< no-state drops in it
    };

    /// A folded flow's times whose event contribution must wait for the end of the run
    struct DeferredTimes
    {
        Time start;      //!< SYN time
        Time end;        //!< end time
        bool broken;     //!< broken
        Time firstBreak; //!< first break (Time::Max(): none recorded)
        bool binPending; //!< its broken interval waits for the end too
    };

    /**
     * \param inner an inner packet
     * \param flags TCP flags it must all carry to be looked up (0: any packet)
     * \return the packet, parsed, with its flow if it is one of a live flow
     */
    FlowPacket Find(Ptr<const Packet> inner, uint8_t flags = 0);
    /// \param inner an inner packet \return its flow if it is the first SYN of a flow whose
    /// hops are still counted, else null
    FlowRecord* FirstSynToCount(Ptr<const Packet> inner);
    /// \param id a flow id not live: count it as a late event if it is one of a watched client
    void NoteUnknown(uint64_t id);
    void OnFlowStart(uint32_t client, uint64_t id, const FlowKey& key, uint32_t requests);
    void OnFlowComplete(uint64_t id, uint32_t responses);
    void OnFlowFail(uint64_t id, FlowClient::FailReason reason);
    void OnTupleChange(uint64_t id, const FlowKey& first, const FlowKey& now);
    void OnInstanceRx(uint32_t function, uint32_t instance, Ptr<const Packet> p, Direction dir);
    void OnInstanceDrop(Ptr<const Packet> p, Direction dir, DropReason reason);
    void OnOverlayRx(Ptr<const Packet> p, uint32_t hops);
    void OnEdgeRx(Ptr<const Packet> p, uint32_t port);
    void OnEdgeTx(Ptr<const Packet> p, uint32_t port);
    void OnForwarderDrop(Ptr<const Packet> p, DropReason reason);
    void OnScalingEvent(uint32_t function, int32_t delta, bool drain);
    void OnMembership(uint32_t function, uint32_t instance, bool active);
    static void NoteBreak(FlowRecord& r);
    /// \param slot a live slot \return its instances per function (index 0 unused)
    uint32_t* Instances(uint32_t slot);
    /// \param slot a live slot \return the instances its first SYN reached per function
    uint32_t* SynInstances(uint32_t slot);
    /// \param r a flow \param synInstance its first SYN's instances \return fewest hops
    uint32_t ShortestHops(const FlowRecord& r, const uint32_t* synInstance) const;
    /// \param id an ended flow: queue it for retirement RetireDelay from now
    void QueueRetire(uint64_t id);
    /// Fold and release the flows whose RetireDelay has passed
    void RetireDue();
    /**
     * \brief Fold a flow into the aggregates (its record is released by the caller).
     * \param slot its slot
     * \param atEnd true at the end of the run (every event known)
     */
    void Fold(uint32_t slot, bool atEnd);
    /**
     * \brief Fold a flow's times into the per-event counters.
     * \param start SYN time \param ended completed or failed \param end end time
     * \param broke time it counts as broken (Time::Max(): not broken)
     */
    void FoldEvents(Time start, bool ended, Time end, Time broke);
    /// \param t a time of the run \return its time-series interval, the counters grown to it
    BinCounts& BinAt(Time t);
    void FinalizeEvents(Summary& s, Time end);
    void FinalizeTimeSeries(Summary& s, Time end);
    void FinalizeOrderedSums(Summary& s) const;

    Ptr<ServiceChain> m_chain;                //!< watched chain
    uint32_t m_nFunctions;                    //!< functions in the chain
    Time m_retireDelay;                       //!< how long an ended flow's record is kept
    FlatSlotMap<uint64_t, FlowRecord> m_live; //!< records of open and just-ended flows
    std::vector<uint32_t> m_instancePool;     //!< per slot: instances, then first-SYN ones
    std::deque<std::pair<Time, uint64_t>> m_retireQueue; //!< (when, flow id), in time order
    std::vector<ClientLog> m_clients;                    //!< by WatchClient() order
    bool m_keepRecords;                                  //!< KeepFlowRecords()
    bool m_finalized;                                    //!< Finalize() called
    Summary m_summary;                                   //!< Finalize()'s result
    uint64_t m_retired;                                  //!< flows retired
    uint64_t m_lateEvents;                               //!< events of retired flows
    // Aggregates of the folded flows
    uint32_t m_nFlows;                      //!< flows folded
    uint32_t m_stickyFlows;                 //!< sticky among them
    uint32_t m_brokenFlows;                 //!< broken among them
    uint32_t m_tupleChangedFlows;           //!< tuple changed among them
    uint32_t m_completedFlows;              //!< completed among them
    uint32_t m_failedFlows;                 //!< failed among them
    uint32_t m_openFlows;                   //!< open at the end
    uint64_t m_requested;                   //!< requests of the completed flows
    uint64_t m_answered;                    //!< responses of the completed flows (at most requests)
    double m_stretchMax;                    //!< largest path stretch
    uint32_t m_flowsAcrossEvents;           //!< flows active across an event
    uint32_t m_brokenAcrossEvents;          //!< broken among them
    std::vector<EventCounts> m_eventCounts; //!< per recorded event
    std::vector<DeferredTimes> m_deferred;  //!< folded flows whose event part waits for the end
    std::vector<BinCounts> m_bins;          //!< per time-series interval so far
    Time m_lastDropTime;                    //!< time of the last no-state drop
    uint64_t m_dropsAtLastTime;             //!< no-state drops at that time
    std::vector<std::pair<std::string, Ptr<Forwarder>>> m_forwarders; //!< watched forwarders
    std::map<uint32_t, uint32_t> m_instanceNode;        //!< instance id -> ns-3 node id
    uint64_t m_instanceDrops[kNumDropReasons];          //!< instance drops by reason
    uint64_t m_forwarderDrops[kNumDropReasons];         //!< forwarder drops by reason
    bool m_havePathModel;                               //!< SetPathModel() called
    SfcTopology m_topology;                             //!< path model
    std::map<uint32_t, uint32_t> m_nodeToVertex;        //!< node id -> vertex
    std::map<Ipv4Address, uint32_t> m_addressToVertex;  //!< endpoint address -> vertex
    std::vector<std::pair<Time, std::string>> m_events; //!< recorded events
    /// (time, function, instances in service after the change)
    std::vector<std::tuple<Time, uint32_t, uint32_t>> m_membershipLog;
    Time m_binWidth; //!< time-series interval
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_CHAIN_MONITOR_H */
