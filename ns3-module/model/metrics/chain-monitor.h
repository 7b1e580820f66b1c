/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_CHAIN_MONITOR_H
#define SFC_CHAIN_MONITOR_H

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
 */
class ChainMonitor : public Object
{
  public:
    /// What happened to one flow
    struct FlowRecord
    {
        uint64_t id{0};                    //!< flow id
        FlowKey key;                       //!< tuple at the source
        uint32_t requests{0};              //!< request segments planned
        uint32_t responses{0};             //!< response segments received
        Time start;                        //!< SYN time
        Time end;                          //!< completion or failure time
        bool completed{false};             //!< FIN-ACK received
        bool failed{false};                //!< timed out or reset
        uint8_t failReason{0};             //!< FlowClient::FailReason if failed
        std::vector<uint32_t> instance;    //!< per function: first instance reached (0 = none)
        bool sticky{true};                 //!< one instance per function, both directions
        uint32_t noStateDrops{0};          //!< packets dropped for lack of state
        bool tupleChanged{false};          //!< far end saw a second tuple
        uint32_t synHops{0};               //!< links crossed by the first SYN so far
        bool synOut{false};                //!< the first SYN left the network
        std::vector<uint32_t> synInstance; //!< per function: instance the first SYN reached
        Time firstBreak{Time::Max()};      //!< first no-state drop, tuple change or failure

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

    /// \return the metrics (call after Simulator::Run())
    Summary Finalize() const;
    /// \return per-flow records, by flow id
    const std::map<uint64_t, FlowRecord>& GetFlows() const;
    /**
     * \brief Write one CSV line per flow.
     * \param os output stream
     */
    void WriteFlowsCsv(std::ostream& os) const;

  private:
    void DoDispose() override;

    /// A packet of a recorded flow, parsed once
    struct FlowPacket
    {
        FlowRecord* record{nullptr}; //!< its flow (null: not a packet of a recorded flow)
        InnerPacketInfo info;        //!< its headers
        FlowPayloadHeader payload;   //!< its flow header

        /// \return true if it is the client's first SYN (not a retransmission or a SYN-ACK)
        bool IsFirstSyn() const;
    };

    /**
     * \param inner an inner packet
     * \param flags TCP flags it must all carry to be looked up (0: any packet)
     * \return the packet, parsed, with its flow if it is one of a recorded flow
     */
    FlowPacket Find(Ptr<const Packet> inner, uint8_t flags = 0);
    /// \param inner an inner packet \return its flow if it is the first SYN of a flow whose
    /// hops are still counted, else null
    FlowRecord* FirstSynToCount(Ptr<const Packet> inner);
    void OnFlowStart(uint64_t id, const FlowKey& key, uint32_t requests);
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
    uint32_t ShortestHops(const FlowRecord& r) const;
    void FinalizeEvents(Summary& s) const;

    Ptr<ServiceChain> m_chain;                                        //!< watched chain
    uint32_t m_nFunctions;                                            //!< functions in the chain
    std::map<uint64_t, FlowRecord> m_flows;                           //!< flow records
    std::vector<std::pair<std::string, Ptr<Forwarder>>> m_forwarders; //!< watched forwarders
    std::map<uint32_t, uint32_t> m_instanceNode;        //!< instance id -> ns-3 node id
    uint64_t m_instanceDrops[kNumDropReasons];          //!< instance drops by reason
    uint64_t m_forwarderDrops[kNumDropReasons];         //!< forwarder drops by reason
    bool m_havePathModel;                               //!< SetPathModel() called
    SfcTopology m_topology;                             //!< path model
    std::map<uint32_t, uint32_t> m_nodeToVertex;        //!< node id -> vertex
    std::map<Ipv4Address, uint32_t> m_addressToVertex;  //!< endpoint address -> vertex
    std::vector<std::pair<Time, std::string>> m_events; //!< recorded events
    std::vector<Time> m_noStateDropTimes;               //!< when each no-state drop happened
    /// (time, function, instances in service after the change)
    std::vector<std::tuple<Time, uint32_t, uint32_t>> m_membershipLog;
    Time m_binWidth; //!< time-series interval
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_CHAIN_MONITOR_H */
