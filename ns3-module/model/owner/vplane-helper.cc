/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * VPlane helper role: answers QUERY, forwards notify-mode packets to their
 * owner and sends NOTIFY, applies subset maps and hands over (TRANSFER) or
 * drops (REREGISTER) the associations of subsets it no longer helps.
 */

#include "vplane.h"

#include "ns3/log.h"

namespace ns3
{
namespace sfc
{

NS_LOG_COMPONENT_DEFINE("SfcVPlaneHelper");

bool
VPlane::IsMySubset(const VnetFlowKey& key) const
{
    Ipv4Address helper;
    return m_map.GetNSubsets() != 0 && m_map.GetHelper(m_subsets.GetSubset(key), helper) &&
           helper == m_locator;
}

void
VPlane::HelperPacket(Ptr<Packet> packet,
                     const InnerPacketInfo& info,
                     uint32_t vnet,
                     Ipv4Address source,
                     uint8_t ttl)
{
    VnetFlowKey key(vnet, info.key);
    m_helperLoad++;
    if (!IsMySubset(key))
    {
        // The sender's map is older or newer than ours: pass the packet on to
        // the helper this vPlane's map names (the overlay TTL bounds a loop).
        bool known = false;
        Ipv4Address helper = HelperOf(key, known);
        if (known && helper != m_locator && ttl > 1)
        {
            SendOverlay(packet, helper, TO_HELPER, vnet, ttl);
            return;
        }
    }
    Ipv4Address owner;
    Association::Origin origin;
    if (!m_assoc->Answer(key, owner, origin))
    {
        if (!m_helperProcesses)
        {
            m_unresolvedDrops++;
            Drop(packet, DropReason::NO_ROUTE);
            return;
        }
        // No owner known: the helper processes the packet itself, and so
        // becomes the owner of last resort (it has no state for a packet that
        // is not the flow's first: a counted violation).
        Own(packet, info, vnet);
        return;
    }
    if (source != m_locator && source != owner)
    {
        OwnerMessageHeader n = Message(OwnerMessageHeader::NOTIFY, key);
        n.SetTransaction(m_control->NextTransaction());
        n.SetOwner(owner);
        m_control->Send(n, source);
    }
    else if (source == m_locator)
    {
        m_cache->Insert(key, owner);
    }
    SendToOwner(packet, info, vnet, owner);
}

void
VPlane::HandleQuery(const OwnerMessageHeader& h, Ipv4Address from)
{
    m_helperLoad++;
    const VnetFlowKey& key = h.GetKey();
    OwnerMessageHeader a = Message(OwnerMessageHeader::REPLY, key);
    a.SetTransaction(h.GetTransaction());
    Ipv4Address owner;
    Association::Origin origin;
    if (!IsMySubset(key))
    {
        a.SetType(OwnerMessageHeader::NACK);
        a.SetCode(OwnerMessageHeader::NOT_HELPER);
    }
    else if (m_assoc->Answer(key, owner, origin))
    {
        a.SetOwner(owner);
    }
    else
    {
        a.SetType(OwnerMessageHeader::NACK);
        a.SetCode(OwnerMessageHeader::NO_ASSOCIATION);
    }
    if (from == m_locator)
    {
        HandleMessage(a, m_locator);
        return;
    }
    m_control->Send(a, from);
}

void
VPlane::HandleMap(const SubsetMapHeader& h, Ipv4Address from)
{
    OwnerMessageHeader ack;
    ack.SetType(OwnerMessageHeader::ACK);
    ack.SetCode(OwnerMessageHeader::kTypeSubsetMap);
    ack.SetTransaction(h.GetTransaction());
    ack.SetEpoch(h.GetMap().GetEpoch());
    m_control->Send(ack, from);
    if (h.GetMap().GetEpoch() > m_map.GetEpoch() &&
        h.GetMap().GetNSubsets() == m_subsets.GetNSubsets())
    {
        ApplyMap(h.GetMap());
    }
}

void
VPlane::ApplyMap(const SubsetMap& map)
{
    NS_LOG_INFO(m_locator << " applies subset map " << map.GetEpoch());
    m_map = map;
    m_mapsApplied++;
    // Helper role: the associations of subsets that are no longer ours.
    std::vector<AssociationStore::Moved> moved =
        m_assoc->GetStore()->TakeMoved(m_map, m_subsets, m_locator);
    if (m_policy == RebalancePolicy::TRANSFER)
    {
        for (const auto& m : moved)
        {
            Ipv4Address helper;
            if (!m_map.GetHelper(m_subsets.GetSubset(m.key), helper))
            {
                continue;
            }
            OwnerMessageHeader r = Message(OwnerMessageHeader::REGISTER, m.key);
            r.SetTransaction(m_control->NextTransaction());
            r.SetFlags(OwnerMessageHeader::FLAG_TRANSFER);
            r.SetOwner(m.association.owner);
            r.SetLifetimeMs(
                static_cast<uint32_t>(std::max<int64_t>(1, m.remaining.GetMilliSeconds())));
            m_control->SendReliable(r, helper);
            m_transferred++;
        }
    }
    // Owner role: registrations follow their subsets (REREGISTER: at once;
    // TRANSFER: the next refresh goes to the new helper).
    std::vector<VnetFlowKey> again;
    for (auto& [key, b] : m_bindings)
    {
        bool known = false;
        Ipv4Address helper = RegistrationTarget(key, known);
        if (known && helper != b.helper)
        {
            if (m_policy == RebalancePolicy::REREGISTER)
            {
                again.push_back(key);
            }
            else
            {
                b.helper = helper;
            }
        }
    }
    for (const auto& key : again)
    {
        Register(key);
    }
    m_mapTrace(m_map);
}

} // namespace sfc
} // namespace ns3
