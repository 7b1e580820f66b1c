/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * VemSwitch: the data plane (VM and tagged ports, encapsulation and
 * decapsulation, chain sequencing, the flow table). Attributes and ports
 * are in vem-switch.cc, the control plane in vem-switch-control.cc.
 */

#include "vem-switch.h"
#include "vpath-agent.h"
#include "vpath-chain.h"
#include "vpath-overlay.h"

#include "ns3/inet-socket-address.h"
#include "ns3/lisp-data-header.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/packet.h"

namespace ns3
{
namespace sfc
{

NS_LOG_COMPONENT_DEFINE("VemSwitchData");

void
VemSwitch::Drop(Ptr<const Packet> p, VemDropReason r)
{
    NS_LOG_LOGIC("drop: " << ToString(r));
    ++m_ctr.drops[static_cast<uint32_t>(r)];
    m_dropTrace(p, r);
}

bool
VemSwitch::Remember(const VpathFlowKey& key, const VpathFlowEntry& e, Ptr<const Packet> p)
{
    if (!m_flows.Set(key, e))
    {
        Drop(p, VemDropReason::TABLE_FULL);
        return false;
    }
    return true;
}

bool
VemSwitch::IsLocalRloc(Ipv4Address a) const
{
    return a == m_rloc || m_nodeByRloc.count(a) > 0;
}

void
VemSwitch::Output(Ptr<NetDevice> dev, Ptr<Packet> p)
{
    dev->Send(p, dev->GetBroadcast(), 0x0800);
}

void
VemSwitch::FromPort(Ptr<NetDevice> dev,
                    Ptr<const Packet> cp,
                    uint16_t /* protocol */,
                    const Address& /* from */,
                    const Address& /* to */,
                    NetDevice::PacketType /* type */)
{
    if (!m_ctrl)
    {
        return; // not running
    }
    Ptr<Packet> p = cp->Copy();
    uint32_t ifIndex = dev->GetIfIndex();
    auto agent = m_agentByIf.find(ifIndex);
    if (agent != m_agentByIf.end()) // the overlay comes back from an agent
    {
        VpathOverlay::Outer outer;
        InnerPacketInfo inner;
        if (!VpathOverlay::Decapsulate(p, outer) || !InnerPacket::Parse(*p, inner))
        {
            Drop(p, VemDropReason::MALFORMED);
            return;
        }
        FromNode(agent->second, outer.iid, outer.src.Get() == VpathAgent::kInAddress, p, inner);
        return;
    }
    InnerPacketInfo info;
    if (!InnerPacket::Parse(*p, info))
    {
        Drop(p, VemDropReason::MALFORMED);
        return;
    }
    auto vm = m_vmByIf.find(ifIndex);
    if (vm != m_vmByIf.end())
    {
        ++m_ctr.fromVm;
        Ipv4Address eid = vm->second;
        const VpathFlowEntry* back =
            m_flows.Find(VpathFlowKey{info.key, eid.Get(), VpathFlowKey::RETURN_TO});
        if (back != nullptr) // a reply: retrace the flow
        {
            VpathFlowEntry e = *back;
            SendTo(m_rloc, e.rloc, e.chain, p, info.key);
            return;
        }
        uint32_t chain = m_vms[eid].chain;
        if (!Remember(VpathFlowKey{info.key.Reverse(), eid.Get(), VpathFlowKey::REVERSE_IN},
                      VpathFlowEntry{m_rloc, chain},
                      p))
        {
            return;
        }
        Advance(Job{p, info.key, chain, m_rloc, eid, false});
        return;
    }
    auto tag = m_tagByIf.find(ifIndex);
    if (tag == m_tagByIf.end())
    {
        return;
    }
    Ipv4Address hop = tag->second.first;
    uint32_t policy = 0;
    bool isOutput = false;
    if (!m_nodes[hop].tags.FromTag(tag->second.second, policy, isOutput))
    {
        Drop(p, VemDropReason::NOT_HOSTED);
        return;
    }
    FromNode(hop, policy, isOutput, p, info);
}

void
VemSwitch::FromNode(Ipv4Address hop,
                    uint32_t policy,
                    bool forward,
                    Ptr<Packet> p,
                    const InnerPacketInfo& info)
{
    HostedNode& node = m_nodes[hop];
    if (!node.attached)
    {
        Drop(p, VemDropReason::NOT_HOSTED);
        return;
    }
    ++m_ctr.fromNode;
    if (forward) // serviced forward traffic: on to the next hop
    {
        if (Remember(VpathFlowKey{info.key.Reverse(), hop.Get(), VpathFlowKey::REVERSE_IN},
                     VpathFlowEntry{node.rloc, policy},
                     p))
        {
            Advance(Job{p, info.key, policy, node.rloc, hop, true});
        }
        return;
    }
    const VpathFlowEntry* back =
        m_flows.Find(VpathFlowKey{info.key, hop.Get(), VpathFlowKey::RETURN_TO});
    if (back == nullptr)
    {
        Drop(p, VemDropReason::NO_RETURN_STATE);
        return;
    }
    VpathFlowEntry e = *back;
    SendTo(node.rloc, e.rloc, e.chain, p, info.key);
}

void
VemSwitch::Advance(Job job)
{
    Ipv4Address dst = job.key.dst;
    m_hops.clear();
    if (job.chain != 0)
    {
        const LispMapCacheEntry* c = Resolve(LispEidPrefix::FromIpv4(dst, 32, job.chain), job);
        if (c == nullptr)
        {
            return; // waits for the Map-Reply
        }
        if (!c->IsNegative() && !VpathChain::ReadChain(c->record, m_hops))
        {
            m_hops.clear(); // a plain mapping for the prefix: no service hops
        }
    }
    int next = VpathChain::NextHopIndex(m_hops, job.hop, job.started);
    if (next < 0)
    {
        Drop(job.packet, VemDropReason::OFF_CHAIN);
        return;
    }
    Ipv4Address target = static_cast<std::size_t>(next) < m_hops.size() ? m_hops[next] : dst;
    Ipv4Address rloc;
    auto local = m_nodes.find(target);
    if (local != m_nodes.end() && local->second.attached)
    {
        rloc = local->second.rloc;
    }
    else if (target == dst && m_vms.count(dst))
    {
        rloc = m_rloc;
    }
    else
    {
        const LispMapCacheEntry* e = Resolve(LispEidPrefix::FromIpv4(target, 32, 0), job);
        if (e == nullptr)
        {
            return;
        }
        if (!VpathChain::BestRloc(e->record, rloc))
        {
            Drop(job.packet, VemDropReason::NO_MAPPING);
            return;
        }
    }
    SendTo(job.at, rloc, job.chain, job.packet, job.key);
}

void
VemSwitch::SendTo(Ipv4Address at, Ipv4Address to, uint32_t chain, Ptr<Packet> p, const FlowKey& key)
{
    if (IsLocalRloc(to))
    {
        ++m_ctr.local;
        ArriveAt(to, at, chain, p, key);
        return;
    }
    auto s = m_data.find(at);
    if (s == m_data.end())
    {
        Drop(p, VemDropReason::NOT_HOSTED);
        return;
    }
    m_encapTrace(p, to);
    LispDataHeader h;
    h.SetNonce(++m_dataNonce);
    h.SetInstanceId(chain);
    p->AddHeader(h);
    ++m_ctr.encap;
    s->second->SendTo(p, 0, InetSocketAddress(to, LispDataHeader::kPort));
}

void
VemSwitch::HandleData(Ptr<Socket> socket)
{
    Address local;
    socket->GetSockName(local);
    Ipv4Address at = InetSocketAddress::ConvertFrom(local).GetIpv4();
    Address from;
    while (Ptr<Packet> p = socket->RecvFrom(from))
    {
        LispDataHeader h;
        if (p->RemoveHeader(h) == 0 || !h.IsValid())
        {
            Drop(p, VemDropReason::MALFORMED);
            continue;
        }
        ++m_ctr.decap;
        Ipv4Address src = InetSocketAddress::ConvertFrom(from).GetIpv4();
        m_decapTrace(p, src);
        InnerPacketInfo info;
        if (!InnerPacket::Parse(*p, info))
        {
            Drop(p, VemDropReason::MALFORMED);
            continue;
        }
        ArriveAt(at, src, h.HasInstanceId() ? h.GetInstanceId() : 0, p, info.key);
    }
}

void
VemSwitch::ArriveAt(Ipv4Address at,
                    Ipv4Address from,
                    uint32_t chain,
                    Ptr<Packet> p,
                    const FlowKey& key)
{
    if (at == m_rloc) // for a local VM: its flow's last hop or a reply
    {
        auto vm = m_vms.find(key.dst);
        if (vm == m_vms.end())
        {
            Drop(p, VemDropReason::UNKNOWN_DESTINATION);
            return;
        }
        uint32_t eid = key.dst.Get();
        if (!m_flows.Find(VpathFlowKey{key, eid, VpathFlowKey::REVERSE_IN}) &&
            !Remember(VpathFlowKey{key.Reverse(), eid, VpathFlowKey::RETURN_TO},
                      VpathFlowEntry{from, chain},
                      p))
        {
            return;
        }
        ++m_ctr.toVm;
        m_toVmTrace(p, key.dst);
        Output(vm->second.dev, p);
        return;
    }
    auto hosted = m_nodeByRloc.find(at);
    if (hosted == m_nodeByRloc.end())
    {
        Drop(p, VemDropReason::NOT_HOSTED);
        return;
    }
    Ipv4Address hop = hosted->second;
    HostedNode& node = m_nodes[hop];
    if (!node.attached)
    {
        Drop(p, VemDropReason::NOT_HOSTED);
        return;
    }
    const VpathFlowEntry* rev =
        m_flows.Find(VpathFlowKey{key, hop.Get(), VpathFlowKey::REVERSE_IN});
    uint32_t policy = rev ? rev->chain : chain;
    const VpathTagMap::TagPair* tags = node.tags.ForPolicy(policy);
    if (tags == nullptr && !node.agentPort)
    {
        Drop(p, VemDropReason::NO_POLICY);
        return;
    }
    if (rev == nullptr && !Remember(VpathFlowKey{key.Reverse(), hop.Get(), VpathFlowKey::RETURN_TO},
                                    VpathFlowEntry{from, chain},
                                    p))
    {
        return;
    }
    ++m_ctr.toNode;
    m_toNodeTrace(p, hop);
    if (node.agentPort) // the overlay extends into the node
    {
        Ipv4Address side(rev ? VpathAgent::kOutAddress : VpathAgent::kInAddress);
        VpathOverlay::Encapsulate(p, node.rloc, side, LispDataHeader::kPort, policy, ++m_dataNonce);
        Output(node.agentPort, p);
        return;
    }
    Output(m_tagDev[rev ? tags->outTag : tags->inTag], p);
}

} // namespace sfc
} // namespace ns3
