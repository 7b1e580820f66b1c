/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "forwarder.h"

#include "ns3/boolean.h"
#include "ns3/inet-socket-address.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/nsh-header.h"
#include "ns3/pointer.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"
#include "ns3/vxlan-gpe-header.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SfcForwarder");

namespace sfc
{

NS_OBJECT_ENSURE_REGISTERED(Forwarder);

namespace
{
/// TTL of the outer IPv4 header of overlay packets (ns-3's default)
constexpr uint8_t kOuterTtl = 64;
/// NSH MD type 2 TLV carrying the receiving forwarder's context: an
/// experimental metadata class (0xFFF6-0xFFFE, RFC 8300 IANA registry)
constexpr uint16_t kContextTlvClass = 0xFFF6;
/// Type of that TLV
constexpr uint8_t kContextTlvType = 0x01;
} // namespace

TypeId
Forwarder::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sfc::Forwarder")
            .SetParent<Application>()
            .SetGroupName("Sfc")
            .AddConstructor<Forwarder>()
            .AddAttribute("OverlayPort",
                          "UDP port of the VXLAN-GPE overlay.",
                          UintegerValue(VxlanGpeHeader::kUdpPort),
                          MakeUintegerAccessor(&Forwarder::m_port),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("DesignatedForwarding",
                          "Use designated / non-designated forwarders (stateful policies "
                          "only): one forwarder per function forwards and balances its traffic.",
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
      m_port(VxlanGpeHeader::kUdpPort),
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
    m_socket = nullptr;
    m_controlSocket = nullptr;
    m_chain = nullptr;
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
Forwarder::EnableControlPath()
{
    NS_ABORT_MSG_IF(!m_chain, "EnableControlPath() needs the chain first");
    m_view = Create<MembershipView>(*m_chain->GetMembership());
    m_controlPath = true;
}

void
Forwarder::SetLocator(Ipv4Address locator)
{
    m_locator = locator;
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
    return m_policy && (m_df || m_policy->UsesDesignatedForwarders()) && m_policy->CachesReverse();
}

bool
Forwarder::IsDesignatedForwarder(uint32_t function) const
{
    return m_chain->GetDesignatedForwarder(function) == m_locator;
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
    NS_ABORT_MSG_IF(!m_chain || !m_policy, "forwarder needs a chain and a policy");
    m_socket = Socket::CreateSocket(GetNode(), UdpSocketFactory::GetTypeId());
    if (m_socket->Bind(InetSocketAddress(m_locator, m_port)) != 0)
    {
        NS_FATAL_ERROR("forwarder cannot bind " << m_locator << ":" << m_port);
    }
    m_socket->SetIpRecvTtl(true);
    m_socket->SetRecvCallback(MakeCallback(&Forwarder::HandleOverlay, this));
    if (m_controlPath)
    {
        m_controlSocket = Socket::CreateSocket(GetNode(), UdpSocketFactory::GetTypeId());
        if (m_controlSocket->Bind(InetSocketAddress(m_locator, m_controlPort)) != 0)
        {
            NS_FATAL_ERROR("forwarder cannot bind " << m_locator << ":" << m_controlPort);
        }
        m_controlSocket->SetRecvCallback(MakeCallback(&Forwarder::HandleControl, this));
    }
    m_running = true;
}

void
Forwarder::StopApplication()
{
    NS_LOG_FUNCTION(this << m_locator);
    m_running = false;
    if (m_socket)
    {
        m_socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
        m_socket->Close();
        m_socket = nullptr;
    }
    if (m_controlSocket)
    {
        m_controlSocket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
        m_controlSocket->Close();
        m_controlSocket = nullptr;
    }
}

void
Forwarder::HandleControl(Ptr<Socket> socket)
{
    Ptr<Packet> packet;
    while ((packet = socket->Recv()))
    {
        MembershipUpdateHeader u;
        packet->PeekHeader(u);
        if (!u.IsValid() || u.GetChain() != m_chain->GetChainId() ||
            m_chain->GetInstance(u.GetInstance()) == nullptr ||
            m_chain->GetInstance(u.GetInstance())->function != u.GetFunction())
        {
            Drop(packet, DropReason::MALFORMED);
            continue;
        }
        // Updates may arrive out of order: keep the newest per instance.
        uint32_t& last = m_lastUpdate[u.GetInstance()];
        if (u.GetSequence() <= last)
        {
            continue;
        }
        last = u.GetSequence();
        bool active = u.GetAction() == MembershipUpdateHeader::ADD;
        m_view->SetActive(u.GetFunction(), u.GetInstance(), active);
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
}

void
Forwarder::HandleOverlay(Ptr<Socket> socket)
{
    Ptr<Packet> packet;
    Address from;
    while ((packet = socket->RecvFrom(from)))
    {
        uint32_t hops = 0;
        SocketIpTtlTag ttlTag;
        if (packet->RemovePacketTag(ttlTag))
        {
            hops = kOuterTtl - ttlTag.GetTtl() + 1;
        }
        VxlanGpeHeader vxlan;
        packet->PeekHeader(vxlan);
        if (!vxlan.IsValid() || vxlan.GetNextProtocol() != VxlanGpeHeader::kNextNsh)
        {
            Drop(packet, DropReason::MALFORMED);
            continue;
        }
        packet->RemoveAtStart(VxlanGpeHeader::kSize);
        NshHeader nsh;
        packet->PeekHeader(nsh);
        if (!nsh.IsValid() || nsh.GetNextProtocol() != NshHeader::kNextIpv4)
        {
            Drop(packet, DropReason::MALFORMED);
            continue;
        }
        packet->RemoveAtStart(nsh.GetSerializedSize());
        Direction dir;
        uint32_t boundary;
        InnerPacketInfo info;
        if (!m_chain->Locate(nsh.GetSpi(), nsh.GetSi(), dir, boundary) ||
            !InnerPacket::Parse(*packet, info))
        {
            Drop(packet, DropReason::MALFORMED);
            continue;
        }
        if (nsh.GetTtl() <= 1)
        {
            Drop(packet, DropReason::TTL_EXPIRED);
            continue;
        }
        uint8_t context = FlowTableKey::EGRESS;
        if (nsh.FindTlv(kContextTlvClass, kContextTlvType, &context, 1) != 1 ||
            context > FlowTableKey::INGRESS)
        {
            Drop(packet, DropReason::MALFORMED);
            continue;
        }
        m_overlayRxTrace(packet, hops);
        m_packets++;
        Arrival arrival;
        arrival.kind = Arrival::REMOTE;
        arrival.context = context;
        arrival.sender = InetSocketAddress::ConvertFrom(from).GetIpv4();
        arrival.named = vxlan.GetVni();
        arrival.nshTtl = nsh.GetTtl() - 1;
        Process(packet, info, dir, boundary, arrival);
    }
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
    m_edgeRxTrace(p, port);
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
    arrival.nshTtl = NshHeader::kDefaultTtl;
    Direction dir = m_edges[port].ingress;
    // A source starts the chain from the egress side of boundary 0; the outside
    // comes back in through the gateway's ingress context of boundary n, where
    // the gateway cached the flow on its way out.
    arrival.context = (dir == Direction::FORWARD) ? FlowTableKey::EGRESS : FlowTableKey::INGRESS;
    uint32_t boundary = (dir == Direction::FORWARD) ? 0 : m_chain->GetNFunctions();
    Process(p, info, dir, boundary, arrival);
}

void
Forwarder::HandleFromServiceNode(Ptr<ServiceNode> sn, Ptr<Packet> packet, Direction dir)
{
    if (!m_running)
    {
        Drop(packet, DropReason::INSTANCE_DOWN);
        return;
    }
    InnerPacketInfo info;
    if (!InnerPacket::Parse(*packet, info))
    {
        Drop(packet, DropReason::MALFORMED);
        return;
    }
    m_packets++;
    uint32_t f = sn->GetFunctionIndex();
    Arrival arrival;
    arrival.kind = Arrival::LOCAL_SN;
    arrival.instance = sn->GetInstanceId();
    arrival.nshTtl = NshHeader::kDefaultTtl;
    // Forward: the egress of function f. Reverse: back in the ingress context of
    // function f, where the forward packet was balanced onto this instance.
    arrival.context = (dir == Direction::FORWARD) ? FlowTableKey::EGRESS : FlowTableKey::INGRESS;
    Process(packet, info, dir, dir == Direction::FORWARD ? f : f - 1, arrival);
}

void
Forwarder::Process(Ptr<Packet> packet,
                   const InnerPacketInfo& info,
                   Direction dir,
                   uint32_t boundary,
                   const Arrival& from)
{
    if (IsDesignatedForwarding() && NdfRelay(packet, info, dir, boundary, from))
    {
        return;
    }
    bool stateful = m_policy->IsStateful();
    FlowTableKey key{info.key, m_chain->GetChainId(), static_cast<uint8_t>(boundary), from.context};
    if (stateful)
    {
        FlowTable::Hit hit = m_flowTable->Lookup(key, packet->GetSize());
        if (hit.action != nullptr && hit.action->kind != FlowAction::NONE)
        {
            m_hits++;
            Execute(*hit.action, packet, info, dir, boundary, from.nshTtl);
            return;
        }
        m_misses++;
    }
    Decision d;
    DropReason why = DropReason::NO_ROUTE;
    if (!Decide(info, dir, boundary, from, d, why))
    {
        Drop(packet, why);
        return;
    }
    if (d.toIngress)
    {
        // Egress of b and ingress of b+1 on the same forwarder: one decision,
        // cached once, in the ingress context, with the original previous hop.
        Arrival in = from;
        in.context = FlowTableKey::INGRESS;
        Process(packet, info, dir, boundary, in);
        return;
    }
    // Only forward packets create state: flows start inside the network. A
    // policy without reverse entries caches the forward decision alone.
    if (stateful && dir == Direction::FORWARD)
    {
        FlowAction prev = m_policy->CachesReverse() ? PreviousHop(from) : FlowAction();
        NS_LOG_LOGIC(m_locator << " b=" << boundary << (key.context ? " ingress" : " egress")
                               << " miss " << info.key << " -> " << d.next << " / reverse -> "
                               << prev);
        if (m_flowTable->Insert(key, d.next, prev) == FlowTable::FULL &&
            m_flowTable->GetOverflowPolicy() == FlowTable::OVERFLOW_DROP)
        {
            Drop(packet, DropReason::TABLE_FULL);
            return;
        }
    }
    Execute(d.next, packet, info, dir, boundary, from.nshTtl);
}

bool
Forwarder::NdfRelay(Ptr<Packet> packet,
                    const InnerPacketInfo& info,
                    Direction dir,
                    uint32_t boundary,
                    const Arrival& from)
{
    // The designated forwarder of a function balances its traffic and keeps
    // the flow's state; the forwarders of the servers hosting the instances
    // it chose relay between the DF and those instances without caching:
    // - a forward packet the DF sent for a named local instance is delivered;
    // - a return packet a local instance emits goes back to the function's DF.
    if (dir == Direction::FORWARD && from.kind == Arrival::REMOTE && from.named != 0)
    {
        Execute(FlowAction::ToServiceNode(from.named), packet, info, dir, boundary, from.nshTtl);
        return true;
    }
    uint32_t f = boundary + 1; // function whose instance emitted a return packet at `boundary`
    if (dir == Direction::REVERSE && from.kind == Arrival::LOCAL_SN && !IsDesignatedForwarder(f) &&
        m_chain->GetDesignatedForwarder(f) != Ipv4Address())
    {
        SendOverlay(m_chain->GetDesignatedForwarder(f),
                    FlowTableKey::INGRESS,
                    0,
                    packet,
                    dir,
                    boundary,
                    from.nshTtl);
        return true;
    }
    return false;
}

bool
Forwarder::Decide(const InnerPacketInfo& info,
                  Direction dir,
                  uint32_t b,
                  const Arrival& from,
                  Decision& d,
                  DropReason& why) const
{
    // The sender already chose the instance: deliver if it is ours.
    if (from.kind == Arrival::REMOTE && from.named != 0)
    {
        if (m_local.count(from.named) == 0)
        {
            why = DropReason::MISDIRECTED;
            return false;
        }
        d.next = FlowAction::ToServiceNode(from.named);
        return true;
    }
    uint32_t n = m_chain->GetNFunctions();
    bool df = IsDesignatedForwarding();
    if (dir == Direction::FORWARD && from.context == FlowTableKey::EGRESS)
    {
        // A non-designated forwarder of function b may only send what leaves b
        // to b's designated forwarder.
        Ipv4Address dfOut = m_chain->GetDesignatedForwarder(b);
        if (df && b >= 1 && dfOut != Ipv4Address() && dfOut != m_locator)
        {
            d.next = FlowAction::ToForwarder(dfOut, FlowTableKey::EGRESS);
            return true;
        }
        if (b == n)
        {
            d.next = FlowAction::RouteLookup();
            return true;
        }
        // Into function b+1: through its designated forwarder, if it is another one.
        Ipv4Address dfIn = m_chain->GetDesignatedForwarder(b + 1);
        if (df && dfIn != Ipv4Address() && dfIn != m_locator)
        {
            d.next = FlowAction::ToForwarder(dfIn, FlowTableKey::INGRESS);
            return true;
        }
        d.toIngress = true;
        return true;
    }
    if (dir == Direction::FORWARD)
    {
        // Ingress of function b+1 (or, at the gateway, of the outside).
        if (b == n)
        {
            d.next = FlowAction::RouteLookup();
            return true;
        }
        return Balance(info, dir, b + 1, d, why);
    }
    // Reverse direction without state: route back to the source once out of
    // the chain, otherwise ask the policy for an instance of function b.
    if (b == 0)
    {
        d.next = FlowAction::RouteLookup();
        return true;
    }
    return Balance(info, dir, b, d, why);
}

bool
Forwarder::Balance(const InnerPacketInfo& info,
                   Direction dir,
                   uint32_t function,
                   Decision& d,
                   DropReason& why) const
{
    uint32_t chosen = m_policy->Select(info.key, dir, function, *m_view);
    if (chosen == 0)
    {
        why = DropReason::NO_ROUTE;
        return false;
    }
    if (m_local.count(chosen) != 0)
    {
        d.next = FlowAction::ToServiceNode(chosen);
    }
    else
    {
        d.next = FlowAction::ToForwarder(m_chain->GetInstance(chosen)->locator,
                                         FlowTableKey::INGRESS,
                                         chosen);
    }
    return true;
}

FlowAction
Forwarder::PreviousHop(const Arrival& from)
{
    switch (from.kind)
    {
    case Arrival::EDGE:
        return FlowAction::ToEdge(from.port);
    case Arrival::LOCAL_SN:
        return FlowAction::ToServiceNode(from.instance);
    case Arrival::REMOTE:
    default:
        // The sender held the flow in its ingress context if it named an
        // instance (it balanced the flow), in its egress context otherwise.
        return FlowAction::ToForwarder(from.sender,
                                       from.named != 0 ? FlowTableKey::INGRESS
                                                       : FlowTableKey::EGRESS);
    }
}

void
Forwarder::Execute(const FlowAction& action,
                   Ptr<Packet> packet,
                   const InnerPacketInfo& info,
                   Direction dir,
                   uint32_t boundary,
                   uint8_t nshTtl)
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
                (dir == Direction::FORWARD) ? FlowTableKey::INGRESS : FlowTableKey::EGRESS;
            SendOverlay(route.locator, context, 0, packet, dir, boundary, nshTtl);
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
            it->second->Receive(packet, dir);
        }
        break;
    }
    case FlowAction::TO_FORWARDER:
        SendOverlay(action.forwarder,
                    action.context,
                    action.instance,
                    packet,
                    dir,
                    boundary,
                    nshTtl);
        break;
    case FlowAction::TO_EDGE:
        SendEdge(action.port, packet);
        break;
    default:
        Drop(packet, DropReason::NO_ROUTE);
    }
}

void
Forwarder::SendOverlay(Ipv4Address locator,
                       uint8_t context,
                       uint32_t instance,
                       Ptr<Packet> packet,
                       Direction dir,
                       uint32_t boundary,
                       uint8_t nshTtl)
{
    if (locator == m_locator || !m_running)
    {
        // A decision never points back at this forwarder; if it does, drop
        // rather than loop.
        Drop(packet, DropReason::NO_ROUTE);
        return;
    }
    m_overlayTxTrace(packet, 0);
    NshHeader nsh;
    nsh.SetSpi(m_chain->GetSpi(dir));
    nsh.SetSi(m_chain->GetServiceIndex(dir, boundary));
    nsh.SetTtl(nshTtl);
    nsh.SetNextProtocol(NshHeader::kNextIpv4);
    nsh.AddTlv(kContextTlvClass, kContextTlvType, &context, 1);
    VxlanGpeHeader vxlan;
    vxlan.SetVni(instance);
    vxlan.SetNextProtocol(VxlanGpeHeader::kNextNsh);
    packet->AddHeader(nsh);
    packet->AddHeader(vxlan);
    m_socket->SendTo(packet, 0, InetSocketAddress(locator, m_port));
}

void
Forwarder::SendEdge(uint32_t port, Ptr<Packet> packet)
{
    if (port >= m_edges.size())
    {
        Drop(packet, DropReason::NO_ROUTE);
        return;
    }
    m_edgeTxTrace(packet, port);
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
