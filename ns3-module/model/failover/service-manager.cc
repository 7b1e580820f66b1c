/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "service-manager.h"

#include "affinity-codec.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/tcp-header.h"
#include "ns3/uinteger.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SfcServiceManager");

namespace sfc
{

NS_OBJECT_ENSURE_REGISTERED(ServiceManager);

namespace
{
/// Interest mask of the wildcards: every packet, reporting its TCP flags and data
constexpr uint16_t kWildcardInterest = InterestBits::ALL | InterestBits::FIN | InterestBits::SYN |
                                       InterestBits::RST | InterestBits::PSH | InterestBits::ACK |
                                       InterestBits::URG | InterestBits::DATA;
constexpr uint16_t kClosing = InterestBits::FIN | InterestBits::RST;
} // namespace

TypeId
ServiceManager::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sfc::ServiceManager")
            .SetParent<Application>()
            .SetGroupName("Sfc")
            .AddConstructor<ServiceManager>()
            .AddAttribute("Role",
                          "Configured role: the primary starts active, a backup standby.",
                          EnumValue(static_cast<int>(Role::PRIMARY)),
                          MakeEnumAccessor(&ServiceManager::m_role),
                          MakeEnumChecker(static_cast<int>(Role::PRIMARY),
                                          "primary",
                                          static_cast<int>(Role::BACKUP),
                                          "backup"))
            .AddAttribute("Port",
                          "UDP port of service messages.",
                          UintegerValue(ServiceMessageHeader::kUdpPort),
                          MakeUintegerAccessor(&ServiceManager::m_port),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("Vip",
                          "Virtual IP address of the service.",
                          Ipv4AddressValue("10.3.0.100"),
                          MakeIpv4AddressAccessor(&ServiceManager::m_vip),
                          MakeIpv4AddressChecker())
            .AddAttribute("ServicePort",
                          "Port of the service behind the virtual IP.",
                          UintegerValue(80),
                          MakeUintegerAccessor(&ServiceManager::m_servicePort),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("Protocol",
                          "IP protocol of the service.",
                          UintegerValue(6),
                          MakeUintegerAccessor(&ServiceManager::m_protocol),
                          MakeUintegerChecker<uint8_t>(1))
            .AddAttribute("ClientNetwork",
                          "Client domain served by this manager (with ClientMask).",
                          Ipv4AddressValue("10.1.0.0"),
                          MakeIpv4AddressAccessor(&ServiceManager::m_clientNetwork),
                          MakeIpv4AddressChecker())
            .AddAttribute("ClientMask",
                          "Netmask of the client domain (any bits: 255.255.1.0 selects odd or "
                          "even subnets).",
                          Ipv4MaskValue("255.255.0.0"),
                          MakeIpv4MaskAccessor(&ServiceManager::m_clientMask),
                          MakeIpv4MaskChecker())
            .AddAttribute("HostNetwork",
                          "Network of the real hosts (return-direction wildcard).",
                          Ipv4AddressValue("10.2.0.128"),
                          MakeIpv4AddressAccessor(&ServiceManager::m_hostNetwork),
                          MakeIpv4AddressChecker())
            .AddAttribute("HostMask",
                          "Netmask of the real hosts.",
                          Ipv4MaskValue("255.255.255.128"),
                          MakeIpv4MaskAccessor(&ServiceManager::m_hostMask),
                          MakeIpv4MaskChecker())
            .AddAttribute("ServicePrecedence",
                          "Service precedence of this manager's affinities.",
                          UintegerValue(0),
                          MakeUintegerAccessor(&ServiceManager::m_servicePrecedence),
                          MakeUintegerChecker<uint16_t>())
            .AddAttribute("BackupPrecedence",
                          "Backup precedence (lower is preferred by agents).",
                          UintegerValue(1),
                          MakeUintegerAccessor(&ServiceManager::m_backupPrecedence),
                          MakeUintegerChecker<uint16_t>())
            .AddAttribute("WildcardTtl",
                          "Time to live of wildcard affinities.",
                          TimeValue(Seconds(10)),
                          MakeTimeAccessor(&ServiceManager::m_wildcardTtl),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("WildcardRefresh",
                          "How often wildcards are refreshed (below WildcardTtl).",
                          TimeValue(Seconds(3)),
                          MakeTimeAccessor(&ServiceManager::m_wildcardRefresh),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("AffinityTtl",
                          "Time to live of the fixed affinities sent to agents.",
                          TimeValue(Seconds(2)),
                          MakeTimeAccessor(&ServiceManager::m_affinityTtl),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("ExpiryTolerance",
                          "How much longer than their time to live the manager keeps "
                          "affinities (the seed's agents delete within 2 s).",
                          TimeValue(Seconds(2)),
                          MakeTimeAccessor(&ServiceManager::m_tolerance),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("StickyTime",
                          "How long an affinity is kept after a FIN or RST (sticky timer).",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&ServiceManager::m_sticky),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("ReplicationSlack",
                          "How much longer a backup keeps a replicated affinity than the primary.",
                          TimeValue(MilliSeconds(500)),
                          MakeTimeAccessor(&ServiceManager::m_slack),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("HeartbeatInterval",
                          "Heartbeat period of the active manager.",
                          TimeValue(MilliSeconds(500)),
                          MakeTimeAccessor(&ServiceManager::m_heartbeat),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("HeartbeatMissCount",
                          "Heartbeats a backup misses before it takes over.",
                          UintegerValue(3),
                          MakeUintegerAccessor(&ServiceManager::m_missCount),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("Replication",
                          "Send replication packets to the peers when active.",
                          BooleanValue(true),
                          MakeBooleanAccessor(&ServiceManager::m_replication),
                          MakeBooleanChecker())
            .AddAttribute("CancelOnTakeover",
                          "On takeover, delete the failed manager's wildcards on the agents "
                          "(time to live 0; agents discard the fixed affinities they supported).",
                          BooleanValue(true),
                          MakeBooleanAccessor(&ServiceManager::m_cancel),
                          MakeBooleanChecker())
            .AddAttribute("CancelFixedOnTakeover",
                          "On takeover, also delete each replicated fixed affinity of the "
                          "failed manager on every agent.",
                          BooleanValue(false),
                          MakeBooleanAccessor(&ServiceManager::m_cancelFixed),
                          MakeBooleanChecker())
            .AddAttribute("Policy",
                          "How hosts are chosen for new flows.",
                          PointerValue(),
                          MakePointerAccessor(&ServiceManager::m_policy),
                          MakePointerChecker<HostSelectionPolicy>())
            .AddAttribute(
                "SecurityKey",
                "Shared HMAC key; messages sent carry a security segment when set.",
                StringValue(""),
                MakeEndpointAccessor<StringValue>(&ServiceManager::m_endpoint,
                                                  &ServiceMessageEndpoint::SetSecurityKey,
                                                  &ServiceMessageEndpoint::GetSecurityKey),
                MakeStringChecker())
            .AddAttribute(
                "SecurityAlgorithm",
                "HMAC of the security segment.",
                EnumValue(SecuritySegment::HMAC_SHA256),
                MakeEndpointAccessor<EnumValue>(&ServiceManager::m_endpoint,
                                                &ServiceMessageEndpoint::SetSecurityAlgorithm,
                                                &ServiceMessageEndpoint::GetSecurityAlgorithm),
                MakeEnumChecker(SecuritySegment::HMAC_SHA256,
                                "HMAC-SHA256",
                                SecuritySegment::HMAC_MD5,
                                "HMAC-MD5"))
            .AddAttribute(
                "RequireSecurity",
                "Ignore messages without a valid security segment.",
                BooleanValue(false),
                MakeEndpointAccessor<BooleanValue>(&ServiceManager::m_endpoint,
                                                   &ServiceMessageEndpoint::SetRequireSecurity,
                                                   &ServiceMessageEndpoint::GetRequireSecurity),
                MakeBooleanChecker())
            .AddAttribute("ReplicationLossProbability",
                          "Probability that a replication packet reaching this manager is lost.",
                          DoubleValue(0),
                          MakeDoubleAccessor(&ServiceManager::m_replicationLoss),
                          MakeDoubleChecker<double>(0, 1))
            .AddAttribute("WildcardGroup",
                          "Multicast group wildcards are sent to (0.0.0.0: unicast to each agent).",
                          Ipv4AddressValue("0.0.0.0"),
                          MakeIpv4AddressAccessor(&ServiceManager::m_group),
                          MakeIpv4AddressChecker())
            .AddAttribute("FixedInterestMask",
                          "Interest criteria of fixed affinities (InterestBits; default FIN|RST).",
                          UintegerValue(kClosing),
                          MakeUintegerAccessor(&ServiceManager::m_fixedInterest),
                          MakeUintegerChecker<uint16_t>())
            .AddAttribute("Dispatch",
                          "Dispatch packets to the hosts (which own the VIP) instead of NAT.",
                          BooleanValue(false),
                          MakeBooleanAccessor(&ServiceManager::m_dispatch),
                          MakeBooleanChecker())
            .AddAttribute("SweepInterval",
                          "How often expired affinities are removed.",
                          TimeValue(MilliSeconds(100)),
                          MakeTimeAccessor(&ServiceManager::m_sweepInterval),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("Name",
                          "Name in identity segments.",
                          StringValue("manager"),
                          MakeStringAccessor(&ServiceManager::m_name),
                          MakeStringChecker())
            .AddTraceSource("MessageTx",
                            "A service message was sent.",
                            MakeTraceSourceAccessor(&ServiceManager::m_txTrace),
                            "ns3::sfc::ServiceManager::MessageTracedCallback")
            .AddTraceSource("MessageRx",
                            "A service message was accepted.",
                            MakeTraceSourceAccessor(&ServiceManager::m_rxTrace),
                            "ns3::sfc::ServiceManager::MessageTracedCallback")
            .AddTraceSource("Decision",
                            "A fixed affinity was sent for a flow direction.",
                            MakeTraceSourceAccessor(&ServiceManager::m_decisionTrace),
                            "ns3::sfc::ServiceManager::DecisionTracedCallback")
            .AddTraceSource("StateChange",
                            "The manager changed state.",
                            MakeTraceSourceAccessor(&ServiceManager::m_stateTrace),
                            "ns3::sfc::ServiceManager::StateTracedCallback")
            .AddTraceSource("StoreSize",
                            "The number of stored fixed affinities changed.",
                            MakeTraceSourceAccessor(&ServiceManager::m_storeTrace),
                            "ns3::sfc::ServiceManager::StoreTracedCallback")
            .AddTraceSource("AffinityExpired",
                            "A stored fixed affinity expired.",
                            MakeTraceSourceAccessor(&ServiceManager::m_expiryTrace),
                            "ns3::sfc::ServiceManager::ExpiryTracedCallback");
    return tid;
}

ServiceManager::ServiceManager()
    : m_role(Role::PRIMARY),
      m_port(ServiceMessageHeader::kUdpPort),
      m_servicePort(80),
      m_protocol(6),
      m_servicePrecedence(0),
      m_backupPrecedence(1),
      m_missCount(3),
      m_replication(true),
      m_cancel(true),
      m_cancelFixed(false),
      m_policy(CreateObject<LeastConnectionsHostPolicy>()),
      m_replicationLoss(0),
      m_fixedInterest(kClosing),
      m_dispatch(false),
      m_monitored(Ipv4Address::GetAny()),
      m_state(State::STANDBY),
      m_started(false),
      m_effectiveBackup(1),
      m_store(AffinityCache::SupportRule::ANY),
      m_heartbeatSeq(0),
      m_lossRng(CreateObject<UniformRandomVariable>()),
      m_takeoverTime(Seconds(-1)),
      m_decisions{},
      m_replicationsStored(0),
      m_replicationsLost(0),
      m_denies(0),
      m_rejected(0),
      m_deletions(0),
      m_peakStored(0)
{
    m_endpoint.SetSendCallback(MakeCallback(&decltype(m_txTrace)::operator(), &m_txTrace));
}

ServiceManager::~ServiceManager() = default;

void
ServiceManager::DoDispose()
{
    Close();
    m_policy = nullptr;
    m_lossRng = nullptr;
    m_store.Clear();
    Application::DoDispose();
}

void
ServiceManager::SetHosts(const std::vector<Ipv4Address>& hosts)
{
    m_hosts = hosts;
    m_hostIndex.clear();
    for (uint32_t i = 0; i < hosts.size(); ++i)
    {
        m_hostIndex[hosts[i]] = i;
    }
    m_load.assign(hosts.size(), 0);
}

const std::vector<Ipv4Address>&
ServiceManager::GetHosts() const
{
    return m_hosts;
}

void
ServiceManager::SetAgents(const std::vector<Ipv4Address>& agents)
{
    m_agents = agents;
}

void
ServiceManager::SetPeers(const std::vector<Ipv4Address>& peers)
{
    m_peers = peers;
}

void
ServiceManager::SetMonitoredManager(Ipv4Address primary)
{
    m_monitored = primary;
}

ServiceManager::Role
ServiceManager::GetRole() const
{
    return m_role;
}

ServiceManager::State
ServiceManager::GetState() const
{
    return m_state;
}

Ipv4Address
ServiceManager::GetAddress() const
{
    return m_address;
}

AffinityCache&
ServiceManager::GetStore()
{
    return m_store;
}

uint32_t
ServiceManager::GetNStored() const
{
    return m_store.GetNFixed();
}

uint32_t
ServiceManager::GetPeakStored() const
{
    return m_peakStored;
}

uint64_t
ServiceManager::GetDecisions(DecisionKind k) const
{
    return m_decisions[static_cast<uint32_t>(k)];
}

uint64_t
ServiceManager::GetReplicationsStored() const
{
    return m_replicationsStored;
}

uint64_t
ServiceManager::GetReplicationsLost() const
{
    return m_replicationsLost;
}

uint64_t
ServiceManager::GetDenies() const
{
    return m_denies;
}

uint64_t
ServiceManager::GetRejected() const
{
    return m_rejected;
}

uint64_t
ServiceManager::GetDeletionsSent() const
{
    return m_deletions;
}

Time
ServiceManager::GetTakeoverTime() const
{
    return m_takeoverTime;
}

int64_t
ServiceManager::AssignStreams(int64_t stream)
{
    m_lossRng->SetStream(stream);
    return 1 + (m_policy ? m_policy->AssignStreams(stream + 1) : 0);
}

const char*
ServiceManager::ToString(State s)
{
    switch (s)
    {
    case State::STANDBY:
        return "standby";
    case State::ACTIVE:
        return "active";
    case State::FAILED:
        return "failed";
    case State::LISTENING:
        return "listening";
    }
    return "unknown";
}

// ---- life cycle --------------------------------------------------------------

void
ServiceManager::StartApplication()
{
    NS_ABORT_MSG_IF(m_hosts.empty(), "ServiceManager has no host");
    NS_ABORT_MSG_IF(!m_policy, "ServiceManager has no policy");
    m_started = true;
    m_effectiveBackup = m_backupPrecedence;
    Open();
    if (m_role == Role::PRIMARY)
    {
        BecomeActive();
    }
    else
    {
        BecomeStandby();
    }
}

void
ServiceManager::StopApplication()
{
    Close();
}

void
ServiceManager::Open()
{
    Ptr<Ipv4> ipv4 = GetNode()->GetObject<Ipv4>();
    NS_ABORT_MSG_IF(!ipv4 || ipv4->GetNInterfaces() < 2, "ServiceManager needs an IPv4 interface");
    m_address = ipv4->GetAddress(1, 0).GetLocal();
    // Link-local multicast leaves through a given device.
    m_endpoint.Open(GetNode(),
                    m_port,
                    MakeCallback(&ServiceManager::ReceiveMessage, this),
                    m_group != Ipv4Address::GetAny() ? ipv4->GetNetDevice(1) : nullptr);
    m_sweep = Simulator::Schedule(m_sweepInterval, &ServiceManager::Sweep, this);
}

void
ServiceManager::Close()
{
    Simulator::Cancel(m_refresh);
    Simulator::Cancel(m_heartbeatEvent);
    Simulator::Cancel(m_detect);
    Simulator::Cancel(m_listen);
    Simulator::Cancel(m_sweep);
    m_endpoint.Close();
}

void
ServiceManager::SetState(State s)
{
    if (s == m_state)
    {
        return;
    }
    NS_LOG_INFO(Simulator::Now().As(Time::S)
                << " " << m_name << ": " << ToString(m_state) << " -> " << ToString(s));
    State old = m_state;
    m_state = s;
    m_stateTrace(static_cast<uint8_t>(old), static_cast<uint8_t>(s));
}

void
ServiceManager::BecomeActive()
{
    SetState(State::ACTIVE);
    Simulator::Cancel(m_detect);
    RegisterWildcards();
    Simulator::Cancel(m_heartbeatEvent);
    SendHeartbeat();
}

void
ServiceManager::BecomeStandby()
{
    SetState(State::STANDBY);
    RegisterWildcards();
    ArmDetection(m_heartbeat * m_missCount);
}

void
ServiceManager::EndListening()
{
    if (m_state != State::LISTENING)
    {
        return;
    }
    if (m_role == Role::PRIMARY)
    {
        BecomeActive();
    }
    else
    {
        BecomeStandby();
    }
}

void
ServiceManager::ArmDetection(Time after)
{
    Simulator::Cancel(m_detect);
    m_detect = Simulator::Schedule(after, &ServiceManager::TakeOver, this);
}

void
ServiceManager::TakeOver()
{
    if (m_state != State::STANDBY)
    {
        return;
    }
    NS_LOG_INFO(Simulator::Now().As(Time::S)
                << " " << m_name << " takes over from " << m_monitored);
    m_takeoverTime = Simulator::Now();
    SetState(State::ACTIVE);
    auto peer = m_peerInfo.find(m_monitored);
    if (peer != m_peerInfo.end())
    {
        if (m_cancel)
        {
            for (const WildcardEntry& w : peer->second.wildcards)
            {
                WildcardEntry del = w;
                del.affinity.ttlMs = 0;
                SendWildcard(del);
            }
        }
        if (m_cancelFixed)
        {
            Precedence theirs = peer->second.precedence;
            m_store.ForEachFixed([&](FixedEntry& f) {
                if (f.precedence == theirs)
                {
                    FixedEntry del = f;
                    del.affinity.ttlMs = 0;
                    for (Ipv4Address a : m_agents)
                    {
                        SendFixed(del, a, m_port, nullptr, nullptr);
                    }
                }
            });
        }
    }
    RegisterWildcards();
    Simulator::Cancel(m_heartbeatEvent);
    SendHeartbeat();
}

void
ServiceManager::Fail()
{
    NS_LOG_INFO(Simulator::Now().As(Time::S) << " " << m_name << " fails");
    Close();
    SetState(State::FAILED);
    m_store.Clear();
    std::fill(m_load.begin(), m_load.end(), 0);
    m_peerInfo.clear();
    m_endpoint.ResetReplayWindows();
    m_effectiveBackup = m_backupPrecedence;
    m_storeTrace(0);
}

void
ServiceManager::Recover()
{
    NS_LOG_INFO(Simulator::Now().As(Time::S) << " " << m_name << " recovers");
    Open();
    SetState(State::LISTENING);
    m_listen = Simulator::Schedule(m_heartbeat * m_missCount, &ServiceManager::EndListening, this);
}

bool
ServiceManager::IsFailed() const
{
    return m_state == State::FAILED;
}

// ---- helpers -----------------------------------------------------------------

bool
ServiceManager::IsForward(const FlowKey& k) const
{
    return k.protocol == m_protocol && k.dst == m_vip && k.dport == m_servicePort;
}

bool
ServiceManager::IsReverse(const FlowKey& k) const
{
    return k.protocol == m_protocol && k.sport == m_servicePort && m_hostIndex.count(k.src) != 0;
}

Precedence
ServiceManager::Mine() const
{
    Precedence p;
    p.service = m_servicePrecedence;
    p.higherFirst = true;
    p.backup = m_effectiveBackup;
    return p;
}

InterestCriteria
ServiceManager::FixedInterest() const
{
    InterestCriteria ic;
    ic.address = m_address;
    ic.port = m_port;
    ic.mask = m_fixedInterest;
    return ic;
}

std::vector<WildcardEntry>
ServiceManager::MyWildcards(uint32_t ttlMs) const
{
    std::vector<WildcardEntry> out;
    InterestCriteria ic;
    ic.address = m_address;
    ic.port = m_port;
    ic.mask = kWildcardInterest;
    ic.dataFlag = kWildcardInterest;
    WildcardEntry f;
    f.affinity.protocol = m_protocol;
    f.affinity.source = m_clientNetwork;
    f.affinity.sourceMask = m_clientMask;
    f.affinity.destination = m_vip;
    f.affinity.destinationMask = Ipv4Mask(0xffffffffu);
    f.affinity.destinationPort = m_servicePort;
    f.affinity.ttlMs = ttlMs;
    f.precedence = Mine();
    f.actions.interest = ic;
    f.sender = m_address;
    out.push_back(f);
    if (!m_dispatch)
    {
        WildcardEntry r = f;
        r.affinity.source = m_hostNetwork;
        r.affinity.sourceMask = m_hostMask;
        r.affinity.sourcePort = m_servicePort;
        r.affinity.destination = m_clientNetwork;
        r.affinity.destinationMask = m_clientMask;
        r.affinity.destinationPort = 0;
        out.push_back(r);
    }
    return out;
}

void
ServiceManager::Forget(const FlowKey& key)
{
    std::vector<FixedEntry> removed;
    m_store.EraseFixed(key, &removed);
    for (const FixedEntry& e : removed)
    {
        Account(e, -1);
    }
}

void
ServiceManager::Account(const FixedEntry& e, int delta)
{
    if (!IsForward(e.affinity.key))
    {
        return;
    }
    auto it = m_hostIndex.find(e.affinity.forward);
    if (it == m_hostIndex.end())
    {
        return;
    }
    uint32_t& n = m_load[it->second];
    n = (delta < 0 && n < uint32_t(-delta)) ? 0 : n + delta;
}

FixedEntry
ServiceManager::Store(const FixedEntry& e, Time hold)
{
    Time now = Simulator::Now();
    AffinityCache::Update u = m_store.UpdateFixed(e, now, hold);
    if (u == AffinityCache::Update::ADDED)
    {
        Account(e, +1);
    }
    m_peakStored = std::max(m_peakStored, m_store.GetNFixed());
    m_storeTrace(m_store.GetNFixed());
    return e;
}

// ---- sending -----------------------------------------------------------------

void
ServiceManager::SendWildcard(const WildcardEntry& w)
{
    ServiceMessage m(ServiceMessageType::AFFINITY_UPDATE_WILDCARD);
    m.Add(AffinityCodec::ToSegment(w.affinity));
    AffinityCodec::AddCommon(m, w);
    if (w.affinity.ttlMs != 0)
    {
        auto list = std::make_shared<ActionListSegment>();
        if (!m_dispatch)
        {
            list->actions.push_back(SegmentType::ACTION_NAT);
        }
        list->actions.push_back(SegmentType::ACTION_INTEREST_CRITERIA);
        m.Add(list);
    }
    else
    {
        m_deletions++;
    }
    m.Add(std::make_shared<IdentityInfoSegment>(m_address, m_name));
    if (m_group != Ipv4Address::GetAny())
    {
        m_endpoint.Send(m, m_group, m_port);
    }
    else
    {
        for (Ipv4Address a : m_agents)
        {
            m_endpoint.Send(m, a, m_port);
        }
    }
}

void
ServiceManager::RegisterWildcards()
{
    Time now = Simulator::Now();
    std::vector<WildcardEntry> mine = MyWildcards(m_wildcardTtl.GetMilliSeconds());
    for (const WildcardEntry& w : mine)
    {
        m_store.UpdateWildcard(w, now);
    }
    // Registrations under another precedence (before a rejoin) are dropped.
    std::vector<WildcardEntry> stale;
    for (const WildcardEntry& w : m_store.GetWildcards())
    {
        if (!(w.precedence == Mine()))
        {
            stale.push_back(w);
        }
    }
    for (WildcardEntry& w : stale)
    {
        w.affinity.ttlMs = 0;
        m_store.UpdateWildcard(w, now);
    }
    for (const WildcardEntry& w : mine)
    {
        SendWildcard(w);
    }
    Simulator::Cancel(m_refresh);
    m_refresh = Simulator::Schedule(m_wildcardRefresh, &ServiceManager::RegisterWildcards, this);
}

void
ServiceManager::SendFixed(const FixedEntry& e,
                          Ipv4Address agent,
                          uint16_t port,
                          Ptr<const Packet> ip,
                          std::shared_ptr<OpaqueSegment> faData)
{
    ServiceMessage m(ServiceMessageType::AFFINITY_UPDATE_FIXED);
    m.Add(AffinityCodec::ToSegment(e.affinity));
    AffinityCodec::AddCommon(m, e);
    if (faData)
    {
        auto echo = std::make_shared<OpaqueSegment>(*faData);
        m.Add(echo);
    }
    if (ip)
    {
        m.Add(std::make_shared<IpPacketSegment>(ip));
    }
    if (e.affinity.ttlMs == 0)
    {
        m_deletions++;
    }
    m_endpoint.Send(m, agent, port);
}

void
ServiceManager::Replicate(const FixedEntry& e)
{
    if (!m_replication || m_state != State::ACTIVE)
    {
        return;
    }
    ServiceMessage m(ServiceMessageType::REPLICATION);
    m.Add(AffinityCodec::ToSegment(e.affinity));
    AffinityCodec::AddCommon(m, e);
    for (Ipv4Address peer : m_peers)
    {
        m_endpoint.Send(m, peer, m_port);
    }
}

void
ServiceManager::SendHeartbeat()
{
    if (m_state != State::ACTIVE)
    {
        return;
    }
    ServiceMessage m(ServiceMessageType::HEARTBEAT);
    m.Add(std::make_shared<IdentityInfoSegment>(m_address, m_name));
    auto hb = std::make_shared<HeartbeatSegment>();
    hb->sequence = ++m_heartbeatSeq;
    hb->intervalMs = static_cast<uint32_t>(m_heartbeat.GetMilliSeconds());
    hb->backupPrecedence = m_effectiveBackup;
    hb->state = 1;
    m.Add(hb);
    auto sp = std::make_shared<ServicePrecedenceSegment>();
    sp->value = m_servicePrecedence;
    m.Add(sp);
    // The wildcards it registered: what a backup cancels if this manager fails.
    for (const WildcardEntry& w : MyWildcards(m_wildcardTtl.GetMilliSeconds()))
    {
        m.Add(AffinityCodec::ToSegment(w.affinity));
    }
    for (Ipv4Address peer : m_peers)
    {
        m_endpoint.Send(m, peer, m_port);
    }
    m_heartbeatEvent = Simulator::Schedule(m_heartbeat, &ServiceManager::SendHeartbeat, this);
}

void
ServiceManager::ReturnPacket(Ptr<const Packet> ip, Ipv4Address agent, uint16_t port)
{
    ServiceMessage m(ServiceMessageType::IP_PACKET_ONLY);
    m.Add(std::make_shared<IpPacketSegment>(ip));
    m_endpoint.Send(m, agent, port);
}

// ---- receiving ---------------------------------------------------------------

void
ServiceManager::ReceiveMessage(Ptr<const Packet> payload, Ipv4Address from, uint16_t port)
{
    if (m_state == State::FAILED || from == m_address)
    {
        return;
    }
    ServiceMessage msg;
    if (m_endpoint.Accept(payload, from, msg) != ServiceMessageEndpoint::Verdict::ACCEPTED)
    {
        m_rejected++;
        return;
    }
    ServiceMessageType type = msg.GetType();
    m_rxTrace(payload, static_cast<uint8_t>(type), from);
    switch (type)
    {
    case ServiceMessageType::INTEREST_MATCH_WILDCARD:
    case ServiceMessageType::INTEREST_MATCH_FIXED:
        HandleInterest(msg, from, port);
        break;
    case ServiceMessageType::IP_PACKET_ONLY:
        HandleIpPacket(msg, from, port);
        break;
    case ServiceMessageType::REPLICATION:
        HandleReplication(msg, from);
        break;
    case ServiceMessageType::HEARTBEAT:
        HandleHeartbeat(msg, from);
        break;
    case ServiceMessageType::AFFINITY_UPDATE_DENY:
        m_denies++;
        NS_LOG_WARN(m_name << ": agent " << from << " denied an affinity update");
        break;
    default:
        break; // other managers' wildcards seen on the multicast group
    }
}

void
ServiceManager::HandleInterest(const ServiceMessage& msg, Ipv4Address from, uint16_t port)
{
    auto id = msg.Find<AffinityIdentifierSegment>();
    auto seg = msg.Find<IpPacketSegment>();
    auto fa = std::dynamic_pointer_cast<OpaqueSegment>(msg.Find(SegmentType::FA_INTEREST_DATA));
    FlowKey key;
    Ptr<Packet> ip;
    uint8_t flags = 0;
    if (seg)
    {
        ip = seg->GetPacket();
        InnerPacketInfo info;
        if (!InnerPacket::Parse(*ip, info))
        {
            m_rejected++;
            return;
        }
        key = info.key;
        flags = info.tcpFlags;
    }
    else if (msg.GetType() == ServiceMessageType::INTEREST_MATCH_FIXED)
    {
        key =
            FlowKey(id->source, id->destination, id->sourcePort, id->destinationPort, id->protocol);
    }
    else
    {
        return; // a wildcard match without its packet: the packet follows separately
    }
    Respond(key, ip, flags, id->reasons, from, port, fa);
}

void
ServiceManager::HandleIpPacket(const ServiceMessage& msg, Ipv4Address from, uint16_t port)
{
    Ptr<Packet> ip = msg.Find<IpPacketSegment>()->GetPacket();
    InnerPacketInfo info;
    if (!InnerPacket::Parse(*ip, info))
    {
        m_rejected++;
        return;
    }
    Respond(info.key, ip, info.tcpFlags, 0, from, port, nullptr);
}

void
ServiceManager::Respond(const FlowKey& key,
                        Ptr<Packet> ip,
                        uint8_t tcpFlags,
                        uint16_t reasons,
                        Ipv4Address agent,
                        uint16_t port,
                        std::shared_ptr<OpaqueSegment> faData)
{
    Time now = Simulator::Now();
    bool forward = IsForward(key);
    if (!forward && !IsReverse(key))
    {
        if (ip)
        {
            ReturnPacket(ip, agent, port); // not this service's: route it normally
        }
        return;
    }
    FixedEntry entry;
    DecisionKind kind;
    FixedEntry* stored = m_store.LookupFixed(key, now);
    if (stored)
    {
        entry = *stored;
        kind = entry.precedence == Mine() ? DecisionKind::EXISTING : DecisionKind::REPLICATED;
        if (kind == DecisionKind::REPLICATED)
        {
            // Adopt it: from now on it is this manager's affinity.
            Forget(key);
        }
    }
    else if (forward)
    {
        if (!ip)
        {
            return; // a notification for a flow no longer known: nothing to decide
        }
        Forget(key); // expired entries not swept yet
        uint32_t h = m_policy->Select(key, m_load);
        entry.affinity.key = key;
        entry.affinity.forward = m_hosts[h];
        entry.affinity.flags = m_dispatch ? kAffinityDispatch : 0;
        if (!m_dispatch)
        {
            entry.actions.nat = NatAction{Ipv4Address::GetAny(), m_hosts[h], 0, 0};
        }
        kind = DecisionKind::NEW;
    }
    else
    {
        // Return direction: derived from the forward affinity of the connection.
        FlowKey fk(key.dst, m_vip, key.dport, key.sport, key.protocol);
        FixedEntry* f = m_store.LookupFixed(fk, now);
        if (!f || f->affinity.forward != key.src)
        {
            if (ip)
            {
                ReturnPacket(ip, agent, port);
            }
            return;
        }
        entry.affinity.key = key;
        entry.affinity.forward = key.src;
        entry.actions.nat = NatAction{m_vip, Ipv4Address::GetAny(), 0, 0};
        kind = DecisionKind::REVERSE;
    }
    bool closing = ((reasons | tcpFlags) & kClosing) != 0;
    if (closing && !entry.finSeen)
    {
        entry.finSeen = true;
        FlowKey opposite =
            forward ? FlowKey(entry.affinity.forward, key.src, key.dport, key.sport, key.protocol)
                    : FlowKey(key.dst, m_vip, key.dport, key.sport, key.protocol);
        Closing(opposite);
    }
    entry.precedence = Mine();
    entry.sender = m_address;
    entry.actions.interest = FixedInterest();
    Time ttl = entry.finSeen ? m_sticky : m_affinityTtl;
    entry.affinity.ttlMs = static_cast<uint32_t>(ttl.GetMilliSeconds());
    std::vector<Ipv4Address> others = entry.holders;
    if (std::find(entry.holders.begin(), entry.holders.end(), agent) == entry.holders.end())
    {
        entry.holders.push_back(agent);
    }
    if (m_store.UpdateFixed(entry, now, ttl + m_tolerance) == AffinityCache::Update::ADDED)
    {
        Account(entry, +1);
    }
    m_peakStored = std::max(m_peakStored, m_store.GetNFixed());
    m_storeTrace(m_store.GetNFixed());
    SendFixed(entry, agent, port, ip, faData);
    if (closing)
    {
        // Shorten the copies other agents hold too.
        for (Ipv4Address a : others)
        {
            if (a != agent)
            {
                SendFixed(entry, a, m_port, nullptr, nullptr);
            }
        }
    }
    Replicate(entry);
    m_decisions[static_cast<uint32_t>(kind)]++;
    m_decisionTrace(key, entry.affinity.forward, static_cast<uint8_t>(kind), tcpFlags);
}

void
ServiceManager::Closing(const FlowKey& opposite)
{
    Time now = Simulator::Now();
    FixedEntry* f = m_store.LookupFixed(opposite, now);
    if (!f || f->finSeen)
    {
        return;
    }
    FixedEntry e = *f;
    if (!(e.precedence == Mine()))
    {
        Forget(opposite);
        e.precedence = Mine();
        e.actions.interest = FixedInterest();
    }
    e.finSeen = true;
    e.affinity.ttlMs = static_cast<uint32_t>(m_sticky.GetMilliSeconds());
    if (m_store.UpdateFixed(e, now, m_sticky + m_tolerance) == AffinityCache::Update::ADDED)
    {
        Account(e, +1);
    }
    for (Ipv4Address a : e.holders)
    {
        SendFixed(e, a, m_port, nullptr, nullptr);
    }
    Replicate(e);
}

void
ServiceManager::HandleReplication(const ServiceMessage& msg, Ipv4Address from)
{
    if (m_replicationLoss > 0 && m_lossRng->GetValue() < m_replicationLoss)
    {
        m_replicationsLost++;
        return;
    }
    FixedEntry e = AffinityCodec::ReadFixedEntry(msg, from);
    Time now = Simulator::Now();
    if (e.affinity.ttlMs == 0)
    {
        if (FixedEntry* old = m_store.FindFixed(e.affinity.key, e.precedence, now))
        {
            Account(*old, -1);
            m_store.UpdateFixed(e, now);
            m_storeTrace(m_store.GetNFixed());
        }
        return;
    }
    // Partitioned backups: only flows one of this manager's wildcards covers.
    if (!m_store.IsSupported(e.affinity.key, e.precedence, now))
    {
        return;
    }
    e.finSeen = e.affinity.ttlMs < m_affinityTtl.GetMilliSeconds();
    Store(e, MilliSeconds(e.affinity.ttlMs) + m_tolerance + m_slack);
    m_replicationsStored++;
}

void
ServiceManager::HandleHeartbeat(const ServiceMessage& msg, Ipv4Address from)
{
    auto hb = msg.Find<HeartbeatSegment>();
    PeerInfo& peer = m_peerInfo[from];
    peer.interval = MilliSeconds(hb->intervalMs == 0 ? 1 : hb->intervalMs);
    peer.active = hb->state == 1;
    peer.precedence.backup = hb->backupPrecedence;
    if (auto sp = msg.Find<ServicePrecedenceSegment>())
    {
        peer.precedence.service = sp->value;
        peer.precedence.higherFirst = sp->higherFirst;
    }
    peer.wildcards.clear();
    for (const auto& ws : msg.FindAll<WildcardAffinitySegment>())
    {
        WildcardEntry w;
        w.affinity = AffinityCodec::FromSegment(*ws);
        w.precedence = peer.precedence;
        peer.wildcards.push_back(w);
    }
    if (m_state == State::LISTENING && peer.active)
    {
        // Restarted while another manager is active: rejoin as its standby,
        // registering below its precedence.
        Simulator::Cancel(m_listen);
        m_monitored = from;
        m_effectiveBackup = std::max<uint16_t>(m_backupPrecedence, hb->backupPrecedence + 1);
        BecomeStandby();
    }
    if (m_state == State::STANDBY && from == m_monitored && peer.active)
    {
        ArmDetection(peer.interval * m_missCount);
    }
}

void
ServiceManager::Sweep()
{
    std::vector<FixedEntry> removed;
    m_store.Sweep(Simulator::Now(), &removed);
    for (const FixedEntry& e : removed)
    {
        Account(e, -1);
        m_expiryTrace(e.affinity.key);
    }
    if (!removed.empty())
    {
        m_storeTrace(m_store.GetNFixed());
    }
    m_sweep = Simulator::Schedule(m_sweepInterval, &ServiceManager::Sweep, this);
}

} // namespace sfc
} // namespace ns3
