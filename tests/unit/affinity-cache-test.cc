/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Affinity matching, lookup order, precedence and expiry (seed 002).
 */

#include "ns3/affinity-cache.h"
#include "ns3/host-selection-policy.h"

#include <gtest/gtest.h>

using namespace ns3;
using namespace ns3::sfc;

namespace
{
constexpr uint8_t kTcp = 6;
constexpr uint8_t kUdp = 17;

FlowKey
Tcp(const char* src, const char* dst, uint16_t sport, uint16_t dport)
{
    return FlowKey(Ipv4Address(src), Ipv4Address(dst), sport, dport, kTcp);
}

WildcardEntry
Wildcard(const char* src,
         const char* srcMask,
         const char* dst,
         const char* dstMask,
         uint16_t dport,
         uint8_t proto = kTcp,
         uint16_t service = 0,
         uint16_t backup = 1,
         uint32_t ttlMs = 10000)
{
    WildcardEntry w;
    w.affinity.protocol = proto;
    w.affinity.source = Ipv4Address(src);
    w.affinity.sourceMask = Ipv4Mask(srcMask);
    w.affinity.destination = Ipv4Address(dst);
    w.affinity.destinationMask = Ipv4Mask(dstMask);
    w.affinity.destinationPort = dport;
    w.affinity.ttlMs = ttlMs;
    w.precedence.service = service;
    w.precedence.backup = backup;
    return w;
}

FixedEntry
Fixed(const FlowKey& k, const char* forward, uint16_t backup = 1, uint32_t ttlMs = 2000)
{
    FixedEntry f;
    f.affinity.key = k;
    f.affinity.forward = Ipv4Address(forward);
    f.affinity.ttlMs = ttlMs;
    f.precedence.backup = backup;
    return f;
}
} // namespace

TEST(WildcardAffinity, NetmaskSelectsTheRange)
{
    WildcardAffinity w =
        Wildcard("10.1.0.0", "255.255.0.0", "10.3.0.100", "255.255.255.255", 80).affinity;
    EXPECT_TRUE(w.Matches(Tcp("10.1.7.2", "10.3.0.100", 40000, 80)));
    EXPECT_TRUE(w.Matches(Tcp("10.1.255.254", "10.3.0.100", 1, 80)));
    EXPECT_FALSE(w.Matches(Tcp("10.2.7.2", "10.3.0.100", 40000, 80))) << "source outside /16";
    EXPECT_FALSE(w.Matches(Tcp("10.1.7.2", "10.3.0.101", 40000, 80))) << "destination is /32";
    // The seed's "every even or odd address": a non-contiguous mask.
    WildcardAffinity odd = Wildcard("10.1.1.0", "255.255.1.0", "0.0.0.0", "0.0.0.0", 0).affinity;
    EXPECT_TRUE(odd.Matches(Tcp("10.1.3.2", "192.0.2.1", 1, 2)));
    EXPECT_FALSE(odd.Matches(Tcp("10.1.4.2", "192.0.2.1", 1, 2)));
}

TEST(WildcardAffinity, ZeroPortAndProtocolMatchAny)
{
    WildcardAffinity any =
        Wildcard("0.0.0.0", "0.0.0.0", "10.3.0.100", "255.255.255.255", 0, 0).affinity;
    EXPECT_TRUE(any.Matches(Tcp("10.1.0.2", "10.3.0.100", 1234, 443)));
    EXPECT_TRUE(
        any.Matches(FlowKey(Ipv4Address("10.1.0.2"), Ipv4Address("10.3.0.100"), 5, 53, kUdp)));
    WildcardAffinity http =
        Wildcard("0.0.0.0", "0.0.0.0", "10.3.0.100", "255.255.255.255", 80).affinity;
    EXPECT_TRUE(http.Matches(Tcp("10.1.0.2", "10.3.0.100", 1234, 80)));
    EXPECT_FALSE(http.Matches(Tcp("10.1.0.2", "10.3.0.100", 1234, 443))) << "port";
    EXPECT_FALSE(
        http.Matches(FlowKey(Ipv4Address("10.1.0.2"), Ipv4Address("10.3.0.100"), 1234, 80, kUdp)))
        << "protocol";
    http.sourcePort = 1234;
    EXPECT_TRUE(http.Matches(Tcp("10.1.0.2", "10.3.0.100", 1234, 80)));
    EXPECT_FALSE(http.Matches(Tcp("10.1.0.2", "10.3.0.100", 1235, 80))) << "source port";
}

TEST(AffinityCache, FixedAffinityIsFoundBeforeWildcards)
{
    AffinityCache c;
    Time t0 = Seconds(0);
    c.UpdateWildcard(Wildcard("10.1.0.0", "255.255.0.0", "10.3.0.100", "255.255.255.255", 80), t0);
    FlowKey k = Tcp("10.1.0.2", "10.3.0.100", 40000, 80);
    EXPECT_EQ(c.LookupFixed(k, t0), nullptr);
    ASSERT_NE(c.LookupWildcard(k, t0), nullptr) << "a first packet matches only the wildcard";
    EXPECT_EQ(c.UpdateFixed(Fixed(k, "10.2.0.129"), t0), AffinityCache::Update::ADDED);
    const FixedEntry* f = c.LookupFixed(k, t0);
    ASSERT_NE(f, nullptr);
    EXPECT_EQ(f->affinity.forward, Ipv4Address("10.2.0.129"));
    EXPECT_EQ(c.LookupFixed(Tcp("10.1.0.2", "10.3.0.100", 40001, 80), t0), nullptr)
        << "a fixed affinity is one exact 5-tuple";
}

TEST(AffinityCache, BestServicePrecedenceWins)
{
    AffinityCache c;
    Time t0 = Seconds(0);
    c.UpdateWildcard(Wildcard("0.0.0.0", "0.0.0.0", "10.3.0.100", "255.255.255.255", 80, kTcp, 3),
                     t0);
    c.UpdateWildcard(
        Wildcard("10.1.0.0", "255.255.0.0", "10.3.0.100", "255.255.255.255", 0, kTcp, 5),
        t0);
    FlowKey k = Tcp("10.1.0.2", "10.3.0.100", 40000, 80);
    ASSERT_NE(c.LookupWildcard(k, t0), nullptr);
    EXPECT_EQ(c.LookupWildcard(k, t0)->precedence.service, 5) << "higher value first";
    // Search order "lower value first": 3 beats 5.
    AffinityCache d;
    WildcardEntry a = Wildcard("0.0.0.0", "0.0.0.0", "10.3.0.100", "255.255.255.255", 80, kTcp, 3);
    WildcardEntry b =
        Wildcard("10.1.0.0", "255.255.0.0", "10.3.0.100", "255.255.255.255", 0, kTcp, 5);
    a.precedence.higherFirst = false;
    b.precedence.higherFirst = false;
    d.UpdateWildcard(a, t0);
    d.UpdateWildcard(b, t0);
    EXPECT_EQ(d.LookupWildcard(k, t0)->precedence.service, 3);
    // Only matching affinities compete.
    EXPECT_EQ(c.LookupWildcard(Tcp("10.9.0.2", "10.3.0.100", 1, 80), t0)->precedence.service, 3);
}

TEST(AffinityCache, LowestBackupPrecedenceWinsUntilDeleted)
{
    AffinityCache c;
    Time t0 = Seconds(0);
    WildcardEntry primary =
        Wildcard("10.1.0.0", "255.255.0.0", "10.3.0.100", "255.255.255.255", 80, kTcp, 0, 1);
    WildcardEntry backup =
        Wildcard("10.1.0.0", "255.255.0.0", "10.3.0.100", "255.255.255.255", 80, kTcp, 0, 2);
    primary.sender = Ipv4Address("10.2.0.100");
    backup.sender = Ipv4Address("10.2.0.101");
    EXPECT_EQ(c.UpdateWildcard(backup, t0), AffinityCache::Update::ADDED);
    EXPECT_EQ(c.UpdateWildcard(primary, t0), AffinityCache::Update::ADDED)
        << "same filter, other backup precedence: a second registration";
    EXPECT_EQ(c.GetNWildcards(), 2u);
    FlowKey k = Tcp("10.1.0.2", "10.3.0.100", 40000, 80);
    EXPECT_EQ(c.LookupWildcard(k, t0)->sender, Ipv4Address("10.2.0.100"));
    // The primary's fixed affinity also wins over the backup's for the same key.
    c.UpdateFixed(Fixed(k, "10.2.0.129", 1), t0);
    c.UpdateFixed(Fixed(k, "10.2.0.130", 2), t0);
    EXPECT_EQ(c.LookupFixed(k, t0)->affinity.forward, Ipv4Address("10.2.0.129"));
    // The backup cancels the primary's wildcard: the primary's fixed affinity goes with it.
    WildcardEntry cancel = primary;
    cancel.affinity.ttlMs = 0;
    std::vector<FixedEntry> discarded;
    EXPECT_EQ(c.UpdateWildcard(cancel, t0, &discarded), AffinityCache::Update::DELETED);
    ASSERT_EQ(discarded.size(), 1u);
    EXPECT_EQ(discarded[0].precedence.backup, 1);
    EXPECT_EQ(c.LookupWildcard(k, t0)->sender, Ipv4Address("10.2.0.101"));
    EXPECT_EQ(c.LookupFixed(k, t0)->affinity.forward, Ipv4Address("10.2.0.130"));
}

TEST(AffinityCache, FixedAffinityWithoutSupportingWildcardIsDiscarded)
{
    AffinityCache c;
    Time t0 = Seconds(0);
    FlowKey k = Tcp("10.1.0.2", "10.3.0.100", 40000, 80);
    EXPECT_EQ(c.UpdateFixed(Fixed(k, "10.2.0.129"), t0),
              AffinityCache::Update::NO_SUPPORTING_WILDCARD);
    // A wildcard of another registration (backup precedence 2) does not support it.
    c.UpdateWildcard(
        Wildcard("10.1.0.0", "255.255.0.0", "10.3.0.100", "255.255.255.255", 80, kTcp, 0, 2),
        t0);
    EXPECT_EQ(c.UpdateFixed(Fixed(k, "10.2.0.129", 1), t0),
              AffinityCache::Update::NO_SUPPORTING_WILDCARD);
    EXPECT_EQ(c.UpdateFixed(Fixed(k, "10.2.0.129", 2), t0), AffinityCache::Update::ADDED);
    // Nor does a wildcard not covering the key.
    EXPECT_EQ(c.UpdateFixed(Fixed(Tcp("10.1.0.2", "10.3.0.100", 40000, 443), "10.2.0.129", 2), t0),
              AffinityCache::Update::NO_SUPPORTING_WILDCARD);
    // A backup manager's store (rule ANY) takes any matching wildcard.
    AffinityCache store(AffinityCache::SupportRule::ANY);
    store.UpdateWildcard(
        Wildcard("10.1.0.0", "255.255.0.0", "10.3.0.100", "255.255.255.255", 80, kTcp, 0, 2),
        t0);
    EXPECT_EQ(store.UpdateFixed(Fixed(k, "10.2.0.129", 1), t0), AffinityCache::Update::ADDED);
    EXPECT_EQ(store.UpdateFixed(Fixed(Tcp("10.9.0.2", "10.3.0.100", 1, 80), "10.2.0.129", 1), t0),
              AffinityCache::Update::NO_SUPPORTING_WILDCARD)
        << "a partitioned backup keeps only flows of its own wildcards";
}

TEST(AffinityCache, TimeToLiveExpiresAndRefreshRenews)
{
    AffinityCache c;
    c.UpdateWildcard(
        Wildcard("10.1.0.0", "255.255.0.0", "10.3.0.100", "255.255.255.255", 80, kTcp, 0, 1, 60000),
        Seconds(0));
    FlowKey k = Tcp("10.1.0.2", "10.3.0.100", 40000, 80);
    EXPECT_EQ(c.UpdateFixed(Fixed(k, "10.2.0.129", 1, 2000), Seconds(0)),
              AffinityCache::Update::ADDED);
    EXPECT_NE(c.LookupFixed(k, MilliSeconds(1999)), nullptr);
    EXPECT_EQ(c.LookupFixed(k, MilliSeconds(2000)), nullptr) << "valid for exactly its TTL";
    // Refreshed at 1.5 s: valid until 3.5 s.
    EXPECT_EQ(c.UpdateFixed(Fixed(k, "10.2.0.129", 1, 2000), MilliSeconds(1500)),
              AffinityCache::Update::REFRESHED);
    EXPECT_NE(c.LookupFixed(k, MilliSeconds(3499)), nullptr);
    EXPECT_EQ(c.LookupFixed(k, MilliSeconds(3500)), nullptr);
    std::vector<FixedEntry> removed;
    c.Sweep(MilliSeconds(3000), &removed);
    EXPECT_TRUE(removed.empty());
    EXPECT_EQ(c.GetNFixed(), 1u);
    c.Sweep(MilliSeconds(3500), &removed);
    EXPECT_EQ(removed.size(), 1u);
    EXPECT_EQ(c.GetNFixed(), 0u);
    // A hold time longer than the TTL (what managers use).
    c.UpdateFixed(Fixed(k, "10.2.0.129", 1, 2000), Seconds(10), Seconds(4));
    EXPECT_NE(c.LookupFixed(k, MilliSeconds(13999)), nullptr);
    EXPECT_EQ(c.LookupFixed(k, Seconds(14)), nullptr);
}

TEST(AffinityCache, TimeToLiveZeroDeletes)
{
    AffinityCache c;
    Time t0 = Seconds(0);
    c.UpdateWildcard(Wildcard("10.1.0.0", "255.255.0.0", "10.3.0.100", "255.255.255.255", 80), t0);
    FlowKey k = Tcp("10.1.0.2", "10.3.0.100", 40000, 80);
    c.UpdateFixed(Fixed(k, "10.2.0.129"), t0);
    EXPECT_EQ(c.UpdateFixed(Fixed(k, "10.2.0.129", 1, 0), t0), AffinityCache::Update::DELETED);
    EXPECT_EQ(c.LookupFixed(k, t0), nullptr);
    EXPECT_EQ(c.UpdateFixed(Fixed(k, "10.2.0.129", 1, 0), t0), AffinityCache::Update::NOT_FOUND);
    EXPECT_EQ(c.GetBytes(), AffinityCache::EntryBytes(c.GetWildcards()[0]));
}

TEST(AffinityCache, ExpiredWildcardTakesItsFixedAffinities)
{
    AffinityCache c;
    c.UpdateWildcard(
        Wildcard("10.1.0.0", "255.255.0.0", "10.3.0.100", "255.255.255.255", 80, kTcp, 0, 1, 3000),
        Seconds(0));
    FlowKey k = Tcp("10.1.0.2", "10.3.0.100", 40000, 80);
    c.UpdateFixed(Fixed(k, "10.2.0.129", 1, 10000), Seconds(0));
    EXPECT_NE(c.LookupFixed(k, MilliSeconds(2999)), nullptr);
    EXPECT_EQ(c.LookupFixed(k, Seconds(3)), nullptr) << "no valid supporting wildcard";
    std::vector<FixedEntry> fixed;
    std::vector<WildcardEntry> wildcards;
    c.Sweep(Seconds(3), &fixed, &wildcards);
    EXPECT_EQ(wildcards.size(), 1u);
    EXPECT_EQ(fixed.size(), 1u);
    EXPECT_EQ(c.GetNFixed(), 0u);
    EXPECT_EQ(c.GetBytes(), 0u);
}

TEST(AffinityCache, CapacityLimitsFixedAffinities)
{
    AffinityCache c(AffinityCache::SupportRule::SAME_PRECEDENCE, 2);
    Time t0 = Seconds(0);
    c.UpdateWildcard(Wildcard("10.1.0.0", "255.255.0.0", "10.3.0.100", "255.255.255.255", 80), t0);
    EXPECT_EQ(c.UpdateFixed(Fixed(Tcp("10.1.0.2", "10.3.0.100", 1, 80), "10.2.0.129"), t0),
              AffinityCache::Update::ADDED);
    EXPECT_EQ(c.UpdateFixed(Fixed(Tcp("10.1.0.2", "10.3.0.100", 2, 80), "10.2.0.129"), t0),
              AffinityCache::Update::ADDED);
    EXPECT_EQ(c.UpdateFixed(Fixed(Tcp("10.1.0.2", "10.3.0.100", 3, 80), "10.2.0.129"), t0),
              AffinityCache::Update::FULL);
    EXPECT_EQ(c.UpdateFixed(Fixed(Tcp("10.1.0.2", "10.3.0.100", 1, 80), "10.2.0.130"), t0),
              AffinityCache::Update::REFRESHED)
        << "a refresh needs no room";
}

TEST(NatAction, NonZeroFieldsReplace)
{
    NatAction nat;
    nat.destination = Ipv4Address("10.2.0.129");
    FlowKey k = Tcp("10.1.0.2", "10.3.0.100", 40000, 80);
    FlowKey t = nat.Apply(k);
    EXPECT_EQ(t, Tcp("10.1.0.2", "10.2.0.129", 40000, 80));
    nat.sourcePort = 7;
    EXPECT_EQ(nat.Apply(k).sport, 7);
}

TEST(HostSelectionPolicy, NamesAndChoices)
{
    for (const std::string& n : HostSelectionPolicy::GetNames())
    {
        EXPECT_TRUE(HostSelectionPolicy::CreateByName(n)) << n;
    }
    EXPECT_FALSE(HostSelectionPolicy::CreateByName("magic"));
    FlowKey k = Tcp("10.1.0.2", "10.3.0.100", 40000, 80);
    auto lc = HostSelectionPolicy::CreateByName("least-connections");
    EXPECT_EQ(lc->Select(k, {3, 1, 2}), 1u);
    EXPECT_EQ(lc->Select(k, {0, 0, 5}), 0u);
    auto rr = HostSelectionPolicy::CreateByName("round-robin");
    EXPECT_EQ(rr->Select(k, {0, 0, 0}), 0u);
    EXPECT_EQ(rr->Select(k, {0, 0, 0}), 1u);
    auto h1 = HostSelectionPolicy::CreateByName("hash");
    auto h2 = HostSelectionPolicy::CreateByName("hash");
    EXPECT_EQ(h1->Select(k, {9, 0, 0, 0}), h2->Select(k, {0, 0, 0, 9}))
        << "a hash decides the same on every manager, whatever its state";
}
