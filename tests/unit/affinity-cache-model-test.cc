/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The affinity cache against a reference model: a randomized differential
 * test of its fixed-affinity store (several precedences per key, updates,
 * deletions, lookups, wildcard deletions, sweeps, erasures), every result and
 * every ordered output compared with those of a plain std::map.
 */

#include "ns3/affinity-cache.h"

#include <algorithm>
#include <cstdint>
#include <gtest/gtest.h>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

using namespace ns3;
using namespace ns3::sfc;

namespace
{

/**
 * The cache's fixed-affinity semantics on an ordered map (key -> entries in
 * the order they were added); wildcards in a vector, as in the cache.
 */
class ReferenceCache
{
  public:
    using Update = AffinityCache::Update;

    ReferenceCache(AffinityCache::SupportRule rule, uint32_t capacity)
        : m_rule(rule),
          m_capacity(capacity)
    {
    }

    Update UpdateWildcard(const WildcardEntry& e, Time now, std::vector<FixedEntry>* discarded)
    {
        auto it = std::find_if(m_wildcards.begin(), m_wildcards.end(), [&](const auto& w) {
            return w.precedence == e.precedence && w.affinity.SameFilter(e.affinity);
        });
        if (e.affinity.ttlMs == 0)
        {
            if (it == m_wildcards.end())
            {
                return Update::NOT_FOUND;
            }
            m_wildcards.erase(it);
            EraseIf([&](const FixedEntry& f) { return !IsSupported(f, now); }, discarded);
            return Update::DELETED;
        }
        WildcardEntry stored = e;
        stored.expiry = now + MilliSeconds(e.affinity.ttlMs);
        if (it != m_wildcards.end())
        {
            *it = stored;
            return Update::REFRESHED;
        }
        m_wildcards.push_back(stored);
        return Update::ADDED;
    }

    Update UpdateFixed(const FixedEntry& e, Time now, Time hold)
    {
        auto bucket = m_fixed.find(e.affinity.key);
        FixedEntry* old = nullptr;
        if (bucket != m_fixed.end())
        {
            for (FixedEntry& f : bucket->second)
            {
                old = f.precedence == e.precedence ? &f : old;
            }
        }
        if (e.affinity.ttlMs == 0)
        {
            if (!old)
            {
                return Update::NOT_FOUND;
            }
            bucket->second.erase(bucket->second.begin() + (old - bucket->second.data()));
            if (bucket->second.empty())
            {
                m_fixed.erase(bucket);
            }
            return Update::DELETED;
        }
        if (!IsSupported(e, now))
        {
            return Update::NO_SUPPORTING_WILDCARD;
        }
        FixedEntry stored = e;
        stored.expiry = now + hold;
        if (old)
        {
            stored.dataSeen = stored.dataSeen || old->dataSeen;
            *old = stored;
            return Update::REFRESHED;
        }
        if (m_capacity != 0 && GetNFixed() >= m_capacity)
        {
            return Update::FULL;
        }
        m_fixed[e.affinity.key].push_back(stored);
        return Update::ADDED;
    }

    FixedEntry* LookupFixed(const FlowKey& key, Time now)
    {
        auto bucket = m_fixed.find(key);
        FixedEntry* best = nullptr;
        for (FixedEntry& f : bucket == m_fixed.end() ? m_none : bucket->second)
        {
            if (f.expiry > now && (!best || f.precedence.BetterThan(best->precedence)) &&
                IsSupported(f, now))
            {
                best = &f;
            }
        }
        return best;
    }

    FixedEntry* FindFixed(const FlowKey& key, const Precedence& p, Time now)
    {
        auto bucket = m_fixed.find(key);
        for (FixedEntry& f : bucket == m_fixed.end() ? m_none : bucket->second)
        {
            if (f.expiry > now && f.precedence == p)
            {
                return &f;
            }
        }
        return nullptr;
    }

    /// Expired wildcards, then (if any went) unsupported and expired fixed
    /// entries: each part in key order, the two merged by key (stable).
    void Sweep(Time now, std::vector<FixedEntry>* fixed)
    {
        std::size_t n = m_wildcards.size();
        m_wildcards.erase(std::remove_if(m_wildcards.begin(),
                                         m_wildcards.end(),
                                         [now](const auto& w) { return w.expiry <= now; }),
                          m_wildcards.end());
        std::size_t first = fixed->size();
        if (m_wildcards.size() != n)
        {
            EraseIf([&](const FixedEntry& f) { return !IsSupported(f, now); }, fixed);
        }
        EraseIf([now](const FixedEntry& f) { return f.expiry <= now; }, fixed);
        std::stable_sort(fixed->begin() + first, fixed->end(), [](const auto& a, const auto& b) {
            return a.affinity.key < b.affinity.key;
        });
    }

    uint32_t EraseFixed(const FlowKey& key, std::vector<FixedEntry>* removed)
    {
        auto bucket = m_fixed.find(key);
        if (bucket == m_fixed.end())
        {
            return 0;
        }
        removed->insert(removed->end(), bucket->second.begin(), bucket->second.end());
        uint32_t n = static_cast<uint32_t>(bucket->second.size());
        m_fixed.erase(bucket);
        return n;
    }

    uint32_t GetNFixed() const
    {
        uint32_t n = 0;
        for (const auto& kv : m_fixed)
        {
            n += static_cast<uint32_t>(kv.second.size());
        }
        return n;
    }

    uint64_t GetBytes() const
    {
        uint64_t n = 0;
        for (const auto& w : m_wildcards)
        {
            n += AffinityCache::EntryBytes(w);
        }
        for (const auto& kv : m_fixed)
        {
            for (const FixedEntry& f : kv.second)
            {
                n += AffinityCache::EntryBytes(f);
            }
        }
        return n;
    }

    /// \return every fixed entry, keys in order, each key's in bucket order
    std::vector<FixedEntry> All() const
    {
        std::vector<FixedEntry> out;
        for (const auto& kv : m_fixed)
        {
            out.insert(out.end(), kv.second.begin(), kv.second.end());
        }
        return out;
    }

  private:
    bool IsSupported(const FixedEntry& f, Time now) const
    {
        return std::any_of(m_wildcards.begin(), m_wildcards.end(), [&](const auto& w) {
            return w.expiry > now &&
                   (m_rule == AffinityCache::SupportRule::ANY || w.precedence == f.precedence) &&
                   w.affinity.Matches(f.affinity.key);
        });
    }

    template <typename Pred>
    void EraseIf(Pred erase, std::vector<FixedEntry>* erased)
    {
        for (auto bucket = m_fixed.begin(); bucket != m_fixed.end();)
        {
            auto& v = bucket->second;
            for (auto it = v.begin(); it != v.end();)
            {
                if (erase(*it))
                {
                    if (erased)
                    {
                        erased->push_back(*it);
                    }
                    it = v.erase(it);
                }
                else
                {
                    ++it;
                }
            }
            bucket = v.empty() ? m_fixed.erase(bucket) : std::next(bucket);
        }
    }

    AffinityCache::SupportRule m_rule;
    uint32_t m_capacity;
    std::vector<WildcardEntry> m_wildcards;
    std::map<FlowKey, std::vector<FixedEntry>> m_fixed;
    std::vector<FixedEntry> m_none;
};

/// \return what identifies an entry and what the cache may change in it
std::string
Describe(const FixedEntry* e)
{
    if (!e)
    {
        return "none";
    }
    std::ostringstream os;
    os << e->affinity.key << " p" << e->precedence.service << "/" << e->precedence.backup << " fwd "
       << e->affinity.forward << " ttl " << e->affinity.ttlMs << " exp "
       << e->expiry.GetMilliSeconds() << " data " << e->dataSeen << " nat " << bool(e->actions.nat);
    return os.str();
}

std::vector<std::string>
Describe(const std::vector<FixedEntry>& v)
{
    std::vector<std::string> out;
    for (const FixedEntry& e : v)
    {
        out.push_back(Describe(&e));
    }
    return out;
}

/// Wildcards over 10.1.0.0/16 -> 10.3.0.100:80, one per backup precedence
/// (precedence 3 covers only half of the sources).
WildcardEntry
Wildcard(uint16_t backup, uint32_t ttlMs)
{
    WildcardEntry w;
    w.affinity.protocol = 6;
    w.affinity.source = Ipv4Address("10.1.0.0");
    w.affinity.sourceMask = Ipv4Mask(backup == 3 ? "255.255.0.128" : "255.255.0.0");
    w.affinity.destination = Ipv4Address("10.3.0.100");
    w.affinity.destinationMask = Ipv4Mask("255.255.255.255");
    w.affinity.destinationPort = 80;
    w.affinity.ttlMs = ttlMs;
    w.precedence.backup = backup;
    return w;
}

/// One randomized run: nOps operations on nKeys keys, cache and model in step.
void
RunDifferential(AffinityCache::SupportRule rule, uint32_t capacity, uint32_t seed)
{
    AffinityCache cache(rule, capacity);
    ReferenceCache model(rule, capacity);
    std::mt19937 rng(seed);
    auto pick = [&rng](uint32_t n) {
        return std::uniform_int_distribution<uint32_t>(0, n - 1)(rng);
    };
    constexpr uint32_t nKeys = 2000;
    auto key = [](uint32_t i) {
        // spread over addresses and ports, so that the order is not the insertion order
        uint32_t h = i * 2654435761u;
        return FlowKey(Ipv4Address(0x0a010000u | (h >> 24)),
                       Ipv4Address("10.3.0.100"),
                       static_cast<uint16_t>(1024 + (h & 0xffff) % 60000),
                       80,
                       6);
    };
    Time now = Seconds(0);
    for (uint16_t b = 1; b <= 3; ++b)
    {
        cache.UpdateWildcard(Wildcard(b, 60000), now);
        model.UpdateWildcard(Wildcard(b, 60000), now, nullptr);
    }
    for (uint32_t op = 0; op < 25000; ++op)
    {
        SCOPED_TRACE("seed " + std::to_string(seed) + " op " + std::to_string(op));
        now += MilliSeconds(pick(5));
        uint32_t r = pick(1000);
        FlowKey k = key(pick(nKeys));
        Precedence p;
        p.backup = static_cast<uint16_t>(1 + pick(3));
        if (r < 550) // add or refresh (a few with a hold longer than the time to live)
        {
            FixedEntry e;
            e.affinity.key = k;
            e.affinity.forward = Ipv4Address(0x0a020000u + pick(4));
            e.affinity.ttlMs = 200 + pick(8000);
            e.precedence = p;
            if (pick(4) == 0)
            {
                e.actions.nat = NatAction();
            }
            Time hold = MilliSeconds(e.affinity.ttlMs + (pick(3) == 0 ? 500 : 0));
            ASSERT_EQ(cache.UpdateFixed(e, now, hold), model.UpdateFixed(e, now, hold));
        }
        else if (r < 650) // delete (time to live 0)
        {
            FixedEntry e;
            e.affinity.key = k;
            e.precedence = p;
            ASSERT_EQ(cache.UpdateFixed(e, now), model.UpdateFixed(e, now, Time()));
        }
        else if (r < 900) // lookups; a hit may learn that data was seen
        {
            FixedEntry* a = cache.LookupFixed(k, now);
            FixedEntry* b = model.LookupFixed(k, now);
            ASSERT_EQ(Describe(a), Describe(b));
            ASSERT_EQ(Describe(cache.FindFixed(k, p, now)), Describe(model.FindFixed(k, p, now)));
            if (a && pick(2) == 0)
            {
                a->dataSeen = b->dataSeen = true;
            }
        }
        else if (r < 930) // erase a key
        {
            std::vector<FixedEntry> x;
            std::vector<FixedEntry> y;
            ASSERT_EQ(cache.EraseFixed(k, &x), model.EraseFixed(k, &y));
            ASSERT_EQ(Describe(x), Describe(y));
        }
        else if (r < 990) // sweep
        {
            std::vector<FixedEntry> x(1);
            std::vector<FixedEntry> y(1); // appended after what is there
            cache.Sweep(now, &x);
            model.Sweep(now, &y);
            ASSERT_EQ(Describe(x), Describe(y));
        }
        else // a wildcard: deleted (taking what it alone supports) or refreshed
        {
            WildcardEntry w = Wildcard(p.backup, pick(4) == 0 ? 0 : 2000 + pick(30000));
            std::vector<FixedEntry> x;
            std::vector<FixedEntry> y;
            ASSERT_EQ(cache.UpdateWildcard(w, now, &x), model.UpdateWildcard(w, now, &y));
            ASSERT_EQ(Describe(x), Describe(y));
        }
        ASSERT_EQ(cache.GetNFixed(), model.GetNFixed());
        ASSERT_EQ(cache.GetBytes(), model.GetBytes());
        if (op % 1000 == 999)
        {
            std::vector<FixedEntry> visited;
            cache.ForEachFixed([&visited](FixedEntry& e) { visited.push_back(e); });
            ASSERT_EQ(Describe(visited), Describe(model.All()));
        }
    }
    // Everything expires: the store empties.
    std::vector<FixedEntry> x;
    std::vector<FixedEntry> y;
    cache.Sweep(now + Seconds(3600), &x);
    model.Sweep(now + Seconds(3600), &y);
    EXPECT_EQ(Describe(x), Describe(y));
    EXPECT_EQ(cache.GetNFixed(), 0u);
    EXPECT_EQ(cache.GetBytes(), 0u);
}

} // namespace

TEST(AffinityCache, MatchesAnOrderedMapModelSamePrecedence)
{
    for (uint32_t seed = 1; seed <= 3; ++seed)
    {
        RunDifferential(AffinityCache::SupportRule::SAME_PRECEDENCE, 0, seed);
    }
}

TEST(AffinityCache, MatchesAnOrderedMapModelAnyWithCapacity)
{
    for (uint32_t seed = 11; seed <= 13; ++seed)
    {
        RunDifferential(AffinityCache::SupportRule::ANY, 1200, seed);
    }
}

TEST(AffinityCache, EntriesOfOneKeyKeepTheirOrder)
{
    AffinityCache c;
    Time t0 = Seconds(0);
    for (uint16_t b = 1; b <= 3; ++b)
    {
        c.UpdateWildcard(Wildcard(b, 60000), t0);
    }
    FlowKey k(Ipv4Address("10.1.0.2"), Ipv4Address("10.3.0.100"), 40000, 80, 6);
    FlowKey before(Ipv4Address("10.1.0.1"), Ipv4Address("10.3.0.100"), 40000, 80, 6);
    FixedEntry e;
    e.affinity.key = k;
    e.affinity.ttlMs = 1000;
    for (uint16_t b : {2, 1, 3})
    {
        e.precedence.backup = b;
        ASSERT_EQ(c.UpdateFixed(e, t0), AffinityCache::Update::ADDED);
    }
    e.affinity.key = before;
    ASSERT_EQ(c.UpdateFixed(e, t0), AffinityCache::Update::ADDED);
    auto order = [&c]() {
        std::string s;
        c.ForEachFixed([&s](FixedEntry& f) {
            s += std::to_string(f.affinity.key.src.Get() & 0xff) + ":" +
                 std::to_string(f.precedence.backup) + " ";
        });
        return s;
    };
    EXPECT_EQ(order(), "1:3 2:2 2:1 2:3 ");
    EXPECT_EQ(c.LookupFixed(k, t0)->precedence.backup, 1u) << "the lowest backup value wins";
    // Deleting the first entry of a bucket: the others keep their order.
    e.affinity.key = k;
    e.affinity.ttlMs = 0;
    e.precedence.backup = 2;
    ASSERT_EQ(c.UpdateFixed(e, t0), AffinityCache::Update::DELETED);
    EXPECT_EQ(order(), "1:3 2:1 2:3 ");
    e.affinity.ttlMs = 1000;
    ASSERT_EQ(c.UpdateFixed(e, t0), AffinityCache::Update::ADDED);
    EXPECT_EQ(order(), "1:3 2:1 2:3 2:2 ");
    std::vector<FixedEntry> removed;
    c.Sweep(Seconds(1), &removed);
    ASSERT_EQ(removed.size(), 4u);
    EXPECT_EQ(removed[0].affinity.key, before);
    EXPECT_EQ(removed[1].precedence.backup, 1u);
    EXPECT_EQ(removed[2].precedence.backup, 3u);
    EXPECT_EQ(removed[3].precedence.backup, 2u);
    EXPECT_EQ(c.GetNFixed(), 0u);
}
