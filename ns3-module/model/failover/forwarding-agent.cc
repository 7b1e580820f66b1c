/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "forwarding-agent.h"

#include "affinity-codec.h"

#include "ns3/boolean.h"
#include "ns3/enum.h"
#include "ns3/integer.h"
#include "ns3/ipv4-list-routing.h"
#include "ns3/ipv4-route.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/output-stream-wrapper.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/tcp-header.h"
#include "ns3/uinteger.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SfcForwardingAgent");

namespace sfc
{

NS_OBJECT_ENSURE_REGISTERED(AgentRoutingHook);
NS_OBJECT_ENSURE_REGISTERED(ForwardingAgent);

namespace
{
constexpr uint8_t kTcp = 6;
constexpr uint8_t kUdp = 17;

/// \param v why the endpoint refused a message \return the agent's reason
ForwardingAgent::Rejection
ToRejection(ServiceMessageEndpoint::Verdict v)
{
    switch (v)
    {
    case ServiceMessageEndpoint::Verdict::UNAUTHENTICATED:
        return ForwardingAgent::Rejection::UNAUTHENTICATED;
    case ServiceMessageEndpoint::Verdict::BAD_CODE:
        return ForwardingAgent::Rejection::BAD_CODE;
    case ServiceMessageEndpoint::Verdict::REPLAY:
        return ForwardingAgent::Rejection::REPLAY;
    default:
        return ForwardingAgent::Rejection::MALFORMED;
    }
}
} // namespace

// ---- AgentRoutingHook --------------------------------------------------------

TypeId
AgentRoutingHook::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sfc::AgentRoutingHook")
                            .SetParent<Ipv4RoutingProtocol>()
                            .SetGroupName("Sfc")
                            .AddConstructor<AgentRoutingHook>();
    return tid;
}

AgentRoutingHook::AgentRoutingHook() = default;
AgentRoutingHook::~AgentRoutingHook() = default;

void
AgentRoutingHook::SetAgent(Ptr<ForwardingAgent> agent)
{
    m_agent = agent;
}

void
AgentRoutingHook::DoDispose()
{
    m_agent = nullptr;
    m_ipv4 = nullptr;
    Ipv4RoutingProtocol::DoDispose();
}

Ptr<Ipv4Route>
AgentRoutingHook::RouteOutput(Ptr<Packet> /* p */,
                              const Ipv4Header& /* header */,
                              Ptr<NetDevice> /* oif */,
                              Socket::SocketErrno& sockerr)
{
    // The node's own packets are routed by the other protocols.
    sockerr = Socket::ERROR_NOROUTETOHOST;
    return nullptr;
}

bool
AgentRoutingHook::RouteInput(Ptr<const Packet> p,
                             const Ipv4Header& header,
                             Ptr<const NetDevice> /* idev */,
                             UnicastForwardCallback /* ucb */,
                             MulticastForwardCallback /* mcb */,
                             LocalDeliverCallback /* lcb */,
                             ErrorCallback /* ecb */)
{
    return m_agent && m_agent->Intercept(p, header);
}

void
AgentRoutingHook::NotifyInterfaceUp(uint32_t /* interface */)
{
}

void
AgentRoutingHook::NotifyInterfaceDown(uint32_t /* interface */)
{
}

void
AgentRoutingHook::NotifyAddAddress(uint32_t /* interface */, Ipv4InterfaceAddress /* address */)
{
}

void
AgentRoutingHook::NotifyRemoveAddress(uint32_t /* interface */, Ipv4InterfaceAddress /* address */)
{
}

void
AgentRoutingHook::SetIpv4(Ptr<Ipv4> ipv4)
{
    m_ipv4 = ipv4;
}

void
AgentRoutingHook::PrintRoutingTable(Ptr<OutputStreamWrapper> stream, Time::Unit /* unit */) const
{
    *stream->GetStream() << "Forwarding agent hook: transit packets go through the affinity cache"
                         << std::endl;
}

// ---- ForwardingAgent ---------------------------------------------------------

TypeId
ForwardingAgent::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sfc::ForwardingAgent")
            .SetParent<Application>()
            .SetGroupName("Sfc")
            .AddConstructor<ForwardingAgent>()
            .AddAttribute("Port",
                          "UDP port of service messages.",
                          UintegerValue(ServiceMessageHeader::kUdpPort),
                          MakeUintegerAccessor(&ForwardingAgent::m_port),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute(
                "SecurityKey",
                "Shared HMAC key; messages sent carry a security segment when set.",
                StringValue(""),
                MakeEndpointAccessor<StringValue>(&ForwardingAgent::m_endpoint,
                                                  &ServiceMessageEndpoint::SetSecurityKey,
                                                  &ServiceMessageEndpoint::GetSecurityKey),
                MakeStringChecker())
            .AddAttribute(
                "SecurityAlgorithm",
                "HMAC of the security segment.",
                EnumValue(SecuritySegment::HMAC_SHA256),
                MakeEndpointAccessor<EnumValue>(&ForwardingAgent::m_endpoint,
                                                &ServiceMessageEndpoint::SetSecurityAlgorithm,
                                                &ServiceMessageEndpoint::GetSecurityAlgorithm),
                MakeEnumChecker(SecuritySegment::HMAC_SHA256,
                                "HMAC-SHA256",
                                SecuritySegment::HMAC_MD5,
                                "HMAC-MD5"))
            .AddAttribute(
                "RequireSecurity",
                "Ignore affinity updates without a valid security segment.",
                BooleanValue(false),
                MakeEndpointAccessor<BooleanValue>(&ForwardingAgent::m_endpoint,
                                                   &ServiceMessageEndpoint::SetRequireSecurity,
                                                   &ServiceMessageEndpoint::GetRequireSecurity),
                MakeBooleanChecker())
            .AddAttribute("SweepInterval",
                          "How often expired affinities are freed (the seed tolerates 2 s).",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&ForwardingAgent::m_sweepInterval),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("FixedCapacity",
                          "Fixed affinities the cache holds (0 = unlimited).",
                          UintegerValue(0),
                          MakeUintegerAccessor(&ForwardingAgent::m_capacity),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("SupportedActions",
                          "Actions this agent supports (bits: 1 NAT, 2 advertise, "
                          "4 sequence number adjust, 8 interest criteria).",
                          UintegerValue(0xf),
                          MakeUintegerAccessor(&ForwardingAgent::m_supported),
                          MakeUintegerChecker<uint16_t>(0, 0xf))
            .AddAttribute("MaxMessageSize",
                          "Largest interest match carrying its packet; a larger packet "
                          "follows in an IP packet only message.",
                          UintegerValue(1472),
                          MakeUintegerAccessor(&ForwardingAgent::m_maxMessage),
                          MakeUintegerChecker<uint32_t>(64, 65535))
            .AddAttribute("HookPriority",
                          "Priority of the agent's routing hook in Ipv4ListRouting "
                          "(static routing is 0, global routing -10).",
                          IntegerValue(100),
                          MakeIntegerAccessor(&ForwardingAgent::m_hookPriority),
                          MakeIntegerChecker<int16_t>())
            .AddAttribute("Name",
                          "Name in identity segments.",
                          StringValue("agent"),
                          MakeStringAccessor(&ForwardingAgent::m_name),
                          MakeStringChecker())
            .AddTraceSource("MessageTx",
                            "A service message was sent.",
                            MakeTraceSourceAccessor(&ForwardingAgent::m_txTrace),
                            "ns3::sfc::ForwardingAgent::MessageTracedCallback")
            .AddTraceSource("MessageRx",
                            "A service message was accepted.",
                            MakeTraceSourceAccessor(&ForwardingAgent::m_rxTrace),
                            "ns3::sfc::ForwardingAgent::MessageTracedCallback")
            .AddTraceSource("MessageRejected",
                            "A service message was ignored.",
                            MakeTraceSourceAccessor(&ForwardingAgent::m_rejectTrace),
                            "ns3::sfc::ForwardingAgent::RejectTracedCallback")
            .AddTraceSource("CacheSize",
                            "The affinity cache changed size.",
                            MakeTraceSourceAccessor(&ForwardingAgent::m_cacheTrace),
                            "ns3::sfc::ForwardingAgent::CacheTracedCallback")
            .AddTraceSource("Intercept",
                            "A transit packet was handled.",
                            MakeTraceSourceAccessor(&ForwardingAgent::m_interceptTrace),
                            "ns3::sfc::ForwardingAgent::InterceptTracedCallback");
    return tid;
}

ForwardingAgent::ForwardingAgent()
    : m_port(ServiceMessageHeader::kUdpPort),
      m_capacity(0),
      m_supported(0xf),
      m_maxMessage(1472),
      m_hookPriority(100),
      m_running(false),
      m_failed(false),
      m_rejected{},
      m_verdicts{},
      m_denies(0),
      m_discardedFixed(0),
      m_peakFixed(0)
{
    m_endpoint.SetSendCallback(MakeCallback(&decltype(m_txTrace)::operator(), &m_txTrace));
}

ForwardingAgent::~ForwardingAgent() = default;

void
ForwardingAgent::DoDispose()
{
    Simulator::Cancel(m_sweep);
    if (m_hook)
    {
        m_hook->SetAgent(nullptr);
        m_hook = nullptr;
    }
    m_endpoint.Close();
    m_ipv4 = nullptr;
    m_cache.Clear();
    Application::DoDispose();
}

AffinityCache&
ForwardingAgent::GetCache()
{
    return m_cache;
}

uint64_t
ForwardingAgent::GetRejected(Rejection r) const
{
    return m_rejected[static_cast<uint32_t>(r)];
}

uint64_t
ForwardingAgent::GetDenies() const
{
    return m_denies;
}

uint64_t
ForwardingAgent::GetDiscardedFixed() const
{
    return m_discardedFixed;
}

uint64_t
ForwardingAgent::GetVerdicts(Verdict v) const
{
    return m_verdicts[static_cast<uint32_t>(v)];
}

uint32_t
ForwardingAgent::GetPeakFixed() const
{
    return m_peakFixed;
}

const std::map<Ipv4Address, ForwardingAgent::ForwardStats>&
ForwardingAgent::GetForwardStats() const
{
    return m_forwardStats;
}

bool
ForwardingAgent::Supports(uint16_t a) const
{
    switch (a)
    {
    case SegmentType::ACTION_NAT:
        return m_supported & SUPPORT_NAT;
    case SegmentType::ACTION_ADVERTISE:
        return m_supported & SUPPORT_ADVERTISE;
    case SegmentType::ACTION_SEQ_ADJUST:
        return m_supported & SUPPORT_SEQ_ADJUST;
    case SegmentType::ACTION_INTEREST_CRITERIA:
        return m_supported & SUPPORT_INTEREST;
    default:
        return IsKnownSegmentType(a);
    }
}

void
ForwardingAgent::StartApplication()
{
    m_ipv4 = GetNode()->GetObject<Ipv4>();
    NS_ABORT_MSG_IF(!m_ipv4, "ForwardingAgent needs an IPv4 stack");
    if (!m_hook)
    {
        Ptr<Ipv4ListRouting> list = DynamicCast<Ipv4ListRouting>(m_ipv4->GetRoutingProtocol());
        NS_ABORT_MSG_IF(!list,
                        "ForwardingAgent needs Ipv4ListRouting (InternetStackHelper's default)");
        m_hook = CreateObject<AgentRoutingHook>();
        m_hook->SetAgent(this);
        list->AddRoutingProtocol(m_hook, m_hookPriority);
    }
    m_cache.SetCapacity(m_capacity);
    Open();
}

void
ForwardingAgent::StopApplication()
{
    Close();
}

void
ForwardingAgent::Open()
{
    if (m_ipv4 && m_ipv4->GetNInterfaces() > 1)
    {
        m_address = m_ipv4->GetAddress(1, 0).GetLocal();
    }
    m_endpoint.Open(GetNode(), m_port, MakeCallback(&ForwardingAgent::ReceiveMessage, this));
    m_running = true;
    m_sweep = Simulator::Schedule(m_sweepInterval, &ForwardingAgent::Sweep, this);
}

void
ForwardingAgent::Close()
{
    m_running = false;
    Simulator::Cancel(m_sweep);
    m_endpoint.Close();
}

void
ForwardingAgent::Fail()
{
    NS_LOG_INFO(Simulator::Now().As(Time::S) << " agent " << m_name << " fails");
    m_failed = true;
    Close();
    m_cache.Clear();
    m_endpoint.ResetReplayWindows();
    ReportCache();
}

void
ForwardingAgent::Recover()
{
    NS_LOG_INFO(Simulator::Now().As(Time::S) << " agent " << m_name << " recovers");
    m_failed = false;
    Open();
}

bool
ForwardingAgent::IsFailed() const
{
    return m_failed;
}

void
ForwardingAgent::Sweep()
{
    m_cache.Sweep(Simulator::Now());
    ReportCache();
    m_sweep = Simulator::Schedule(m_sweepInterval, &ForwardingAgent::Sweep, this);
}

void
ForwardingAgent::ReportCache()
{
    m_peakFixed = std::max(m_peakFixed, m_cache.GetNFixed());
    m_cacheTrace(m_cache.GetNFixed(), m_cache.GetNWildcards(), m_cache.GetBytes());
}

uint16_t
ForwardingAgent::InterestReasons(const InnerPacketInfo& info, bool firstData, bool fragment)
{
    uint16_t r = InterestBits::ALL;
    if (info.key.protocol == kTcp)
    {
        r |= info.tcpFlags & 0x3f; // FIN, SYN, RST, PSH, ACK, URG in their header positions
    }
    if (info.totalLength > info.PayloadOffset())
    {
        r |= InterestBits::DATA;
        if (firstData)
        {
            r |= InterestBits::FIRST_DATA;
        }
    }
    if (fragment)
    {
        r |= InterestBits::FRAGMENT;
    }
    return r;
}

void
ForwardingAgent::AdjustSequence(Ptr<Packet> p,
                                const InnerPacketInfo& info,
                                const SeqAdjustAction& a)
{
    if (info.key.protocol != kTcp)
    {
        return;
    }
    Ipv4Header ip;
    p->RemoveHeader(ip);
    TcpHeader tcp;
    p->RemoveHeader(tcp);
    uint32_t seq = tcp.GetSequenceNumber().GetValue();
    if (seq >= a.initialSeq)
    {
        tcp.SetSequenceNumber(SequenceNumber32(seq + static_cast<uint32_t>(a.seqDelta)));
    }
    uint32_t ack = tcp.GetAckNumber().GetValue();
    if ((tcp.GetFlags() & TcpHeader::ACK) && ack >= a.initialAck)
    {
        tcp.SetAckNumber(SequenceNumber32(ack + static_cast<uint32_t>(a.ackDelta)));
    }
    if (Node::ChecksumEnabled())
    {
        tcp.InitializeChecksum(ip.GetSource(), ip.GetDestination(), kTcp);
        tcp.EnableChecksums();
        ip.EnableChecksum();
    }
    p->AddHeader(tcp);
    p->AddHeader(ip);
}

bool
ForwardingAgent::Intercept(Ptr<const Packet> p, const Ipv4Header& header)
{
    if (!m_running)
    {
        return false;
    }
    Ipv4Address dst = header.GetDestination();
    if (dst.IsMulticast() || dst.IsBroadcast())
    {
        return false;
    }
    if (header.GetFragmentOffset() != 0)
    {
        return false; // no ports in a non-first fragment: routed normally
    }
    bool fragment = !header.IsLastFragment();
    Ptr<Packet> ip = p->Copy();
    ip->AddHeader(header);
    InnerPacketInfo info;
    if (!InnerPacket::Parse(*ip, info))
    {
        return false;
    }
    if (info.key.protocol == kUdp && (info.key.sport == m_port || info.key.dport == m_port))
    {
        return false; // never steer service messages themselves
    }
    Time now = Simulator::Now();
    Verdict v = Verdict::NOT_MATCHED;
    if (FixedEntry* f = m_cache.LookupFixed(info.key, now))
    {
        v = Apply(*f, f, nullptr, ip, info, fragment);
    }
    else if (const WildcardEntry* w = m_cache.LookupWildcard(info.key, now))
    {
        v = Apply(*w, nullptr, w, ip, info, fragment);
    }
    else
    {
        // A destination advertised for a wildcard is not routed without an affinity.
        for (const WildcardEntry& w : m_cache.GetWildcards())
        {
            if (w.expiry > now && w.actions.advertise &&
                w.actions.advertise->mask.IsMatch(w.actions.advertise->address, dst))
            {
                v = Verdict::DROPPED;
                break;
            }
        }
    }
    m_verdicts[static_cast<uint32_t>(v)]++;
    m_interceptTrace(ip, v);
    return v != Verdict::NOT_MATCHED;
}

ForwardingAgent::Verdict
ForwardingAgent::Apply(const AffinityEntryBase& e,
                       FixedEntry* fixed,
                       const WildcardEntry* wildcard,
                       Ptr<Packet> ip,
                       const InnerPacketInfo& info,
                       bool fragment)
{
    uint16_t reasons = 0;
    if (e.actions.interest && Supports(SegmentType::ACTION_INTEREST_CRITERIA))
    {
        bool firstData = fixed ? !fixed->dataSeen : true;
        reasons = InterestReasons(info, firstData, fragment) & e.actions.interest->mask;
    }
    if (fixed && info.totalLength > info.PayloadOffset())
    {
        fixed->dataSeen = true;
    }
    if (reasons != 0)
    {
        const InterestCriteria& ic = *e.actions.interest;
        // The agent never holds packets: a packet to hold goes to the manager.
        bool withPacket = (reasons & (ic.dataFlag | ic.holdFlag)) != 0;
        bool copyOnly = (reasons & ic.copyFlag) != 0;
        SendInterestMatch(e, fixed, wildcard, reasons, withPacket ? ip : nullptr);
        if (withPacket && !copyOnly)
        {
            return Verdict::TO_MANAGER;
        }
    }
    if (fixed)
    {
        return Execute(e, fixed->affinity.flags, fixed->affinity.forward, ip, info);
    }
    if (!e.actions.nat && !e.actions.seqAdjust)
    {
        return Verdict::NOT_MATCHED; // a wildcard without actions: normal routing
    }
    return Execute(e, 0, Ipv4Address::GetAny(), ip, info) == Verdict::FIXED ? Verdict::WILDCARD
                                                                            : Verdict::DROPPED;
}

ForwardingAgent::Verdict
ForwardingAgent::Execute(const AffinityEntryBase& e,
                         uint8_t flags,
                         Ipv4Address forward,
                         Ptr<Packet> ip,
                         const InnerPacketInfo& info)
{
    InnerPacketInfo cur = info;
    if (e.actions.nat && Supports(SegmentType::ACTION_NAT))
    {
        FlowKey translated = e.actions.nat->Apply(info.key);
        if (translated != info.key)
        {
            InnerPacket::Rewrite(ip, info, translated);
            InnerPacket::Parse(*ip, cur);
        }
    }
    if (e.actions.seqAdjust && Supports(SegmentType::ACTION_SEQ_ADJUST))
    {
        AdjustSequence(ip, cur, *e.actions.seqAdjust);
    }
    if (flags & kAffinityInformation)
    {
        ForwardStats& s = m_forwardStats[forward];
        s.packets++;
        s.bytes += ip->GetSize();
    }
    bool dispatch = (flags & kAffinityDispatch) != 0;
    if (dispatch && forward == Ipv4Address::GetAny())
    {
        return Verdict::DROPPED; // dispatch to 0: drop after statistics (FIG. 6)
    }
    return Forward(ip, dispatch, forward) ? Verdict::FIXED : Verdict::DROPPED;
}

bool
ForwardingAgent::Forward(Ptr<Packet> ip, bool dispatch, Ipv4Address forward)
{
    if (!m_ipv4)
    {
        return false;
    }
    Ipv4Header h;
    ip->RemoveHeader(h);
    if (h.GetTtl() <= 1)
    {
        NS_LOG_LOGIC("TTL expired at the agent");
        return false;
    }
    h.SetTtl(h.GetTtl() - 1);
    Ipv4Header lookup = h;
    if (dispatch)
    {
        lookup.SetDestination(forward);
    }
    Socket::SocketErrno err;
    Ptr<Ipv4Route> route = m_ipv4->GetRoutingProtocol()->RouteOutput(ip, lookup, nullptr, err);
    if (!route)
    {
        NS_LOG_LOGIC("no route to " << lookup.GetDestination());
        return false;
    }
    if (dispatch)
    {
        // Dispatch: the destination stays, the next hop is the forward address
        // (reached at layer 2 when it is on-link, else through its gateway).
        Ptr<Ipv4Route> d = Create<Ipv4Route>();
        d->SetDestination(h.GetDestination());
        d->SetSource(h.GetSource());
        d->SetGateway(route->GetGateway() == Ipv4Address::GetAny() ? forward : route->GetGateway());
        d->SetOutputDevice(route->GetOutputDevice());
        route = d;
    }
    m_ipv4->SendWithHeader(ip, h, route);
    return true;
}

void
ForwardingAgent::SendInterestMatch(const AffinityEntryBase& e,
                                   FixedEntry* fixed,
                                   const WildcardEntry* wildcard,
                                   uint16_t reasons,
                                   Ptr<const Packet> ip)
{
    ServiceMessage m(fixed ? ServiceMessageType::INTEREST_MATCH_FIXED
                           : ServiceMessageType::INTEREST_MATCH_WILDCARD);
    auto id = std::make_shared<AffinityIdentifierSegment>();
    if (fixed)
    {
        id->flags = fixed->affinity.flags;
        id->protocol = fixed->affinity.key.protocol;
        id->source = fixed->affinity.key.src;
        id->destination = fixed->affinity.key.dst;
        id->sourcePort = fixed->affinity.key.sport;
        id->destinationPort = fixed->affinity.key.dport;
    }
    else
    {
        id->flags = wildcard->affinity.flags;
        id->protocol = wildcard->affinity.protocol;
        id->source = wildcard->affinity.source;
        id->destination = wildcard->affinity.destination;
        id->sourcePort = wildcard->affinity.sourcePort;
        id->destinationPort = wildcard->affinity.destinationPort;
    }
    id->reasons = reasons;
    m.Add(id);
    if (!e.smInterestData.empty())
    {
        auto s = std::make_shared<OpaqueSegment>(SegmentType::SM_INTEREST_DATA, false);
        s->data = e.smInterestData;
        m.Add(s);
    }
    const InterestCriteria& ic = *e.actions.interest;
    Ipv4Address to = ic.address != Ipv4Address::GetAny() ? ic.address : e.sender;
    uint16_t port = ic.port != 0 ? ic.port : m_port;
    if (ip)
    {
        auto seg = std::make_shared<IpPacketSegment>(ip);
        if (m.GetSerializedSize() + seg->GetSerializedSize() + m_endpoint.GetSecurityOverhead() >
            m_maxMessage)
        {
            // The packet does not fit: it follows in an IP packet only message.
            m_endpoint.Send(m, to, port);
            ServiceMessage only(ServiceMessageType::IP_PACKET_ONLY);
            only.Add(seg);
            m_endpoint.Send(only, to, port);
            return;
        }
        m.Add(seg);
    }
    m_endpoint.Send(m, to, port);
}

void
ForwardingAgent::Reject(Ptr<const Packet> payload, Rejection r)
{
    NS_LOG_LOGIC(m_name << " ignores a service message, reason " << unsigned(r));
    m_rejected[static_cast<uint32_t>(r)]++;
    m_rejectTrace(payload, r);
}

void
ForwardingAgent::ReceiveMessage(Ptr<const Packet> payload, Ipv4Address from, uint16_t port)
{
    if (m_failed)
    {
        return;
    }
    ServiceMessage msg;
    ServiceMessageEndpoint::Verdict verdict = m_endpoint.Accept(payload, from, msg);
    if (verdict != ServiceMessageEndpoint::Verdict::ACCEPTED)
    {
        Reject(payload, ToRejection(verdict));
        return;
    }
    ServiceMessageType type = msg.GetType();
    switch (type)
    {
    case ServiceMessageType::AFFINITY_UPDATE_WILDCARD:
        m_rxTrace(payload, static_cast<uint8_t>(type), from);
        HandleWildcardUpdate(msg, from, port);
        break;
    case ServiceMessageType::AFFINITY_UPDATE_FIXED:
        m_rxTrace(payload, static_cast<uint8_t>(type), from);
        HandleFixedUpdate(msg, from, port);
        break;
    case ServiceMessageType::IP_PACKET_ONLY:
        m_rxTrace(payload, static_cast<uint8_t>(type), from);
        HandleIpPacketOnly(msg);
        break;
    default:
        Reject(payload, Rejection::UNEXPECTED);
    }
}

bool
ForwardingAgent::Unsupported(const ServiceMessage& msg, std::vector<uint16_t>& types) const
{
    for (const auto& s : msg.GetSegments())
    {
        uint16_t t = s->GetSegmentType();
        if (t == SegmentType::ACTION_LIST)
        {
            for (uint16_t a : std::static_pointer_cast<ActionListSegment>(s)->actions)
            {
                if (!Supports(a & SegmentType::MAX))
                {
                    types.push_back(a & SegmentType::MAX);
                }
            }
        }
        else if (s->IsRequired() && !Supports(t))
        {
            types.push_back(t);
        }
    }
    std::sort(types.begin(), types.end());
    types.erase(std::unique(types.begin(), types.end()), types.end());
    return !types.empty();
}

void
ForwardingAgent::SendDeny(const ServiceMessage& msg,
                          const std::vector<uint16_t>& types,
                          Ipv4Address to,
                          uint16_t port)
{
    ServiceMessage d(ServiceMessageType::AFFINITY_UPDATE_DENY);
    auto list = std::make_shared<ActionListSegment>();
    list->actions = types;
    d.Add(list);
    if (auto w = msg.Find<WildcardAffinitySegment>())
    {
        auto copy = std::make_shared<WildcardAffinitySegment>(*w);
        copy->SetRequired(false);
        d.Add(copy);
    }
    else if (auto f = msg.Find<FixedAffinitySegment>())
    {
        auto copy = std::make_shared<FixedAffinitySegment>(*f);
        copy->SetRequired(false);
        d.Add(copy);
    }
    d.Add(std::make_shared<IdentityInfoSegment>(m_address, m_name));
    m_denies++;
    NS_LOG_INFO(m_name << " denies an update from " << to << " (" << types.size()
                       << " unsupported segment types)");
    m_endpoint.Send(d, to, port);
}

void
ForwardingAgent::HandleWildcardUpdate(const ServiceMessage& msg, Ipv4Address from, uint16_t port)
{
    std::vector<uint16_t> bad;
    if (Unsupported(msg, bad))
    {
        SendDeny(msg, bad, from, port);
        return;
    }
    WildcardEntry e = AffinityCodec::ReadWildcardEntry(msg, from);
    m_cache.UpdateWildcard(e, Simulator::Now());
    ReportCache();
}

void
ForwardingAgent::HandleFixedUpdate(const ServiceMessage& msg, Ipv4Address from, uint16_t port)
{
    std::vector<uint16_t> bad;
    if (Unsupported(msg, bad))
    {
        SendDeny(msg, bad, from, port);
        return;
    }
    FixedEntry e = AffinityCodec::ReadFixedEntry(msg, from);
    Time now = Simulator::Now();
    AffinityCache::Update u = m_cache.UpdateFixed(e, now);
    if (u == AffinityCache::Update::NO_SUPPORTING_WILDCARD)
    {
        // Seed 002: a fixed affinity without a supporting wildcard is ignored
        // and discarded (and so is the packet it came with).
        m_discardedFixed++;
        NS_LOG_LOGIC(m_name << " discards a fixed affinity for " << e.affinity.key
                            << ": no supporting wildcard");
        return;
    }
    ReportCache();
    auto seg = msg.Find<IpPacketSegment>();
    if (!seg)
    {
        return;
    }
    Ptr<Packet> ip = seg->GetPacket();
    InnerPacketInfo info;
    if (!InnerPacket::Parse(*ip, info))
    {
        Reject(ip, Rejection::BAD_PACKET);
        return;
    }
    if (info.totalLength > info.PayloadOffset())
    {
        if (FixedEntry* cached = m_cache.FindFixed(e.affinity.key, e.precedence, now))
        {
            cached->dataSeen = true;
        }
    }
    // The returned packet has been to the manager: apply the actions, no interest check.
    Verdict v = Execute(e, e.affinity.flags, e.affinity.forward, ip, info);
    m_verdicts[static_cast<uint32_t>(v)]++;
    m_interceptTrace(ip, v);
}

void
ForwardingAgent::HandleIpPacketOnly(const ServiceMessage& msg)
{
    Ptr<Packet> ip = msg.Find<IpPacketSegment>()->GetPacket();
    InnerPacketInfo info;
    if (!InnerPacket::Parse(*ip, info))
    {
        Reject(ip, Rejection::BAD_PACKET);
        return;
    }
    // Already seen by the manager: routed on its destination, no affinity lookup.
    bool ok = Forward(ip, false, Ipv4Address::GetAny());
    Verdict v = ok ? Verdict::NOT_MATCHED : Verdict::DROPPED;
    m_verdicts[static_cast<uint32_t>(v)]++;
}

} // namespace sfc
} // namespace ns3
