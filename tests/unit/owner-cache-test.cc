/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The source vPlane's owner cache (idle timeout on simulated time, refresh
 * on use) and the helper's association store (soft state: register,
 * refresh, replace, withdraw, expiry, re-balancing hand-over), sized and
 * counted.
 */

#include "sfc-test-util.h"

#include "ns3/association-store.h"
#include "ns3/nstime.h"
#include "ns3/owner-cache.h"
#include "ns3/simulator.h"
#include "ns3/subset-assigner.h"
#include "ns3/uinteger.h"

#include <gtest/gtest.h>
#include <vector>

using namespace ns3;
using namespace ns3::sfc;

namespace
{
VnetFlowKey
Flow(uint16_t sport, uint32_t vnet = 1)
{
    return VnetFlowKey(
        vnet,
        FlowKey(Ipv4Address("203.0.113.7"), Ipv4Address("198.51.100.1"), sport, 80, 6));
}

const Ipv4Address H1("192.168.0.1");
const Ipv4Address H2("192.168.0.2");

class OwnerCacheTest : public sfctest::SimulatorTest
{
};

class AssociationStoreTest : public sfctest::SimulatorTest
{
};

/// Expired trace sink
void
Collect(std::vector<VnetFlowKey>* out, const VnetFlowKey& k, Ipv4Address)
{
    out->push_back(k);
}

/// Run f at simulated time t
template <typename F>
void
At(Time t, F f)
{
    Simulator::Schedule(t - Simulator::Now(), f);
}
} // namespace

TEST_F(OwnerCacheTest, BothDirectionsHitAndIdleEntriesExpireOnSimulatedTime)
{
    Ptr<OwnerCache> c = CreateObject<OwnerCache>();
    c->SetAttribute("IdleTimeout", TimeValue(Seconds(2)));
    std::vector<VnetFlowKey> expired;
    c->TraceConnectWithoutContext("Expired", MakeBoundCallback(&Collect, &expired));
    EXPECT_EQ(c->Insert(Flow(1), H1), OwnerCache::INSERTED);
    EXPECT_EQ(c->Insert(Flow(2), H2), OwnerCache::INSERTED);
    Ipv4Address o;
    EXPECT_TRUE(c->Lookup(Flow(1).Reverse(), o));
    EXPECT_EQ(o, H1);
    EXPECT_FALSE(c->Lookup(Flow(1, 2), o)) << "same tuple, other VNet";
    // Flow 1 is used at 1.5 s (refresh); flow 2 is only peeked (no refresh).
    At(Seconds(1.5), [&] {
        EXPECT_TRUE(c->Lookup(Flow(1), o));
        EXPECT_TRUE(c->Peek(Flow(2), o));
    });
    At(Seconds(2) - NanoSeconds(1), [&] { EXPECT_TRUE(c->Peek(Flow(2), o)); });
    At(Seconds(2), [&] { EXPECT_FALSE(c->Peek(Flow(2), o)) << "idle for exactly 2 s"; });
    At(Seconds(3.4), [&] { EXPECT_TRUE(c->Peek(Flow(1), o)); });
    At(Seconds(3.6), [&] { EXPECT_FALSE(c->Peek(Flow(1), o)); });
    Simulator::Run();
    ASSERT_EQ(expired.size(), 2u);
    EXPECT_EQ(expired[0], Flow(2)) << "expiry order is the deadline order";
    EXPECT_EQ(expired[1], Flow(1));
    EXPECT_EQ(c->GetExpired(), 2u);
    EXPECT_EQ(c->GetNEntries(), 0u);
    EXPECT_EQ(c->GetPeakEntries(), 2u);
    EXPECT_EQ(c->GetHits(), 2u);
    EXPECT_EQ(c->GetMisses(), 1u);
}

TEST_F(OwnerCacheTest, UpdateCapacityAndOwnerRemoval)
{
    Ptr<OwnerCache> c = CreateObject<OwnerCache>();
    c->SetAttribute("MaxEntries", UintegerValue(2));
    EXPECT_EQ(c->Insert(Flow(1), H1), OwnerCache::INSERTED);
    EXPECT_EQ(c->Insert(Flow(1).Reverse(), H2), OwnerCache::UPDATED);
    Ipv4Address o;
    ASSERT_TRUE(c->Peek(Flow(1), o));
    EXPECT_EQ(o, H2);
    EXPECT_EQ(c->Insert(Flow(2), H1), OwnerCache::INSERTED);
    EXPECT_EQ(c->Insert(Flow(3), H1), OwnerCache::FULL);
    EXPECT_EQ(c->GetOverflows(), 1u);
    EXPECT_EQ(c->EraseOwner(H1), 1u);
    EXPECT_EQ(c->GetNEntries(), 1u);
    EXPECT_TRUE(c->Erase(Flow(1).Reverse()));
    EXPECT_EQ(c->GetNEntries(), 0u);
    EXPECT_EQ(c->GetPeakEntries(), 2u);
}

TEST_F(AssociationStoreTest, RegisterRefreshReplaceWithdraw)
{
    Ptr<AssociationStore> s = CreateObject<AssociationStore>();
    EXPECT_EQ(s->Register(Flow(1), H1, Seconds(5)), AssociationStore::ADDED);
    EXPECT_EQ(s->Register(Flow(1).Reverse(), H1, Seconds(5)), AssociationStore::REFRESHED);
    EXPECT_EQ(s->Register(Flow(1), H2, Seconds(5)), AssociationStore::REPLACED);
    Association a;
    ASSERT_TRUE(s->Lookup(Flow(1).Reverse(), a));
    EXPECT_EQ(a.owner, H2);
    EXPECT_EQ(a.origin, Association::REGISTERED);
    EXPECT_FALSE(s->Withdraw(Flow(1), H1)) << "a late withdraw of the previous owner";
    EXPECT_TRUE(s->Lookup(Flow(1), a));
    EXPECT_TRUE(s->Withdraw(Flow(1), H2));
    EXPECT_FALSE(s->Lookup(Flow(1), a));
    EXPECT_EQ(s->GetAdded(), 1u);
    EXPECT_EQ(s->GetRefreshed(), 1u);
    EXPECT_EQ(s->GetReplaced(), 1u);
    EXPECT_EQ(s->GetWithdrawn(), 1u);
    EXPECT_EQ(s->GetHits(), 2u);
    EXPECT_EQ(s->GetMisses(), 1u);
    EXPECT_EQ(s->GetPeakEntries(), 1u);
}

TEST_F(AssociationStoreTest, SoftStateExpiresUnlessRefreshedLookupsDoNotRefresh)
{
    Ptr<AssociationStore> s = CreateObject<AssociationStore>();
    s->SetAttribute("DefaultLifetime", TimeValue(Seconds(4)));
    s->Register(Flow(1), H1, Seconds(3));
    s->Register(Flow(2), H1, Time(0)); // default lifetime
    Association a;
    At(Seconds(2), [&] {
        EXPECT_TRUE(s->Lookup(Flow(1), a));
        s->Register(Flow(2), H1, Time(0)); // refresh: lives to 6 s
    });
    At(Seconds(3) - NanoSeconds(1), [&] { EXPECT_TRUE(s->Lookup(Flow(1), a)); });
    At(Seconds(3), [&] { EXPECT_FALSE(s->Lookup(Flow(1), a)) << "a lookup is no refresh"; });
    At(Seconds(5), [&] { EXPECT_TRUE(s->Lookup(Flow(2), a)); });
    At(Seconds(6), [&] { EXPECT_FALSE(s->Lookup(Flow(2), a)); });
    Simulator::Run();
    EXPECT_EQ(s->GetExpired(), 2u);
    EXPECT_EQ(s->GetNEntries(), 0u);
}

TEST_F(AssociationStoreTest, CapacityAndOwnerRemoval)
{
    Ptr<AssociationStore> s = CreateObject<AssociationStore>();
    s->SetAttribute("MaxEntries", UintegerValue(3));
    for (uint16_t p = 1; p <= 4; ++p)
    {
        s->Register(Flow(p), p % 2 ? H1 : H2, Seconds(5));
    }
    EXPECT_EQ(s->GetNEntries(), 3u);
    EXPECT_EQ(s->GetOverflows(), 1u);
    EXPECT_EQ(s->Register(Flow(1), H1, Seconds(5)), AssociationStore::REFRESHED)
        << "a refresh fits in a full store";
    EXPECT_EQ(s->EraseOwner(H1), 2u);
    EXPECT_EQ(s->GetNEntries(), 1u);
    EXPECT_EQ(s->GetPeakEntries(), 3u);
}

TEST_F(AssociationStoreTest, RebalancingHandsOverExactlyTheMovedSubsets)
{
    const Ipv4Address H3("192.168.0.3");
    QuerySubsetFunction fn(64);
    Ptr<SubsetAssigner> assigner = CreateObject<SubsetAssigner>();
    assigner->SetAttribute("NumSubsets", UintegerValue(64));
    SubsetMap before = assigner->SetVplanes({H1, H2});
    SubsetMap after = assigner->Join(H3);
    // H1 is the helper of some flows under `before`; each registered with it.
    Ptr<AssociationStore> h1 = CreateObject<AssociationStore>();
    uint32_t mine = 0;
    uint32_t leaving = 0;
    for (uint16_t p = 1; p <= 400; ++p)
    {
        Ipv4Address helper;
        ASSERT_TRUE(before.GetHelper(fn.GetSubset(Flow(p)), helper));
        if (helper != H1)
        {
            continue;
        }
        mine++;
        h1->Register(Flow(p), H2, Seconds(10));
        after.GetHelper(fn.GetSubset(Flow(p)), helper);
        leaving += helper != H1;
    }
    ASSERT_GT(leaving, 0u);
    At(Seconds(4), [&] {
        auto moved = h1->TakeMoved(after, fn, H1);
        EXPECT_EQ(moved.size(), leaving);
        for (const auto& m : moved)
        {
            Ipv4Address helper;
            after.GetHelper(fn.GetSubset(m.key), helper);
            EXPECT_NE(helper, H1);
            EXPECT_EQ(m.association.owner, H2);
            EXPECT_EQ(m.remaining, Seconds(6)) << "the lifetime left travels with it";
        }
        EXPECT_EQ(h1->GetNEntries(), mine - leaving);
    });
    Simulator::Run();
}
