/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "insertion-monitor.h"

#include "ns3/inner-packet.h"
#include "ns3/log.h"
#include "ns3/simulator.h"

#include <algorithm>

namespace ns3
{
namespace sfc
{

NS_LOG_COMPONENT_DEFINE("InsertionMonitor");
NS_OBJECT_ENSURE_REGISTERED(InsertionMonitor);

TypeId
InsertionMonitor::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sfc::InsertionMonitor")
                            .SetParent<Object>()
                            .SetGroupName("Sfc")
                            .AddConstructor<InsertionMonitor>()
                            .AddAttribute("InsertAt",
                                          "When the watched node is put on the chain.",
                                          TimeValue(Seconds(1)),
                                          MakeTimeAccessor(&InsertionMonitor::m_insertAt),
                                          MakeTimeChecker(Time(0)))
                            .AddAttribute("RemoveAt",
                                          "When it is taken off again (the default: never).",
                                          TimeValue(Time::Max()),
                                          MakeTimeAccessor(&InsertionMonitor::m_removeAt),
                                          MakeTimeChecker(Time(0)));
    return tid;
}

InsertionMonitor::InsertionMonitor()
    : m_lastAtNode(Time::Min())
{
    NS_LOG_FUNCTION(this);
}

InsertionMonitor::~InsertionMonitor() = default;

void
InsertionMonitor::DoDispose()
{
    m_byKey.clear();
    m_byId.clear();
    m_visited.Clear();
    Object::DoDispose();
}

void
InsertionMonitor::WatchInserted(Ptr<AgentlessAttachment> att, Ptr<ServiceNode> node)
{
    att->TraceConnectWithoutContext("Rx", MakeCallback(&InsertionMonitor::AtNode, this));
    node->TraceConnectWithoutContext("Drop", MakeCallback(&InsertionMonitor::NodeDrop, this));
}

void
InsertionMonitor::WatchNode(Ptr<ServiceNode> node)
{
    node->TraceConnectWithoutContext("Drop", MakeCallback(&InsertionMonitor::NodeDrop, this));
}

void
InsertionMonitor::WatchSwitch(Ptr<VemSwitch> sw)
{
    sw->TraceConnectWithoutContext("ToVm", MakeCallback(&InsertionMonitor::Delivered, this));
    sw->TraceConnectWithoutContext("Drop", MakeCallback(&InsertionMonitor::SwitchDrop, this));
}

void
InsertionMonitor::WatchClient(Ptr<FlowClient> client)
{
    client->TraceConnectWithoutContext("FlowStart", MakeCallback(&InsertionMonitor::Started, this));
    client->TraceConnectWithoutContext("FlowComplete",
                                       MakeCallback(&InsertionMonitor::Completed, this));
    client->TraceConnectWithoutContext("FlowFail", MakeCallback(&InsertionMonitor::Failed, this));
}

const std::vector<InsertionMonitor::FlowRecord>&
InsertionMonitor::GetFlows() const
{
    return m_flows;
}

const std::vector<Time>&
InsertionMonitor::GetNotHostedDrops() const
{
    return m_notHosted;
}

Time
InsertionMonitor::GetLastAtNode() const
{
    return m_lastAtNode;
}

bool
InsertionMonitor::OnChain() const
{
    Time now = Simulator::Now();
    return now >= m_insertAt && now < m_removeAt;
}

InsertionMonitor::FlowRecord*
InsertionMonitor::Find(const FlowKey& key, uint32_t& dir)
{
    auto it = m_byKey.find(key);
    dir = 0;
    if (it == m_byKey.end())
    {
        it = m_byKey.find(key.Reverse());
        dir = 1;
    }
    return it == m_byKey.end() ? nullptr : &m_flows[it->second];
}

void
InsertionMonitor::Started(uint64_t id, const FlowKey& key, uint32_t /* requests */)
{
    FlowRecord f;
    f.id = id;
    f.key = key;
    f.start = Simulator::Now();
    m_byKey[key] = m_flows.size();
    m_byId[id] = m_flows.size();
    m_flows.push_back(f);
}

void
InsertionMonitor::Completed(uint64_t id, uint32_t /* responses */)
{
    auto it = m_byId.find(id);
    if (it != m_byId.end())
    {
        m_flows[it->second].completed = true;
        m_flows[it->second].end = Simulator::Now();
    }
}

void
InsertionMonitor::Failed(uint64_t id, FlowClient::FailReason /* reason */)
{
    auto it = m_byId.find(id);
    if (it != m_byId.end())
    {
        m_flows[it->second].failed = true;
        m_flows[it->second].end = Simulator::Now();
    }
}

void
InsertionMonitor::AtNode(Ptr<const Packet> p, Direction /* dir */)
{
    m_lastAtNode = Simulator::Now();
    InnerPacketInfo info;
    uint32_t dir = 0;
    FlowRecord* f = InnerPacket::Parse(*p, info) ? Find(info.key, dir) : nullptr;
    if (f == nullptr)
    {
        return;
    }
    ++f->atNode[dir];
    f->firstAtNode = std::min(f->firstAtNode, Simulator::Now());
    m_visited[p->GetUid()] = 1;
}

void
InsertionMonitor::NodeDrop(Ptr<const Packet> p, Direction /* dir */, DropReason r)
{
    m_visited.Erase(p->GetUid());
    InnerPacketInfo info;
    uint32_t dir = 0;
    FlowRecord* f = InnerPacket::Parse(*p, info) ? Find(info.key, dir) : nullptr;
    if (f != nullptr && r == DropReason::NO_STATE)
    {
        ++f->noStateDrops;
    }
}

void
InsertionMonitor::SwitchDrop(Ptr<const Packet> p, VemDropReason r)
{
    m_visited.Erase(p->GetUid()); // it will not be delivered
    if (r == VemDropReason::NOT_HOSTED)
    {
        m_notHosted.push_back(Simulator::Now());
    }
    InnerPacketInfo info;
    uint32_t dir = 0;
    FlowRecord* f = InnerPacket::Parse(*p, info) ? Find(info.key, dir) : nullptr;
    if (f != nullptr)
    {
        ++f->switchDrops;
    }
}

void
InsertionMonitor::Delivered(Ptr<const Packet> p, Ipv4Address /* eid */)
{
    bool traversed = m_visited.Erase(p->GetUid());
    if (!OnChain())
    {
        return;
    }
    InnerPacketInfo info;
    uint32_t dir = 0;
    FlowRecord* f = InnerPacket::Parse(*p, info) ? Find(info.key, dir) : nullptr;
    if (f == nullptr)
    {
        return;
    }
    Time now = Simulator::Now();
    ++f->delivered[dir];
    if (!traversed)
    {
        ++f->bypass[dir];
        f->lastBypass[dir] = now;
        f->traversedSince[dir] = Time::Max();
        f->bypassAfterNode = f->bypassAfterNode || f->firstAtNode <= now;
    }
    else if (f->traversedSince[dir] == Time::Max())
    {
        f->traversedSince[dir] = now;
    }
}

bool
InsertionMonitor::ConvergedAt(const FlowRecord& f, Time& at) const
{
    if (f.delivered[0] + f.delivered[1] == 0)
    {
        return false;
    }
    at = m_insertAt;
    for (uint32_t d = 0; d < 2; ++d)
    {
        if (f.delivered[d] == 0)
        {
            continue;
        }
        if (f.traversedSince[d] == Time::Max())
        {
            return false; // its last delivery in this direction bypassed the node
        }
        if (f.bypass[d] > 0)
        {
            at = std::max(at, f.traversedSince[d]);
        }
    }
    return true;
}

bool
InsertionMonitor::IsBroken(const FlowRecord& f)
{
    return f.failed || !f.completed || f.noStateDrops > 0;
}

bool
InsertionMonitor::ActiveAt(const FlowRecord& f, Time t)
{
    return f.start <= t && f.end > t;
}

} // namespace sfc
} // namespace ns3
