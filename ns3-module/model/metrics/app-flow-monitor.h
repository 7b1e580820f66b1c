/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_APP_FLOW_MONITOR_H
#define SFC_APP_FLOW_MONITOR_H

#include "ns3/flow-key.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/packet.h"
#include "ns3/sfc-types.h"

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <vector>

namespace ns3
{
namespace sfc
{

class Forwarder;
class ServiceChain;

/**
 * \ingroup sfc
 * \brief Stickiness metrics for any TCP or UDP traffic through a chain, such
 *        as ns-3's own BulkSend, OnOff, PacketSink and UdpEcho applications,
 *        which carry no FlowPayloadHeader.
 *
 * A flow is a 5-tuple first seen arriving from a source at the edge port of a
 * watched forwarder (WatchSourceEdge()). The monitor follows it through the
 * chain by the instances' Rx traces: a packet belongs to a flow if its tuple,
 * or the reverse of it, is the flow's tuple at the source or one a source NAT
 * translated it to (the NAT's NewTranslation trace). Definitions:
 * - sticky flow: for every function, every packet of the flow that reached
 *   an instance of it, in both directions, reached the same instance;
 * - broken flow: an instance dropped one of its packets for lack of state,
 *   or a NAT translated it twice (the far end saw a second 5-tuple), or a
 *   TCP RST was seen at the source (a non-sticky flow through stateless
 *   functions only, e.g. a DPI counter under hash, is not broken);
 * - TCP retransmission: a segment from the source at its edge whose sequence
 *   space (payload, SYN, FIN) had all been sent before;
 * - RSTs: TCP segments with RST seen at the source's edge, sent by the source
 *   or delivered to it.
 */
class AppFlowMonitor : public Object
{
  public:
    /// What happened to one flow
    struct FlowRecord
    {
        FlowKey key;                                //!< tuple at the source
        Time firstSeen;                             //!< first packet from the source
        Time lastSeen;                              //!< last packet at either edge
        std::vector<std::set<uint32_t>> forwardIds; //!< per function (0 unused): instances
        std::vector<std::set<uint32_t>> reverseIds; //!< per function (0 unused): instances
        uint64_t packetsFromSource{0};              //!< packets the source sent
        uint64_t packetsToSource{0};                //!< packets delivered to the source
        uint64_t bytesToSource{0};                  //!< L4 payload bytes delivered to the source
        uint32_t translations{0};                   //!< NAT translations made for the flow
        uint32_t noStateDrops{0};                   //!< packets dropped for lack of state
        uint32_t retransmissions{0};                //!< TCP segments the source sent again
        uint32_t rstFromSource{0};                  //!< RSTs the source sent
        uint32_t rstToSource{0};                    //!< RSTs delivered to the source
        bool haveSeq{false};                        //!< highSeq is set
        uint32_t highSeq{0};                        //!< end of the highest sequence sent

        /// \return true if every function's packets reached one instance
        bool IsSticky() const;
        /// \return true if a no-state drop, a second translation or an RST
        bool IsBroken() const;
    };

    /// \return the object TypeId
    static TypeId GetTypeId();
    AppFlowMonitor();

    /**
     * \brief Follow the chain's instances (Rx, Drop, and NewTranslation of NATs).
     * \param chain the chain
     */
    void WatchChain(Ptr<ServiceChain> chain);
    /**
     * \brief Flows start at this forwarder's edge ports (a server's forwarder
     *        with sources behind it): EdgeRx comes from a source, EdgeTx goes to it.
     * \param forwarder the forwarder
     */
    void WatchSourceEdge(Ptr<Forwarder> forwarder);

    /// \return the flows, in the order their tuples sort
    std::vector<FlowRecord> GetFlows() const;
    /**
     * \return the totals (flows, tcp_flows, udp_flows, sticky_flows,
     *         broken_flows, stickiness_ratio, tcp_retransmissions, rsts, ...)
     *         and one entry per flow ("flows_detail")
     */
    nlohmann::ordered_json Report() const;

  private:
    void DoDispose() override;
    /**
     * \param key a packet's tuple
     * \param dir set to the packet's direction relative to the flow
     * \return its flow, or null
     */
    FlowRecord* Lookup(const FlowKey& key, Direction& dir);
    void OnInstanceRx(uint32_t function, uint32_t instance, Ptr<const Packet> p, Direction dir);
    void OnInstanceDrop(Ptr<const Packet> p, Direction dir, DropReason reason);
    void OnTranslation(const FlowKey& original, const FlowKey& translated);
    void OnEdgeRx(Ptr<const Packet> p, uint32_t port);
    void OnEdgeTx(Ptr<const Packet> p, uint32_t port);

    uint32_t m_nFunctions;                    //!< functions in the chain
    std::map<FlowKey, FlowRecord> m_flows;    //!< by tuple at the source
    std::map<FlowKey, FlowKey> m_translation; //!< forward tuple after a NAT -> tuple at the source
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_APP_FLOW_MONITOR_H */
