/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "service-manager.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/pointer.h"
#include "ns3/sfc-ns3-compat.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SfcServiceManager");

namespace sfc
{

NS_OBJECT_ENSURE_REGISTERED(ServiceManager);

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
                          EnumValue(Role::PRIMARY),
                          MakeEnumAccessorOf<Role>(&ServiceManager::m_role),
                          MakeEnumChecker(Role::PRIMARY, "primary", Role::BACKUP, "backup"))
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
            .AddAttribute(
                "BackupPrecedence",
                "Backup precedence (lower is preferred by agents).",
                UintegerValue(1),
                MakeRedundancyAccessor<UintegerValue>(&ServiceManager::m_redundancy,
                                                      &RedundancySettings::backupPrecedence),
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
                          MakeRedundancyAccessor<TimeValue>(&ServiceManager::m_redundancy,
                                                            &RedundancySettings::slack),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("HeartbeatInterval",
                          "Heartbeat period of the active manager.",
                          TimeValue(MilliSeconds(500)),
                          MakeRedundancyAccessor<TimeValue>(&ServiceManager::m_redundancy,
                                                            &RedundancySettings::heartbeat),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("HeartbeatMissCount",
                          "Heartbeats a backup misses before it takes over.",
                          UintegerValue(3),
                          MakeRedundancyAccessor<UintegerValue>(&ServiceManager::m_redundancy,
                                                                &RedundancySettings::missCount),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("Replication",
                          "Send replication packets to the peers when active.",
                          BooleanValue(true),
                          MakeRedundancyAccessor<BooleanValue>(&ServiceManager::m_redundancy,
                                                               &RedundancySettings::replication),
                          MakeBooleanChecker())
            .AddAttribute("CancelOnTakeover",
                          "On takeover, delete the failed manager's wildcards on the agents "
                          "(time to live 0; agents discard the fixed affinities they supported).",
                          BooleanValue(true),
                          MakeRedundancyAccessor<BooleanValue>(&ServiceManager::m_redundancy,
                                                               &RedundancySettings::cancel),
                          MakeBooleanChecker())
            .AddAttribute("CancelFixedOnTakeover",
                          "On takeover, also delete each replicated fixed affinity of the "
                          "failed manager on every agent.",
                          BooleanValue(false),
                          MakeRedundancyAccessor<BooleanValue>(&ServiceManager::m_redundancy,
                                                               &RedundancySettings::cancelFixed),
                          MakeBooleanChecker())
            .AddAttribute("Policy",
                          "How hosts are chosen for new flows.",
                          PointerValue(),
                          MakePointerAccessor(&ServiceManager::m_policy),
                          MakePointerChecker<HostSelectionPolicy>())
            .AddAttribute(
                "SecurityKey",
                "The managers' HMAC key: messages sent carry a security segment signed "
                "with it when set, peers' messages are verified with it, and security "
                "is then required.",
                StringValue(""),
                MakeEndpointAccessor<StringValue>(&ServiceManager::m_endpoint,
                                                  &ServiceMessageEndpoint::SetSecurityKey,
                                                  &ServiceMessageEndpoint::GetSecurityKey),
                MakeStringChecker())
            .AddAttribute("AgentKey",
                          "The agents' HMAC key, which their messages are verified with "
                          "(empty: SecurityKey, one key shared by both roles).",
                          StringValue(""),
                          MakeEndpointAccessor<StringValue>(&ServiceManager::m_endpoint,
                                                            &ServiceMessageEndpoint::SetAgentKey,
                                                            &ServiceMessageEndpoint::GetAgentKey),
                          MakeStringChecker())
            .AddAttribute("SecurityAlgorithm",
                          "HMAC of the security segment, sent and accepted (pinned).",
                          EnumValue(SecuritySegment::HMAC_SHA256),
                          MakeEndpointAccessor<EnumValueOf<SecuritySegment::Algorithm>>(
                              &ServiceManager::m_endpoint,
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
                MakeEndpointAccessor<TimeValue>(&ServiceManager::m_endpoint,
                                                &ServiceMessageEndpoint::SetMaxMessageAge,
                                                &ServiceMessageEndpoint::GetMaxMessageAge),
                MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute(
                "RequireSecurity",
                "Ignore messages without a valid security segment (always on with a "
                "SecurityKey: the value read back is what applies).",
                BooleanValue(false),
                MakeEndpointAccessor<BooleanValue>(&ServiceManager::m_endpoint,
                                                   &ServiceMessageEndpoint::SetRequireSecurity,
                                                   &ServiceMessageEndpoint::GetRequireSecurity),
                MakeBooleanChecker())
            .AddAttribute("ReplicationLossProbability",
                          "Probability that a replication packet reaching this manager is lost.",
                          DoubleValue(0),
                          MakeRedundancyAccessor<DoubleValue>(&ServiceManager::m_redundancy,
                                                              &RedundancySettings::replicationLoss),
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
      m_policy(CreateObject<LeastConnectionsHostPolicy>()),
      m_redundancy(*this),
      m_fixedInterest(kClosing),
      m_dispatch(false),
      m_started(false),
      m_store(AffinityCache::SupportRule::ANY),
      m_decisions{},
      m_denies(0),
      m_rejected(0),
      m_rejectedBy{},
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
    m_redundancy.Dispose();
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
    m_redundancy.SetPeers(peers);
}

void
ServiceManager::SetMonitoredManager(Ipv4Address primary)
{
    m_redundancy.SetMonitoredManager(primary);
}

ServiceManager::Role
ServiceManager::GetRole() const
{
    return m_role;
}

ServiceManager::State
ServiceManager::GetState() const
{
    return m_redundancy.GetState();
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
    return m_redundancy.GetReplicationsStored();
}

uint64_t
ServiceManager::GetReplicationsLost() const
{
    return m_redundancy.GetReplicationsLost();
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
ServiceManager::GetRejected(ServiceMessageEndpoint::Verdict v) const
{
    return m_rejectedBy[static_cast<uint32_t>(v)];
}

uint64_t
ServiceManager::GetOversizeDrops() const
{
    return m_endpoint.GetOversizeDrops();
}

uint64_t
ServiceManager::GetDeletionsSent() const
{
    return m_deletions;
}

Time
ServiceManager::GetTakeoverTime() const
{
    return m_redundancy.GetTakeoverTime();
}

int64_t
ServiceManager::AssignStreams(int64_t stream)
{
    int64_t n = m_redundancy.AssignStreams(stream);
    return n + (m_policy ? m_policy->AssignStreams(stream + n) : 0);
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
    Open();
    m_redundancy.Start(m_role == Role::PRIMARY);
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
    m_endpoint.SetIdentity(m_address);
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
    m_redundancy.Stop();
    Simulator::Cancel(m_sweep);
    m_endpoint.Close();
}

void
ServiceManager::Fail()
{
    NS_LOG_INFO(Simulator::Now().As(Time::S) << " " << m_name << " fails");
    Close();
    m_redundancy.Fail();
    m_store.Clear();
    std::fill(m_load.begin(), m_load.end(), 0);
    // The replay windows and counters persist (the endpoint's NVRAM).
    m_storeTrace(0);
}

void
ServiceManager::Recover()
{
    NS_LOG_INFO(Simulator::Now().As(Time::S) << " " << m_name << " recovers");
    m_endpoint.Restart();
    Open();
    m_redundancy.Recover();
}

bool
ServiceManager::IsFailed() const
{
    return m_redundancy.GetState() == State::FAILED;
}

// ---- what the redundancy needs of the manager --------------------------------

const std::string&
ServiceManager::GetName() const
{
    return m_name;
}

uint16_t
ServiceManager::GetServicePrecedence() const
{
    return m_servicePrecedence;
}

std::vector<WildcardEntry>
ServiceManager::GetRegisteredWildcards() const
{
    return MyWildcards(m_wildcardTtl.GetMilliSeconds());
}

void
ServiceManager::SendToPeer(const ServiceMessage& m, Ipv4Address peer)
{
    m_endpoint.Send(m, peer, m_port);
}

void
ServiceManager::NotifyState(ManagerState from, ManagerState to)
{
    NS_LOG_INFO(Simulator::Now().As(Time::S)
                << " " << m_name << ": " << ToString(from) << " -> " << ToString(to));
    m_stateTrace(static_cast<uint8_t>(from), static_cast<uint8_t>(to));
}

// ---- receiving ---------------------------------------------------------------

void
ServiceManager::ReceiveMessage(Ptr<const Packet> payload, Ipv4Address from, uint16_t port)
{
    if (m_redundancy.GetState() == State::FAILED || from == m_address)
    {
        return;
    }
    ServiceMessage msg;
    ServiceMessageEndpoint::Verdict verdict = m_endpoint.Accept(payload, from, msg);
    if (verdict != ServiceMessageEndpoint::Verdict::ACCEPTED)
    {
        NS_LOG_LOGIC(m_name << " ignores a message from " << from << ": "
                            << ServiceMessageEndpoint::ToString(verdict));
        m_rejected++;
        m_rejectedBy[static_cast<uint32_t>(verdict)]++;
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
        m_redundancy.HandleReplication(msg, from);
        break;
    case ServiceMessageType::HEARTBEAT:
        m_redundancy.HandleHeartbeat(msg, from);
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
