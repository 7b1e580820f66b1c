/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "chain-monitor.h"

#include "ns3/callback.h"
#include "ns3/flow-server.h"
#include "ns3/forwarder.h"
#include "ns3/inner-packet.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/scaling-controller.h"
#include "ns3/service-chain.h"
#include "ns3/service-node.h"
#include "ns3/simulator.h"
#include "ns3/tcp-header.h"

#include <algorithm>
#include <sstream>

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
      m_havePathModel(false),
      m_binWidth(Seconds(1))
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
    for (uint32_t f = 1; f <= m_nFunctions; ++f)
    {
        m_membershipLog.emplace_back(
            Simulator::Now(),
            f,
            static_cast<uint32_t>(chain->GetMembership()->GetInstances(f).size()));
    }
    chain->TraceConnectWithoutContext("Membership",
                                      MakeCallback(&ChainMonitor::OnMembership, this));
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
ChainMonitor::WatchController(Ptr<ScalingController> controller)
{
    controller->TraceConnectWithoutContext("ScalingEvent",
                                           MakeCallback(&ChainMonitor::OnScalingEvent, this));
}

void
ChainMonitor::AddEvent(const std::string& label)
{
    m_events.emplace_back(Simulator::Now(), label);
}

void
ChainMonitor::SetTimeSeriesInterval(Time width)
{
    m_binWidth = width;
}

void
ChainMonitor::OnScalingEvent(uint32_t function, int32_t delta, bool drain)
{
    std::ostringstream label;
    label << m_chain->GetFunctionName(function) << ":" << (delta > 0 ? "+" : "") << delta
          << (delta < 0 ? (drain ? ":drain" : ":abrupt") : "");
    AddEvent(label.str());
}

void
ChainMonitor::OnMembership(uint32_t function, uint32_t /* instance */, bool /* active */)
{
    m_membershipLog.emplace_back(
        Simulator::Now(),
        function,
        static_cast<uint32_t>(m_chain->GetMembership()->GetInstances(function).size()));
}

void
ChainMonitor::NoteBreak(FlowRecord& r)
{
    r.firstBreak = std::min(r.firstBreak, Simulator::Now());
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

ChainMonitor::FlowPacket
ChainMonitor::Find(Ptr<const Packet> inner, uint8_t flags)
{
    FlowPacket fp;
    if (!InnerPacket::Parse(*inner, fp.info) || (fp.info.tcpFlags & flags) != flags ||
        !InnerPacket::ReadFlowPayload(*inner, fp.info, fp.payload))
    {
        return fp;
    }
    auto it = m_flows.find(fp.payload.GetFlowId());
    fp.record = (it == m_flows.end()) ? nullptr : &it->second;
    return fp;
}

bool
ChainMonitor::FlowPacket::IsFirstSyn() const
{
    return (info.tcpFlags & TcpHeader::SYN) && !(info.tcpFlags & TcpHeader::ACK) &&
           payload.GetSeq() == 0;
}

ChainMonitor::FlowRecord*
ChainMonitor::FirstSynToCount(Ptr<const Packet> inner)
{
    FlowPacket fp = Find(inner, TcpHeader::SYN);
    return (fp.record != nullptr && !fp.record->synOut && fp.IsFirstSyn()) ? fp.record : nullptr;
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
        NoteBreak(it->second);
    }
}

void
ChainMonitor::OnTupleChange(uint64_t id, const FlowKey& /* first */, const FlowKey& /* now */)
{
    auto it = m_flows.find(id);
    if (it != m_flows.end())
    {
        it->second.tupleChanged = true;
        NoteBreak(it->second);
    }
}

void
ChainMonitor::OnInstanceRx(uint32_t function, uint32_t instance, Ptr<const Packet> p, Direction dir)
{
    FlowPacket fp = Find(p);
    FlowRecord* r = fp.record;
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
    if (dir == Direction::FORWARD && r->synInstance[function] == 0 && fp.IsFirstSyn())
    {
        r->synInstance[function] = instance;
    }
}

void
ChainMonitor::OnInstanceDrop(Ptr<const Packet> p, Direction /* dir */, DropReason reason)
{
    m_instanceDrops[static_cast<uint32_t>(reason)]++;
    if (reason != DropReason::NO_STATE && reason != DropReason::INSTANCE_DOWN)
    {
        return;
    }
    FlowRecord* r = Find(p).record;
    if (reason == DropReason::NO_STATE)
    {
        m_noStateDropTimes.push_back(Simulator::Now());
        if (r != nullptr)
        {
            r->noStateDrops++;
        }
    }
    if (r != nullptr)
    {
        // Lost state (or its instance): the flow breaks here, whenever the
        // client notices.
        NoteBreak(*r);
    }
}

void
ChainMonitor::OnOverlayRx(Ptr<const Packet> p, uint32_t hops)
{
    if (FlowRecord* r = FirstSynToCount(p))
    {
        r->synHops += hops;
    }
}

void
ChainMonitor::OnEdgeRx(Ptr<const Packet> p, uint32_t /* port */)
{
    if (FlowRecord* r = FirstSynToCount(p))
    {
        r->synHops += 1; // the access link from the source
    }
}

void
ChainMonitor::OnEdgeTx(Ptr<const Packet> p, uint32_t /* port */)
{
    if (FlowRecord* r = FirstSynToCount(p))
    {
        r->synHops += 1; // the link to the external host
        r->synOut = true;
    }
}

void
ChainMonitor::OnForwarderDrop(Ptr<const Packet> p, DropReason reason)
{
    m_forwarderDrops[static_cast<uint32_t>(reason)]++;
    if (reason == DropReason::MISDIRECTED)
    {
        // Sent to an instance the forwarder no longer hosts.
        if (FlowRecord* r = Find(p).record)
        {
            NoteBreak(*r);
        }
    }
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
    s.brokenRatioAll = s.flows ? double(s.brokenFlows) / s.flows : 0;
    FinalizeEvents(s);
    s.brokenRatio =
        m_events.empty()
            ? s.brokenRatioAll
            : (s.flowsAcrossEvents ? double(s.brokenAcrossEvents) / s.flowsAcrossEvents : 0);
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
        fs.packets = nf.second->GetPackets();
        for (uint32_t f = 1; f <= m_nFunctions; ++f)
        {
            if (m_chain && m_chain->GetDesignatedForwarder(f) == nf.second->GetLocator())
            {
                fs.dfFor.push_back(f);
            }
        }
        s.peakFlowEntries = std::max(s.peakFlowEntries, fs.peakEntries);
        s.peakFlowEntriesTotal += fs.peakEntries;
        s.peakFlowTableBytes = std::max(s.peakFlowTableBytes, fs.peakBytes);
        s.forwarders.push_back(fs);
    }
    return s;
}

void
ChainMonitor::FinalizeEvents(Summary& s) const
{
    Time end = Simulator::Now();
    // Flows across each event, and no-state drops until the next one.
    for (std::size_t i = 0; i < m_events.size(); ++i)
    {
        EventStats e;
        e.time = m_events[i].first;
        e.label = m_events[i].second;
        Time until = i + 1 < m_events.size() ? m_events[i + 1].first : end;
        for (Time t : m_noStateDropTimes)
        {
            e.noStateDrops += (t >= e.time && t < until) ? 1 : 0;
        }
        s.events.push_back(e);
    }
    // A flow is active across an event if it started before it, had not ended
    // and was not broken yet; it is broken by the event if it breaks before the
    // next one (a flow broken without a recorded break point, i.e. one that
    // just did not complete, counts at the end of the run).
    for (const auto& kv : m_flows)
    {
        const FlowRecord& r = kv.second;
        bool ended = r.completed || r.failed;
        Time broke =
            r.IsBroken() ? (r.firstBreak == Time::Max() ? end : r.firstBreak) : Time::Max();
        bool any = false;
        bool brokenAcross = false;
        for (std::size_t i = 0; i < s.events.size(); ++i)
        {
            EventStats& e = s.events[i];
            if (!(r.start < e.time && (!ended || r.end > e.time) && broke >= e.time))
            {
                continue;
            }
            any = true;
            Time next = i + 1 < s.events.size() ? s.events[i + 1].time : Time::Max();
            e.activeFlows++;
            if (broke < next || (i + 1 == s.events.size() && broke != Time::Max()))
            {
                e.brokenFlows++;
            }
            brokenAcross = brokenAcross || broke != Time::Max();
        }
        s.flowsAcrossEvents += any ? 1 : 0;
        s.brokenAcrossEvents += brokenAcross ? 1 : 0;
    }
    for (auto& e : s.events)
    {
        e.brokenRatio = e.activeFlows ? double(e.brokenFlows) / e.activeFlows : 0;
    }
    // Time series.
    s.binWidth = m_binWidth;
    uint32_t nBins = static_cast<uint32_t>(end.GetNanoSeconds() / m_binWidth.GetNanoSeconds()) + 1;
    s.timeseries.assign(nBins, Bin());
    auto binOf = [&](Time t) {
        int64_t b = t.GetNanoSeconds() / m_binWidth.GetNanoSeconds();
        return static_cast<uint32_t>(std::min<int64_t>(std::max<int64_t>(b, 0), nBins - 1));
    };
    for (uint32_t b = 0; b < nBins; ++b)
    {
        s.timeseries[b].start = m_binWidth * b;
        s.timeseries[b].instances.assign(m_nFunctions + 1, 0);
    }
    for (const auto& change : m_membershipLog)
    {
        // A change at t counts from the first bin starting at or after t.
        Time t = std::get<0>(change);
        for (uint32_t b = 0; b < nBins; ++b)
        {
            if (s.timeseries[b].start >= t)
            {
                s.timeseries[b].instances[std::get<1>(change)] = std::get<2>(change);
            }
        }
    }
    for (Time t : m_noStateDropTimes)
    {
        s.timeseries[binOf(t)].noStateDrops++;
    }
    for (const auto& kv : m_flows)
    {
        const FlowRecord& r = kv.second;
        s.timeseries[binOf(r.start)].flowsStarted++;
        if (r.completed)
        {
            s.timeseries[binOf(r.end)].flowsCompleted++;
        }
        if (r.IsBroken())
        {
            s.timeseries[binOf(r.firstBreak == Time::Max() ? end : r.firstBreak)].flowsBroken++;
        }
        bool ended = r.completed || r.failed;
        for (uint32_t b = binOf(r.start) + 1; b < nBins; ++b)
        {
            if (ended && r.end <= s.timeseries[b].start)
            {
                break;
            }
            s.timeseries[b].activeFlows++;
        }
    }
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
