/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "affinity-cache.h"

#include "action-segments.h"
#include "affinity-segments.h"

#include <algorithm>

namespace ns3
{
namespace sfc
{

namespace
{
/// Sort entries [first, end) by key: the buckets are unordered, reports must not be.
void
SortByKey(std::vector<FixedEntry>& v, std::size_t first)
{
    std::sort(v.begin() + first, v.end(), [](const FixedEntry& a, const FixedEntry& b) {
        return a.affinity.key < b.affinity.key;
    });
}

uint32_t
SegmentBytes(uint32_t dataSize)
{
    return ServiceSegment::kHeaderSize + dataSize;
}

uint32_t
ActionBytes(const AffinityEntryBase& e)
{
    // Two precedence segments, then one segment per action: the bytes the
    // entry takes in a service message.
    uint32_t n = SegmentBytes(ServicePrecedenceSegment::kDataSize) +
                 SegmentBytes(BackupPrecedenceSegment::kDataSize);
    n += e.actions.nat ? SegmentBytes(NatActionSegment::kDataSize) : 0;
    n += e.actions.seqAdjust ? SegmentBytes(SeqAdjustActionSegment::kDataSize) : 0;
    n += e.actions.interest ? SegmentBytes(InterestCriteriaSegment::kDataSize) : 0;
    n += e.actions.advertise ? SegmentBytes(AdvertiseActionSegment::kDataSize) : 0;
    if (!e.smInterestData.empty())
    {
        n += SegmentBytes(static_cast<uint32_t>(e.smInterestData.size()));
    }
    return n;
}
} // namespace

uint32_t
AffinityCache::EntryBytes(const FixedEntry& e)
{
    return SegmentBytes(FixedAffinitySegment::kDataSize) + ActionBytes(e);
}

uint32_t
AffinityCache::EntryBytes(const WildcardEntry& e)
{
    return SegmentBytes(WildcardAffinitySegment::kDataSize) + ActionBytes(e);
}

AffinityCache::AffinityCache(SupportRule rule, uint32_t capacity)
    : m_rule(rule),
      m_capacity(capacity),
      m_nFixed(0),
      m_bytes(0)
{
}

void
AffinityCache::SetCapacity(uint32_t capacity)
{
    m_capacity = capacity;
}

void
AffinityCache::SetSupportRule(SupportRule rule)
{
    m_rule = rule;
}

AffinityCache::Update
AffinityCache::UpdateWildcard(const WildcardEntry& e, Time now, std::vector<FixedEntry>* discarded)
{
    auto it = std::find_if(m_wildcards.begin(), m_wildcards.end(), [&](const WildcardEntry& w) {
        return w.precedence == e.precedence && w.affinity.SameFilter(e.affinity);
    });
    if (e.affinity.ttlMs == 0)
    {
        if (it == m_wildcards.end())
        {
            return Update::NOT_FOUND;
        }
        m_bytes -= EntryBytes(*it);
        m_wildcards.erase(it);
        DiscardUnsupported(now, discarded);
        return Update::DELETED;
    }
    WildcardEntry stored = e;
    stored.expiry = now + MilliSeconds(e.affinity.ttlMs);
    if (it != m_wildcards.end())
    {
        m_bytes -= EntryBytes(*it);
        *it = stored;
        m_bytes += EntryBytes(stored);
        return Update::REFRESHED;
    }
    m_wildcards.push_back(stored);
    m_bytes += EntryBytes(stored);
    return Update::ADDED;
}

AffinityCache::Update
AffinityCache::UpdateFixed(const FixedEntry& e, Time now)
{
    return UpdateFixed(e, now, MilliSeconds(e.affinity.ttlMs));
}

AffinityCache::Update
AffinityCache::UpdateFixed(const FixedEntry& e, Time now, Time hold)
{
    auto bucket = m_fixed.find(e.affinity.key);
    std::vector<FixedEntry>::iterator it;
    bool exists = false;
    if (bucket != m_fixed.end())
    {
        it = std::find_if(bucket->second.begin(), bucket->second.end(), [&](const FixedEntry& f) {
            return f.precedence == e.precedence;
        });
        exists = it != bucket->second.end();
    }
    if (e.affinity.ttlMs == 0)
    {
        if (!exists)
        {
            return Update::NOT_FOUND;
        }
        m_bytes -= EntryBytes(*it);
        bucket->second.erase(it);
        m_nFixed--;
        if (bucket->second.empty())
        {
            m_fixed.erase(bucket);
        }
        return Update::DELETED;
    }
    if (!IsSupported(e.affinity.key, e.precedence, now))
    {
        return Update::NO_SUPPORTING_WILDCARD;
    }
    FixedEntry stored = e;
    stored.expiry = now + hold;
    if (exists)
    {
        // A refresh keeps what the cache learned about the flow.
        stored.dataSeen = stored.dataSeen || it->dataSeen;
        m_bytes -= EntryBytes(*it);
        *it = stored;
        m_bytes += EntryBytes(stored);
        return Update::REFRESHED;
    }
    if (m_capacity != 0 && m_nFixed >= m_capacity)
    {
        return Update::FULL;
    }
    m_fixed[e.affinity.key].push_back(stored);
    m_nFixed++;
    m_bytes += EntryBytes(stored);
    return Update::ADDED;
}

bool
AffinityCache::IsSupported(const FlowKey& key, const Precedence& p, Time now) const
{
    for (const WildcardEntry& w : m_wildcards)
    {
        if (w.expiry > now && (m_rule == SupportRule::ANY || w.precedence == p) &&
            w.affinity.Matches(key))
        {
            return true;
        }
    }
    return false;
}

FixedEntry*
AffinityCache::LookupFixed(const FlowKey& key, Time now)
{
    auto bucket = m_fixed.find(key);
    if (bucket == m_fixed.end())
    {
        return nullptr;
    }
    FixedEntry* best = nullptr;
    for (FixedEntry& f : bucket->second)
    {
        if (f.expiry > now && (!best || f.precedence.BetterThan(best->precedence)) &&
            IsSupported(key, f.precedence, now))
        {
            best = &f;
        }
    }
    return best;
}

const FixedEntry*
AffinityCache::LookupFixed(const FlowKey& key, Time now) const
{
    return const_cast<AffinityCache*>(this)->LookupFixed(key, now);
}

FixedEntry*
AffinityCache::FindFixed(const FlowKey& key, const Precedence& p, Time now)
{
    auto bucket = m_fixed.find(key);
    if (bucket == m_fixed.end())
    {
        return nullptr;
    }
    for (FixedEntry& f : bucket->second)
    {
        if (f.expiry > now && f.precedence == p)
        {
            return &f;
        }
    }
    return nullptr;
}

const WildcardEntry*
AffinityCache::LookupWildcard(const FlowKey& key, Time now) const
{
    const WildcardEntry* best = nullptr;
    for (const WildcardEntry& w : m_wildcards)
    {
        if (w.expiry > now && w.affinity.Matches(key) &&
            (!best || w.precedence.BetterThan(best->precedence)))
        {
            best = &w;
        }
    }
    return best;
}

void
AffinityCache::EraseFixedIf(const std::function<bool(const FixedEntry&)>& erase,
                            std::vector<FixedEntry>* erased)
{
    std::size_t first = erased ? erased->size() : 0;
    for (auto bucket = m_fixed.begin(); bucket != m_fixed.end();)
    {
        auto& v = bucket->second;
        for (auto it = v.begin(); it != v.end();)
        {
            if (!erase(*it))
            {
                ++it;
                continue;
            }
            if (erased)
            {
                erased->push_back(*it);
            }
            m_bytes -= EntryBytes(*it);
            it = v.erase(it);
            m_nFixed--;
        }
        bucket = v.empty() ? m_fixed.erase(bucket) : std::next(bucket);
    }
    if (erased)
    {
        SortByKey(*erased, first);
    }
}

void
AffinityCache::DiscardUnsupported(Time now, std::vector<FixedEntry>* discarded)
{
    EraseFixedIf(
        [&](const FixedEntry& e) { return !IsSupported(e.affinity.key, e.precedence, now); },
        discarded);
}

void
AffinityCache::Sweep(Time now,
                     std::vector<FixedEntry>* fixed,
                     std::vector<WildcardEntry>* wildcards)
{
    std::size_t first = fixed ? fixed->size() : 0;
    bool wildcardGone = false;
    for (auto it = m_wildcards.begin(); it != m_wildcards.end();)
    {
        if (it->expiry <= now)
        {
            if (wildcards)
            {
                wildcards->push_back(*it);
            }
            m_bytes -= EntryBytes(*it);
            it = m_wildcards.erase(it);
            wildcardGone = true;
        }
        else
        {
            ++it;
        }
    }
    if (wildcardGone)
    {
        DiscardUnsupported(now, fixed);
    }
    EraseFixedIf([now](const FixedEntry& e) { return e.expiry <= now; }, fixed);
    if (fixed && wildcardGone)
    {
        SortByKey(*fixed, first); // the unsupported and the expired together
    }
}

uint32_t
AffinityCache::EraseFixed(const FlowKey& key, std::vector<FixedEntry>* removed)
{
    auto bucket = m_fixed.find(key);
    if (bucket == m_fixed.end())
    {
        return 0;
    }
    uint32_t n = static_cast<uint32_t>(bucket->second.size());
    for (const FixedEntry& f : bucket->second)
    {
        m_bytes -= EntryBytes(f);
        if (removed)
        {
            removed->push_back(f);
        }
    }
    m_nFixed -= n;
    m_fixed.erase(bucket);
    return n;
}

void
AffinityCache::Clear()
{
    m_wildcards.clear();
    m_fixed.clear();
    m_nFixed = 0;
    m_bytes = 0;
}

uint32_t
AffinityCache::GetNFixed() const
{
    return m_nFixed;
}

uint32_t
AffinityCache::GetNWildcards() const
{
    return static_cast<uint32_t>(m_wildcards.size());
}

uint64_t
AffinityCache::GetBytes() const
{
    return m_bytes;
}

const std::vector<WildcardEntry>&
AffinityCache::GetWildcards() const
{
    return m_wildcards;
}

void
AffinityCache::ForEachFixed(const std::function<void(FixedEntry&)>& f)
{
    std::vector<FlowKey> keys;
    keys.reserve(m_fixed.size());
    for (const auto& kv : m_fixed)
    {
        keys.push_back(kv.first);
    }
    std::sort(keys.begin(), keys.end());
    for (const FlowKey& k : keys)
    {
        auto bucket = m_fixed.find(k);
        if (bucket == m_fixed.end())
        {
            continue;
        }
        for (FixedEntry& e : bucket->second)
        {
            f(e);
        }
    }
}

} // namespace sfc
} // namespace ns3
