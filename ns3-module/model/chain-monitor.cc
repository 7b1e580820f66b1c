/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "chain-monitor.h"

#include "flow-server.h"
#include "forwarder.h"
#include "inner-packet.h"
#include "service-chain.h"
#include "service-node.h"

#include "ns3/callback.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/simulator.h"
#include "ns3/tcp-header.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SfcChainMonitor");

namespace sfc
{

NS_OBJECT_ENSURE_REGISTERED(ChainMonitor);

TypeId
ChainMonitor::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sfc::ChainMonitor")
                            .SetParent<Object>()
                            .SetGroupName("Sfc")
                            .AddConstructor<ChainMonitor>();
    return tid;
}

ChainMonitor::ChainMonitor()
    : m_nFunctions(0),
      m_instanceDrops{},
      m_forwarderDrops{},
      m_havePathModel(false)
{
}

ChainMonitor::~ChainMonitor() = default;

void
ChainMonitor::DoDispose()
{
    m_chain = nullptr;
    m_forwarders.clear();
    Object::DoDispose();
}

void
ChainMonitor::WatchChain(Ptr<ServiceChain> chain)
{
    m_chain = chain;
    m_nFunctions = chain->GetNFunctions();
    for (const auto& kv : chain->GetAllInstances())
    {
        const ServiceChain::InstanceInfo& info = kv.second;
        m_instanceNode[info.id] = info.node->GetNode()->GetId();
        info.node->TraceConnectWithoutContext(
            "Rx",
            MakeCallback(&ChainMonitor::OnInstanceRx, this).Bind(info.function, info.id));
        info.node->TraceConnectWithoutContext("Drop",
                                              MakeCallback(&ChainMonitor::OnInstanceDrop, this));
    }
}

void
ChainMonitor::WatchForwarder(Ptr<Forwarder> forwarder, const std::string& name)
{
    m_forwarders.emplace_back(name, forwarder);
    forwarder->TraceConnectWithoutContext("OverlayRx",
                                          MakeCallback(&ChainMonitor::OnOverlayRx, this));
    forwarder->TraceConnectWithoutContext("EdgeRx", MakeCallback(&ChainMonitor::OnEdgeRx, this));
    forwarder->TraceConnectWithoutContext("EdgeTx", MakeCallback(&ChainMonitor::OnEdgeTx, this));
    forwarder->TraceConnectWithoutContext("Drop",
                                          MakeCallback(&ChainMonitor::OnForwarderDrop, this));
}

void
ChainMonitor::WatchClient(Ptr<FlowClient> client)
{
    client->TraceConnectWithoutContext("FlowStart", MakeCallback(&ChainMonitor::OnFlowStart, this));
    client->TraceConnectWithoutContext("FlowComplete",
                                       MakeCallback(&ChainMonitor::OnFlowComplete, this));
    client->TraceConnectWithoutContext("FlowFail", MakeCallback(&ChainMonitor::OnFlowFail, this));
}

void
ChainMonitor::WatchServer(Ptr<FlowServer> server)
{
    server->TraceConnectWithoutContext("TupleChange",
                                       MakeCallback(&ChainMonitor::OnTupleChange, this));
}

void
ChainMonitor::SetPathModel(const SfcTopology& topology,
                           const std::map<uint32_t, uint32_t>& nodeToVertex,
                           const std::map<Ipv4Address, uint32_t>& addressToVertex)
{
    m_topology = topology;
    m_nodeToVertex = nodeToVertex;
    m_addressToVertex = addressToVertex;
    m_havePathModel = true;
}

ChainMonitor::FlowRecord*
ChainMonitor::Find(Ptr<const Packet> inner, InnerPacketInfo* infoOut)
{
    InnerPacketInfo info;
    FlowPayloadHeader ph;
    if (!InnerPacket::Parse(*inner, info) || !InnerPacket::ReadFlowPayload(*inner, info, ph))
    {
        return nullptr;
    }
    auto it = m_flows.find(ph.GetFlowId());
    if (it == m_flows.end())
    {
        return nullptr;
    }
    if (infoOut != nullptr)
    {
        *infoOut = info;
    }
    return &it->second;
}

bool
ChainMonitor::IsFirstSyn(Ptr<const Packet> inner, const InnerPacketInfo& info)
{
    if (!(info.tcpFlags & TcpHeader::SYN) || (info.tcpFlags & TcpHeader::ACK))
    {
        return false;
    }
    FlowPayloadHeader ph;
    return InnerPacket::ReadFlowPayload(*inner, info, ph) && ph.GetSeq() == 0;
}

void
ChainMonitor::OnFlowStart(uint64_t id, const FlowKey& key, uint32_t requests)
{
    FlowRecord& r = m_flows[id];
    r.id = id;
    r.key = key;
    r.requests = requests;
    r.start = Simulator::Now();
    r.instance.assign(m_nFunctions + 1, 0);
    r.synInstance.assign(m_nFunctions + 1, 0);
}

void
ChainMonitor::OnFlowComplete(uint64_t id, uint32_t responses)
{
    auto it = m_flows.find(id);
    if (it != m_flows.end())
    {
        it->second.completed = true;
        it->second.responses = responses;
        it->second.end = Simulator::Now();
    }
}

void
ChainMonitor::OnFlowFail(uint64_t id, FlowClient::FailReason reason)
{
    auto it = m_flows.find(id);
    if (it != m_flows.end())
    {
        it->second.failed = true;
        it->second.failReason = reason;
        it->second.end = Simulator::Now();
    }
}

void
ChainMonitor::OnTupleChange(uint64_t id, const FlowKey& /* first */, const FlowKey& /* now */)
{
    auto it = m_flows.find(id);
    if (it != m_flows.end())
    {
        it->second.tupleChanged = true;
    }
}

void
ChainMonitor::OnInstanceRx(uint32_t function,
                           uint32_t instance,
                           Ptr<const Packet> p,
                           Direction dir)
{
    InnerPacketInfo info;
    FlowRecord* r = Find(p, &info);
    if (r == nullptr || function >= r->instance.size())
    {
        return;
    }
    if (r->instance[function] == 0)
    {
        r->instance[function] = instance;
    }
    else if (r->instance[function] != instance)
    {
        r->sticky = false;
    }
    if (dir == Direction::FORWARD && r->synInstance[function] == 0 && IsFirstSyn(p, info))
    {
        r->synInstance[function] = instance;
    }
}

void
ChainMonitor::OnInstanceDrop(Ptr<const Packet> p, Direction /* dir */, DropReason reason)
{
    m_instanceDrops[static_cast<uint32_t>(reason)]++;
    if (reason != DropReason::NO_STATE)
    {
        return;
    }
    FlowRecord* r = Find(p);
    if (r != nullptr)
    {
        r->noStateDrops++;
    }
}

void
ChainMonitor::OnOverlayRx(Ptr<const Packet> p, uint32_t hops)
{
    InnerPacketInfo info;
    if (!InnerPacket::Parse(*p, info) || !(info.tcpFlags & TcpHeader::SYN))
    {
        return;
    }
    FlowRecord* r = Find(p);
    if (r != nullptr && !r->synOut && IsFirstSyn(p, info))
    {
        r->synHops += hops;
    }
}

void
ChainMonitor::OnEdgeRx(Ptr<const Packet> p, uint32_t /* port */)
{
    InnerPacketInfo info;
    if (!InnerPacket::Parse(*p, info) || !(info.tcpFlags & TcpHeader::SYN))
    {
        return;
    }
    FlowRecord* r = Find(p);
    if (r != nullptr && !r->synOut && IsFirstSyn(p, info))
    {
        r->synHops += 1; // the access link from the source
    }
}

void
ChainMonitor::OnEdgeTx(Ptr<const Packet> p, uint32_t /* port */)
{
    InnerPacketInfo info;
    if (!InnerPacket::Parse(*p, info) || !(info.tcpFlags & TcpHeader::SYN))
    {
        return;
    }
    FlowRecord* r = Find(p);
    if (r != nullptr && !r->synOut && IsFirstSyn(p, info))
    {
        r->synHops += 1; // the link to the external host
        r->synOut = true;
    }
}

void
ChainMonitor::OnForwarderDrop(Ptr<const Packet> /* p */, DropReason reason)
{
    m_forwarderDrops[static_cast<uint32_t>(reason)]++;
}

uint32_t
ChainMonitor::ShortestHops(const FlowRecord& r) const
{
    auto src = m_addressToVertex.find(r.key.src);
    auto dst = m_addressToVertex.find(r.key.dst);
    if (src == m_addressToVertex.end() || dst == m_addressToVertex.end())
    {
        return 0;
    }
    std::vector<uint32_t> waypoints{src->second};
    for (uint32_t f = 1; f <= m_nFunctions; ++f)
    {
        auto node = m_instanceNode.find(r.synInstance[f]);
        if (node == m_instanceNode.end())
        {
            return 0;
        }
        waypoints.push_back(m_nodeToVertex.at(node->second));
    }
    waypoints.push_back(dst->second);
    return m_topology.PathHops(waypoints);
}

ChainMonitor::Summary
ChainMonitor::Finalize() const
{
    Summary s;
    double fctSum = 0;
    uint64_t requested = 0;
    uint64_t answered = 0;
    uint32_t stretchCount = 0;
    double stretchSum = 0;
    for (const auto& kv : m_flows)
    {
        const FlowRecord& r = kv.second;
        s.flows++;
        s.stickyFlows += r.sticky ? 1 : 0;
        s.brokenFlows += r.IsBroken() ? 1 : 0;
        s.tupleChangedFlows += r.tupleChanged ? 1 : 0;
        if (r.completed)
        {
            s.completedFlows++;
            fctSum += (r.end - r.start).GetSeconds();
            requested += r.requests;
            answered += std::min(r.responses, r.requests);
        }
        else if (r.failed)
        {
            s.failedFlows++;
        }
        else
        {
            s.openFlows++;
        }
        if (m_havePathModel && r.synOut)
        {
            uint32_t shortest = ShortestHops(r);
            if (shortest > 0)
            {
                double stretch = double(r.synHops) / shortest;
                stretchSum += stretch;
                stretchCount++;
                s.pathStretchMax = std::max(s.pathStretchMax, stretch);
            }
        }
    }
    s.stickinessRatio = s.flows ? double(s.stickyFlows) / s.flows : 0;
    s.brokenRatio = s.flows ? double(s.brokenFlows) / s.flows : 0;
    s.meanFctS = s.completedFlows ? fctSum / s.completedFlows : 0;
    s.responseLossRatio = requested ? double(requested - answered) / requested : 0;
    s.pathStretch = stretchCount ? stretchSum / stretchCount : 0;
    for (uint32_t i = 0; i < kNumDropReasons; ++i)
    {
        s.instanceDrops[i] = m_instanceDrops[i];
        s.forwarderDrops[i] = m_forwarderDrops[i];
    }
    s.noStateDrops = m_instanceDrops[static_cast<uint32_t>(DropReason::NO_STATE)];
    for (const auto& nf : m_forwarders)
    {
        ForwarderStats fs;
        fs.name = nf.first;
        Ptr<FlowTable> table = nf.second->GetFlowTable();
        fs.peakEntries = table->GetPeakEntries();
        fs.peakBytes = uint64_t(fs.peakEntries) * FlowTable::kEntryBytes;
        fs.hits = nf.second->GetHits();
        fs.misses = nf.second->GetMisses();
        for (uint32_t i = 0; i < kNumDropReasons; ++i)
        {
            fs.drops += nf.second->GetDrops(static_cast<DropReason>(i));
        }
        s.peakFlowEntries = std::max(s.peakFlowEntries, fs.peakEntries);
        s.peakFlowEntriesTotal += fs.peakEntries;
        s.peakFlowTableBytes = std::max(s.peakFlowTableBytes, fs.peakBytes);
        s.forwarders.push_back(fs);
    }
    return s;
}

const std::map<uint64_t, ChainMonitor::FlowRecord>&
ChainMonitor::GetFlows() const
{
    return m_flows;
}

void
ChainMonitor::WriteFlowsCsv(std::ostream& os) const
{
    os << "flow_id,src,sport,dst,dport,start_s,end_s,completed,failed,fail_reason,sticky,"
          "broken,no_state_drops,tuple_changed,requests,responses,syn_hops,path_hops_min";
    for (uint32_t f = 1; f <= m_nFunctions; ++f)
    {
        os << ",instance_f" << f;
    }
    os << "\n";
    for (const auto& kv : m_flows)
    {
        const FlowRecord& r = kv.second;
        os << r.id << "," << r.key.src << "," << r.key.sport << "," << r.key.dst << ","
           << r.key.dport << "," << r.start.GetSeconds() << ","
           << (r.completed || r.failed ? r.end.GetSeconds() : -1.0) << "," << r.completed << ","
           << r.failed << "," << (r.failed ? int(r.failReason) : -1) << "," << r.sticky << ","
           << r.IsBroken() << "," << r.noStateDrops << "," << r.tupleChanged << "," << r.requests
           << "," << r.responses << "," << (r.synOut ? r.synHops : 0) << ","
           << (m_havePathModel && r.synOut ? ShortestHops(r) : 0);
        for (uint32_t f = 1; f <= m_nFunctions; ++f)
        {
            os << "," << r.instance[f];
        }
        os << "\n";
    }
}

} // namespace sfc
} // namespace ns3
