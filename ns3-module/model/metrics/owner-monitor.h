/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_OWNER_MONITOR_H
#define SFC_OWNER_MONITOR_H

#include "ns3/flow-client.h"
#include "ns3/inner-packet.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/vplane.h"

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief Observer of seed 003 runs: per flow (by the flow id every packet
 *        carries), which vPlanes processed it as owner, its stickiness
 *        violations, drops, first-packet detour against its later packets,
 *        and its outcome; per join/leave event, the flows active then and
 *        how many of them broke.
 *
 * A flow is **sticky** if every packet of it that was processed was
 * processed by one vPlane and none was processed without its state; it is
 * **broken** if it failed, did not complete by the end of the run, or had a
 * stickiness violation.
 */
class OwnerMonitor : public Object
{
  public:
    /// What a flow is
    enum Kind : uint8_t
    {
        EAST_WEST = 0,    //!< VM to VM (both ends resolvable)
        OUTBOUND_NAT = 1, //!< VM to the WAN through source NAT (one end resolvable)
        INBOUND_NAT = 2   //!< WAN to a port-forwarded public address (neither resolvable)
    };

    /// Number of kinds
    static constexpr uint32_t kKinds = 3;

    /// \param k kind \return its name ("east_west", "outbound_nat", "inbound_nat")
    static const char* KindName(Kind k);

    /// Per-kind totals
    struct KindSummary
    {
        uint32_t flows{0};          //!< flows opened
        uint32_t completed{0};      //!< completed
        uint32_t broken{0};         //!< broken
        uint32_t sticky{0};         //!< sticky
        uint64_t violations{0};     //!< packets processed without their state
        uint64_t processed{0};      //!< packets processed by an owner
        uint32_t split{0};          //!< flows processed by more than one vPlane
        double detourLinks{0};      //!< mean extra links of the two first packets
        double detourLatencyMs{0};  //!< mean extra latency of the two first packets
        uint32_t detourFlows{0};    //!< flows the detour means are over
        uint32_t firstDelivered{0}; //!< flows whose first SYN and its SYN-ACK got through
    };

    /// A join/leave event and what it did
    struct EventSummary
    {
        double timeS{0};    //!< when
        std::string label;  //!< "join 10.0.0.1", ...
        uint32_t active{0}; //!< flows active then
        uint32_t broken{0}; //!< of those, broken
    };

    /// The run's results
    struct Summary
    {
        KindSummary kinds[kKinds];        //!< per kind
        KindSummary all;                  //!< all kinds
        std::vector<EventSummary> events; //!< per event
    };

    /// \return the TypeId
    static TypeId GetTypeId();

    OwnerMonitor();
    ~OwnerMonitor() override;

    /// \param client a client whose flows are of kind
    void WatchClient(Ptr<FlowClient> client, Kind kind);
    /// \param vplane a vPlane
    void WatchVplane(Ptr<VPlane> vplane);
    /// \param at time \param label event label
    void AddEvent(Time at, const std::string& label);
    /// \return the results at the end of the run
    Summary Finalize() const;

  private:
    /// One flow
    struct Flow
    {
        Kind kind{EAST_WEST};            //!< kind
        Time start;                      //!< opened
        Time rto;                        //!< the client's first SYN timeout
        bool firstSyn{false};            //!< the first SYN transmission was delivered
        bool synAckInTime{false};        //!< a SYN-ACK was delivered before the first timeout
        Time end{Time::Max()};           //!< completed or failed
        bool completed{false};           //!< completed
        bool failed{false};              //!< failed
        std::set<uint32_t> owners;       //!< vPlanes (as integers) that processed it
        uint64_t processed{0};           //!< packets processed
        uint64_t violations{0};          //!< violations
        bool firstSeen[2]{false, false}; //!< first packet of each direction delivered
        double firstLatency[2]{0, 0};    //!< its latency (s)
        uint32_t firstLinks[2]{0, 0};    //!< its links
        double laterLatency[2]{0, 0};    //!< sum over later packets (s)
        uint64_t laterLinks[2]{0, 0};    //!< sum over later packets
        uint32_t later[2]{0, 0};         //!< later packets
    };

    void OnStart(Kind kind, Time rto, uint64_t id, const FlowKey& key, uint32_t requests);
    void OnComplete(uint64_t id, uint32_t responses);
    void OnFail(uint64_t id, FlowClient::FailReason reason);
    void OnProcessed(Ptr<const Packet> p, const VnetFlowKey& key, Ipv4Address vplane);
    void OnViolation(Ptr<const Packet> p, const VnetFlowKey& key, Ipv4Address vplane);
    void OnDelivered(Ptr<const Packet> p,
                     const InnerPacketInfo& info,
                     Time latency,
                     uint32_t links);
    Flow* Find(Ptr<const Packet> p, InnerPacketInfo* info = nullptr);
    bool IsBroken(const Flow& f) const;

    std::map<uint64_t, Flow> m_flows;                   //!< by flow id
    std::vector<std::pair<Time, std::string>> m_events; //!< join/leave events
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_OWNER_MONITOR_H */
