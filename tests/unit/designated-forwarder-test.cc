/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * DesignatedForwarder: the DF / NDF rules of one forwarder, and the one
 * switch that turns them on (Forwarder::DesignatedForwarding, set by the
 * "flow-table-df" shorthand of ServiceChainHelper).
 */

#include "ns3/designated-forwarder.h"
#include "ns3/forwarder.h"
#include "ns3/service-chain-helper.h"
#include "ns3/sfc-network-helper.h"
#include "ns3/sfc-topology.h"
#include "ns3/simulator.h"

#include <gtest/gtest.h>

using namespace ns3;
using namespace ns3::sfc;

namespace
{
const Ipv4Address kA("10.0.0.1"); //!< DF of function 1
const Ipv4Address kB("10.0.0.2"); //!< DF of function 2

/// A chain of two functions: A is DF of f1, B of f2
Ptr<ServiceChain>
TwoFunctions()
{
    Ptr<ServiceChain> c = CreateObject<ServiceChain>();
    c->AddFunction("fw");
    c->AddFunction("nat");
    c->SetDesignatedForwarder(1, kA);
    c->SetDesignatedForwarder(2, kB);
    return c;
}

Arrival
FromInstance(uint32_t id)
{
    Arrival a;
    a.kind = Arrival::LOCAL_SN;
    a.instance = id;
    return a;
}
} // namespace

TEST(DesignatedForwarder, NdfRelaysBetweenItsInstancesAndTheDf)
{
    Ptr<ServiceChain> c = TwoFunctions();
    DesignatedForwarder onB; // B: DF of f2, NDF of f1
    onB.Configure(c, kB);
    EXPECT_FALSE(onB.IsDesignatedForwarder(1));
    EXPECT_TRUE(onB.IsDesignatedForwarder(2));
    FlowAction a;

    // A forward packet the DF sent for a named instance is delivered to it.
    Arrival named;
    named.kind = Arrival::REMOTE;
    named.sender = kA;
    named.named = 7;
    ASSERT_TRUE(onB.Relay({Direction::FORWARD, 0, FlowTableKey::INGRESS}, named, a));
    EXPECT_EQ(a.kind, FlowAction::TO_SERVICE_NODE);
    EXPECT_EQ(a.instance, 7u);

    // A return packet of a local f1 instance (boundary 0) goes to f1's DF, A.
    ASSERT_TRUE(onB.Relay(ChainPosition::FromInstance(1, Direction::REVERSE), FromInstance(3), a));
    EXPECT_EQ(a.kind, FlowAction::TO_FORWARDER);
    EXPECT_EQ(a.forwarder, kA);
    EXPECT_EQ(a.context, FlowTableKey::INGRESS);
    EXPECT_EQ(a.instance, 0u);

    // ... but B is f2's DF: its own f2 instances' return packets are not relayed.
    EXPECT_FALSE(onB.Relay(ChainPosition::FromInstance(2, Direction::REVERSE), FromInstance(4), a));
    // Forward packets from local instances are never relayed (they are looked up).
    EXPECT_FALSE(onB.Relay(ChainPosition::FromInstance(1, Direction::FORWARD), FromInstance(3), a));
    c->Dispose();
}

TEST(DesignatedForwarder, RedirectSendsLeavingAndEnteringTrafficToTheDfs)
{
    Ptr<ServiceChain> c = TwoFunctions();
    DesignatedForwarder onB;
    onB.Configure(c, kB);
    DesignatedForwarder onA;
    onA.Configure(c, kA);
    FlowAction a;

    // Boundary 0 (the source side): entering f1 goes through its DF, A.
    ASSERT_TRUE(onB.Redirect(0, 2, a));
    EXPECT_EQ(a.forwarder, kA);
    EXPECT_EQ(a.context, FlowTableKey::INGRESS);
    EXPECT_FALSE(onA.Redirect(0, 2, a)) << "A balances f1 itself";

    // Boundary 1: leaving f1 is A's job; then entering f2 is B's.
    ASSERT_TRUE(onB.Redirect(1, 2, a));
    EXPECT_EQ(a.forwarder, kA);
    EXPECT_EQ(a.context, FlowTableKey::EGRESS);
    ASSERT_TRUE(onA.Redirect(1, 2, a));
    EXPECT_EQ(a.forwarder, kB);
    EXPECT_EQ(a.context, FlowTableKey::INGRESS);

    // Boundary 2 (after the last function): only leaving f2 matters.
    EXPECT_FALSE(onB.Redirect(2, 2, a)) << "B is f2's DF: route lookup here";
    ASSERT_TRUE(onA.Redirect(2, 2, a));
    EXPECT_EQ(a.forwarder, kB);
    EXPECT_EQ(a.context, FlowTableKey::EGRESS);

    // A function without a DF imposes nothing.
    c->SetDesignatedForwarder(2, Ipv4Address());
    EXPECT_FALSE(onA.Redirect(1, 2, a));
    EXPECT_FALSE(onA.Redirect(2, 2, a));
    c->Dispose();
}

TEST(DesignatedForwarder, OneSwitchTurnsItOn)
{
    for (const std::string policy : {"flow-table-df", "flow-table", "hash"})
    {
        SfcTopology::LeafSpineParams tp;
        tp.spines = 1;
        tp.racks = 1;
        tp.servers = 2;
        tp.sources = 1;
        tp.externals = 1;
        SfcNetwork net = SfcNetworkHelper().Install(SfcTopology::LeafSpine(tp));
        ServiceChainHelper helper;
        helper.SetPolicy(policy);
        helper.AddFunction("nat", "ns3::sfc::SourceNat", 2);
        ChainDeployment d = helper.Install(net);
        for (const auto& f : d.forwarders)
        {
            EXPECT_EQ(f->IsDesignatedForwarding(), policy == "flow-table-df") << policy;
            EXPECT_EQ(f->GetPolicy()->GetName(), policy == "hash" ? "hash" : "flow-table");
        }
        Simulator::Destroy();
    }
    auto names = ServiceChainHelper::GetPolicyNames();
    ASSERT_FALSE(names.empty());
    EXPECT_EQ(names.front(), "flow-table-df");
}
