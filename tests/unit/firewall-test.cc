/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * StatefulFirewall and the ServiceNode basics (FIFO service, queue limit,
 * start and stop) driven directly; DpiCounter passes everything.
 */

#include "service-node-driver.h"
#include "sfc-test-util.h"

#include "ns3/boolean.h"
#include "ns3/dpi-counter.h"
#include "ns3/stateful-firewall.h"
#include "ns3/tcp-header.h"
#include "ns3/uinteger.h"

#include <gtest/gtest.h>

using namespace ns3;
using namespace ns3::sfc;
using sfctest::MakeTcp;
using sfctest::MakeUdp;
using sfctest::ServiceNodeDriver;

namespace
{

const FlowKey kFlow(Ipv4Address("10.128.0.5"), Ipv4Address("203.0.113.9"), 40000, 80, 6);
constexpr uint8_t kSyn = TcpHeader::SYN;
constexpr uint8_t kAck = TcpHeader::ACK;

Ptr<StatefulFirewall>
MakeFirewall(Time idle = Seconds(10), bool strict = true)
{
    return CreateObjectWithAttributes<StatefulFirewall>("IdleTimeout",
                                                        TimeValue(idle),
                                                        "StrictTcp",
                                                        BooleanValue(strict));
}

class FirewallTest : public sfctest::SimulatorTest
{
};

} // namespace

TEST_F(FirewallTest, ForwardSynAdmitsTheConnection)
{
    Ptr<StatefulFirewall> fw = MakeFirewall();
    ServiceNodeDriver d(fw);
    d.SendAt(Seconds(1), MakeTcp(kFlow, kSyn), Direction::FORWARD);
    d.SendAt(Seconds(2), MakeTcp(kFlow.Reverse(), kSyn | kAck), Direction::REVERSE);
    d.SendAt(Seconds(3), MakeTcp(kFlow, kAck), Direction::FORWARD);
    d.RunUntil(Seconds(5)); // before the state expires
    ASSERT_EQ(d.out.size(), 3u);
    EXPECT_TRUE(d.drops.empty());
    // A firewall does not rewrite.
    EXPECT_EQ(d.out[0].info.key, kFlow);
    EXPECT_EQ(d.out[1].info.key, kFlow.Reverse());
    EXPECT_EQ(d.out[1].dir, Direction::REVERSE);
    EXPECT_TRUE(fw->HasConnection(kFlow));
    EXPECT_FALSE(fw->HasConnection(kFlow.Reverse()))
        << "connections are keyed by their forward tuple";
    EXPECT_EQ(fw->GetNStates(), 1u);
    EXPECT_EQ(fw->GetFunctionType(), "firewall");
}

TEST_F(FirewallTest, ReverseWithoutStateIsDropped)
{
    Ptr<StatefulFirewall> fw = MakeFirewall();
    ServiceNodeDriver d(fw);
    d.SendAt(Seconds(1), MakeTcp(kFlow.Reverse(), kSyn | kAck), Direction::REVERSE);
    // Even a reverse-direction SYN does not open anything.
    d.SendAt(Seconds(2), MakeTcp(kFlow.Reverse(), kSyn), Direction::REVERSE);
    // Admitted forward tuple, but arriving as return traffic with the same key: no state for it.
    d.SendAt(Seconds(3), MakeTcp(kFlow, kSyn), Direction::FORWARD);
    d.SendAt(Seconds(4), MakeTcp(kFlow, kAck), Direction::REVERSE);
    d.Run();
    ASSERT_EQ(d.out.size(), 1u);
    ASSERT_EQ(d.drops.size(), 3u);
    for (const auto& x : d.drops)
    {
        EXPECT_EQ(x.reason, DropReason::NO_STATE);
        EXPECT_EQ(x.dir, Direction::REVERSE);
    }
    EXPECT_EQ(fw->GetDrops(DropReason::NO_STATE), 3u);
}

TEST_F(FirewallTest, StrictTcpDropsForwardNonSynWithoutState)
{
    Ptr<StatefulFirewall> fw = MakeFirewall(Seconds(10), true);
    ServiceNodeDriver d(fw);
    d.SendAt(Seconds(1), MakeTcp(kFlow, kAck), Direction::FORWARD);
    d.SendAt(Seconds(2), MakeTcp(kFlow, kSyn | kAck), Direction::FORWARD);
    d.Run();
    EXPECT_TRUE(d.out.empty());
    EXPECT_EQ(d.CountDrops(DropReason::NO_STATE), 2u);
    EXPECT_FALSE(fw->HasConnection(kFlow));
}

TEST_F(FirewallTest, NonStrictAdmitsMidStreamAndUdpNeedsNoHandshake)
{
    Ptr<StatefulFirewall> fw = MakeFirewall(Seconds(10), false);
    ServiceNodeDriver d(fw);
    FlowKey u(Ipv4Address("10.128.0.5"), Ipv4Address("203.0.113.9"), 5000, 53, 17);
    d.SendAt(Seconds(1), MakeTcp(kFlow, kAck), Direction::FORWARD);
    d.SendAt(Seconds(2), MakeTcp(kFlow.Reverse(), kAck), Direction::REVERSE);
    d.SendAt(Seconds(3), MakeUdp(u), Direction::FORWARD);
    d.SendAt(Seconds(4), MakeUdp(u.Reverse()), Direction::REVERSE);
    d.RunUntil(Seconds(5));
    EXPECT_EQ(d.out.size(), 4u);
    EXPECT_TRUE(d.drops.empty());
    EXPECT_TRUE(fw->HasConnection(u));
}

TEST_F(FirewallTest, StateExpiresAfterIdleTimeout)
{
    Ptr<StatefulFirewall> fw = MakeFirewall(Seconds(10));
    ServiceNodeDriver d(fw);
    d.SendAt(Seconds(1), MakeTcp(kFlow, kSyn), Direction::FORWARD);
    d.SendAt(Seconds(8), MakeTcp(kFlow.Reverse(), kAck), Direction::REVERSE);  // refresh
    d.SendAt(Seconds(17), MakeTcp(kFlow.Reverse(), kAck), Direction::REVERSE); // still there
    d.SendAt(Seconds(28), MakeTcp(kFlow.Reverse(), kAck), Direction::REVERSE); // idle 11 s: gone
    d.SendAt(Seconds(29), MakeTcp(kFlow, kAck), Direction::FORWARD);           // strict: gone
    Simulator::Schedule(Seconds(27), [&] { EXPECT_TRUE(fw->HasConnection(kFlow)); });
    Simulator::Schedule(Seconds(27.5), [&] { EXPECT_FALSE(fw->HasConnection(kFlow)); });
    d.Run();
    EXPECT_EQ(d.out.size(), 3u);
    ASSERT_EQ(d.drops.size(), 2u);
    EXPECT_EQ(d.drops[0].reason, DropReason::NO_STATE);
    EXPECT_EQ(d.drops[0].dir, Direction::REVERSE);
    EXPECT_EQ(d.drops[1].reason, DropReason::NO_STATE);
    EXPECT_EQ(d.drops[1].dir, Direction::FORWARD);
    EXPECT_EQ(fw->GetNStates(), 0u);
}

TEST_F(FirewallTest, CapacityLimitsConnections)
{
    Ptr<StatefulFirewall> fw = MakeFirewall();
    fw->SetAttribute("Capacity", UintegerValue(1));
    ServiceNodeDriver d(fw);
    FlowKey second = kFlow;
    second.sport = 40001;
    d.SendAt(Seconds(1), MakeTcp(kFlow, kSyn), Direction::FORWARD);
    d.SendAt(Seconds(2), MakeTcp(second, kSyn), Direction::FORWARD);
    d.Run();
    EXPECT_EQ(d.out.size(), 1u);
    EXPECT_EQ(d.CountDrops(DropReason::RESOURCES), 1u);
}

// ---------------------------------------------------------------------------
// ServiceNode basics, seen through the firewall and the DPI counter

TEST_F(FirewallTest, FifoServiceAndQueueLimit)
{
    Ptr<StatefulFirewall> fw =
        CreateObjectWithAttributes<StatefulFirewall>("ProcessingDelay",
                                                     TimeValue(MicroSeconds(100)),
                                                     "QueueLimit",
                                                     UintegerValue(2),
                                                     "StrictTcp",
                                                     BooleanValue(false));
    ServiceNodeDriver d(fw);
    // Five packets at once: one in service, two waiting, two dropped.
    for (uint16_t i = 0; i < 5; ++i)
    {
        FlowKey k = kFlow;
        k.sport = static_cast<uint16_t>(1000 + i);
        d.SendAt(Seconds(1), MakeTcp(k, kSyn), Direction::FORWARD);
    }
    d.Run();
    ASSERT_EQ(d.out.size(), 3u);
    EXPECT_EQ(d.CountDrops(DropReason::QUEUE_FULL), 2u);
    for (uint32_t i = 0; i < 3; ++i)
    {
        EXPECT_EQ(d.out[i].info.key.sport, 1000 + i) << "FIFO order";
        EXPECT_EQ(d.out[i].at, Seconds(1) + MicroSeconds(100 * (i + 1)));
    }
}

TEST_F(FirewallTest, StoppedInstanceDropsAndForgets)
{
    Ptr<StatefulFirewall> fw = MakeFirewall();
    fw->SetStopTime(Seconds(5));
    ServiceNodeDriver d(fw);
    int starts = 0;
    int stops = 0;
    fw->TraceConnectWithoutContext("InstanceStart", Callback<void>([&]() { ++starts; }));
    fw->TraceConnectWithoutContext("InstanceStop", Callback<void>([&]() { ++stops; }));
    d.SendAt(Seconds(1), MakeTcp(kFlow, kSyn), Direction::FORWARD);
    d.SendAt(Seconds(6), MakeTcp(kFlow.Reverse(), kAck), Direction::REVERSE);
    d.Run();
    EXPECT_EQ(starts, 1);
    EXPECT_EQ(stops, 1);
    EXPECT_EQ(d.out.size(), 1u);
    ASSERT_EQ(d.drops.size(), 1u);
    EXPECT_EQ(d.drops[0].reason, DropReason::INSTANCE_DOWN);
    EXPECT_FALSE(fw->HasConnection(kFlow));
}

TEST_F(FirewallTest, DpiCounterPassesBothDirections)
{
    Ptr<DpiCounter> dpi = CreateObject<DpiCounter>();
    ServiceNodeDriver d(dpi);
    d.SendAt(Seconds(1), MakeTcp(kFlow.Reverse(), kAck), Direction::REVERSE);
    d.SendAt(Seconds(2), MakeTcp(kFlow, kAck), Direction::FORWARD);
    d.Run();
    ASSERT_EQ(d.out.size(), 2u);
    EXPECT_EQ(d.out[0].info.key, kFlow.Reverse());
    EXPECT_EQ(d.out[1].info.key, kFlow);
    EXPECT_TRUE(d.drops.empty());
    EXPECT_EQ(dpi->GetPackets(Direction::FORWARD), 1u);
    EXPECT_EQ(dpi->GetPackets(Direction::REVERSE), 1u);
    EXPECT_EQ(dpi->GetBytes(Direction::FORWARD), d.out[1].packet->GetSize());
}
