/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "failover-monitor.h"

#include "ns3/ipv4-l3-protocol.h"
#include "ns3/simulator.h"
#include "ns3/tcp-header.h"

#include <algorithm>
#include <numeric>

namespace ns3
{
namespace sfc
{

NS_OBJECT_ENSURE_REGISTERED(FailoverMonitor);

namespace
{
constexpr uint32_t kIpUdpHeaders = 28; //!< IPv4 (20) + UDP (8)
} // namespace

TypeId
FailoverMonitor::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sfc::FailoverMonitor")
                            .SetParent<Object>()
                            .SetGroupName("Sfc")
                            .AddConstructor<FailoverMonitor>();
    return tid;
}

FailoverMonitor::FailoverMonitor() = default;

FailoverMonitor::~FailoverMonitor() = default;

std::string
FailoverMonitor::Category(uint8_t type)
{
    if (!IsKnownMessageType(type))
    {
        return "other";
    }
    auto t = static_cast<ServiceMessageType>(type);
    if (t == ServiceMessageType::INTEREST_MATCH_WILDCARD ||
        t == ServiceMessageType::INTEREST_MATCH_FIXED)
    {
        return "interest_match";
    }
    return ToString(t); // wildcard, fixed, deny, ip_packet, replication, heartbeat
}

void
FailoverMonitor::SetFailure(Time at, bool primary)
{
    m_failAt = at;
    m_primaryFails = primary;
}

void
FailoverMonitor::WatchClient(Ptr<FlowClient> client)
{
    client->TraceConnectWithoutContext("FlowStart", MakeCallback(&FailoverMonitor::OnStart, this));
    client->TraceConnectWithoutContext("FlowEstablished",
                                       MakeCallback(&FailoverMonitor::OnEstablished, this));
    client->TraceConnectWithoutContext("FlowComplete",
                                       MakeCallback(&FailoverMonitor::OnComplete, this));
    client->TraceConnectWithoutContext("FlowFail", MakeCallback(&FailoverMonitor::OnFail, this));
}

void
FailoverMonitor::WatchAgent(Ptr<ForwardingAgent> agent, const std::string& /* name */)
{
    uint32_t i = static_cast<uint32_t>(m_agents.size());
    m_agents.push_back(agent);
    m_agentEntries.push_back(0);
    agent->TraceConnectWithoutContext("MessageTx", MakeCallback(&FailoverMonitor::OnMessage, this));
    agent->TraceConnectWithoutContext(
        "CacheSize",
        Callback<void, uint32_t, uint32_t, uint64_t>(
            [this, i](uint32_t f, uint32_t w, uint64_t b) { OnCache(i, f, w, b); }));
}

void
FailoverMonitor::WatchManager(Ptr<ServiceManager> manager, const std::string& name, bool primary)
{
    uint32_t i = static_cast<uint32_t>(m_managers.size());
    m_managers.push_back(manager);
    m_managerNames.push_back(name);
    m_isPrimary.push_back(primary);
    m_peakStore.push_back(0);
    m_lastExpiry.push_back(Seconds(-1));
    manager->TraceConnectWithoutContext("MessageTx",
                                        MakeCallback(&FailoverMonitor::OnMessage, this));
    manager->TraceConnectWithoutContext(
        "Decision",
        Callback<void, const FlowKey&, Ipv4Address, uint8_t, uint8_t>(
            [this, i](const FlowKey& k, Ipv4Address h, uint8_t kind, uint8_t f) {
                OnDecision(i, k, h, kind, f);
            }));
    manager->TraceConnectWithoutContext(
        "StateChange",
        Callback<void, uint8_t, uint8_t>([this, i](uint8_t a, uint8_t b) { OnState(i, a, b); }));
    manager->TraceConnectWithoutContext(
        "StoreSize",
        Callback<void, uint32_t>([this, i](uint32_t n) { OnStore(i, n); }));
    manager->TraceConnectWithoutContext(
        "AffinityExpired",
        Callback<void, const FlowKey&>([this, i](const FlowKey& k) { OnExpiry(i, k); }));
}

void
FailoverMonitor::WatchRogue(Ptr<ServiceManager> rogue)
{
    m_rogues.push_back(rogue);
    rogue->TraceConnectWithoutContext("MessageTx",
                                      MakeCallback(&FailoverMonitor::OnRogueMessage, this));
}

void
FailoverMonitor::WatchHijackTarget(Ptr<Node> node)
{
    Ptr<Ipv4L3Protocol> ipv4 = node->GetObject<Ipv4L3Protocol>();
    if (ipv4)
    {
        ipv4->TraceConnectWithoutContext("LocalDeliver",
                                         MakeCallback(&FailoverMonitor::OnDeliver, this));
    }
}

FailoverMonitor::FlowRecord*
FailoverMonitor::Find(uint64_t id)
{
    auto it = m_byId.find(id);
    return it == m_byId.end() ? nullptr : &m_flows[it->second];
}

void
FailoverMonitor::OnStart(uint64_t id, const FlowKey& key, uint32_t requests)
{
    FlowRecord r;
    r.id = id;
    r.key = key;
    r.start = Simulator::Now();
    r.requests = requests;
    m_byId[id] = m_flows.size();
    m_byKey[key] = m_flows.size();
    m_bySource[{key.src.Get(), key.sport}] = m_flows.size();
    m_flows.push_back(r);
}

void
FailoverMonitor::OnEstablished(uint64_t id)
{
    if (FlowRecord* f = Find(id))
    {
        f->established = Simulator::Now();
    }
}

void
FailoverMonitor::OnComplete(uint64_t id, uint32_t responses)
{
    if (FlowRecord* f = Find(id))
    {
        f->completed = true;
        f->responses = responses;
        f->end = Simulator::Now();
    }
}

void
FailoverMonitor::OnFail(uint64_t id, FlowClient::FailReason reason)
{
    if (FlowRecord* f = Find(id))
    {
        f->failed = true;
        f->failReason = reason;
        f->end = Simulator::Now();
    }
}

void
FailoverMonitor::OnMessage(Ptr<const Packet> p, uint8_t type, Ipv4Address /* to */)
{
    m_typeMessages[type]++;
    m_typeBytes[type] += p->GetSize() + kIpUdpHeaders;
}

void
FailoverMonitor::OnRogueMessage(Ptr<const Packet> /* p */, uint8_t /* type */, Ipv4Address /* to */)
{
    m_rogueMessages++;
}

void
FailoverMonitor::OnDecision(uint32_t manager,
                            const FlowKey& key,
                            Ipv4Address host,
                            uint8_t kind,
                            uint8_t flags)
{
    auto it = m_byKey.find(key);
    if (it == m_byKey.end())
    {
        return; // a return direction
    }
    FlowRecord& f = m_flows[it->second];
    if (m_isPrimary[manager])
    {
        if (f.primaryHost == Ipv4Address::GetAny())
        {
            f.primaryHost = host;
        }
        return;
    }
    if (kind == static_cast<uint8_t>(ServiceManager::DecisionKind::NEW))
    {
        if (f.backupHost == Ipv4Address::GetAny())
        {
            f.backupHost = host;
        }
        if (flags & TcpHeader::SYN)
        {
            f.setupByBackup = true;
        }
    }
}

void
FailoverMonitor::OnState(uint32_t manager, uint8_t /* from */, uint8_t to)
{
    if (to == static_cast<uint8_t>(ServiceManager::State::ACTIVE) && !m_isPrimary[manager] &&
        m_failAt >= Time(0) && Simulator::Now() >= m_failAt && m_detectedAt < Time(0))
    {
        m_detectedAt = Simulator::Now();
    }
}

void
FailoverMonitor::OnCache(uint32_t agent, uint32_t fixed, uint32_t wildcards, uint64_t bytes)
{
    m_peakFixed = std::max(m_peakFixed, fixed);
    m_agentEntries[agent] = fixed + wildcards;
    m_peakEntries = std::max(m_peakEntries, fixed + wildcards);
    m_peakEntriesTotal =
        std::max(m_peakEntriesTotal,
                 std::accumulate(m_agentEntries.begin(), m_agentEntries.end(), 0u));
    m_peakBytes = std::max(m_peakBytes, bytes);
}

void
FailoverMonitor::OnStore(uint32_t manager, uint32_t n)
{
    m_peakStore[manager] = std::max(m_peakStore[manager], n);
}

void
FailoverMonitor::OnExpiry(uint32_t manager, const FlowKey& /* key */)
{
    m_lastExpiry[manager] = Simulator::Now();
}

void
FailoverMonitor::OnDeliver(const Ipv4Header& h, Ptr<const Packet> p, uint32_t /* iface */)
{
    if (h.GetProtocol() != 6 || p->GetSize() < 4)
    {
        return;
    }
    uint8_t buf[4];
    p->CopyData(buf, 4);
    uint16_t sport = static_cast<uint16_t>((buf[0] << 8) | buf[1]);
    auto it = m_bySource.find({h.GetSource().Get(), sport});
    if (it != m_bySource.end())
    {
        m_flows[it->second].hijacked = true;
    }
}

FailoverMonitor::Summary
FailoverMonitor::Finalize(Time end)
{
    Summary s;
    bool failure = m_failAt >= Time(0);
    double setupSum = 0;
    uint32_t setupN = 0;
    for (const FlowRecord& f : m_flows)
    {
        s.flows++;
        bool broken = f.failed || !f.completed || f.hijacked;
        s.completedFlows += f.completed ? 1 : 0;
        s.failedFlows += f.failed ? 1 : 0;
        s.openFlows += (!f.completed && !f.failed) ? 1 : 0;
        s.brokenFlows += broken ? 1 : 0;
        s.hijackedFlows += f.hijacked ? 1 : 0;
        if (f.established >= Time(0))
        {
            setupSum += (f.established - f.start).GetSeconds();
            setupN++;
        }
        bool active = failure && f.start < m_failAt && (f.end < Time(0) || f.end > m_failAt);
        if (active)
        {
            s.activeAtFailure++;
            s.brokenActive += broken ? 1 : 0;
            if (f.backupHost != Ipv4Address::GetAny())
            {
                s.renewedDecisions++;
                if (f.primaryHost != Ipv4Address::GetAny() && f.backupHost != f.primaryHost)
                {
                    s.renewedDiffers++;
                    s.brokenRenewedDiffers += broken ? 1 : 0;
                }
            }
        }
    }
    s.brokenRatio = s.activeAtFailure ? double(s.brokenActive) / s.activeAtFailure : 0.0;
    s.meanSetupS = setupN ? setupSum / setupN : 0.0;
    if (failure && m_detectedAt >= Time(0))
    {
        s.detected = true;
        s.detectionTimeS = (m_detectedAt - m_failAt).GetSeconds();
    }
    Time windowEnd = end;
    if (failure && m_primaryFails)
    {
        Time first = Time::Max();
        for (const FlowRecord& f : m_flows)
        {
            if (f.setupByBackup && f.established >= m_failAt)
            {
                first = std::min(first, f.established);
            }
        }
        if (first != Time::Max())
        {
            s.takeover = true;
            s.takeoverTimeS = (first - m_failAt).GetSeconds();
            windowEnd = first;
        }
    }
    if (failure)
    {
        double sum = 0;
        uint32_t n = 0;
        for (const FlowRecord& f : m_flows)
        {
            if (f.start >= m_failAt && f.start <= windowEnd)
            {
                s.windowFlows++;
                s.windowFailedFlows += (f.failed || !f.completed) ? 1 : 0;
                if (f.established >= Time(0))
                {
                    sum += (f.established - f.start).GetSeconds();
                    n++;
                }
            }
        }
        s.meanWindowSetupS = n ? sum / n : 0.0;
    }
    for (const char* c :
         {"wildcard", "fixed", "interest_match", "replication", "heartbeat", "deny", "ip_packet"})
    {
        s.messages[c] = 0;
        s.bytes[c] = 0;
    }
    for (uint32_t t = 0; t < 256; ++t)
    {
        if (m_typeMessages[t] != 0)
        {
            std::string c = Category(static_cast<uint8_t>(t));
            s.messages[c] += m_typeMessages[t];
            s.bytes[c] += m_typeBytes[t];
            s.controlMessages += m_typeMessages[t];
            s.controlBytes += m_typeBytes[t];
        }
    }
    s.peakFixed = m_peakFixed;
    s.peakEntries = m_peakEntries;
    s.peakEntriesTotal = m_peakEntriesTotal;
    s.peakCacheBytes = m_peakBytes;
    for (std::size_t i = 0; i < m_managers.size(); ++i)
    {
        s.peakManager.emplace_back(m_managerNames[i], m_peakStore[i]);
        s.endManager.emplace_back(m_managerNames[i], m_managers[i]->GetNStored());
        // "Never" is the sentinel -1 s: report it as -1 without converting a
        // negative Time (ns-3's int64x64 conversion left-shifts it: UB).
        s.lastExpiryS.emplace_back(m_managerNames[i],
                                   m_lastExpiry[i].IsNegative() ? -1.0
                                                                : m_lastExpiry[i].GetSeconds());
        s.deletions += m_managers[i]->GetDeletionsSent();
        s.replicationsStored += m_managers[i]->GetReplicationsStored();
        s.replicationsLost += m_managers[i]->GetReplicationsLost();
    }
    using R = ForwardingAgent::Rejection;
    using V = ServiceMessageEndpoint::Verdict;
    for (uint32_t r = 0; r < ForwardingAgent::kNumRejections; ++r)
    {
        s.rejections[ForwardingAgent::ToString(static_cast<R>(r))] = 0;
    }
    for (const auto& a : m_agents)
    {
        for (R r : {R::UNAUTHENTICATED,
                    R::BAD_CODE,
                    R::REPLAY,
                    R::BAD_ALGORITHM,
                    R::BAD_KEY_ID,
                    R::WRONG_RECEIVER,
                    R::STALE})
        {
            s.rejectedAuth += a->GetRejected(r);
        }
        for (uint32_t r = 0; r < ForwardingAgent::kNumRejections; ++r)
        {
            s.rejections[ForwardingAgent::ToString(static_cast<R>(r))] +=
                a->GetRejected(static_cast<R>(r));
        }
        s.oversizeDrops += a->GetOversizeDrops();
        s.rejectedMalformed += a->GetRejected(ForwardingAgent::Rejection::MALFORMED);
        s.denies += a->GetDenies();
        s.discardedFixed += a->GetDiscardedFixed();
    }
    for (const auto& m : m_managers)
    {
        // The endpoint's verdicts share their names with the agent's reasons;
        // slot 0 (ACCEPTED) counts malformed enclosed packets.
        s.rejections[ForwardingAgent::ToString(R::BAD_PACKET)] += m->GetRejected(V::ACCEPTED);
        for (uint32_t v = 1; v < ServiceMessageEndpoint::kNumVerdicts; ++v)
        {
            s.rejections[ServiceMessageEndpoint::ToString(static_cast<V>(v))] +=
                m->GetRejected(static_cast<V>(v));
        }
        s.oversizeDrops += m->GetOversizeDrops();
    }
    s.rogueMessages = m_rogueMessages;
    return s;
}

void
FailoverMonitor::WriteFlowsCsv(std::ostream& os) const
{
    os << "flow_id,client,client_port,start_s,established_s,end_s,completed,failed,fail_reason,"
          "requests,responses,primary_host,backup_host,setup_by_backup,hijacked\n";
    for (const FlowRecord& f : m_flows)
    {
        os << f.id << "," << f.key.src << "," << f.key.sport << "," << f.start.GetSeconds() << ","
           << f.established.GetSeconds() << "," << f.end.GetSeconds() << "," << f.completed << ","
           << f.failed << "," << unsigned(f.failReason) << "," << f.requests << "," << f.responses
           << "," << f.primaryHost << "," << f.backupHost << "," << f.setupByBackup << ","
           << f.hijacked << "\n";
    }
}

} // namespace sfc
} // namespace ns3
