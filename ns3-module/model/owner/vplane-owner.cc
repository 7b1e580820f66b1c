/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * VPlane owner decision (cache, rules, helper procedure, query queue) and
 * processing as the owner (the stateful functions, both directions).
 */

#include "vplane.h"

#include "ns3/log.h"

#include <algorithm>

namespace ns3
{
namespace sfc
{

NS_LOG_COMPONENT_DEFINE("SfcVPlaneOwner");

void
VPlane::Steer(Ptr<Packet> packet, const InnerPacketInfo& info, uint32_t vnet)
{
    VnetFlowKey key(vnet, info.key);
    if (m_mode == OwnerMode::SOURCE_OWNER)
    {
        Own(packet, info, vnet);
        return;
    }
    Ipv4Address owner;
    if (m_cache->Lookup(key, owner))
    {
        SendToOwner(packet, info, vnet, owner);
        return;
    }
    OwnerDecision d = m_rule->Select(key, *m_table);
    if (d.IsResolved())
    {
        SendToOwner(packet, info, vnet, d.owner);
        return;
    }
    if (m_mode == OwnerMode::NOTIFY)
    {
        bool known = false;
        Ipv4Address helper = HelperOf(key, known);
        if (!known)
        {
            m_unresolvedDrops++;
            Drop(packet, DropReason::NO_ROUTE);
        }
        else if (helper == m_locator)
        {
            HelperPacket(packet, info, vnet, m_locator, 8);
        }
        else
        {
            SendOverlay(packet, helper, TO_HELPER, vnet);
        }
        return;
    }
    Enqueue(key, packet, info);
}

void
VPlane::SendToOwner(Ptr<Packet> packet,
                    const InnerPacketInfo& info,
                    uint32_t vnet,
                    Ipv4Address owner)
{
    if (owner == m_locator)
    {
        Own(packet, info, vnet);
        return;
    }
    SendOverlay(packet, owner, TO_OWNER, vnet);
}

Ipv4Address
VPlane::HelperOf(const VnetFlowKey& key, bool& known) const
{
    if (m_mode == OwnerMode::CENTRAL)
    {
        known = true;
        return m_controller;
    }
    Ipv4Address helper;
    known = m_map.GetNSubsets() != 0 && m_map.GetHelper(m_subsets.GetSubset(key), helper);
    return helper;
}

bool
VPlane::Classify(const VnetFlowKey& key, const InnerPacketInfo& info, Pipeline& pipe) const
{
    pipe.key = key;
    pipe.next = 0;
    const FlowKey& t = info.key;
    if (key.vnet != 0)
    {
        bool src = m_table->Resolve(key.Source()).resolvable;
        bool dst = m_table->Resolve(key.Destination()).resolvable;
        pipe.vnetAfter = key.vnet;
        if (src && dst)
        {
            // East-west: the firewall alone, in the direction it has the connection.
            pipe.dir = m_fw->HasConnection(t.Reverse()) ? Direction::REVERSE : Direction::FORWARD;
            pipe.stages = {m_fw};
            return true;
        }
        if (src)
        {
            if (m_dnat->IsReturnOfBinding(t))
            {
                // Return of a port-forwarded connection: firewall, then DNAT back.
                pipe.dir = Direction::REVERSE;
                pipe.stages = {m_fw, m_dnat};
                pipe.vnetAfter = 0;
                return true;
            }
            // Outbound to the WAN: firewall, then source NAT.
            pipe.dir = Direction::FORWARD;
            pipe.stages = {m_fw, m_snat};
            pipe.vnetAfter = 0;
            return true;
        }
        return false;
    }
    VnetEndpoint target;
    if (m_assoc->MatchPortForward(key, target))
    {
        // Inbound to a port-forwarded address: DNAT, then the firewall.
        pipe.dir = Direction::FORWARD;
        pipe.stages = {m_dnat, m_fw};
        pipe.vnetAfter = target.vnet;
        return true;
    }
    if (t.dst == m_snat->GetPublicAddress())
    {
        // Return of a source-NATed connection: NAT back, then the firewall.
        pipe.dir = Direction::REVERSE;
        pipe.stages = {m_snat, m_fw};
        pipe.vnetAfter = 0; // set once translated: the VNet of the local VM
        return true;
    }
    return false;
}

void
VPlane::Own(Ptr<Packet> packet, const InnerPacketInfo& info, uint32_t vnet)
{
    Pipeline pipe;
    if (!Classify(VnetFlowKey(vnet, info.key), info, pipe))
    {
        Drop(packet, DropReason::NO_ROUTE);
        return;
    }
    m_processed++;
    m_processedTrace(packet, pipe.key, m_locator);
    m_inService[packet->GetUid()] = std::move(pipe);
    RunStage(packet, info);
}

void
VPlane::RunStage(Ptr<Packet> packet, const InnerPacketInfo& info)
{
    auto it = m_inService.find(packet->GetUid());
    if (it == m_inService.end())
    {
        Drop(packet, DropReason::MISDIRECTED);
        return;
    }
    Pipeline& pipe = it->second;
    if (pipe.next < pipe.stages.size())
    {
        Ptr<ServiceNode> sn = pipe.stages[pipe.next++];
        sn->Receive(packet, pipe.dir, info);
        return;
    }
    uint32_t vnet = pipe.vnetAfter;
    if (vnet == 0 && pipe.key.vnet == 0)
    {
        // A source-NAT return, translated back: the VNet of the local VM.
        auto v = m_vmVnet.find(info.key.dst);
        vnet = v == m_vmVnet.end() ? 0 : v->second;
    }
    m_inService.erase(it);
    Deliver(packet, info, vnet);
}

void
VPlane::FromService(Ptr<ServiceNode> /* sn */,
                    Ptr<Packet> packet,
                    Direction /* dir */,
                    const InnerPacketInfo& info)
{
    if (!m_running)
    {
        m_inService.erase(packet->GetUid());
        Drop(packet, DropReason::INSTANCE_DOWN);
        return;
    }
    RunStage(packet, info);
}

void
VPlane::ServiceDrop(Ptr<const Packet> packet, Direction /* dir */, DropReason reason)
{
    auto it = m_inService.find(packet->GetUid());
    if (it != m_inService.end())
    {
        if (reason == DropReason::NO_STATE)
        {
            // The flow's state is not here: this vPlane is not the flow's owner.
            m_violations++;
            m_violationTrace(packet, it->second.key, m_locator);
        }
        m_inService.erase(it);
    }
    Drop(packet, reason);
}

void
VPlane::Enqueue(const VnetFlowKey& key, Ptr<Packet> packet, const InnerPacketInfo& info)
{
    auto it = m_waiting.find(key);
    if (it == m_waiting.end())
    {
        it = m_waiting.find(key.Reverse());
    }
    bool fresh = it == m_waiting.end();
    if (fresh)
    {
        it = m_waiting.emplace(key, Waiting()).first;
    }
    Waiting& w = it->second;
    if (w.packets.size() >= m_queueLimit)
    {
        m_queueDrops++;
        Drop(packet, DropReason::QUEUE_FULL);
    }
    else
    {
        w.packets.emplace_back(packet, info);
        m_nQueued++;
        m_peakQueued = std::max(m_peakQueued, m_nQueued);
    }
    if (fresh)
    {
        w.txid = m_control->NextTransaction();
        SendQuery(it->first);
    }
}

void
VPlane::SendQuery(const VnetFlowKey& key)
{
    auto it = m_waiting.find(key);
    if (it == m_waiting.end())
    {
        return;
    }
    Waiting& w = it->second;
    bool known = false;
    Ipv4Address helper = HelperOf(key, known);
    if (!known || w.tries > m_queryRetries)
    {
        Unresolved(key);
        return;
    }
    w.tries++;
    m_queryTx[w.txid] = key;
    OwnerMessageHeader q = Message(OwnerMessageHeader::QUERY, key);
    q.SetTransaction(w.txid);
    if (helper == m_locator)
    {
        HandleQuery(q, m_locator);
    }
    else
    {
        m_control->Send(q, helper);
    }
    // HandleQuery() may have answered already (this vPlane is the helper).
    it = m_waiting.find(key);
    if (it != m_waiting.end())
    {
        Simulator::Cancel(it->second.timer);
        it->second.timer = Simulator::Schedule(m_queryTimeout, &VPlane::QueryTimeout, this, key);
    }
}

void
VPlane::QueryTimeout(VnetFlowKey key)
{
    SendQuery(key);
}

void
VPlane::Resolved(const VnetFlowKey& key, Ipv4Address owner)
{
    auto it = m_waiting.find(key);
    if (it == m_waiting.end())
    {
        it = m_waiting.find(key.Reverse());
        if (it == m_waiting.end())
        {
            m_cache->Insert(key, owner);
            return;
        }
    }
    Waiting w = std::move(it->second);
    m_waiting.erase(it);
    Simulator::Cancel(w.timer);
    m_queryTx.erase(w.txid);
    m_cache->Insert(key, owner);
    for (auto& [packet, info] : w.packets)
    {
        m_nQueued--;
        SendToOwner(packet, info, key.vnet, owner);
    }
}

void
VPlane::Unresolved(const VnetFlowKey& key)
{
    auto it = m_waiting.find(key);
    if (it == m_waiting.end())
    {
        return;
    }
    Waiting w = std::move(it->second);
    m_waiting.erase(it);
    Simulator::Cancel(w.timer);
    m_queryTx.erase(w.txid);
    for (auto& [packet, info] : w.packets)
    {
        m_nQueued--;
        m_unresolvedDrops++;
        Drop(packet, DropReason::NO_ROUTE);
    }
}

} // namespace sfc
} // namespace ns3
