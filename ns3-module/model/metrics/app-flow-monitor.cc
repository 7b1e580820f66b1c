/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "app-flow-monitor.h"

#include "ns3/callback.h"
#include "ns3/forwarder.h"
#include "ns3/inner-packet.h"
#include "ns3/log.h"
#include "ns3/service-chain.h"
#include "ns3/simulator.h"

#include <sstream>

namespace ns3
{
namespace sfc
{

NS_LOG_COMPONENT_DEFINE("SfcAppFlowMonitor");
NS_OBJECT_ENSURE_REGISTERED(AppFlowMonitor);

namespace
{
constexpr uint8_t kTcp = 6;
constexpr uint8_t kUdp = 17;
constexpr uint8_t kFin = 0x01;
constexpr uint8_t kSyn = 0x02;
constexpr uint8_t kRst = 0x04;
} // namespace

bool
AppFlowMonitor::FlowRecord::IsSticky() const
{
    for (std::size_t f = 1; f < forwardIds.size(); ++f)
    {
        std::set<uint32_t> all = forwardIds[f];
        all.insert(reverseIds[f].begin(), reverseIds[f].end());
        if (all.size() > 1)
        {
            return false;
        }
    }
    return true;
}

bool
AppFlowMonitor::FlowRecord::IsBroken() const
{
    return noStateDrops > 0 || translations > 1 || rstFromSource + rstToSource > 0;
}

TypeId
AppFlowMonitor::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sfc::AppFlowMonitor")
                            .SetParent<Object>()
                            .SetGroupName("Sfc")
                            .AddConstructor<AppFlowMonitor>();
    return tid;
}

AppFlowMonitor::AppFlowMonitor()
    : m_nFunctions(0)
{
    NS_LOG_FUNCTION(this);
}

void
AppFlowMonitor::DoDispose()
{
    m_flows.clear();
    m_translation.clear();
    Object::DoDispose();
}

void
AppFlowMonitor::WatchChain(Ptr<ServiceChain> chain)
{
    NS_LOG_FUNCTION(this << chain);
    m_nFunctions = chain->GetNFunctions();
    for (const auto& kv : chain->GetAllInstances())
    {
        const ServiceChain::InstanceInfo& info = kv.second;
        info.node->TraceConnectWithoutContext(
            "Rx",
            MakeCallback(&AppFlowMonitor::OnInstanceRx, this).Bind(info.function, info.id));
        info.node->TraceConnectWithoutContext("Drop",
                                              MakeCallback(&AppFlowMonitor::OnInstanceDrop, this));
        if (chain->FunctionTranslates(info.function))
        {
            // A SourceNat has it; another translating function may not (then nothing to follow).
            info.node->TraceConnectWithoutContext(
                "NewTranslation",
                MakeCallback(&AppFlowMonitor::OnTranslation, this));
        }
    }
}

void
AppFlowMonitor::WatchSourceEdge(Ptr<Forwarder> forwarder)
{
    NS_LOG_FUNCTION(this << forwarder);
    forwarder->TraceConnectWithoutContext("EdgeRx", MakeCallback(&AppFlowMonitor::OnEdgeRx, this));
    forwarder->TraceConnectWithoutContext("EdgeTx", MakeCallback(&AppFlowMonitor::OnEdgeTx, this));
}

AppFlowMonitor::FlowRecord*
AppFlowMonitor::Lookup(const FlowKey& key, Direction& dir)
{
    for (int reverse = 0; reverse < 2; ++reverse)
    {
        FlowKey k = reverse ? key.Reverse() : key;
        auto t = m_translation.find(k);
        if (t != m_translation.end())
        {
            k = t->second;
        }
        auto it = m_flows.find(k);
        if (it != m_flows.end())
        {
            dir = reverse ? Direction::REVERSE : Direction::FORWARD;
            return &it->second;
        }
    }
    return nullptr;
}

void
AppFlowMonitor::OnEdgeRx(Ptr<const Packet> p, uint32_t /* port */)
{
    InnerPacketInfo info;
    if (!InnerPacket::Parse(*p, info) || (info.key.protocol != kTcp && info.key.protocol != kUdp))
    {
        return;
    }
    auto it = m_flows.find(info.key);
    if (it == m_flows.end())
    {
        FlowRecord r;
        r.key = info.key;
        r.firstSeen = Simulator::Now();
        r.forwardIds.resize(m_nFunctions + 1);
        r.reverseIds.resize(m_nFunctions + 1);
        it = m_flows.emplace(info.key, r).first;
    }
    FlowRecord& r = it->second;
    r.packetsFromSource++;
    r.lastSeen = Simulator::Now();
    if (info.key.protocol != kTcp)
    {
        return;
    }
    if (info.tcpFlags & kRst)
    {
        r.rstFromSource++;
        return;
    }
    uint32_t length = info.totalLength - info.PayloadOffset() + ((info.tcpFlags & kSyn) ? 1 : 0) +
                      ((info.tcpFlags & kFin) ? 1 : 0);
    if (length == 0)
    {
        return; // a pure ACK
    }
    uint32_t end = info.tcpSeq + length;
    if (r.haveSeq && static_cast<int32_t>(end - r.highSeq) <= 0)
    {
        r.retransmissions++;
        return;
    }
    r.haveSeq = true;
    r.highSeq = end;
}

void
AppFlowMonitor::OnEdgeTx(Ptr<const Packet> p, uint32_t /* port */)
{
    InnerPacketInfo info;
    Direction dir;
    if (!InnerPacket::Parse(*p, info))
    {
        return;
    }
    FlowRecord* r = Lookup(info.key, dir);
    if (r == nullptr || dir != Direction::REVERSE)
    {
        return;
    }
    r->packetsToSource++;
    r->bytesToSource += info.totalLength - info.PayloadOffset();
    r->lastSeen = Simulator::Now();
    if (info.key.protocol == kTcp && (info.tcpFlags & kRst))
    {
        r->rstToSource++;
    }
}

void
AppFlowMonitor::OnInstanceRx(uint32_t function,
                             uint32_t instance,
                             Ptr<const Packet> p,
                             Direction /* dir */)
{
    InnerPacketInfo info;
    Direction dir;
    if (!InnerPacket::Parse(*p, info))
    {
        return;
    }
    FlowRecord* r = Lookup(info.key, dir);
    if (r == nullptr || function >= r->forwardIds.size())
    {
        return;
    }
    (dir == Direction::FORWARD ? r->forwardIds : r->reverseIds)[function].insert(instance);
}

void
AppFlowMonitor::OnInstanceDrop(Ptr<const Packet> p, Direction /* dir */, DropReason reason)
{
    InnerPacketInfo info;
    Direction dir;
    if (reason != DropReason::NO_STATE || !InnerPacket::Parse(*p, info))
    {
        return;
    }
    if (FlowRecord* r = Lookup(info.key, dir))
    {
        r->noStateDrops++;
    }
}

void
AppFlowMonitor::OnTranslation(const FlowKey& original, const FlowKey& translated)
{
    // A NAT after another one translates an already translated tuple.
    auto t = m_translation.find(original);
    FlowKey source = t != m_translation.end() ? t->second : original;
    m_translation[translated] = source;
    auto it = m_flows.find(source);
    if (it != m_flows.end())
    {
        it->second.translations++;
    }
}

std::vector<AppFlowMonitor::FlowRecord>
AppFlowMonitor::GetFlows() const
{
    std::vector<FlowRecord> flows;
    for (const auto& kv : m_flows)
    {
        flows.push_back(kv.second);
    }
    return flows;
}

nlohmann::ordered_json
AppFlowMonitor::Report() const
{
    uint64_t tcp = 0;
    uint64_t sticky = 0;
    uint64_t broken = 0;
    uint64_t retransmissions = 0;
    uint64_t rsts = 0;
    uint64_t noState = 0;
    nlohmann::ordered_json detail = nlohmann::ordered_json::array();
    for (const auto& kv : m_flows)
    {
        const FlowRecord& r = kv.second;
        tcp += r.key.protocol == kTcp ? 1 : 0;
        sticky += r.IsSticky() ? 1 : 0;
        broken += r.IsBroken() ? 1 : 0;
        retransmissions += r.retransmissions;
        rsts += r.rstFromSource + r.rstToSource;
        noState += r.noStateDrops;
        std::ostringstream key;
        key << r.key;
        nlohmann::ordered_json f;
        f["tuple"] = key.str();
        f["protocol"] = r.key.protocol == kTcp ? "tcp" : "udp";
        for (int d = 0; d < 2; ++d)
        {
            nlohmann::ordered_json per = nlohmann::ordered_json::array();
            for (std::size_t fn = 1; fn < r.forwardIds.size(); ++fn)
            {
                const auto& ids = d == 0 ? r.forwardIds[fn] : r.reverseIds[fn];
                per.push_back(std::vector<uint32_t>(ids.begin(), ids.end()));
            }
            f[d == 0 ? "forward_instances" : "reverse_instances"] = per;
        }
        f["sticky"] = r.IsSticky();
        f["broken"] = r.IsBroken();
        f["translations"] = r.translations;
        f["no_state_drops"] = r.noStateDrops;
        f["packets_from_source"] = r.packetsFromSource;
        f["packets_to_source"] = r.packetsToSource;
        f["bytes_to_source"] = r.bytesToSource;
        f["retransmissions"] = r.retransmissions;
        f["rst_from_source"] = r.rstFromSource;
        f["rst_to_source"] = r.rstToSource;
        f["first_seen_s"] = r.firstSeen.GetSeconds();
        f["last_seen_s"] = r.lastSeen.GetSeconds();
        detail.push_back(f);
    }
    nlohmann::ordered_json m;
    m["flows"] = m_flows.size();
    m["tcp_flows"] = tcp;
    m["udp_flows"] = m_flows.size() - tcp;
    m["sticky_flows"] = sticky;
    m["broken_flows"] = broken;
    m["stickiness_ratio"] = m_flows.empty() ? 1.0 : double(sticky) / m_flows.size();
    m["no_state_drops"] = noState;
    m["tcp_retransmissions"] = retransmissions;
    m["rsts"] = rsts;
    m["flows_detail"] = detail;
    return m;
}

} // namespace sfc
} // namespace ns3
