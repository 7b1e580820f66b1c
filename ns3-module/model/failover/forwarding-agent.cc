/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "forwarding-agent.h"

#include "ns3/boolean.h"
#include "ns3/enum.h"
#include "ns3/integer.h"
#include "ns3/ipv4-list-routing.h"
#include "ns3/log.h"
#include "ns3/sfc-ns3-compat.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SfcForwardingAgent");

namespace sfc
{

namespace
{
constexpr uint8_t kUdp = 17; //!< IP protocol of service messages
} // namespace

NS_OBJECT_ENSURE_REGISTERED(ForwardingAgent);

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
                "The agents' HMAC key: messages sent carry a security segment signed "
                "with it when set, and security is then required.",
                StringValue(""),
                MakeEndpointAccessor<StringValue>(&ForwardingAgent::m_endpoint,
                                                  &ServiceMessageEndpoint::SetSecurityKey,
                                                  &ServiceMessageEndpoint::GetSecurityKey),
                MakeStringChecker())
            .AddAttribute("ManagerKey",
                          "The managers' HMAC key, which their messages are verified with "
                          "(empty: SecurityKey, one key shared by both roles).",
                          StringValue(""),
                          MakeEndpointAccessor<StringValue>(&ForwardingAgent::m_endpoint,
                                                            &ServiceMessageEndpoint::SetManagerKey,
                                                            &ServiceMessageEndpoint::GetManagerKey),
                          MakeStringChecker())
            .AddAttribute("SecurityAlgorithm",
                          "HMAC of the security segment, sent and accepted (pinned).",
                          EnumValue(SecuritySegment::HMAC_SHA256),
                          MakeEndpointAccessor<EnumValueOf<SecuritySegment::Algorithm>>(
                              &ForwardingAgent::m_endpoint,
                              &ServiceMessageEndpoint::SetSecurityAlgorithm,
                              &ServiceMessageEndpoint::GetSecurityAlgorithm),
                          MakeEnumChecker(SecuritySegment::HMAC_SHA256,
                                          "HMAC-SHA256",
                                          SecuritySegment::HMAC_MD5,
                                          "HMAC-MD5"))
            .AddAttribute(
                "MaxMessageAge",
                "Oldest signed message accepted: its sequence number (the sender's clock "
                "in ns) against this node's clock.",
                TimeValue(Seconds(1)),
                MakeEndpointAccessor<TimeValue>(&ForwardingAgent::m_endpoint,
                                                &ServiceMessageEndpoint::SetMaxMessageAge,
                                                &ServiceMessageEndpoint::GetMaxMessageAge),
                MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute(
                "RequireSecurity",
                "Ignore messages without a valid security segment (always on with a "
                "SecurityKey: the value read back is what applies).",
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
      m_endpoint(SecuritySegment::AGENT_KEY),
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
ForwardingAgent::GetOversizeDrops() const
{
    return m_endpoint.GetOversizeDrops();
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
    m_endpoint.SetIdentity(m_address);
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
    m_cache.Clear(); // the replay windows and counters persist (the endpoint's NVRAM)
    ReportCache();
}

void
ForwardingAgent::Recover()
{
    NS_LOG_INFO(Simulator::Now().As(Time::S) << " agent " << m_name << " recovers");
    m_failed = false;
    m_endpoint.Restart();
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

} // namespace sfc
} // namespace ns3
