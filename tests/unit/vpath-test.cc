/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * VEM/VPATH parts on their own: the flow table (keys by flow and hop, idle
 * expiry), the policy -> tag mapping, chain sequencing as an RFC 8060 ELP
 * through a Map-Reply's bytes, and the IPS in strict and loose mode.
 */

#include "service-node-driver.h"
#include "sfc-test-util.h"

#include "ns3/boolean.h"
#include "ns3/intrusion-prevention.h"
#include "ns3/lisp-eid-prefix.h"
#include "ns3/lisp-map-reply.h"
#include "ns3/packet.h"
#include "ns3/tcp-header.h"
#include "ns3/vpath-chain.h"
#include "ns3/vpath-flow-table.h"
#include "ns3/vpath-tag-map.h"

#include <gtest/gtest.h>

using namespace ns3;
using namespace ns3::sfc;
using sfctest::MakeTcp;
using sfctest::MakeUdp;
using sfctest::ServiceNodeDriver;

namespace
{

const FlowKey kFlow(Ipv4Address("192.168.1.1"), Ipv4Address("192.168.1.2"), 49153, 80, 6);
constexpr uint8_t kSyn = TcpHeader::SYN;
constexpr uint8_t kAck = TcpHeader::ACK;

class VpathTest : public sfctest::SimulatorTest
{
};

} // namespace

TEST_F(VpathTest, FlowTableKeysByFlowAndHop)
{
    VpathFlowTable t;
    t.SetIdleTimeout(Seconds(5));
    VpathFlowKey k1{kFlow, Ipv4Address("100.64.0.1").Get(), VpathFlowKey::RETURN_TO};
    VpathFlowKey k3{kFlow, Ipv4Address("100.64.0.3").Get(), VpathFlowKey::RETURN_TO};
    VpathFlowKey kin{kFlow, Ipv4Address("100.64.0.1").Get(), VpathFlowKey::REVERSE_IN};
    ASSERT_TRUE(t.Set(k1, VpathFlowEntry{Ipv4Address("10.0.0.2"), 7}));
    ASSERT_TRUE(t.Set(k3, VpathFlowEntry{Ipv4Address("10.0.0.129"), 7}));
    ASSERT_TRUE(t.Set(kin, VpathFlowEntry{Ipv4Address("10.0.0.128"), 7}));
    EXPECT_EQ(t.GetSize(), 3u); // one entry per hop: the two visits do not overwrite each other
    ASSERT_NE(t.Find(k1), nullptr);
    EXPECT_EQ(t.Find(k1)->rloc, Ipv4Address("10.0.0.2"));
    EXPECT_EQ(t.Find(k3)->rloc, Ipv4Address("10.0.0.129"));
    EXPECT_EQ(t.Find(VpathFlowKey{kFlow.Reverse(), k1.hop, VpathFlowKey::RETURN_TO}), nullptr);
    // overwrite keeps one entry
    ASSERT_TRUE(t.Set(k1, VpathFlowEntry{Ipv4Address("10.0.0.3"), 7}));
    EXPECT_EQ(t.GetSize(), 3u);
    EXPECT_EQ(t.Find(k1)->rloc, Ipv4Address("10.0.0.3"));
}

TEST_F(VpathTest, FlowTableEntriesExpireWhenIdle)
{
    VpathFlowTable t;
    t.SetIdleTimeout(Seconds(5));
    VpathFlowKey used{kFlow, 1, VpathFlowKey::RETURN_TO};
    VpathFlowKey idle{kFlow, 2, VpathFlowKey::RETURN_TO};
    t.Set(used, VpathFlowEntry{Ipv4Address("10.0.0.2"), 1});
    t.Set(idle, VpathFlowEntry{Ipv4Address("10.0.0.2"), 1});
    Simulator::Schedule(Seconds(4), [&]() { EXPECT_NE(t.Find(used), nullptr); });
    Simulator::Stop(Seconds(7));
    Simulator::Run();
    EXPECT_NE(t.Find(used), nullptr);
    EXPECT_EQ(t.Find(idle), nullptr);
    EXPECT_EQ(t.GetSize(), 1u);
    EXPECT_EQ(t.GetPeakSize(), 2u);
}

TEST_F(VpathTest, FlowTableCapacity)
{
    VpathFlowTable t;
    t.SetCapacity(1);
    EXPECT_TRUE(t.Set(VpathFlowKey{kFlow, 1, 0}, VpathFlowEntry{}));
    EXPECT_FALSE(t.Set(VpathFlowKey{kFlow, 2, 0}, VpathFlowEntry{}));
    EXPECT_TRUE(t.Set(VpathFlowKey{kFlow, 1, 0}, VpathFlowEntry{Ipv4Address("1.2.3.4"), 0}));
}

TEST(VpathTagMap, PolicyToTags)
{
    VpathTagMap m;
    EXPECT_TRUE(m.Add(7, 1, 2));
    EXPECT_TRUE(m.Add(8, 3, 4));
    EXPECT_FALSE(m.Add(7, 5, 6)); // policy tagged already
    EXPECT_FALSE(m.Add(9, 2, 5)); // tag in use
    EXPECT_FALSE(m.Add(9, 5, 5)); // one port for both
    ASSERT_NE(m.ForPolicy(8), nullptr);
    EXPECT_EQ(m.ForPolicy(8)->inTag, 3);
    EXPECT_EQ(m.ForPolicy(8)->outTag, 4);
    EXPECT_EQ(m.ForPolicy(9), nullptr);
    uint32_t policy = 0;
    bool out = false;
    ASSERT_TRUE(m.FromTag(2, policy, out));
    EXPECT_EQ(policy, 7u);
    EXPECT_TRUE(out);
    ASSERT_TRUE(m.FromTag(3, policy, out));
    EXPECT_EQ(policy, 8u);
    EXPECT_FALSE(out);
    EXPECT_FALSE(m.FromTag(5, policy, out));
    EXPECT_TRUE(m.Remove(7));
    EXPECT_FALSE(m.FromTag(1, policy, out));
    EXPECT_TRUE(m.Add(9, 1, 2)); // tags free again
    EXPECT_EQ(m.GetSize(), 2u);
}

TEST(VpathChain, ElpSurvivesTheMapReplyBytes)
{
    std::vector<Ipv4Address> hops{Ipv4Address("100.64.0.9"),
                                  Ipv4Address("100.64.0.1"),
                                  Ipv4Address("100.64.0.2")};
    LispMappingRecord rec = VpathChain::MakeChainRecord(7, Ipv4Address("0.0.0.0"), 0, hops, 3);
    LispMapReplyHeader reply;
    reply.SetNonce(42);
    reply.AddRecord(rec);
    Packet p;
    p.AddHeader(reply);
    LispMapReplyHeader back;
    ASSERT_GT(p.PeekHeader(back), 0u);
    ASSERT_TRUE(back.IsValid());
    ASSERT_EQ(back.GetRecords().size(), 1u);
    const LispMappingRecord& r = back.GetRecords()[0];
    LispEidPrefix prefix = LispEidPrefix::FromAddress(r.eid, r.eidMaskLen);
    EXPECT_EQ(prefix.GetInstanceId(), 7u);
    EXPECT_EQ(prefix.GetLength(), 0);
    EXPECT_EQ(r.ttl, 3u);
    ASSERT_EQ(r.locators.size(), 1u);
    EXPECT_EQ(r.locators[0].rloc.GetLcafType(), LispAddress::kLcafElp);
    for (const LispElpHop& h : r.locators[0].rloc.GetElpHops())
    {
        EXPECT_TRUE(h.IsLookup());
        EXPECT_TRUE(h.IsStrict());
    }
    std::vector<Ipv4Address> got;
    ASSERT_TRUE(VpathChain::ReadChain(r, got));
    EXPECT_EQ(got, hops);
}

TEST(VpathChain, Sequencing)
{
    std::vector<Ipv4Address> hops{Ipv4Address("100.64.0.9"), Ipv4Address("100.64.0.1")};
    Ipv4Address vm("192.168.1.1");
    EXPECT_EQ(VpathChain::NextHopIndex(hops, vm, false), 0);     // from the source: first hop
    EXPECT_EQ(VpathChain::NextHopIndex(hops, hops[0], true), 1); // IPS -> firewall
    EXPECT_EQ(VpathChain::NextHopIndex(hops, hops[1], true), 2); // firewall -> destination
    EXPECT_EQ(VpathChain::NextHopIndex(hops, Ipv4Address("100.64.0.7"), true), -1); // off chain
    EXPECT_EQ(VpathChain::NextHopIndex({}, vm, false), 0); // no chain: destination
    // a plain host record is no chain
    std::vector<Ipv4Address> none;
    LispMappingRecord host = VpathChain::MakeHostRecord(vm, Ipv4Address("10.0.0.2"), 10);
    EXPECT_FALSE(VpathChain::ReadChain(host, none));
    Ipv4Address rloc;
    ASSERT_TRUE(VpathChain::BestRloc(host, rloc));
    EXPECT_EQ(rloc, Ipv4Address("10.0.0.2"));
    LispMappingRecord negative;
    EXPECT_FALSE(VpathChain::BestRloc(negative, rloc));
}

TEST_F(VpathTest, IpsStrictDropsMidConnectionPackets)
{
    Ptr<IntrusionPrevention> ips =
        CreateObjectWithAttributes<IntrusionPrevention>("Strict", BooleanValue(true));
    ServiceNodeDriver d(ips);
    FlowKey other(Ipv4Address("192.168.1.1"), Ipv4Address("192.168.1.2"), 49154, 80, 6);
    d.SendAt(Seconds(1), MakeTcp(kFlow, kSyn), Direction::FORWARD);
    d.SendAt(Seconds(1.1), MakeTcp(kFlow.Reverse(), kSyn | kAck), Direction::REVERSE);
    d.SendAt(Seconds(1.2), MakeTcp(kFlow, kAck), Direction::FORWARD);
    d.SendAt(Seconds(2), MakeTcp(other, kAck), Direction::FORWARD);             // never saw SYN
    d.SendAt(Seconds(2.1), MakeTcp(other.Reverse(), kAck), Direction::REVERSE); // nor this
    d.RunUntil(Seconds(3));
    EXPECT_EQ(d.out.size(), 3u);
    ASSERT_EQ(d.drops.size(), 2u);
    EXPECT_EQ(d.drops[0].reason, DropReason::NO_STATE);
    EXPECT_EQ(ips->GetMidFlowDrops(), 2u);
    EXPECT_EQ(ips->GetStarted(), 1u);
    EXPECT_EQ(ips->GetAdopted(), 0u);
    EXPECT_TRUE(ips->HasConnection(kFlow));
    EXPECT_FALSE(ips->HasConnection(other));
    EXPECT_EQ(ips->GetOneDirectionConnections(), 0u);
}

TEST_F(VpathTest, IpsLooseAdoptsMidConnectionFlows)
{
    Ptr<IntrusionPrevention> ips =
        CreateObjectWithAttributes<IntrusionPrevention>("Strict", BooleanValue(false));
    ServiceNodeDriver d(ips);
    d.SendAt(Seconds(1), MakeTcp(kFlow.Reverse(), kAck), Direction::REVERSE); // mid-flow, reverse
    d.SendAt(Seconds(1.1), MakeTcp(kFlow, kAck), Direction::FORWARD);
    d.RunUntil(Seconds(2));
    EXPECT_EQ(d.out.size(), 2u);
    EXPECT_TRUE(d.drops.empty());
    EXPECT_EQ(ips->GetAdopted(), 1u);
    EXPECT_EQ(ips->GetMidFlowDrops(), 0u);
    EXPECT_TRUE(ips->HasConnection(kFlow));
    EXPECT_EQ(ips->GetNStates(), 1u);
}

TEST_F(VpathTest, IpsUdpStartsWithTheFirstForwardPacket)
{
    Ptr<IntrusionPrevention> ips = CreateObject<IntrusionPrevention>();
    ServiceNodeDriver d(ips);
    FlowKey udp(Ipv4Address("192.168.1.1"), Ipv4Address("192.168.1.2"), 5000, 53, 17);
    FlowKey late(Ipv4Address("192.168.1.1"), Ipv4Address("192.168.1.2"), 5001, 53, 17);
    d.SendAt(Seconds(1), MakeUdp(late.Reverse()), Direction::REVERSE); // answer to nothing seen
    d.SendAt(Seconds(1.1), MakeUdp(udp), Direction::FORWARD);
    d.SendAt(Seconds(1.2), MakeUdp(udp.Reverse()), Direction::REVERSE);
    d.RunUntil(Seconds(2));
    EXPECT_EQ(d.out.size(), 2u);
    EXPECT_EQ(d.drops.size(), 1u);
    EXPECT_EQ(ips->GetOneDirectionConnections(), 0u);
    EXPECT_EQ(ips->GetFunctionType(), "ips");
}
