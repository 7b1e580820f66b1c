/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "forwarder.h"

#include "ns3/boolean.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/nsh-header.h"
#include "ns3/nsh-overlay-port.h"
#include "ns3/pointer.h"
#include "ns3/uinteger.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SfcForwarder");

namespace sfc
{

NS_OBJECT_ENSURE_REGISTERED(Forwarder);

TypeId
Forwarder::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sfc::Forwarder")
            .SetParent<Application>()
            .SetGroupName("Sfc")
            .AddConstructor<Forwarder>()
            .AddAttribute("Overlay",
                          "The overlay port: the encapsulation to other forwarder instances "
                          "(default: VXLAN-GPE + NSH, NshOverlayPort).",
                          PointerValue(),
                          MakePointerAccessor(&Forwarder::m_overlay),
                          MakePointerChecker<OverlayPort>())
            .AddAttribute("DesignatedForwarding",
                          "Use designated / non-designated forwarders (policies that cache "
                          "reverse entries only): one forwarder per function forwards and "
                          "balances its traffic.",
                          BooleanValue(false),
                          MakeBooleanAccessor(&Forwarder::m_df),
                          MakeBooleanChecker())
            .AddAttribute("Policy",
                          "The load-balancing policy.",
                          PointerValue(),
                          MakePointerAccessor(&Forwarder::SetPolicy, &Forwarder::GetPolicy),
                          MakePointerChecker<LoadBalancingPolicy>())
            .AddAttribute("ControlPort",
                          "UDP port of the control path (membership updates).",
                          UintegerValue(30790),
                          MakeUintegerAccessor(&Forwarder::m_controlPort),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("FlowTable",
                          "The flow table.",
                          PointerValue(),
                          MakePointerAccessor(&Forwarder::m_flowTable),
                          MakePointerChecker<FlowTable>())
            .AddTraceSource("OverlayRx",
                            "A packet arrived over the overlay (hops = links crossed).",
                            MakeTraceSourceAccessor(&Forwarder::m_overlayRxTrace),
                            "ns3::sfc::Forwarder::OverlayTracedCallback")
            .AddTraceSource("OverlayTx",
                            "A packet was encapsulated and sent over the overlay.",
                            MakeTraceSourceAccessor(&Forwarder::m_overlayTxTrace),
                            "ns3::sfc::Forwarder::OverlayTracedCallback")
            .AddTraceSource("EdgeRx",
                            "A packet arrived on an edge port.",
                            MakeTraceSourceAccessor(&Forwarder::m_edgeRxTrace),
                            "ns3::sfc::Forwarder::EdgeTracedCallback")
            .AddTraceSource("EdgeTx",
                            "A packet left through an edge port.",
                            MakeTraceSourceAccessor(&Forwarder::m_edgeTxTrace),
                            "ns3::sfc::Forwarder::EdgeTracedCallback")
            .AddTraceSource("Drop",
                            "The forwarder dropped a packet.",
                            MakeTraceSourceAccessor(&Forwarder::m_dropTrace),
                            "ns3::sfc::Forwarder::DropTracedCallback")
            .AddTraceSource("MembershipUpdate",
                            "A membership update from the control path was applied.",
                            MakeTraceSourceAccessor(&Forwarder::m_membershipTrace),
                            "ns3::sfc::Forwarder::MembershipTracedCallback");
    return tid;
}

Forwarder::Forwarder()
    : m_flowTable(CreateObject<FlowTable>()),
      m_overlay(CreateObject<NshOverlayPort>()),
      m_df(false),
      m_controlPath(false),
      m_controlPort(30790),
      m_packets(0),
      m_running(false),
      m_hits(0),
      m_misses(0),
      m_drops{}
{
}

Forwarder::~Forwarder() = default;

void
Forwarder::DoDispose()
{
    for (const auto& edge : m_edges)
    {
        GetNode()->UnregisterProtocolHandler(edge.handler);
    }
    m_edges.clear();
    m_local.clear();
    if (m_overlay)
    {
        m_overlay->Dispose();
        m_overlay = nullptr;
    }
    m_chain = nullptr;
    m_dfRules.Configure(nullptr, Ipv4Address());
    m_view = nullptr;
    m_policy = nullptr;
    if (m_flowTable)
    {
        m_flowTable->Dispose();
        m_flowTable = nullptr;
    }
    Application::DoDispose();
}

void
Forwarder::SetChain(Ptr<ServiceChain> chain)
{
    m_chain = chain;
    m_dfRules.Configure(m_chain, m_locator);
    if (m_policy)
    {
        m_policy->SetChain(chain);
    }
    if (!m_view)
    {
        m_view = chain->GetMembership();
    }
}

Ptr<ServiceChain>
Forwarder::GetChain() const
{
    return m_chain;
}

void
Forwarder::SetMembershipView(Ptr<MembershipView> view)
{
    m_view = view;
}

Ptr<MembershipView>
Forwarder::GetMembershipView() const
{
    return m_view;
}

void
Forwarder::EnableControlPath(const std::string& key)
{
    NS_ABORT_MSG_IF(!m_chain, "EnableControlPath() needs the chain first");
    m_view = Create<MembershipView>(*m_chain->GetMembership());
    m_control.SetKey(key);
    m_controlPath = true;
}

void
Forwarder::SetLocator(Ipv4Address locator)
{
    m_locator = locator;
    m_dfRules.Configure(m_chain, m_locator);
}

Ipv4Address
Forwarder::GetLocator() const
{
    return m_locator;
}

void
Forwarder::AttachServiceNode(Ptr<ServiceNode> sn)
{
    NS_ABORT_MSG_IF(sn->GetNode() != GetNode(), "a service node attaches to its own server");
    m_local[sn->GetInstanceId()] = sn;
    sn->SetTransmitCallback(MakeCallback(&Forwarder::HandleFromServiceNode, this));
}

Ptr<ServiceNode>
Forwarder::GetLocalServiceNode(uint32_t instance) const
{
    auto it = m_local.find(instance);
    return it == m_local.end() ? nullptr : it->second;
}

uint32_t
Forwarder::AddEdgePort(Ptr<NetDevice> device, Direction ingress)
{
    NS_ABORT_MSG_IF(device->GetNode() != GetNode(), "edge port must be a device of this node");
    uint32_t port = static_cast<uint32_t>(m_edges.size());
    // One handler per port, bound to the port's index: no search per packet.
    Node::ProtocolHandler handler = MakeCallback(&Forwarder::HandleEdge, this).Bind(port);
    m_edges.push_back(EdgePort{device, ingress, handler});
    GetNode()->RegisterProtocolHandler(handler, Ipv4L3Protocol::PROT_NUMBER, device);
    return port;
}

ForwardingTable&
Forwarder::GetForwardingTable()
{
    return m_fib;
}

Ptr<FlowTable>
Forwarder::GetFlowTable() const
{
    return m_flowTable;
}

Ptr<LoadBalancingPolicy>
Forwarder::GetPolicy() const
{
    return m_policy;
}

void
Forwarder::SetPolicy(Ptr<LoadBalancingPolicy> policy)
{
    m_policy = policy;
    if (m_policy && m_chain)
    {
        m_policy->SetChain(m_chain);
    }
}

bool
Forwarder::IsDesignatedForwarding() const
{
    return m_df && m_policy && m_policy->CachesReverse();
}

bool
Forwarder::IsDesignatedForwarder(uint32_t function) const
{
    return m_dfRules.IsDesignatedForwarder(function);
}

uint64_t
Forwarder::GetDrops(DropReason reason) const
{
    return m_drops[static_cast<uint32_t>(reason)];
}

uint64_t
Forwarder::GetHits() const
{
    return m_hits;
}

uint64_t
Forwarder::GetMisses() const
{
    return m_misses;
}

uint64_t
Forwarder::GetPackets() const
{
    return m_packets;
}

void
Forwarder::StartApplication()
{
    NS_LOG_FUNCTION(this << m_locator);
    NS_ABORT_MSG_IF(!m_chain || !m_policy || !m_overlay,
                    "forwarder needs a chain, a policy and an overlay port");
    m_overlay->SetReceiveCallback(MakeCallback(&Forwarder::HandleOverlay, this));
    m_overlay->SetDropCallback(MakeCallback(&Forwarder::Drop, this));
    m_overlay->Open(GetNode(), m_locator);
    if (m_controlPath)
    {
        m_control.Open(GetNode(),
                       m_locator,
                       m_controlPort,
                       m_chain,
                       m_view,
                       MakeCallback(&Forwarder::MembershipApplied, this),
                       MakeCallback(&Forwarder::Drop, this));
    }
    m_running = true;
}

void
Forwarder::StopApplication()
{
    NS_LOG_FUNCTION(this << m_locator);
    m_running = false;
    if (m_overlay)
    {
        m_overlay->Close();
    }
    m_control.Close();
}

void
Forwarder::MembershipApplied(const MembershipUpdateHeader& u)
{
    if (u.GetAction() == MembershipUpdateHeader::REMOVE)
    {
        // The instance is gone: forget every cached path through it, so the
        // next packet of those flows is decided afresh.
        uint32_t id = u.GetInstance();
        m_flowTable->RemoveIf([id](const FlowTable::Entry& e) {
            return e.forward.instance == id || e.reverse.instance == id;
        });
    }
    NS_LOG_INFO(m_locator << " applies " << u);
    m_membershipTrace(u.GetFunction(), u.GetInstance(), u.GetAction());
}

void
Forwarder::HandleOverlay(Ptr<Packet> packet, const OverlayMeta& meta)
{
    ChainPosition pos;
    InnerPacketInfo info;
    if (!m_chain->Locate(meta.spi, meta.si, pos.dir, pos.boundary) ||
        !InnerPacket::Parse(*packet, info))
    {
        Drop(packet, DropReason::MALFORMED);
        return;
    }
    if (meta.ttl <= 1)
    {
        Drop(packet, DropReason::TTL_EXPIRED);
        return;
    }
    if (meta.context > FlowTableKey::INGRESS)
    {
        Drop(packet, DropReason::MALFORMED);
        return;
    }
    pos.context = meta.context;
    if (!m_overlayRxTrace.IsEmpty()) // no Ptr<const Packet> temporary when nobody listens
    {
        m_overlayRxTrace(packet, meta.hops);
    }
    m_packets++;
    Arrival arrival;
    arrival.kind = Arrival::REMOTE;
    arrival.sender = meta.peer;
    arrival.named = meta.instance;
    arrival.serviceTtl = meta.ttl - 1;
    Process(packet, info, pos, arrival);
}

void
Forwarder::HandleEdge(uint32_t port,
                      Ptr<NetDevice> /* device */,
                      Ptr<const Packet> packet,
                      uint16_t /* protocol */,
                      const Address& /* from */,
                      const Address& /* to */,
                      NetDevice::PacketType /* type */)
{
    if (!m_running)
    {
        return;
    }
    Ptr<Packet> p = packet->Copy();
    if (!m_edgeRxTrace.IsEmpty())
    {
        m_edgeRxTrace(p, port);
    }
    m_packets++;
    InnerPacketInfo info;
    if (!InnerPacket::Parse(*p, info))
    {
        Drop(p, DropReason::MALFORMED);
        return;
    }
    Arrival arrival;
    arrival.kind = Arrival::EDGE;
    arrival.port = port;
    arrival.serviceTtl = NshHeader::kDefaultTtl;
    Process(p,
            info,
            ChainPosition::AtEdge(m_edges[port].ingress, m_chain->GetNFunctions()),
            arrival);
}

void
Forwarder::HandleFromServiceNode(Ptr<ServiceNode> sn,
                                 Ptr<Packet> packet,
                                 Direction dir,
                                 const InnerPacketInfo& info)
{
    if (!m_running)
    {
        Drop(packet, DropReason::INSTANCE_DOWN);
        return;
    }
    m_packets++;
    Arrival arrival;
    arrival.kind = Arrival::LOCAL_SN;
    arrival.instance = sn->GetInstanceId();
    arrival.serviceTtl = NshHeader::kDefaultTtl;
    Process(packet, info, ChainPosition::FromInstance(sn->GetFunctionIndex(), dir), arrival);
}

void
Forwarder::Process(Ptr<Packet> packet,
                   const InnerPacketInfo& info,
                   ChainPosition pos,
                   const Arrival& from)
{
    FlowAction relay;
    if (IsDesignatedForwarding() && m_dfRules.Relay(pos, from, relay))
    {
        Execute(relay, packet, info, pos, from.serviceTtl);
        return;
    }
    bool stateful = m_policy->IsStateful();
    for (;;)
    {
        FlowTableKey key{info.key,
                         m_chain->GetChainId(),
                         static_cast<uint8_t>(pos.boundary),
                         pos.context};
        if (stateful)
        {
            FlowTable::Hit hit = m_flowTable->Lookup(key, packet->GetSize());
            if (hit.action != nullptr && hit.action->kind != FlowAction::NONE)
            {
                m_hits++;
                Execute(*hit.action, packet, info, pos, from.serviceTtl);
                return;
            }
            m_misses++;
        }
        Decision d;
        DropReason why = DropReason::NO_ROUTE;
        if (!Decide(info, pos, from, d, why))
        {
            Drop(packet, why);
            return;
        }
        if (d.toIngress)
        {
            // Egress of b and ingress of b+1 on the same forwarder: one decision,
            // cached once, in the ingress context, with the original previous hop.
            pos.context = FlowTableKey::INGRESS;
            continue;
        }
        // Only forward packets create state: flows start inside the network. A
        // policy without reverse entries caches the forward decision alone.
        if (stateful && pos.dir == Direction::FORWARD)
        {
            FlowAction prev = m_policy->CachesReverse() ? from.ReverseAction() : FlowAction();
            NS_LOG_LOGIC(m_locator << " b=" << pos.boundary
                                   << (key.context ? " ingress" : " egress") << " miss " << info.key
                                   << " -> " << d.next << " / reverse -> " << prev);
            if (m_flowTable->Insert(key, d.next, prev) == FlowTable::FULL &&
                m_flowTable->GetOverflowPolicy() == FlowTable::OVERFLOW_DROP)
            {
                Drop(packet, DropReason::TABLE_FULL);
                return;
            }
        }
        Execute(d.next, packet, info, pos, from.serviceTtl);
        return;
    }
}

void
Forwarder::Execute(const FlowAction& action,
                   Ptr<Packet> packet,
                   const InnerPacketInfo& info,
                   const ChainPosition& pos,
                   uint8_t serviceTtl)
{
    switch (action.kind)
    {
    case FlowAction::ROUTE_LOOKUP: {
        ForwardingTable::Route route;
        if (!m_fib.Lookup(info.key.dst, route))
        {
            Drop(packet, DropReason::NO_ROUTE);
        }
        else if (route.kind == ForwardingTable::Route::EDGE)
        {
            SendEdge(route.port, packet);
        }
        else
        {
            // Out of the chain to the gateway's ingress side, or back to the
            // source's forwarder, where the flow started on the egress side.
            uint8_t context =
                (pos.dir == Direction::FORWARD) ? FlowTableKey::INGRESS : FlowTableKey::EGRESS;
            SendOverlay(FlowAction::ToForwarder(route.locator, context), packet, pos, serviceTtl);
        }
        break;
    }
    case FlowAction::TO_SERVICE_NODE: {
        auto it = m_local.find(action.instance);
        if (it == m_local.end())
        {
            Drop(packet, DropReason::MISDIRECTED);
        }
        else
        {
            it->second->Receive(packet, pos.dir, info);
        }
        break;
    }
    case FlowAction::TO_FORWARDER:
        SendOverlay(action, packet, pos, serviceTtl);
        break;
    case FlowAction::TO_EDGE:
        SendEdge(action.port, packet);
        break;
    default:
        Drop(packet, DropReason::NO_ROUTE);
    }
}

void
Forwarder::SendOverlay(const FlowAction& hop,
                       Ptr<Packet> packet,
                       const ChainPosition& pos,
                       uint8_t serviceTtl)
{
    if (hop.forwarder == m_locator || !m_running)
    {
        // A decision never points back at this forwarder; if it does, drop
        // rather than loop.
        Drop(packet, DropReason::NO_ROUTE);
        return;
    }
    if (!m_overlayTxTrace.IsEmpty())
    {
        m_overlayTxTrace(packet, 0);
    }
    OverlayMeta meta;
    meta.peer = hop.forwarder;
    meta.spi = m_chain->GetSpi(pos.dir);
    meta.si = m_chain->GetServiceIndex(pos.dir, pos.boundary);
    meta.ttl = serviceTtl;
    meta.context = hop.context;
    meta.instance = hop.instance;
    m_overlay->Send(packet, meta);
}

void
Forwarder::SendEdge(uint32_t port, Ptr<Packet> packet)
{
    if (port >= m_edges.size())
    {
        Drop(packet, DropReason::NO_ROUTE);
        return;
    }
    if (!m_edgeTxTrace.IsEmpty())
    {
        m_edgeTxTrace(packet, port);
    }
    Ptr<NetDevice> dev = m_edges[port].device;
    dev->Send(packet, dev->GetBroadcast(), Ipv4L3Protocol::PROT_NUMBER);
}

void
Forwarder::Drop(Ptr<const Packet> packet, DropReason reason)
{
    NS_LOG_LOGIC(m_locator << " drops packet: " << ToString(reason));
    m_drops[static_cast<uint32_t>(reason)]++;
    m_dropTrace(packet, reason);
}

} // namespace sfc
} // namespace ns3
