/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The parts the vPlane is built from, driven directly: DestinationNat (port
 * forwarding both ways, no-state drops, StrictTcp, expiry), the
 * AssociationService (registered owners, selection of the DNAT target's
 * host) and the OwnerControlEndpoint (round trip, retransmission until
 * acknowledged, loss, malformed datagrams dropped and counted).
 */

#include "service-node-driver.h"
#include "sfc-test-util.h"

#include "ns3/association-service.h"
#include "ns3/boolean.h"
#include "ns3/destination-nat.h"
#include "ns3/double.h"
#include "ns3/inet-socket-address.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/owner-control-endpoint.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/tcp-header.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"

#include <gtest/gtest.h>
#include <set>
#include <vector>

using namespace ns3;
using namespace ns3::sfc;
using sfctest::MakeTcp;
using sfctest::ServiceNodeDriver;

namespace
{

const Ipv4Address kPublic("192.0.2.10");
const Ipv4Address kVm("10.128.0.4");
const Ipv4Address kWan("203.0.113.9");
const FlowKey kInbound(kWan, kPublic, 40000, 80, 6);
constexpr uint8_t kSyn = TcpHeader::SYN;
constexpr uint8_t kAck = TcpHeader::ACK;

class OwnerPartsTest : public sfctest::SimulatorTest
{
};

Ptr<DestinationNat>
MakeDnat(Time idle = Seconds(10))
{
    Ptr<DestinationNat> d =
        CreateObjectWithAttributes<DestinationNat>("IdleTimeout", TimeValue(idle));
    d->AddRule(kPublic, 80, 6, kVm, 8080);
    return d;
}

} // namespace

TEST_F(OwnerPartsTest, DestinationNatForwardsAPublicPortAndTranslatesTheReturnBack)
{
    Ptr<DestinationNat> dnat = MakeDnat();
    ServiceNodeDriver d(dnat);
    FlowKey inside(kWan, kVm, 40000, 8080, 6);
    d.SendAt(Seconds(1), MakeTcp(kInbound, kSyn), Direction::FORWARD);
    d.SendAt(Seconds(2), MakeTcp(inside.Reverse(), kSyn | kAck), Direction::REVERSE);
    d.SendAt(Seconds(3), MakeTcp(kInbound, kAck), Direction::FORWARD);
    d.RunUntil(Seconds(5));
    ASSERT_EQ(d.out.size(), 3u);
    EXPECT_TRUE(d.drops.empty());
    EXPECT_EQ(d.out[0].info.key, inside);
    EXPECT_EQ(d.out[1].info.key, kInbound.Reverse()) << "the return leaves from the public port";
    EXPECT_EQ(d.out[2].info.key, inside);
    EXPECT_TRUE(dnat->HasBinding(kInbound));
    EXPECT_TRUE(dnat->IsReturnOfBinding(inside.Reverse()));
    EXPECT_FALSE(dnat->IsReturnOfBinding(kInbound));
    EXPECT_EQ(dnat->GetNStates(), 1u);
}

TEST_F(OwnerPartsTest, DestinationNatDropsWhatHasNoRuleOrNoBinding)
{
    Ptr<DestinationNat> dnat = MakeDnat(Seconds(2));
    ServiceNodeDriver d(dnat);
    FlowKey other(kWan, kPublic, 40001, 81, 6); // no rule for port 81
    FlowKey stray(kVm, kWan, 8080, 40002, 6);   // a return nobody opened
    d.SendAt(Seconds(1), MakeTcp(other, kSyn), Direction::FORWARD);
    d.SendAt(Seconds(1), MakeTcp(stray, kSyn | kAck), Direction::REVERSE);
    d.SendAt(Seconds(1), MakeTcp(kInbound, kAck), Direction::FORWARD); // not a SYN
    d.SendAt(Seconds(2), MakeTcp(kInbound, kSyn), Direction::FORWARD);
    d.RunUntil(Seconds(10)); // the binding expires after 2 s idle
    ASSERT_EQ(d.drops.size(), 3u);
    for (const auto& drop : d.drops)
    {
        EXPECT_EQ(drop.reason, DropReason::NO_STATE);
    }
    EXPECT_EQ(d.out.size(), 1u);
    EXPECT_EQ(dnat->GetNStates(), 0u) << "expired";
}

TEST_F(OwnerPartsTest, AssociationServiceNamesRegisteredOwnersAndSelectsPortForwardTargets)
{
    Ptr<TranslationTable> table = CreateObject<TranslationTable>();
    table->Set(VnetEndpoint(1, kVm), Ipv4Address("10.0.0.9"));
    Ptr<AssociationService> s = CreateObject<AssociationService>();
    s->SetTranslationTable(table);
    PortForwardRule r;
    r.publicAddress = kPublic;
    r.publicPort = 80;
    r.target = VnetEndpoint(1, kVm);
    r.targetPort = 8080;
    s->AddPortForward(r);

    Ipv4Address owner;
    Association::Origin origin;
    VnetFlowKey inbound(0, kInbound);
    ASSERT_TRUE(s->Answer(inbound, owner, origin)) << "a new flow to the public port";
    EXPECT_EQ(owner, Ipv4Address("10.0.0.9")) << "the DNAT target's host";
    EXPECT_EQ(origin, Association::SELECTED);
    ASSERT_TRUE(s->Answer(inbound.Reverse(), owner, origin)) << "recorded, either direction";
    EXPECT_EQ(owner, Ipv4Address("10.0.0.9"));
    EXPECT_EQ(s->GetSelections(), 1u);

    OwnerMessageHeader reg;
    reg.SetType(OwnerMessageHeader::REGISTER);
    VnetFlowKey snat(0, FlowKey(Ipv4Address("198.51.100.1"), kWan, 1100, 80, 6));
    reg.SetKey(snat);
    reg.SetOwner(Ipv4Address("10.0.0.5"));
    reg.SetLifetimeMs(1000);
    EXPECT_EQ(s->HandleRegister(reg), AssociationStore::ADDED);
    ASSERT_TRUE(s->Answer(snat.Reverse(), owner, origin)) << "the gateway asks the return";
    EXPECT_EQ(owner, Ipv4Address("10.0.0.5"));
    EXPECT_EQ(origin, Association::REGISTERED);

    VnetFlowKey unknown(0, FlowKey(kWan, Ipv4Address("198.51.100.1"), 80, 1200, 6));
    EXPECT_FALSE(s->Answer(unknown, owner, origin));
    EXPECT_EQ(s->GetUnanswered(), 1u);
    s->SetAttribute("SelectPortForward", BooleanValue(false));
    VnetFlowKey second(0, FlowKey(kWan, kPublic, 40005, 80, 6));
    EXPECT_FALSE(s->Answer(second, owner, origin)) << "selection switched off";
}

namespace
{
/// Two nodes on a link, an endpoint on each
struct EndpointPair
{
    NodeContainer nodes;
    Ipv4InterfaceContainer ifs;
    Ptr<OwnerControlEndpoint> a;
    Ptr<OwnerControlEndpoint> b;
    std::vector<OwnerMessageHeader> atA;
    std::vector<OwnerMessageHeader> atB;
    std::vector<SubsetMapHeader> mapsAtB;

    EndpointPair()
    {
        nodes.Create(2);
        InternetStackHelper().Install(nodes);
        PointToPointHelper p2p;
        NetDeviceContainer devs = p2p.Install(nodes);
        Ipv4AddressHelper addr("10.9.0.0", "255.255.255.0");
        ifs = addr.Assign(devs);
        a = CreateObject<OwnerControlEndpoint>();
        b = CreateObject<OwnerControlEndpoint>();
        a->Open(nodes.Get(0),
                ifs.GetAddress(0),
                MakeCallback(&EndpointPair::OnA, this),
                MakeCallback(&EndpointPair::OnMapA, this));
        b->Open(nodes.Get(1),
                ifs.GetAddress(1),
                MakeCallback(&EndpointPair::OnB, this),
                MakeCallback(&EndpointPair::OnMapB, this));
    }

    void OnA(const OwnerMessageHeader& h, Ipv4Address)
    {
        atA.push_back(h);
        if (h.GetType() == OwnerMessageHeader::ACK)
        {
            a->Acknowledge(h.GetTransaction());
        }
    }

    void OnB(const OwnerMessageHeader& h, Ipv4Address from)
    {
        atB.push_back(h);
        OwnerMessageHeader ack;
        ack.SetType(OwnerMessageHeader::ACK);
        ack.SetCode(h.GetType());
        ack.SetTransaction(h.GetTransaction());
        b->Send(ack, from);
    }

    void OnMapA(const SubsetMapHeader&, Ipv4Address)
    {
    }

    void OnMapB(const SubsetMapHeader& h, Ipv4Address)
    {
        mapsAtB.push_back(h);
    }
};

OwnerMessageHeader
Register(uint32_t txid)
{
    OwnerMessageHeader h;
    h.SetType(OwnerMessageHeader::REGISTER);
    h.SetTransaction(txid);
    h.SetKey(VnetFlowKey(0, kInbound));
    h.SetOwner(Ipv4Address("10.0.0.5"));
    h.SetLifetimeMs(3000);
    return h;
}
} // namespace

TEST_F(OwnerPartsTest, ControlEndpointRetransmitsUntilAcknowledged)
{
    EndpointPair e;
    e.a->SetAttribute("RetransmitTimeout", TimeValue(MilliSeconds(10)));
    e.a->SetAttribute("LossProbability", DoubleValue(0.5));
    e.a->AssignStreams(7);
    for (uint32_t i = 1; i <= 20; ++i)
    {
        Simulator::Schedule(MilliSeconds(i),
                            [&e, i]() { e.a->SendReliable(Register(i), Ipv4Address("10.9.0.2")); });
    }
    Simulator::Stop(Seconds(2));
    Simulator::Run();
    std::set<uint32_t> delivered;
    for (const auto& h : e.atB)
    {
        delivered.insert(h.GetTransaction());
    }
    EXPECT_EQ(delivered.size(), 20u) << "every REGISTER got through, despite the loss";
    EXPECT_GT(e.a->GetLost(), 0u);
    EXPECT_GT(e.a->GetRetransmissions(), 0u);
    for (uint32_t i = 1; i <= 20; ++i)
    {
        EXPECT_FALSE(e.a->IsPending(i)) << i;
    }
    EXPECT_EQ(e.a->GetSent(OwnerMessageHeader::REGISTER), e.a->GetSent());
}

TEST_F(OwnerPartsTest, ControlEndpointGivesUpAfterMaxRetransmissions)
{
    EndpointPair e;
    e.a->SetAttribute("RetransmitTimeout", TimeValue(MilliSeconds(10)));
    e.a->SetAttribute("MaxRetransmissions", UintegerValue(3));
    e.a->SetAttribute("LossProbability", DoubleValue(1.0));
    Simulator::Schedule(MilliSeconds(1),
                        [&e]() { e.a->SendReliable(Register(1), Ipv4Address("10.9.0.2")); });
    Simulator::Stop(Seconds(1));
    Simulator::Run();
    EXPECT_TRUE(e.atB.empty());
    EXPECT_EQ(e.a->GetSent(), 4u) << "one transmission and three retransmissions";
    EXPECT_EQ(e.a->GetGivenUp(), 1u);
    EXPECT_FALSE(e.a->IsPending(1));
}

TEST_F(OwnerPartsTest, ControlEndpointDropsAndCountsMalformedDatagrams)
{
    EndpointPair e;
    Ptr<Socket> raw = Socket::CreateSocket(e.nodes.Get(0), UdpSocketFactory::GetTypeId());
    raw->Bind();
    InetSocketAddress to(Ipv4Address("10.9.0.2"), e.b->GetPort());
    std::vector<std::vector<uint8_t>> bad = {
        {},
        {1},
        {1, 1, 0, 0},                // a QUERY cut short
        std::vector<uint8_t>(40, 0), // version 0
        std::vector<uint8_t>(41, 0),
        {1, 8, 0, 0, 0, 0, 0, 1, 0, 0, 0, 2, 0xff, 0xff, 0, 0}, // a map with K too large
    };
    std::vector<uint8_t> trailing(40, 0);
    trailing[0] = 1;
    trailing[1] = OwnerMessageHeader::QUERY;
    trailing.push_back(0); // a valid QUERY with a byte too many
    bad.push_back(trailing);
    for (const auto& bytes : bad)
    {
        Ptr<Packet> p = Create<Packet>(bytes.data(), bytes.size());
        Simulator::Schedule(MilliSeconds(1), [raw, p, to]() { raw->SendTo(p, 0, to); });
    }
    SubsetMap map(3, {Ipv4Address("10.0.0.1")}, 4);
    for (uint32_t s = 0; s < 4; ++s)
    {
        map.Assign(s, Ipv4Address("10.0.0.1"));
    }
    SubsetMapHeader good;
    good.SetTransaction(9);
    good.SetMap(map);
    Simulator::Schedule(MilliSeconds(2),
                        [&e, good]() { e.a->SendMapReliable(good, Ipv4Address("10.9.0.2")); });
    Simulator::Stop(Seconds(1));
    Simulator::Run();
    EXPECT_EQ(e.b->GetMalformed(), bad.size());
    EXPECT_TRUE(e.atB.empty()) << "nothing malformed reached the vPlane";
    ASSERT_FALSE(e.mapsAtB.empty()) << "the valid map did";
    EXPECT_EQ(e.mapsAtB[0].GetMap().GetEpoch(), 3u);
}
