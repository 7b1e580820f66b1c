/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "owner-monitor.h"

#include "ns3/flow-payload-header.h"
#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/tcp-header.h"

namespace ns3
{
namespace sfc
{

NS_LOG_COMPONENT_DEFINE("SfcOwnerMonitor");
NS_OBJECT_ENSURE_REGISTERED(OwnerMonitor);

const char*
OwnerMonitor::KindName(Kind k)
{
    switch (k)
    {
    case EAST_WEST:
        return "east_west";
    case OUTBOUND_NAT:
        return "outbound_nat";
    case INBOUND_NAT:
        return "inbound_nat";
    }
    return "unknown";
}

TypeId
OwnerMonitor::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sfc::OwnerMonitor")
                            .SetParent<Object>()
                            .SetGroupName("Sfc")
                            .AddConstructor<OwnerMonitor>();
    return tid;
}

OwnerMonitor::OwnerMonitor() = default;
OwnerMonitor::~OwnerMonitor() = default;

void
OwnerMonitor::WatchClient(Ptr<FlowClient> client, Kind kind)
{
    TimeValue rto;
    client->GetAttribute("InitialRto", rto);
    Time initialRto = rto.Get();
    client->TraceConnectWithoutContext(
        "FlowStart",
        Callback<void, uint64_t, const FlowKey&, uint32_t>(
            [this, kind, initialRto](uint64_t id, const FlowKey& key, uint32_t requests) {
                OnStart(kind, initialRto, id, key, requests);
            }));
    client->TraceConnectWithoutContext("FlowComplete",
                                       MakeCallback(&OwnerMonitor::OnComplete, this));
    client->TraceConnectWithoutContext("FlowFail", MakeCallback(&OwnerMonitor::OnFail, this));
}

void
OwnerMonitor::WatchVplane(Ptr<VPlane> vplane)
{
    vplane->TraceConnectWithoutContext("Processed", MakeCallback(&OwnerMonitor::OnProcessed, this));
    vplane->TraceConnectWithoutContext("Violation", MakeCallback(&OwnerMonitor::OnViolation, this));
    vplane->TraceConnectWithoutContext("Delivered", MakeCallback(&OwnerMonitor::OnDelivered, this));
}

void
OwnerMonitor::AddEvent(Time at, const std::string& label)
{
    m_events.emplace_back(at, label);
}

void
OwnerMonitor::OnStart(Kind kind,
                      Time rto,
                      uint64_t id,
                      const FlowKey& /* key */,
                      uint32_t /* requests */)
{
    Flow& f = m_flows[id];
    f.kind = kind;
    f.start = Simulator::Now();
    f.rto = rto;
}

void
OwnerMonitor::OnComplete(uint64_t id, uint32_t /* responses */)
{
    auto it = m_flows.find(id);
    if (it != m_flows.end())
    {
        it->second.completed = true;
        it->second.end = Simulator::Now();
    }
}

void
OwnerMonitor::OnFail(uint64_t id, FlowClient::FailReason /* reason */)
{
    auto it = m_flows.find(id);
    if (it != m_flows.end())
    {
        it->second.failed = true;
        it->second.end = Simulator::Now();
    }
}

OwnerMonitor::Flow*
OwnerMonitor::Find(Ptr<const Packet> p, InnerPacketInfo* out)
{
    InnerPacketInfo info;
    FlowPayloadHeader payload;
    if (!InnerPacket::Parse(*p, info) || !InnerPacket::ReadFlowPayload(*p, info, payload))
    {
        return nullptr;
    }
    auto it = m_flows.find(payload.GetFlowId());
    if (it == m_flows.end())
    {
        return nullptr;
    }
    if (out != nullptr)
    {
        *out = info;
    }
    return &it->second;
}

void
OwnerMonitor::OnProcessed(Ptr<const Packet> p, const VnetFlowKey& /* key */, Ipv4Address vplane)
{
    Flow* f = Find(p);
    if (f != nullptr)
    {
        f->owners.insert(vplane.Get());
        f->processed++;
    }
}

void
OwnerMonitor::OnViolation(Ptr<const Packet> p, const VnetFlowKey& /* key */, Ipv4Address /* v */)
{
    Flow* f = Find(p);
    if (f != nullptr)
    {
        f->violations++;
    }
}

void
OwnerMonitor::OnDelivered(Ptr<const Packet> p,
                          const InnerPacketInfo& info,
                          Time latency,
                          uint32_t links)
{
    FlowPayloadHeader payload;
    if (!InnerPacket::ReadFlowPayload(*p, info, payload))
    {
        return;
    }
    auto it = m_flows.find(payload.GetFlowId());
    if (it == m_flows.end())
    {
        return;
    }
    Flow& f = it->second;
    bool syn = info.tcpFlags & TcpHeader::SYN;
    int dir = -1;
    if (syn)
    {
        dir = (info.tcpFlags & TcpHeader::ACK) ? 1 : 0;
        if (dir == 0 && payload.GetSeq() == 0)
        {
            f.firstSyn = true;
        }
        if (dir == 1 && Simulator::Now() < f.start + f.rto)
        {
            f.synAckInTime = true;
        }
        if (f.firstSeen[dir])
        {
            return; // a retransmitted SYN or SYN-ACK
        }
        f.firstSeen[dir] = true;
        f.firstLatency[dir] = latency.GetSeconds();
        f.firstLinks[dir] = links;
        return;
    }
    if (payload.GetKind() == FlowPayloadHeader::REQUEST)
    {
        dir = 0;
    }
    else if (payload.GetKind() == FlowPayloadHeader::RESPONSE)
    {
        dir = 1;
    }
    if (dir < 0)
    {
        return;
    }
    f.laterLatency[dir] += latency.GetSeconds();
    f.laterLinks[dir] += links;
    f.later[dir]++;
}

bool
OwnerMonitor::IsBroken(const Flow& f) const
{
    return f.failed || !f.completed || f.violations > 0;
}

OwnerMonitor::Summary
OwnerMonitor::Finalize() const
{
    Summary s;
    for (const auto& [id, f] : m_flows)
    {
        for (KindSummary* k : {&s.kinds[f.kind], &s.all})
        {
            k->flows++;
            k->completed += f.completed ? 1 : 0;
            k->broken += IsBroken(f) ? 1 : 0;
            k->sticky += (f.owners.size() <= 1 && f.violations == 0) ? 1 : 0;
            k->violations += f.violations;
            k->processed += f.processed;
            k->split += f.owners.size() > 1 ? 1 : 0;
            k->firstDelivered += (f.firstSyn && f.synAckInTime) ? 1 : 0;
            if (f.firstSeen[0] && f.firstSeen[1] && f.later[0] > 0 && f.later[1] > 0)
            {
                double links = 0;
                double latency = 0;
                for (int d = 0; d < 2; ++d)
                {
                    links += f.firstLinks[d] - double(f.laterLinks[d]) / f.later[d];
                    latency += f.firstLatency[d] - f.laterLatency[d] / f.later[d];
                }
                k->detourLinks += links;
                k->detourLatencyMs += latency * 1e3;
                k->detourFlows++;
            }
        }
    }
    for (KindSummary* k : {&s.kinds[0], &s.kinds[1], &s.kinds[2], &s.all})
    {
        if (k->detourFlows > 0)
        {
            k->detourLinks /= k->detourFlows;
            k->detourLatencyMs /= k->detourFlows;
        }
    }
    for (const auto& [at, label] : m_events)
    {
        EventSummary e;
        e.timeS = at.GetSeconds();
        e.label = label;
        for (const auto& [id, f] : m_flows)
        {
            if (f.start <= at && f.end > at)
            {
                e.active++;
                e.broken += IsBroken(f) ? 1 : 0;
            }
        }
        s.events.push_back(e);
    }
    return s;
}

} // namespace sfc
} // namespace ns3
