/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * MembershipView, ServiceChain (instances, DFs, NSH SPI/SI <-> boundary) and
 * the load-balancing policies' choices.
 */

#include "ns3/load-balancing-policy.h"
#include "ns3/service-chain.h"
#include "ns3/service-node.h"
#include "ns3/simulator.h"

#include <algorithm>
#include <gtest/gtest.h>
#include <map>
#include <string>
#include <tuple>
#include <vector>

using namespace ns3;
using namespace ns3::sfc;

TEST(MembershipView, KeepsInstancesSortedAndSetActiveIsIdempotent)
{
    MembershipView v(2);
    EXPECT_EQ(v.GetNFunctions(), 2u);
    EXPECT_TRUE(v.GetInstances(1).empty());
    EXPECT_TRUE(v.SetActive(1, 9, true));
    EXPECT_TRUE(v.SetActive(1, 3, true));
    EXPECT_TRUE(v.SetActive(1, 5, true));
    EXPECT_TRUE(v.SetActive(2, 4, true));
    EXPECT_EQ(v.GetInstances(1), (std::vector<uint32_t>{3, 5, 9}));
    EXPECT_EQ(v.GetInstances(2), (std::vector<uint32_t>{4}));
    EXPECT_EQ(v.GetVersion(), 4u);
    // Idempotent: no change, no new version.
    EXPECT_FALSE(v.SetActive(1, 5, true));
    EXPECT_FALSE(v.SetActive(1, 7, false));
    EXPECT_EQ(v.GetVersion(), 4u);
    EXPECT_TRUE(v.SetActive(1, 5, false));
    EXPECT_FALSE(v.SetActive(1, 5, false));
    EXPECT_EQ(v.GetInstances(1), (std::vector<uint32_t>{3, 9}));
    EXPECT_EQ(v.GetVersion(), 5u);
    // Bad function indexes change nothing and do not crash.
    EXPECT_FALSE(v.SetActive(0, 1, true));
    EXPECT_FALSE(v.SetActive(3, 1, true));
    EXPECT_TRUE(v.GetInstances(0).empty());
    EXPECT_TRUE(v.GetInstances(99).empty());
    EXPECT_EQ(v.GetVersion(), 5u);
}

namespace
{
Ptr<ServiceChain>
MakeChain(uint16_t id, uint32_t functions)
{
    Ptr<ServiceChain> c = CreateObject<ServiceChain>();
    c->SetChainId(id);
    for (uint32_t f = 0; f < functions; ++f)
    {
        c->AddFunction("f" + std::to_string(f + 1));
    }
    return c;
}
} // namespace

TEST(ServiceChain, SpiAndServiceIndexPerBoundary)
{
    Ptr<ServiceChain> c = MakeChain(7, 3);
    EXPECT_EQ(c->GetNFunctions(), 3u);
    EXPECT_EQ(c->GetFunctionName(2), "f2");
    EXPECT_EQ(c->GetSpi(Direction::FORWARD), 14u);
    EXPECT_EQ(c->GetSpi(Direction::REVERSE), 15u);
    // Forward: SI starts at 255 before the first function and drops by one per function.
    EXPECT_EQ(c->GetServiceIndex(Direction::FORWARD, 0), 255);
    EXPECT_EQ(c->GetServiceIndex(Direction::FORWARD, 1), 254);
    EXPECT_EQ(c->GetServiceIndex(Direction::FORWARD, 3), 252);
    // Reverse: the path starts after the last function (boundary n).
    EXPECT_EQ(c->GetServiceIndex(Direction::REVERSE, 3), 255);
    EXPECT_EQ(c->GetServiceIndex(Direction::REVERSE, 2), 254);
    EXPECT_EQ(c->GetServiceIndex(Direction::REVERSE, 0), 252);
    // Locate inverts both, for every boundary.
    for (Direction d : {Direction::FORWARD, Direction::REVERSE})
    {
        for (uint32_t b = 0; b <= 3; ++b)
        {
            Direction dir;
            uint32_t boundary = 99;
            ASSERT_TRUE(c->Locate(c->GetSpi(d), c->GetServiceIndex(d, b), dir, boundary));
            EXPECT_EQ(dir, d);
            EXPECT_EQ(boundary, b);
        }
    }
    c->Dispose();
}

TEST(ServiceChain, LocateRejectsForeignSpiAndOutOfRangeSi)
{
    Ptr<ServiceChain> c = MakeChain(7, 3);
    Direction dir = Direction::FORWARD;
    uint32_t boundary = 42;
    EXPECT_FALSE(c->Locate(13, 255, dir, boundary)) << "SPI of another chain";
    EXPECT_FALSE(c->Locate(16, 255, dir, boundary));
    EXPECT_FALSE(c->Locate(0, 255, dir, boundary));
    EXPECT_FALSE(c->Locate(14, 251, dir, boundary)) << "more functions done than the chain has";
    EXPECT_FALSE(c->Locate(15, 0, dir, boundary));
    EXPECT_EQ(boundary, 42u) << "untouched on failure";
    // Another chain's SPIs are not this one's.
    Ptr<ServiceChain> other = MakeChain(8, 3);
    EXPECT_FALSE(other->Locate(c->GetSpi(Direction::FORWARD), 255, dir, boundary));
    c->Dispose();
    other->Dispose();
}

TEST(ServiceChain, InstancesDesignatedForwardersAndMembership)
{
    Ptr<ServiceChain> c = MakeChain(1, 2);
    std::vector<std::tuple<uint32_t, uint32_t, bool>> changes;
    c->TraceConnectWithoutContext(
        "Membership",
        Callback<void, uint32_t, uint32_t, bool>(
            [&](uint32_t f, uint32_t i, bool a) { changes.emplace_back(f, i, a); }));
    for (uint32_t id = 1; id <= 4; ++id)
    {
        ServiceChain::InstanceInfo info;
        info.id = id;
        info.function = id <= 2 ? 1 : 2;
        info.server = id % 2;
        info.locator = Ipv4Address(0x0a000000 + id);
        c->AddInstance(info);
    }
    ASSERT_NE(c->GetInstance(3), nullptr);
    EXPECT_EQ(c->GetInstance(3)->function, 2u);
    EXPECT_EQ(c->GetInstance(3)->locator, Ipv4Address("10.0.0.3"));
    EXPECT_EQ(c->GetInstance(5), nullptr);
    EXPECT_EQ(c->GetAllInstances().size(), 4u);
    EXPECT_TRUE(c->GetMembership()->GetInstances(1).empty()) << "registered, not in service";
    c->SetActive(2, true);
    c->SetActive(1, true);
    c->SetActive(1, true); // no change, no trace
    c->SetActive(4, true);
    c->SetActive(2, false);
    EXPECT_EQ(c->GetMembership()->GetInstances(1), (std::vector<uint32_t>{1}));
    EXPECT_EQ(c->GetMembership()->GetInstances(2), (std::vector<uint32_t>{4}));
    ASSERT_EQ(changes.size(), 4u);
    EXPECT_EQ(changes[0], std::make_tuple(1u, 2u, true));
    EXPECT_EQ(changes[3], std::make_tuple(1u, 2u, false));

    EXPECT_EQ(c->GetDesignatedForwarder(1), Ipv4Address());
    c->SetDesignatedForwarder(2, Ipv4Address("10.0.0.9"));
    EXPECT_EQ(c->GetDesignatedForwarder(2), Ipv4Address("10.0.0.9"));
    EXPECT_EQ(c->GetDesignatedForwarder(0), Ipv4Address());
    EXPECT_EQ(c->GetDesignatedForwarder(3), Ipv4Address());
    c->Dispose();
}

TEST(LoadBalancingPolicy, NamesAndStatefulness)
{
    std::vector<std::string> names = LoadBalancingPolicy::GetNames();
    EXPECT_NE(std::find(names.begin(), names.end(), "flow-table"), names.end());
    EXPECT_NE(std::find(names.begin(), names.end(), "hash"), names.end());
    for (const auto& n : names)
    {
        Ptr<LoadBalancingPolicy> p = LoadBalancingPolicy::CreateByName(n);
        ASSERT_NE(p, nullptr) << n;
        EXPECT_EQ(p->GetName(), n);
    }
    EXPECT_EQ(LoadBalancingPolicy::CreateByName("no-such-policy"), nullptr);
    EXPECT_TRUE(LoadBalancingPolicy::CreateByName("flow-table")->IsStateful());
    EXPECT_FALSE(LoadBalancingPolicy::CreateByName("hash")->IsStateful());
}

TEST(LoadBalancingPolicy, HashChoosesAmongInstancesInService)
{
    Ptr<LoadBalancingPolicy> p = LoadBalancingPolicy::CreateByName("hash");
    MembershipView v(2);
    FlowKey k(Ipv4Address("10.128.0.1"), Ipv4Address("203.0.113.1"), 1000, 80, 6);
    EXPECT_EQ(p->Select(k, Direction::FORWARD, 1, v), 0u) << "no instance: no choice";
    for (uint32_t id : {11, 12, 13})
    {
        v.SetActive(1, id, true);
    }
    std::map<uint32_t, uint32_t> count;
    uint32_t reverseDiffers = 0;
    for (uint16_t port = 1000; port < 1600; ++port)
    {
        k.sport = port;
        uint32_t chosen = p->Select(k, Direction::FORWARD, 1, v);
        EXPECT_EQ(chosen, p->Select(k, Direction::FORWARD, 1, v)) << "deterministic";
        count[chosen]++;
        // Stateless: the return packet hashes another tuple.
        reverseDiffers += p->Select(k.Reverse(), Direction::REVERSE, 1, v) != chosen ? 1 : 0;
    }
    ASSERT_EQ(count.size(), 3u);
    for (const auto& kv : count)
    {
        EXPECT_TRUE(kv.first >= 11 && kv.first <= 13);
        EXPECT_GT(kv.second, 150u);
    }
    EXPECT_GT(reverseDiffers, 300u);
    EXPECT_EQ(p->Select(k, Direction::FORWARD, 2, v), 0u) << "function 2 has no instance";
}
