/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_INSERTION_MONITOR_H
#define SFC_INSERTION_MONITOR_H

#include "ns3/agentless-attachment.h"
#include "ns3/flat-slot-map.h"
#include "ns3/flow-client.h"
#include "ns3/flow-key.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/service-node.h"
#include "ns3/vem-switch.h"

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief Observer of a live service insertion (seed 004, SPEC study 4):
 *        which delivered packets traversed the inserted node, per flow and
 *        direction, from the insertion on; when each flow converged; the
 *        flows the node saw in one direction only; drops for missing state
 *        at the stateful nodes; the flows' outcomes.
 *
 * Fed by trace sources only: the inserted node's AgentlessAttachment "Rx"
 * (a packet reached the node), every VemSwitch's "ToVm" (a packet was
 * delivered to its VM) and "Drop", the service nodes' "Drop", the
 * FlowClients' "FlowStart", "FlowComplete" and "FlowFail". A packet keeps
 * its ns-3 uid through copies, headers and the overlay, so a delivery whose
 * uid reached the inserted node traversed it; any other delivery while the
 * node is on the chain (InsertAt to RemoveAt) is a **bypass**.
 *
 * A flow (by its 5-tuple at the source; the chain has no NAT) **converges**
 * when, in each direction it delivers packets in, a traversed delivery
 * follows its last bypass; a flow without bypass converged at the
 * insertion. Per packet the monitor does O(1) hash lookups.
 */
class InsertionMonitor : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    InsertionMonitor();
    ~InsertionMonitor() override;

    /// One flow, as observed
    struct FlowRecord
    {
        uint64_t id{0};              //!< flow id
        FlowKey key;                 //!< 5-tuple at the source (forward)
        Time start;                  //!< FlowStart
        Time end{Time::Max()};       //!< FlowComplete or FlowFail (Max: still open)
        bool completed{false};       //!< completed
        bool failed{false};          //!< failed
        uint64_t atNode[2]{0, 0};    //!< packets at the inserted node, forward / reverse
        uint64_t delivered[2]{0, 0}; //!< deliveries while the node is on the chain
        uint64_t bypass[2]{0, 0};    //!< of which bypassed it
        Time lastBypass[2]{Time::Min(), Time::Min()};     //!< last bypass per direction
        Time traversedSince[2]{Time::Max(), Time::Max()}; //!< first traversal after it
        Time firstAtNode{Time::Max()};                    //!< first packet at the inserted node
        bool bypassAfterNode{false}; //!< a bypass after the node had seen the flow
        uint64_t noStateDrops{0};    //!< packets dropped by a service node without state
        uint64_t switchDrops{0};     //!< packets dropped by a switch
    };

    /// \param att the inserted node's attachment \param node its function
    void WatchInserted(Ptr<AgentlessAttachment> att, Ptr<ServiceNode> node);
    /// \param node a stateful service node of the chain (its drops)
    void WatchNode(Ptr<ServiceNode> node);
    /// \param sw a switch (deliveries and drops)
    void WatchSwitch(Ptr<VemSwitch> sw);
    /// \param client a traffic source
    void WatchClient(Ptr<FlowClient> client);

    /// \return the flows, in start order
    const std::vector<FlowRecord>& GetFlows() const;
    /**
     * \param f a flow \param[out] at when it converged
     * \return false if it never converged (or never delivered on the chain)
     */
    bool ConvergedAt(const FlowRecord& f, Time& at) const;
    /// \param f a flow \return true if broken: failed, not completed, or a no-state drop
    static bool IsBroken(const FlowRecord& f);
    /// \param t a time \param f a flow \return true if the flow was open at t
    static bool ActiveAt(const FlowRecord& f, Time t);
    /// \return times of the switches' not_hosted drops (a moved node's old place)
    const std::vector<Time>& GetNotHostedDrops() const;
    /// \return the last packet at the inserted node (Time::Min() if none)
    Time GetLastAtNode() const;

  protected:
    void DoDispose() override;

  private:
    /// \param key a tuple \param[out] dir its direction \return the flow, or nullptr
    FlowRecord* Find(const FlowKey& key, uint32_t& dir);
    /// \param p packet at the inserted node \param dir its direction
    void AtNode(Ptr<const Packet> p, Direction dir);
    /// \param p packet dropped by a service node \param dir direction \param r reason
    void NodeDrop(Ptr<const Packet> p, Direction dir, DropReason r);
    /// \param p packet delivered to a VM \param eid the VM
    void Delivered(Ptr<const Packet> p, Ipv4Address eid);
    /// \param p packet dropped by a switch \param r reason
    void SwitchDrop(Ptr<const Packet> p, VemDropReason r);
    /// \param id flow \param key tuple \param requests requests
    void Started(uint64_t id, const FlowKey& key, uint32_t requests);
    /// \param id flow \param responses responses
    void Completed(uint64_t id, uint32_t responses);
    /// \param id flow \param reason why
    void Failed(uint64_t id, FlowClient::FailReason reason);
    /// \return true while the inserted node is on the chain
    bool OnChain() const;

    Time m_insertAt;                                            //!< insertion time
    Time m_removeAt;                                            //!< removal time (Max: never)
    std::vector<FlowRecord> m_flows;                            //!< in start order
    std::unordered_map<FlowKey, uint32_t, FlowKeyHash> m_byKey; //!< forward tuple
    std::unordered_map<uint64_t, uint32_t> m_byId;              //!< flow id
    FlatSlotMap<uint64_t, uint8_t> m_visited; //!< uids at the inserted node, not yet delivered
    std::vector<Time> m_notHosted;            //!< not_hosted drop times
    Time m_lastAtNode;                        //!< last packet at the inserted node
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_INSERTION_MONITOR_H */
