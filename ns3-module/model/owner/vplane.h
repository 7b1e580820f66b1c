/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_VPLANE_H
#define SFC_VPLANE_H

#include "association-service.h"
#include "association-store.h"
#include "owner-cache.h"
#include "owner-control-endpoint.h"
#include "owner-message-header.h"
#include "owner-rule.h"
#include "query-subset.h"
#include "subset-map-header.h"
#include "translation-table.h"
#include "vnet-key.h"

#include "ns3/application.h"
#include "ns3/destination-nat.h"
#include "ns3/event-id.h"
#include "ns3/inner-packet.h"
#include "ns3/net-device.h"
#include "ns3/overlay-port.h"
#include "ns3/sfc-types.h"
#include "ns3/source-nat.h"
#include "ns3/stateful-firewall.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <deque>
#include <map>
#include <vector>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief How vPlanes find the owner of a flow neither end of which resolves.
 */
enum class OwnerMode : uint8_t
{
    NOTIFY = 0,      //!< forward-and-notify: the first packet goes to the subset's helper
    QUERY = 1,       //!< query-response: the source asks the helper, queues, then sends
    CENTRAL = 2,     //!< baseline: query-response with one flow database at the controller
    SOURCE_OWNER = 3 //!< baseline: the vPlane a packet enters owns it (no rule, no helper)
};

/// \param m mode \return its option name ("notify", "query", "central", "source-owner")
const char* OwnerModeName(OwnerMode m);

/**
 * \ingroup sfc
 * \brief A host's software forwarding plane (or the gateway's) that picks
 *        the state analysis owner of every packet and forwards peer to peer
 *        (seed 003; doc/owner.rst).
 *
 * Roles, one file each:
 * - forwarding (vplane-forwarding.cc): edge ports (the host's VMs, or the
 *   gateway's WAN hosts), the NSH/VXLAN-GPE overlay to other vPlanes
 *   (SPI = purpose: 1 to the owner, 2 to the helper, 3 delivery; VNI = VNet),
 *   delivery after the owner has processed a packet;
 * - owner decision and processing (vplane-owner.cc): owner cache, owner
 *   rules, the helper procedure (notify or query, query-mode queue), and as
 *   the owner the stateful functions (firewall, source NAT, destination NAT)
 *   for both directions; a packet its functions find no state for (a packet
 *   of a stateful flow that is not its first) is a stickiness violation;
 * - helper role (vplane-helper.cc): answers QUERY, forwards notify-mode
 *   packets and sends NOTIFY, applies subset maps (TRANSFER or REREGISTER);
 * - control endpoint (vplane-control.cc): message dispatch, registration of
 *   NAT bindings with the helper of the translated key (soft state: REGISTER,
 *   refresh every Lifetime/3, WITHDRAW on expiry), switchable off.
 */
class VPlane : public Application
{
  public:
    /// Host vPlane or gateway vPlane
    enum Role : uint8_t
    {
        HOST = 0,   //!< edge ports are VMs of tenant VNets
        GATEWAY = 1 //!< edge ports are WAN hosts (VNet 0)
    };

    /// Overlay purpose, carried in the NSH service path identifier
    enum Purpose : uint32_t
    {
        TO_OWNER = 1,  //!< the receiver is the packet's owner: process it
        TO_HELPER = 2, //!< notify mode: the receiver is the flow's helper
        DELIVER = 3    //!< processed already: deliver to the local edge
    };

    /// \return the TypeId
    static TypeId GetTypeId();

    VPlane();
    ~VPlane() override;

    /// \param locator underlay address (names this vPlane)
    void SetLocator(Ipv4Address locator);
    /// \return underlay address
    Ipv4Address GetLocator() const;
    /// \param controller controller's address (maps come from it; central DB)
    void SetController(Ipv4Address controller);
    /// \param gateway the gateway vPlane's locator (WAN-bound packets go there)
    void SetGatewayLocator(Ipv4Address gateway);
    /// \param overlay the overlay port to other vPlanes
    void SetOverlay(Ptr<OverlayPort> overlay);
    /// \param role HOST or GATEWAY
    void SetRole(Role role);
    /// \return the role
    Role GetRole() const;
    /// \return the mode
    OwnerMode GetMode() const;

    /// \param vm a VM of this host \param device this node's device towards it
    void AddVm(const VnetEndpoint& vm, Ptr<NetDevice> device);
    /// \param device gateway's device towards WAN hosts \param hosts their addresses
    void AddWanPort(Ptr<NetDevice> device, const std::vector<Ipv4Address>& hosts);
    /**
     * \brief The stateful functions this vPlane runs as an owner (applications
     *        on the same node; their output comes back to this vPlane).
     */
    void SetServices(Ptr<StatefulFirewall> fw, Ptr<SourceNat> snat, Ptr<DestinationNat> dnat);
    /// \param rule a port-forwarding rule (DNAT here, owner selection as a helper)
    void AddPortForward(const PortForwardRule& rule);
    /// \param f the subset function (the same at every vPlane)
    void SetSubsetFunction(const QuerySubsetFunction& f);
    /// \param map initial subset map (configuration, before the run)
    void SetInitialMap(const SubsetMap& map);

    /// \return translation table
    Ptr<TranslationTable> GetTranslationTable() const;
    /// \return owner rule
    Ptr<OwnerRule> GetOwnerRule() const;
    /// \return owner cache
    Ptr<OwnerCache> GetOwnerCache() const;
    /// \return the helper role's association service
    Ptr<AssociationService> GetAssociationService() const;
    /// \return control endpoint
    Ptr<OwnerControlEndpoint> GetControl() const;
    /// \return current subset map
    const SubsetMap& GetMap() const;

    /// \return stateful packets processed here as their owner
    uint64_t GetProcessed() const;
    /// \return stickiness violations: stateful packets processed here without their state
    uint64_t GetViolations() const;
    /// \return helper operations (queries answered, notify packets, registrations)
    uint64_t GetHelperLoad() const;
    /// \return packets dropped while waiting for a query (queue limit)
    uint64_t GetQueueDrops() const;
    /// \return packets dropped because no owner could be found
    uint64_t GetUnresolvedDrops() const;
    /// \return largest number of packets waiting for queries at once
    uint32_t GetPeakQueued() const;
    /// \return REGISTER messages sent as an owner (refreshes included)
    uint64_t GetRegistrations() const;
    /// \return NAT bindings registered and not yet withdrawn
    uint32_t GetNRegistered() const;
    /// \return associations handed to other helpers (TRANSFER)
    uint64_t GetTransferred() const;
    /// \return subset maps applied
    uint64_t GetMapsApplied() const;
    /// \param reason drop reason \return drops for it
    uint64_t GetDrops(DropReason reason) const;

    typedef void (*ProcessedTracedCallback)(Ptr<const Packet> packet,
                                            const VnetFlowKey& key,
                                            Ipv4Address vplane);
    typedef void (*DeliveredTracedCallback)(Ptr<const Packet> packet,
                                            const InnerPacketInfo& info,
                                            Time latency,
                                            uint32_t links);
    typedef void (*DropTracedCallback)(Ptr<const Packet> packet, DropReason reason);
    typedef void (*MapTracedCallback)(const SubsetMap& map);

  protected:
    void DoDispose() override;

  private:
    void StartApplication() override;
    void StopApplication() override;
    /// \param mode Mode attribute as int
    void SetModeValue(int mode);
    /// \return Mode attribute as int
    int GetModeValue() const;
    /// \param policy RebalancePolicy attribute as int
    void SetPolicyValue(int policy);
    /// \return RebalancePolicy attribute as int
    int GetPolicyValue() const;

    // forwarding (vplane-forwarding.cc)
    void HandleEdge(Ptr<NetDevice> device,
                    Ptr<const Packet> packet,
                    uint16_t protocol,
                    const Address& from,
                    const Address& to,
                    NetDevice::PacketType type);
    void HandleOverlay(Ptr<Packet> packet, const OverlayMeta& meta);
    void SendOverlay(Ptr<Packet> packet,
                     Ipv4Address to,
                     Purpose purpose,
                     uint32_t vnet,
                     uint8_t ttl = 8);
    void Deliver(Ptr<Packet> packet, const InnerPacketInfo& info, uint32_t vnet);
    void DeliverLocal(Ptr<Packet> packet, const InnerPacketInfo& info, uint32_t vnet);
    void Drop(Ptr<const Packet> packet, DropReason reason);

    // owner decision and processing (vplane-owner.cc)
    /// Stateful functions a packet goes through at its owner, in order
    struct Pipeline
    {
        std::vector<Ptr<ServiceNode>> stages; //!< functions in order
        uint32_t next{0};                     //!< next stage
        Direction dir{Direction::FORWARD};    //!< direction for the functions
        uint32_t vnetAfter{0};                //!< VNet of the packet once processed
        VnetFlowKey key;                      //!< flow as it arrived
    };

    /// A flow waiting for its query's answer
    struct Waiting
    {
        std::deque<std::pair<Ptr<Packet>, InnerPacketInfo>> packets; //!< queued packets
        uint32_t txid{0};                                            //!< QUERY transaction
        uint32_t tries{0};                                           //!< QUERY transmissions
        EventId timer;                                               //!< retransmission
    };

    void Steer(Ptr<Packet> packet, const InnerPacketInfo& info, uint32_t vnet);
    void SendToOwner(Ptr<Packet> packet,
                     const InnerPacketInfo& info,
                     uint32_t vnet,
                     Ipv4Address owner);
    void Own(Ptr<Packet> packet, const InnerPacketInfo& info, uint32_t vnet);
    bool Classify(const VnetFlowKey& key, const InnerPacketInfo& info, Pipeline& pipe) const;
    void RunStage(Ptr<Packet> packet, const InnerPacketInfo& info);
    void FromService(Ptr<ServiceNode> sn,
                     Ptr<Packet> packet,
                     Direction dir,
                     const InnerPacketInfo& info);
    void ServiceDrop(Ptr<const Packet> packet, Direction dir, DropReason reason);
    void Enqueue(const VnetFlowKey& key, Ptr<Packet> packet, const InnerPacketInfo& info);
    void SendQuery(const VnetFlowKey& key);
    void QueryTimeout(VnetFlowKey key);
    void Resolved(const VnetFlowKey& key, Ipv4Address owner);
    void Unresolved(const VnetFlowKey& key);
    Ipv4Address HelperOf(const VnetFlowKey& key, bool& known) const;

    // helper role (vplane-helper.cc)
    void HelperPacket(Ptr<Packet> packet,
                      const InnerPacketInfo& info,
                      uint32_t vnet,
                      Ipv4Address source,
                      uint8_t ttl);
    void HandleQuery(const OwnerMessageHeader& h, Ipv4Address from);
    bool IsMySubset(const VnetFlowKey& key) const;
    void HandleMap(const SubsetMapHeader& h, Ipv4Address from);
    void ApplyMap(const SubsetMap& map);

    // control (vplane-control.cc)
    void HandleMessage(const OwnerMessageHeader& h, Ipv4Address from);
    void HandleRegistration(const OwnerMessageHeader& h, Ipv4Address from);
    void SnatCreated(const FlowKey& original, const FlowKey& translated);
    void SnatExpired(const FlowKey& original, const FlowKey& translated);
    void DnatCreated(const FlowKey& original, const FlowKey& translated);
    void DnatExpired(const FlowKey& original, const FlowKey& translated);
    void Register(const VnetFlowKey& key);
    void Refresh(VnetFlowKey key);
    void Withdraw(const VnetFlowKey& key);
    Ipv4Address RegistrationTarget(const VnetFlowKey& key, bool& known) const;
    OwnerMessageHeader Message(OwnerMessageHeader::Type type, const VnetFlowKey& key) const;

    /// A binding this vPlane registered as its owner
    struct Binding
    {
        Ipv4Address helper; //!< where it is registered
        uint32_t txid{0};   //!< last REGISTER
        EventId refresh;    //!< next refresh
    };

    // configuration
    Role m_role;                                  //!< host or gateway
    OwnerMode m_mode;                             //!< Mode attribute
    bool m_registration;                          //!< Registration attribute
    Time m_lifetime;                              //!< RegistrationLifetime attribute
    RebalancePolicy m_policy;                     //!< RebalancePolicy attribute
    uint32_t m_queueLimit;                        //!< QueueLimit attribute (per flow)
    Time m_queryTimeout;                          //!< QueryTimeout attribute
    uint32_t m_queryRetries;                      //!< QueryRetries attribute
    bool m_helperProcesses;                       //!< ProcessUnknown attribute
    Ipv4Address m_locator;                        //!< this vPlane
    Ipv4Address m_controller;                     //!< controller
    Ipv4Address m_gateway;                        //!< gateway vPlane
    Ptr<OverlayPort> m_overlay;                   //!< to other vPlanes
    Ptr<TranslationTable> m_table;                //!< (VNet, VM) -> host
    Ptr<OwnerRule> m_rule;                        //!< owner rules
    Ptr<OwnerCache> m_cache;                      //!< owners learned from helpers
    Ptr<AssociationService> m_assoc;              //!< helper role
    Ptr<OwnerControlEndpoint> m_control;          //!< control path
    QuerySubsetFunction m_subsets;                //!< flow -> subset
    SubsetMap m_map;                              //!< subset -> helper
    Ptr<StatefulFirewall> m_fw;                   //!< firewall
    Ptr<SourceNat> m_snat;                        //!< source NAT
    Ptr<DestinationNat> m_dnat;                   //!< destination NAT
    std::map<VnetEndpoint, Ptr<NetDevice>> m_vms; //!< local VMs -> edge device
    std::map<Ipv4Address, uint32_t> m_vmVnet;     //!< local VM address -> VNet
    std::map<Ipv4Address, Ptr<NetDevice>> m_wan;  //!< WAN host -> edge device (gateway)
    std::map<uint32_t, uint32_t> m_deviceVnet;    //!< device ifindex -> VNet of its edge
    bool m_running;                               //!< started

    // state
    std::map<uint64_t, Pipeline> m_inService;  //!< packet uid -> pipeline
    std::map<VnetFlowKey, Waiting> m_waiting;  //!< flows waiting for a query
    std::map<uint32_t, VnetFlowKey> m_queryTx; //!< QUERY transaction -> flow
    std::map<VnetFlowKey, Binding> m_bindings; //!< registered bindings
    std::map<uint32_t, VnetFlowKey> m_regTx;   //!< REGISTER transaction -> binding
    uint32_t m_nQueued;                        //!< packets queued now

    // counters
    uint64_t m_processed;              //!< processed as owner
    uint64_t m_violations;             //!< stickiness violations
    uint64_t m_helperLoad;             //!< helper operations
    uint64_t m_queueDrops;             //!< query queue overflow
    uint64_t m_unresolvedDrops;        //!< no owner found
    uint32_t m_peakQueued;             //!< peak queued packets
    uint64_t m_registrations;          //!< REGISTERs sent as owner
    uint64_t m_transferred;            //!< associations handed over
    uint64_t m_mapsApplied;            //!< maps applied
    uint64_t m_drops[kNumDropReasons]; //!< drops by reason

    TracedCallback<Ptr<const Packet>, const VnetFlowKey&, Ipv4Address> m_processedTrace;
    TracedCallback<Ptr<const Packet>, const VnetFlowKey&, Ipv4Address> m_violationTrace;
    TracedCallback<Ptr<const Packet>, const InnerPacketInfo&, Time, uint32_t> m_deliveredTrace;
    TracedCallback<Ptr<const Packet>, DropReason> m_dropTrace;
    TracedCallback<const SubsetMap&> m_mapTrace;
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_VPLANE_H */
