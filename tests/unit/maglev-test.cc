/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ns3/flow-key.h"
#include "ns3/load-balancing-policy.h"
#include "ns3/maglev-table.h"
#include "ns3/service-chain.h"

#include <gtest/gtest.h>
#include <map>

using namespace ns3;
using namespace ns3::sfc;

// Table 1 of Eisenbud et al., "Maglev: A Fast and Reliable Software Network Load
// Balancer", NSDI 2016: M = 7, backends B0 (offset 3, skip 4), B1 (0, 2), B2 (3, 1).
TEST(Maglev, ReproducesTable1OfThePaper)
{
    MaglevTable t(7);
    t.Build({{3, 4}, {0, 2}, {3, 1}});
    EXPECT_EQ(t.GetEntries(), (std::vector<int32_t>{1, 0, 1, 0, 2, 2, 0}));

    // After removing B1: the remaining backends keep their permutations.
    MaglevTable after(7);
    after.Build({{3, 4}, {3, 1}});
    std::vector<int32_t> names;
    for (int32_t e : after.GetEntries())
    {
        names.push_back(e == 0 ? 0 : 2); // index 1 of this table is B2
    }
    EXPECT_EQ(names, (std::vector<int32_t>{0, 0, 0, 0, 2, 2, 2}));
}

TEST(Maglev, EveryBackendGetsFloorOrCeilOfMOverN)
{
    for (uint32_t m : {7u, 251u, 65537u})
    {
        for (uint32_t n : {1u, 2u, 3u, 5u, 7u})
        {
            MaglevTable t(m);
            std::vector<uint32_t> ids;
            for (uint32_t i = 0; i < n; ++i)
            {
                ids.push_back(100 + 17 * i);
            }
            t.BuildFromIds(ids);
            std::map<int32_t, uint32_t> count;
            for (int32_t e : t.GetEntries())
            {
                ASSERT_GE(e, 0);
                count[e]++;
            }
            ASSERT_EQ(count.size(), n);
            for (const auto& kv : count)
            {
                EXPECT_TRUE(kv.second == m / n || kv.second == (m + n - 1) / n)
                    << "M=" << m << " N=" << n << " backend " << kv.first << " got " << kv.second;
            }
        }
    }
}

TEST(Maglev, AddingABackendMovesAboutOneInNPlusOne)
{
    const uint32_t m = 65537;
    MaglevTable before(m);
    MaglevTable after(m);
    before.BuildFromIds({1, 2, 3});
    after.BuildFromIds({1, 2, 3, 4});
    uint32_t moved = 0;
    for (uint32_t i = 0; i < m; ++i)
    {
        moved += before.GetEntries()[i] != after.GetEntries()[i] ? 1 : 0;
    }
    double fraction = double(moved) / m;
    // Ideal 1/4 (only the new backend's share moves); Maglev is near-minimal.
    EXPECT_GT(fraction, 0.24);
    EXPECT_LT(fraction, 0.30);
}

TEST(Maglev, RejectsNonPrimeSizeAndEmptyTableLooksUpNothing)
{
    EXPECT_TRUE(MaglevTable::IsPrime(65537));
    EXPECT_FALSE(MaglevTable::IsPrime(65536));
    EXPECT_FALSE(MaglevTable::IsPrime(1));
    MaglevTable t(7);
    t.Build({});
    EXPECT_EQ(t.Lookup(12345), -1);
}

namespace
{
FlowKey
Key(uint16_t port)
{
    return FlowKey(Ipv4Address("10.128.0.1"), Ipv4Address("203.0.113.1"), port, 80, 6);
}
} // namespace

TEST(Policies, SymmetricPoliciesAgreeOnBothDirections)
{
    MembershipView view(1);
    for (uint32_t id : {3u, 5u, 9u})
    {
        view.SetActive(1, id, true);
    }
    Ptr<LoadBalancingPolicy> sym = LoadBalancingPolicy::CreateByName("symmetric-hash");
    Ptr<LoadBalancingPolicy> ch = LoadBalancingPolicy::CreateByName("consistent-hash");
    Ptr<LoadBalancingPolicy> hash = LoadBalancingPolicy::CreateByName("hash");
    uint32_t hashDiffers = 0;
    for (uint16_t port = 1000; port < 1300; ++port)
    {
        FlowKey k = Key(port);
        EXPECT_EQ(sym->Select(k, Direction::FORWARD, 1, view),
                  sym->Select(k.Reverse(), Direction::REVERSE, 1, view));
        EXPECT_EQ(ch->Select(k, Direction::FORWARD, 1, view),
                  ch->Select(k.Reverse(), Direction::REVERSE, 1, view));
        hashDiffers += hash->Select(k, Direction::FORWARD, 1, view) !=
                               hash->Select(k.Reverse(), Direction::REVERSE, 1, view)
                           ? 1
                           : 0;
    }
    EXPECT_GT(hashDiffers, 150u); // about 2/3 of 300 for three instances
}

TEST(Policies, ConsistentHashRebuildsOnMembershipChange)
{
    MembershipView view(1);
    for (uint32_t id : {1u, 2u, 3u})
    {
        view.SetActive(1, id, true);
    }
    Ptr<LoadBalancingPolicy> ch = LoadBalancingPolicy::CreateByName("consistent-hash");
    Ptr<LoadBalancingPolicy> hash = LoadBalancingPolicy::CreateByName("hash");
    std::vector<uint32_t> chBefore;
    std::vector<uint32_t> hashBefore;
    const uint16_t n = 4000;
    for (uint16_t port = 0; port < n; ++port)
    {
        chBefore.push_back(ch->Select(Key(port), Direction::FORWARD, 1, view));
        hashBefore.push_back(hash->Select(Key(port), Direction::FORWARD, 1, view));
    }
    view.SetActive(1, 4, true);
    uint32_t chMoved = 0;
    uint32_t hashMoved = 0;
    uint32_t toNew = 0;
    for (uint16_t port = 0; port < n; ++port)
    {
        uint32_t c = ch->Select(Key(port), Direction::FORWARD, 1, view);
        chMoved += c != chBefore[port] ? 1 : 0;
        toNew += (c != chBefore[port] && c == 4) ? 1 : 0;
        hashMoved +=
            hash->Select(Key(port), Direction::FORWARD, 1, view) != hashBefore[port] ? 1 : 0;
    }
    // N = 3 -> 4: consistent hashing moves ~1/(N+1) = 25% (almost all to the new
    // instance), hash mod N moves ~N/(N+1) = 75%.
    EXPECT_NEAR(double(chMoved) / n, 0.25, 0.05);
    EXPECT_GT(double(toNew) / chMoved, 0.9);
    EXPECT_NEAR(double(hashMoved) / n, 0.75, 0.05);
}

TEST(Policies, NamesAndCaching)
{
    for (const auto& name : LoadBalancingPolicy::GetNames())
    {
        Ptr<LoadBalancingPolicy> p = LoadBalancingPolicy::CreateByName(name);
        ASSERT_TRUE(p) << name;
        bool flowTable = name == "flow-table";
        EXPECT_EQ(p->CachesReverse(), flowTable) << name;
        EXPECT_EQ(p->CachesForward(), flowTable || name == "nat-pools") << name;
    }
    EXPECT_FALSE(LoadBalancingPolicy::CreateByName("round-robin"));
}
