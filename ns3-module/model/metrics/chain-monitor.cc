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
    static TypeId tid =
        TypeId("ns3::sfc::ChainMonitor")
            .SetParent<Object>()
            .SetGroupName("Sfc")
            .AddConstructor<ChainMonitor>()
            .AddAttribute("RetireDelay",
                          "How long a flow's record is kept after the flow ended (completed "
                          "or failed), for its packets still in the network; then it is folded "
                          "into the metrics and released. Longer than any packet's time in "
                          "the network (GetLateEvents() counts the events it missed).",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&ChainMonitor::m_retireDelay),
                          MakeTimeChecker(Time(0)));
    return tid;
}

ChainMonitor::ChainMonitor()
    : m_nFunctions(0),
      m_retireDelay(Seconds(1)),
      m_keepRecords(false),
      m_finalized(false),
      m_retired(0),
      m_lateEvents(0),
      m_nFlows(0),
      m_stickyFlows(0),
      m_brokenFlows(0),
      m_tupleChangedFlows(0),
      m_completedFlows(0),
      m_failedFlows(0),
      m_openFlows(0),
      m_requested(0),
      m_answered(0),
      m_stretchMax(0),
      m_flowsAcrossEvents(0),
      m_brokenAcrossEvents(0),
      m_lastDropTime(Time::Min()),
      m_dropsAtLastTime(0),
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
    m_live.Clear();
    m_clients.clear();
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
    auto index = static_cast<uint32_t>(m_clients.size());
    m_clients.emplace_back();
    client->TraceConnectWithoutContext("FlowStart",
                                       MakeCallback(&ChainMonitor::OnFlowStart, this).Bind(index));
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
    // No-state drops count for the last event at or before them: those at
    // this very time belong to the new event, not to the previous one.
    Time now = Simulator::Now();
    uint64_t moved = (m_lastDropTime == now) ? m_dropsAtLastTime : 0;
    if (moved > 0 && !m_eventCounts.empty())
    {
        m_eventCounts.back().noStateDrops -= moved;
    }
    m_events.emplace_back(now, label);
    m_eventCounts.push_back(EventCounts{0, 0, moved});
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

void
ChainMonitor::KeepFlowRecords(bool keep)
{
    m_keepRecords = keep;
}

uint32_t
ChainMonitor::GetLiveFlows() const
{
    return m_live.GetSize();
}

uint64_t
ChainMonitor::GetRetiredFlows() const
{
    return m_retired;
}

uint64_t
ChainMonitor::GetLateEvents() const
{
    return m_lateEvents;
}

uint32_t*
ChainMonitor::Instances(uint32_t slot)
{
    return &m_instancePool[std::size_t(slot) * 2 * (m_nFunctions + 1)];
}

uint32_t*
ChainMonitor::SynInstances(uint32_t slot)
{
    return Instances(slot) + m_nFunctions + 1;
}

ChainMonitor::FlowPacket
ChainMonitor::Find(Ptr<const Packet> inner, uint8_t flags)
{
    FlowPacket fp;
    if (!m_retireQueue.empty())
    {
        RetireDue();
    }
    if (!InnerPacket::Parse(*inner, fp.info) || (fp.info.tcpFlags & flags) != flags ||
        !InnerPacket::ReadFlowPayload(*inner, fp.info, fp.payload))
    {
        return fp;
    }
    fp.slot = m_live.FindSlot(fp.payload.GetFlowId());
    if (fp.slot == FlatSlotMap<uint64_t, FlowRecord>::kNone)
    {
        NoteUnknown(fp.payload.GetFlowId());
        return fp;
    }
    fp.record = &m_live.At(fp.slot);
    return fp;
}

void
ChainMonitor::NoteUnknown(uint64_t id)
{
    for (const ClientLog& c : m_clients)
    {
        if (c.flows > 0 && id >= c.firstId && id - c.firstId < c.flows)
        {
            m_lateEvents++;
            NS_LOG_WARN("an event of flow " << id << " more than RetireDelay after its end");
            return;
        }
    }
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
ChainMonitor::OnFlowStart(uint32_t client, uint64_t id, const FlowKey& key, uint32_t requests)
{
    RetireDue();
    bool inserted;
    uint32_t slot = m_live.InsertSlot(id, inserted);
    NS_ABORT_MSG_IF(!inserted, "ChainMonitor: flow id " << id << " opened twice");
    FlowRecord& r = m_live.At(slot);
    ClientLog& c = m_clients[client];
    if (c.flows == 0)
    {
        c.firstId = id;
    }
    NS_ABORT_MSG_IF(id != c.firstId + c.flows,
                    "ChainMonitor: a client's flow ids must be consecutive");
    r.id = id;
    r.key = key;
    r.requests = requests;
    r.start = Simulator::Now();
    r.client = client;
    r.index = c.flows++;
    std::size_t stride = 2 * (m_nFunctions + 1);
    if (m_instancePool.size() < (std::size_t(slot) + 1) * stride)
    {
        m_instancePool.resize((std::size_t(slot) + 1) * stride);
    }
    std::fill_n(Instances(slot), stride, 0);
    // Placeholders in flow-id order, filled when the flow is folded.
    c.fctSteps.push_back(-1);
    c.hops.push_back(0);
    if (m_keepRecords)
    {
        c.kept.emplace_back();
        c.keptInstances.resize(c.keptInstances.size() + m_nFunctions, 0);
        c.keptShortest.push_back(0);
    }
}

void
ChainMonitor::OnFlowComplete(uint64_t id, uint32_t responses)
{
    RetireDue();
    if (FlowRecord* r = m_live.Find(id))
    {
        r->completed = true;
        r->responses = responses;
        r->end = Simulator::Now();
        QueueRetire(id);
    }
}

void
ChainMonitor::OnFlowFail(uint64_t id, FlowClient::FailReason reason)
{
    RetireDue();
    if (FlowRecord* r = m_live.Find(id))
    {
        r->failed = true;
        r->failReason = reason;
        r->end = Simulator::Now();
        NoteBreak(*r);
        QueueRetire(id);
    }
}

void
ChainMonitor::OnTupleChange(uint64_t id, const FlowKey& /* first */, const FlowKey& /* now */)
{
    RetireDue();
    if (FlowRecord* r = m_live.Find(id))
    {
        r->tupleChanged = true;
        NoteBreak(*r);
    }
    else
    {
        NoteUnknown(id);
    }
}

void
ChainMonitor::OnInstanceRx(uint32_t function, uint32_t instance, Ptr<const Packet> p, Direction dir)
{
    FlowPacket fp = Find(p);
    FlowRecord* r = fp.record;
    if (r == nullptr || function > m_nFunctions)
    {
        return;
    }
    uint32_t* inst = Instances(fp.slot);
    if (inst[function] == 0)
    {
        inst[function] = instance;
    }
    else if (inst[function] != instance)
    {
        r->sticky = false;
    }
    uint32_t* syn = SynInstances(fp.slot);
    if (dir == Direction::FORWARD && syn[function] == 0 && fp.IsFirstSyn())
    {
        syn[function] = instance;
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
        Time now = Simulator::Now();
        if (m_lastDropTime != now)
        {
            m_lastDropTime = now;
            m_dropsAtLastTime = 0;
        }
        m_dropsAtLastTime++;
        if (!m_eventCounts.empty())
        {
            m_eventCounts.back().noStateDrops++;
        }
        BinAt(now).noStateDrops++;
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
ChainMonitor::ShortestHops(const FlowRecord& r, const uint32_t* synInstance) const
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
        auto node = m_instanceNode.find(synInstance[f]);
        if (node == m_instanceNode.end())
        {
            return 0;
        }
        waypoints.push_back(m_nodeToVertex.at(node->second));
    }
    waypoints.push_back(dst->second);
    return m_topology.PathHops(waypoints);
}

void
ChainMonitor::QueueRetire(uint64_t id)
{
    m_retireQueue.emplace_back(Simulator::Now() + m_retireDelay, id);
}

void
ChainMonitor::RetireDue()
{
    // Called from the trace sinks (no event of its own, so that the monitor
    // never keeps a simulation running): a record is released at the first
    // trace after its RetireDelay has passed.
    Time now = Simulator::Now();
    while (!m_retireQueue.empty() && m_retireQueue.front().first < now)
    {
        uint64_t id = m_retireQueue.front().second;
        m_retireQueue.pop_front();
        uint32_t slot = m_live.FindSlot(id);
        if (slot != FlatSlotMap<uint64_t, FlowRecord>::kNone)
        {
            Fold(slot, false);
            m_live.Erase(id);
            m_retired++;
        }
    }
}

} // namespace sfc
} // namespace ns3
