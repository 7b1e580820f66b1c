/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "affinity-codec.h"
#include "service-manager.h"

#include "ns3/simulator.h"

#include <algorithm>

namespace ns3
{
namespace sfc
{

// The load balancing of the virtual service: the wildcards registered, the
// host chosen for a new flow, and the fixed affinities sent and kept.

// ---- flows and the affinity store ----------------------------------------------

bool
ServiceManager::IsForward(const FlowKey& k) const
{
    return k.protocol == m_protocol && k.dst == m_vip && k.dport == m_servicePort;
}

bool
ServiceManager::IsReverse(const FlowKey& k) const
{
    return k.protocol == m_protocol && k.sport == m_servicePort && m_hostIndex.count(k.src) != 0;
}

Precedence
ServiceManager::Mine() const
{
    Precedence p;
    p.service = m_servicePrecedence;
    p.higherFirst = true;
    p.backup = m_redundancy.GetBackupPrecedence();
    return p;
}

InterestCriteria
ServiceManager::FixedInterest() const
{
    InterestCriteria ic;
    ic.address = m_address;
    ic.port = m_port;
    ic.mask = m_fixedInterest;
    return ic;
}

std::vector<WildcardEntry>
ServiceManager::MyWildcards(uint32_t ttlMs) const
{
    std::vector<WildcardEntry> out;
    InterestCriteria ic;
    ic.address = m_address;
    ic.port = m_port;
    ic.mask = kWildcardInterest;
    ic.dataFlag = kWildcardInterest;
    WildcardEntry f;
    f.affinity.protocol = m_protocol;
    f.affinity.source = m_clientNetwork;
    f.affinity.sourceMask = m_clientMask;
    f.affinity.destination = m_vip;
    f.affinity.destinationMask = Ipv4Mask(0xffffffffu);
    f.affinity.destinationPort = m_servicePort;
    f.affinity.ttlMs = ttlMs;
    f.precedence = Mine();
    f.actions.interest = ic;
    f.sender = m_address;
    out.push_back(f);
    if (!m_dispatch)
    {
        WildcardEntry r = f;
        r.affinity.source = m_hostNetwork;
        r.affinity.sourceMask = m_hostMask;
        r.affinity.sourcePort = m_servicePort;
        r.affinity.destination = m_clientNetwork;
        r.affinity.destinationMask = m_clientMask;
        r.affinity.destinationPort = 0;
        out.push_back(r);
    }
    return out;
}

void
ServiceManager::Forget(const FlowKey& key)
{
    std::vector<FixedEntry> removed;
    m_store.EraseFixed(key, &removed);
    for (const FixedEntry& e : removed)
    {
        Account(e, -1);
    }
}

void
ServiceManager::Account(const FixedEntry& e, int delta)
{
    if (!IsForward(e.affinity.key))
    {
        return;
    }
    auto it = m_hostIndex.find(e.affinity.forward);
    if (it == m_hostIndex.end())
    {
        return;
    }
    uint32_t& n = m_load[it->second];
    n = (delta < 0 && n < uint32_t(-delta)) ? 0 : n + delta;
}

FixedEntry
ServiceManager::Store(const FixedEntry& e, Time hold)
{
    Time now = Simulator::Now();
    AffinityCache::Update u = m_store.UpdateFixed(e, now, hold);
    if (u == AffinityCache::Update::ADDED)
    {
        Account(e, +1);
    }
    m_peakStored = std::max(m_peakStored, m_store.GetNFixed());
    m_storeTrace(m_store.GetNFixed());
    return e;
}

// ---- replicas (ManagerRedundancy::Owner) ------------------------------------

void
ServiceManager::CancelFixed(const Precedence& theirs)
{
    m_store.ForEachFixed([&](FixedEntry& f) {
        if (f.precedence == theirs)
        {
            FixedEntry del = f;
            del.affinity.ttlMs = 0;
            for (Ipv4Address a : m_agents)
            {
                SendFixed(del, a, m_port, nullptr, nullptr);
            }
        }
    });
}

bool
ServiceManager::StoreReplica(FixedEntry e, Time slack)
{
    Time now = Simulator::Now();
    if (e.affinity.ttlMs == 0)
    {
        if (FixedEntry* old = m_store.FindFixed(e.affinity.key, e.precedence, now))
        {
            Account(*old, -1);
            m_store.UpdateFixed(e, now);
            m_storeTrace(m_store.GetNFixed());
        }
        return false;
    }
    // Partitioned backups: only flows one of this manager's wildcards covers.
    if (!m_store.IsSupported(e.affinity.key, e.precedence, now))
    {
        return false;
    }
    e.finSeen = e.affinity.ttlMs < m_affinityTtl.GetMilliSeconds();
    Store(e, MilliSeconds(e.affinity.ttlMs) + m_tolerance + slack);
    return true;
}

// ---- registration and affinities sent -----------------------------------------

void
ServiceManager::SendWildcard(const WildcardEntry& w)
{
    ServiceMessage m(ServiceMessageType::AFFINITY_UPDATE_WILDCARD);
    m.Add(AffinityCodec::ToSegment(w.affinity));
    AffinityCodec::AddCommon(m, w);
    if (w.affinity.ttlMs != 0)
    {
        auto list = std::make_shared<ActionListSegment>();
        if (!m_dispatch)
        {
            list->actions.push_back(SegmentType::ACTION_NAT);
        }
        list->actions.push_back(SegmentType::ACTION_INTEREST_CRITERIA);
        m.Add(list);
    }
    else
    {
        m_deletions++;
    }
    m.Add(std::make_shared<IdentityInfoSegment>(m_address, m_name));
    if (m_group != Ipv4Address::GetAny())
    {
        m_endpoint.Send(m, m_group, m_port);
    }
    else
    {
        for (Ipv4Address a : m_agents)
        {
            m_endpoint.Send(m, a, m_port);
        }
    }
}

void
ServiceManager::RegisterWildcards()
{
    Time now = Simulator::Now();
    std::vector<WildcardEntry> mine = MyWildcards(m_wildcardTtl.GetMilliSeconds());
    for (const WildcardEntry& w : mine)
    {
        m_store.UpdateWildcard(w, now);
    }
    // Registrations under another precedence (before a rejoin) are dropped.
    std::vector<WildcardEntry> stale;
    for (const WildcardEntry& w : m_store.GetWildcards())
    {
        if (!(w.precedence == Mine()))
        {
            stale.push_back(w);
        }
    }
    for (WildcardEntry& w : stale)
    {
        w.affinity.ttlMs = 0;
        m_store.UpdateWildcard(w, now);
    }
    for (const WildcardEntry& w : mine)
    {
        SendWildcard(w);
    }
    Simulator::Cancel(m_refresh);
    m_refresh = Simulator::Schedule(m_wildcardRefresh, &ServiceManager::RegisterWildcards, this);
}

void
ServiceManager::SendFixed(const FixedEntry& e,
                          Ipv4Address agent,
                          uint16_t port,
                          Ptr<const Packet> ip,
                          std::shared_ptr<OpaqueSegment> faData)
{
    ServiceMessage m(ServiceMessageType::AFFINITY_UPDATE_FIXED);
    m.Add(AffinityCodec::ToSegment(e.affinity));
    AffinityCodec::AddCommon(m, e);
    if (faData)
    {
        auto echo = std::make_shared<OpaqueSegment>(*faData);
        m.Add(echo);
    }
    if (ip)
    {
        m.Add(std::make_shared<IpPacketSegment>(ip));
    }
    if (e.affinity.ttlMs == 0)
    {
        m_deletions++;
    }
    m_endpoint.Send(m, agent, port);
}

void
ServiceManager::ReturnPacket(Ptr<const Packet> ip, Ipv4Address agent, uint16_t port)
{
    ServiceMessage m(ServiceMessageType::IP_PACKET_ONLY);
    m.Add(std::make_shared<IpPacketSegment>(ip));
    m_endpoint.Send(m, agent, port);
}

// ---- interest matches: host choice and fixed affinity ------------------------

void
ServiceManager::HandleInterest(const ServiceMessage& msg, Ipv4Address from, uint16_t port)
{
    auto id = msg.Find<AffinityIdentifierSegment>();
    auto seg = msg.Find<IpPacketSegment>();
    auto fa = std::dynamic_pointer_cast<OpaqueSegment>(msg.Find(SegmentType::FA_INTEREST_DATA));
    FlowKey key;
    Ptr<Packet> ip;
    uint8_t flags = 0;
    if (seg)
    {
        ip = seg->GetPacket();
        InnerPacketInfo info;
        if (!InnerPacket::Parse(*ip, info))
        {
            m_rejected++;
            m_rejectedBy[0]++;
            return;
        }
        key = info.key;
        flags = info.tcpFlags;
    }
    else if (msg.GetType() == ServiceMessageType::INTEREST_MATCH_FIXED)
    {
        key =
            FlowKey(id->source, id->destination, id->sourcePort, id->destinationPort, id->protocol);
    }
    else
    {
        return; // a wildcard match without its packet: the packet follows separately
    }
    Respond(key, ip, flags, id->reasons, from, port, fa);
}

void
ServiceManager::HandleIpPacket(const ServiceMessage& msg, Ipv4Address from, uint16_t port)
{
    Ptr<Packet> ip = msg.Find<IpPacketSegment>()->GetPacket();
    InnerPacketInfo info;
    if (!InnerPacket::Parse(*ip, info))
    {
        m_rejected++;
        m_rejectedBy[0]++;
        return;
    }
    Respond(info.key, ip, info.tcpFlags, 0, from, port, nullptr);
}

void
ServiceManager::Respond(const FlowKey& key,
                        Ptr<Packet> ip,
                        uint8_t tcpFlags,
                        uint16_t reasons,
                        Ipv4Address agent,
                        uint16_t port,
                        std::shared_ptr<OpaqueSegment> faData)
{
    Time now = Simulator::Now();
    bool forward = IsForward(key);
    if (!forward && !IsReverse(key))
    {
        if (ip)
        {
            ReturnPacket(ip, agent, port); // not this service's: route it normally
        }
        return;
    }
    FixedEntry entry;
    DecisionKind kind;
    FixedEntry* stored = m_store.LookupFixed(key, now);
    if (stored)
    {
        entry = *stored;
        kind = entry.precedence == Mine() ? DecisionKind::EXISTING : DecisionKind::REPLICATED;
        if (kind == DecisionKind::REPLICATED)
        {
            // Adopt it: from now on it is this manager's affinity.
            Forget(key);
        }
    }
    else if (forward)
    {
        if (!ip)
        {
            return; // a notification for a flow no longer known: nothing to decide
        }
        Forget(key); // expired entries not swept yet
        uint32_t h = m_policy->Select(key, m_load);
        entry.affinity.key = key;
        entry.affinity.forward = m_hosts[h];
        entry.affinity.flags = m_dispatch ? kAffinityDispatch : 0;
        if (!m_dispatch)
        {
            entry.actions.nat = NatAction{Ipv4Address::GetAny(), m_hosts[h], 0, 0};
        }
        kind = DecisionKind::NEW;
    }
    else
    {
        // Return direction: derived from the forward affinity of the connection.
        FlowKey fk(key.dst, m_vip, key.dport, key.sport, key.protocol);
        FixedEntry* f = m_store.LookupFixed(fk, now);
        if (!f || f->affinity.forward != key.src)
        {
            if (ip)
            {
                ReturnPacket(ip, agent, port);
            }
            return;
        }
        entry.affinity.key = key;
        entry.affinity.forward = key.src;
        entry.actions.nat = NatAction{m_vip, Ipv4Address::GetAny(), 0, 0};
        kind = DecisionKind::REVERSE;
    }
    bool closing = ((reasons | tcpFlags) & kClosing) != 0;
    if (closing && !entry.finSeen)
    {
        entry.finSeen = true;
        FlowKey opposite =
            forward ? FlowKey(entry.affinity.forward, key.src, key.dport, key.sport, key.protocol)
                    : FlowKey(key.dst, m_vip, key.dport, key.sport, key.protocol);
        Closing(opposite);
    }
    entry.precedence = Mine();
    entry.sender = m_address;
    entry.actions.interest = FixedInterest();
    Time ttl = entry.finSeen ? m_sticky : m_affinityTtl;
    entry.affinity.ttlMs = static_cast<uint32_t>(ttl.GetMilliSeconds());
    std::vector<Ipv4Address> others = entry.holders;
    if (std::find(entry.holders.begin(), entry.holders.end(), agent) == entry.holders.end())
    {
        entry.holders.push_back(agent);
    }
    if (m_store.UpdateFixed(entry, now, ttl + m_tolerance) == AffinityCache::Update::ADDED)
    {
        Account(entry, +1);
    }
    m_peakStored = std::max(m_peakStored, m_store.GetNFixed());
    m_storeTrace(m_store.GetNFixed());
    SendFixed(entry, agent, port, ip, faData);
    if (closing)
    {
        // Shorten the copies other agents hold too.
        for (Ipv4Address a : others)
        {
            if (a != agent)
            {
                SendFixed(entry, a, m_port, nullptr, nullptr);
            }
        }
    }
    m_redundancy.Replicate(entry);
    m_decisions[static_cast<uint32_t>(kind)]++;
    m_decisionTrace(key, entry.affinity.forward, static_cast<uint8_t>(kind), tcpFlags);
}

void
ServiceManager::Closing(const FlowKey& opposite)
{
    Time now = Simulator::Now();
    FixedEntry* f = m_store.LookupFixed(opposite, now);
    if (!f || f->finSeen)
    {
        return;
    }
    FixedEntry e = *f;
    if (!(e.precedence == Mine()))
    {
        Forget(opposite);
        e.precedence = Mine();
        e.actions.interest = FixedInterest();
    }
    e.finSeen = true;
    e.affinity.ttlMs = static_cast<uint32_t>(m_sticky.GetMilliSeconds());
    if (m_store.UpdateFixed(e, now, m_sticky + m_tolerance) == AffinityCache::Update::ADDED)
    {
        Account(e, +1);
    }
    for (Ipv4Address a : e.holders)
    {
        SendFixed(e, a, m_port, nullptr, nullptr);
    }
    m_redundancy.Replicate(e);
}

} // namespace sfc
} // namespace ns3
