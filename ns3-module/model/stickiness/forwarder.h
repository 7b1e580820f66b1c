/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_FORWARDER_H
#define SFC_FORWARDER_H

#include "flow-table.h"
#include "forwarding-table.h"
#include "load-balancing-policy.h"
#include "membership-update-header.h"

#include "ns3/application.h"
#include "ns3/inner-packet.h"
#include "ns3/ipv4-address.h"
#include "ns3/net-device.h"
#include "ns3/node.h"
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
 * - the overlay: a UDP socket on port 4790 carrying VXLAN-GPE + NSH + the
 *   inner IPv4 packet to and from other forwarder instances;
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
 * the DF sends them: claim 1 of the seed.
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
     */
    void EnableControlPath();
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
    /// Where a packet came from (its previous hop) and which context handles it
    struct Arrival
    {
        /// Kind of previous hop
        enum Kind : uint8_t
        {
            EDGE,     //!< an edge port
            LOCAL_SN, //!< a local service-node instance
            REMOTE    //!< another forwarder, over the overlay
        };

        Kind kind{EDGE};                       //!< kind
        uint8_t context{FlowTableKey::EGRESS}; //!< context that handles the packet here
        uint32_t port{0};                      //!< edge port (EDGE)
        uint32_t instance{0};                  //!< instance that emitted it (LOCAL_SN)
        Ipv4Address sender;                    //!< sending forwarder (REMOTE)
        uint32_t named{0};                     //!< instance named by the sender in the VNI (REMOTE)
        uint8_t nshTtl{0};                     //!< NSH TTL to use when sending on
    };

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

    void HandleOverlay(Ptr<Socket> socket);
    void HandleControl(Ptr<Socket> socket);
    void HandleEdge(uint32_t port,
                    Ptr<NetDevice> device,
                    Ptr<const Packet> packet,
                    uint16_t protocol,
                    const Address& from,
                    const Address& to,
                    NetDevice::PacketType type);
    void HandleFromServiceNode(Ptr<ServiceNode> sn, Ptr<Packet> packet, Direction dir);

    void Process(Ptr<Packet> packet,
                 const InnerPacketInfo& info,
                 Direction dir,
                 uint32_t boundary,
                 const Arrival& from);
    bool NdfRelay(Ptr<Packet> packet,
                  const InnerPacketInfo& info,
                  Direction dir,
                  uint32_t boundary,
                  const Arrival& from);
    bool Decide(const InnerPacketInfo& info,
                Direction dir,
                uint32_t boundary,
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
    static FlowAction PreviousHop(const Arrival& from);
    void Execute(const FlowAction& action,
                 Ptr<Packet> packet,
                 const InnerPacketInfo& info,
                 Direction dir,
                 uint32_t boundary,
                 uint8_t nshTtl);
    void SendOverlay(Ipv4Address locator,
                     uint8_t context,
                     uint32_t instance,
                     Ptr<Packet> packet,
                     Direction dir,
                     uint32_t boundary,
                     uint8_t nshTtl);
    void SendEdge(uint32_t port, Ptr<Packet> packet);
    void Drop(Ptr<const Packet> packet, DropReason reason);

    Ptr<ServiceChain> m_chain;                    //!< the chain
    Ptr<MembershipView> m_view;                   //!< membership used by the policy
    Ptr<LoadBalancingPolicy> m_policy;            //!< load-balancing policy
    Ptr<FlowTable> m_flowTable;                   //!< flow table
    ForwardingTable m_fib;                        //!< forwarding table
    Ipv4Address m_locator;                        //!< overlay address
    uint16_t m_port;                              //!< overlay UDP port
    bool m_df;                                    //!< designated forwarding in use
    Ptr<Socket> m_socket;                         //!< overlay socket
    Ptr<Socket> m_controlSocket;                  //!< control-path socket (if enabled)
    bool m_controlPath;                           //!< own view updated by the controller
    uint16_t m_controlPort;                       //!< control-path UDP port
    std::map<uint32_t, uint32_t> m_lastUpdate;    //!< instance -> last applied sequence
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
