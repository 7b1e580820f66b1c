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
/**
 * Sort entries [first, end) by key: the buckets are visited in no meaningful
 * order, reports must be in one. Stable: the entries of one key, collected
 * together, keep their bucket order.
 */
void
SortByKey(std::vector<FixedEntry>& v, std::size_t first)
{
    std::stable_sort(v.begin() + first, v.end(), [](const FixedEntry& a, const FixedEntry& b) {
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

uint32_t
AffinityCache::Bucket::Size() const
{
    return 1 + (more ? static_cast<uint32_t>(more->size()) : 0);
}

FixedEntry&
AffinityCache::Bucket::At(uint32_t i)
{
    return i == 0 ? first : (*more)[i - 1];
}

uint32_t
AffinityCache::Bucket::Find(const Precedence& p) const
{
    if (first.precedence == p)
    {
        return 0;
    }
    for (uint32_t i = 1; i < Size(); ++i)
    {
        if ((*more)[i - 1].precedence == p)
        {
            return i;
        }
    }
    return Size();
}

void
AffinityCache::Bucket::Erase(uint32_t i)
{
    if (i == 0)
    {
        first = std::move(more->front());
        i = 1;
    }
    more->erase(more->begin() + (i - 1));
    if (more->empty())
    {
        more.reset(); // give the overflow's memory back
    }
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
    PackedFlowKey key = FlowKeyPacking::Pack(e.affinity.key);
    Bucket* bucket = m_fixed.Find(key);
    uint32_t pos = bucket ? bucket->Find(e.precedence) : 0;
    bool exists = bucket && pos < bucket->Size();
    if (e.affinity.ttlMs == 0)
    {
        if (!exists)
        {
            return Update::NOT_FOUND;
        }
        m_bytes -= EntryBytes(bucket->At(pos));
        m_nFixed--;
        if (bucket->Size() == 1)
        {
            m_fixed.Erase(key);
        }
        else
        {
            bucket->Erase(pos);
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
        FixedEntry& old = bucket->At(pos);
        // A refresh keeps what the cache learned about the flow.
        stored.dataSeen = stored.dataSeen || old.dataSeen;
        m_bytes -= EntryBytes(old);
        old = stored;
        m_bytes += EntryBytes(stored);
        return Update::REFRESHED;
    }
    if (m_capacity != 0 && m_nFixed >= m_capacity)
    {
        return Update::FULL;
    }
    m_bytes += EntryBytes(stored);
    m_nFixed++;
    if (bucket)
    {
        if (!bucket->more)
        {
            bucket->more = std::make_unique<std::vector<FixedEntry>>();
        }
        bucket->more->push_back(std::move(stored));
    }
    else
    {
        m_fixed[key].first = std::move(stored);
    }
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
    Bucket* bucket = m_fixed.Find(FlowKeyPacking::Pack(key));
    if (!bucket)
    {
        return nullptr;
    }
    FixedEntry* best = nullptr;
    for (uint32_t i = 0; i < bucket->Size(); ++i)
    {
        FixedEntry& f = bucket->At(i);
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
    Bucket* bucket = m_fixed.Find(FlowKeyPacking::Pack(key));
    if (!bucket)
    {
        return nullptr;
    }
    for (uint32_t i = 0; i < bucket->Size(); ++i)
    {
        FixedEntry& f = bucket->At(i);
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
    std::vector<PackedFlowKey> emptied; // buckets whose last entry goes
    m_fixed.ForEach([&](const PackedFlowKey& key, Bucket& bucket) {
        for (uint32_t i = 0; i < bucket.Size();)
        {
            FixedEntry& e = bucket.At(i);
            if (!erase(e))
            {
                ++i;
                continue;
            }
            if (erased)
            {
                erased->push_back(e);
            }
            m_bytes -= EntryBytes(e);
            m_nFixed--;
            if (bucket.Size() == 1)
            {
                emptied.push_back(key);
                break;
            }
            bucket.Erase(i);
        }
    });
    for (const PackedFlowKey& key : emptied)
    {
        m_fixed.Erase(key);
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
    PackedFlowKey packed = FlowKeyPacking::Pack(key);
    Bucket* bucket = m_fixed.Find(packed);
    if (!bucket)
    {
        return 0;
    }
    uint32_t n = bucket->Size();
    for (uint32_t i = 0; i < n; ++i)
    {
        const FixedEntry& f = bucket->At(i);
        m_bytes -= EntryBytes(f);
        if (removed)
        {
            removed->push_back(f);
        }
    }
    m_nFixed -= n;
    m_fixed.Erase(packed);
    return n;
}

void
AffinityCache::Clear()
{
    m_wildcards.clear();
    m_fixed.Clear();
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
    // Slot order is no order: visit the keys sorted.
    std::vector<PackedFlowKey> keys;
    keys.reserve(m_fixed.GetSize());
    m_fixed.ForEach([&keys](const PackedFlowKey& k, Bucket&) { keys.push_back(k); });
    std::sort(keys.begin(), keys.end()); // FlowKey's order
    for (const PackedFlowKey& k : keys)
    {
        Bucket* bucket = m_fixed.Find(k);
        if (!bucket)
        {
            continue;
        }
        for (uint32_t i = 0; i < bucket->Size(); ++i)
        {
            f(bucket->At(i));
        }
    }
}

} // namespace sfc
} // namespace ns3
