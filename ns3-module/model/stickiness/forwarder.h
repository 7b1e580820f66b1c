/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_FORWARDER_H
#define SFC_FORWARDER_H

#include "chain-position.h"
#include "designated-forwarder.h"
#include "flow-table.h"
#include "forwarding-table.h"
#include "load-balancing-policy.h"
#include "membership-listener.h"
#include "membership-update-header.h"

#include "ns3/application.h"
#include "ns3/inner-packet.h"
#include "ns3/ipv4-address.h"
#include "ns3/net-device.h"
#include "ns3/node.h"
#include "ns3/overlay-port.h"
#include "ns3/service-chain.h"
#include "ns3/service-node.h"
#include "ns3/sfc-types.h"
#include "ns3/socket.h"
#include "ns3/traced-callback.h"

#include <map>
#include <vector>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief One instance of the distributed forwarder: the first-hop switch of
 *        a server (or of the gateway) that steers packets along a service chain.
 *
 * Ports of a forwarder:
 * - the overlay: an OverlayPort (the Overlay attribute; by default
 *   NshOverlayPort, VXLAN-GPE + NSH on UDP 4790) carrying the inner IPv4
 *   packet to and from other forwarder instances;
 * - local service-node instances (VMs on the same server), handed inner
 *   packets directly;
 * - edge ports: NetDevices to endpoints with no overlay (a source VM on the
 *   server; an external host at the gateway), carrying plain IPv4.
 *
 * Every packet is handled at a position of the chain, its boundary (see
 * ServiceChain). With a stateful policy (flow-table) the forwarder follows
 * the seed: it looks the packet up in its FlowTable; on a hit it performs
 * the cached action; on a miss of a forward packet it decides the next hop
 * and caches a forward entry (that next hop) and a reverse entry (the
 * previous hop the packet came from), so that return traffic retraces the
 * path instance by instance, through NAT, with no control plane involved.
 *
 * With DesignatedForwarding, for every function exactly one forwarder
 * instance (its DF) may forward packets leaving that function and balance
 * packets entering it; the other forwarders hosting instances of the
 * function (NDFs) send what their instances emit to the DF and deliver what
 * the DF sends them: claim 1 of the seed, all of it in DesignatedForwarder.
 *
 * The path of a packet through this class: an arrival handler (HandleEdge,
 * HandleOverlay, HandleFromServiceNode) parses the inner packet once and
 * computes its ChainPosition and Arrival (previous hop) once; Process() runs
 * the pipeline: the DF relay, the flow-table lookup, on a miss Decide()
 * (policy via Balance()) and the forward/reverse entry pair, then Execute()
 * sends it to a local instance, an edge port or the overlay.
 *
 * With a stateless policy every packet is decided afresh in both
 * directions and nothing is cached.
 */
class Forwarder : public Application
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    Forwarder();
    ~Forwarder() override;

    /// \param chain the service chain this forwarder serves
    void SetChain(Ptr<ServiceChain> chain);
    /// \return the chain
    Ptr<ServiceChain> GetChain() const;
    /// \param view the membership this forwarder balances over (default: the chain's)
    void SetMembershipView(Ptr<MembershipView> view);
    /// \return the membership view in use
    Ptr<MembershipView> GetMembershipView() const;
    /**
     * \brief Keep a membership view of its own, updated by MembershipUpdateHeader
     *        messages from a ScalingController on UDP ControlPort, instead of
     *        sharing the chain's. Call after SetChain(); the view starts as a copy
     *        of the chain's current membership.
     * \param key the controller's key: updates must be signed with it ("" = unsigned)
     */
    void EnableControlPath(const std::string& key = "");
    /// \param locator this forwarder's overlay address (an address of its node)
    void SetLocator(Ipv4Address locator);
    /// \return the overlay address
    Ipv4Address GetLocator() const;

    /**
     * \brief Attach a service-node instance running on this forwarder's node.
     * \param sn the instance
     */
    void AttachServiceNode(Ptr<ServiceNode> sn);
    /// \param instance id \return the local instance, or nullptr
    Ptr<ServiceNode> GetLocalServiceNode(uint32_t instance) const;

    /**
     * \brief Use a NetDevice of this node as an edge port.
     *
     * The device must not be an IPv4 interface of the node: the forwarder
     * owns it and sees every IPv4 packet that arrives on it.
     *
     * \param device the device
     * \param ingress direction of packets arriving on it: FORWARD for a port to
     *        sources inside the network, REVERSE for a port to the outside
     * \return the port index
     */
    uint32_t AddEdgePort(Ptr<NetDevice> device, Direction ingress);

    /// \return the forwarding table (routes to endpoints and to the gateway)
    ForwardingTable& GetForwardingTable();
    /// \return the flow table
    Ptr<FlowTable> GetFlowTable() const;
    /// \return the load-balancing policy
    Ptr<LoadBalancingPolicy> GetPolicy() const;
    /// \param policy the load-balancing policy
    void SetPolicy(Ptr<LoadBalancingPolicy> policy);
    /// \return true if designated forwarders are in use
    bool IsDesignatedForwarding() const;
    /// \param function 1-based index \return true if this instance is that function's DF
    bool IsDesignatedForwarder(uint32_t function) const;

    /// \param reason drop reason \return packets dropped by this forwarder for it
    uint64_t GetDrops(DropReason reason) const;
    /// \return flow-table hits
    uint64_t GetHits() const;
    /// \return flow-table misses
    uint64_t GetMisses() const;
    /// \return inner packets handled (received on any port)
    uint64_t GetPackets() const;

    /**
     * TracedCallback signature for packets crossing the overlay.
     * \param [in] inner the inner packet
     * \param [in] hops links the outer packet crossed (receive side), or 0 (send side)
     */
    typedef void (*OverlayTracedCallback)(Ptr<const Packet> inner, uint32_t hops);
    /**
     * TracedCallback signature for drops.
     * \param [in] inner the inner packet (may be partial if malformed)
     * \param [in] reason why
     */
    typedef void (*DropTracedCallback)(Ptr<const Packet> inner, DropReason reason);
    /**
     * TracedCallback signature for edge traffic.
     * \param [in] inner the IPv4 packet
     * \param [in] port edge port index
     */
    typedef void (*EdgeTracedCallback)(Ptr<const Packet> inner, uint32_t port);
    /**
     * TracedCallback signature for applied membership updates.
     * \param [in] function 1-based function index
     * \param [in] instance instance id
     * \param [in] action MembershipUpdateHeader::Action
     */
    typedef void (*MembershipTracedCallback)(uint32_t function, uint32_t instance, uint8_t action);

  protected:
    void DoDispose() override;

  private:
    /// Outcome of a decision on a miss
    struct Decision
    {
        FlowAction next;       //!< what to do
        bool toIngress{false}; //!< instead: go on in this forwarder's ingress context
    };

    /// An edge port
    struct EdgePort
    {
        Ptr<NetDevice> device;         //!< the device
        Direction ingress;             //!< direction of arriving packets
        Node::ProtocolHandler handler; //!< the handler registered for it (bound to its index)
    };

    void StartApplication() override;
    void StopApplication() override;

    // ---- arrivals: each parses the inner packet once and computes its position once
    void HandleOverlay(Ptr<Packet> packet, const OverlayMeta& meta);
    void MembershipApplied(const MembershipUpdateHeader& update);
    void HandleEdge(uint32_t port,
                    Ptr<NetDevice> device,
                    Ptr<const Packet> packet,
                    uint16_t protocol,
                    const Address& from,
                    const Address& to,
                    NetDevice::PacketType type);
    void HandleFromServiceNode(Ptr<ServiceNode> sn,
                               Ptr<Packet> packet,
                               Direction dir,
                               const InnerPacketInfo& info);

    // ---- the pipeline: relay (DF) -> lookup -> decide -> cache -> execute
    void Process(Ptr<Packet> packet,
                 const InnerPacketInfo& info,
                 ChainPosition pos,
                 const Arrival& from);
    bool Decide(const InnerPacketInfo& info,
                const ChainPosition& pos,
                const Arrival& from,
                Decision& decision,
                DropReason& why) const;
    /**
     * \brief Ask the policy for an instance of a function; decide to send to it
     *        (directly if local, else through its server's forwarder).
     * \param info the packet \param dir its direction \param function the function
     * \param d the decision to fill \param why the drop reason if none is found
     * \return true if an instance was found
     */
    bool Balance(const InnerPacketInfo& info,
                 Direction dir,
                 uint32_t function,
                 Decision& d,
                 DropReason& why) const;
    void Execute(const FlowAction& action,
                 Ptr<Packet> packet,
                 const InnerPacketInfo& info,
                 const ChainPosition& pos,
                 uint8_t serviceTtl);

    // ---- ports
    void SendOverlay(const FlowAction& hop,
                     Ptr<Packet> packet,
                     const ChainPosition& pos,
                     uint8_t serviceTtl);
    void SendEdge(uint32_t port, Ptr<Packet> packet);
    void Drop(Ptr<const Packet> packet, DropReason reason);

    Ptr<ServiceChain> m_chain;                    //!< the chain
    Ptr<MembershipView> m_view;                   //!< membership used by the policy
    Ptr<LoadBalancingPolicy> m_policy;            //!< load-balancing policy
    Ptr<FlowTable> m_flowTable;                   //!< flow table
    ForwardingTable m_fib;                        //!< forwarding table
    Ipv4Address m_locator;                        //!< overlay address
    Ptr<OverlayPort> m_overlay;                   //!< the overlay port (encapsulation)
    bool m_df;                                    //!< DesignatedForwarding attribute
    DesignatedForwarder m_dfRules;                //!< the DF / NDF rules
    MembershipListener m_control;                 //!< control path (if enabled)
    bool m_controlPath;                           //!< own view updated by the controller
    uint16_t m_controlPort;                       //!< control-path UDP port
    uint64_t m_packets;                           //!< inner packets handled
    bool m_running;                               //!< between start and stop
    std::map<uint32_t, Ptr<ServiceNode>> m_local; //!< local instances by id
    std::vector<EdgePort> m_edges;                //!< edge ports
    uint64_t m_hits;                              //!< flow-table hits
    uint64_t m_misses;                            //!< flow-table misses
    uint64_t m_drops[kNumDropReasons];            //!< drops by reason

    TracedCallback<Ptr<const Packet>, uint32_t> m_overlayRxTrace;  //!< decapsulated
    TracedCallback<Ptr<const Packet>, uint32_t> m_overlayTxTrace;  //!< encapsulated and sent
    TracedCallback<Ptr<const Packet>, uint32_t> m_edgeRxTrace;     //!< arrived on an edge port
    TracedCallback<Ptr<const Packet>, uint32_t> m_edgeTxTrace;     //!< sent on an edge port
    TracedCallback<Ptr<const Packet>, DropReason> m_dropTrace;     //!< dropped
    TracedCallback<uint32_t, uint32_t, uint8_t> m_membershipTrace; //!< update applied
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_FORWARDER_H */
