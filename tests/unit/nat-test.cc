/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * SourceNat driven directly: translation, return mapping, no-state drops,
 * StrictTcp, idle expiry, port-pool exhaustion.
 */

#include "service-node-driver.h"
#include "sfc-test-util.h"

#include "ns3/boolean.h"
#include "ns3/ipv4-address.h"
#include "ns3/source-nat.h"
#include "ns3/tcp-header.h"
#include "ns3/uinteger.h"

#include <gtest/gtest.h>
#include <set>

using namespace ns3;
using namespace ns3::sfc;
using sfctest::ChecksumScope;
using sfctest::ExpectChecksumsOk;
using sfctest::MakeTcp;
using sfctest::MakeUdp;
using sfctest::ServiceNodeDriver;

namespace
{

const Ipv4Address kPublic("198.51.100.7");
const FlowKey kFlow(Ipv4Address("10.128.0.5"), Ipv4Address("203.0.113.9"), 40000, 80, 6);
constexpr uint8_t kSyn = TcpHeader::SYN;
constexpr uint8_t kAck = TcpHeader::ACK;

Ptr<SourceNat>
MakeNat(Time idle = Seconds(10),
        bool strict = true,
        uint16_t portMin = 1000,
        uint16_t portMax = 1399)
{
    return CreateObjectWithAttributes<SourceNat>("PublicAddress",
                                                 Ipv4AddressValue(kPublic),
                                                 "PortMin",
                                                 UintegerValue(portMin),
                                                 "PortMax",
                                                 UintegerValue(portMax),
                                                 "IdleTimeout",
                                                 TimeValue(idle),
                                                 "StrictTcp",
                                                 BooleanValue(strict));
}

/// The return packet of a translated forward packet
FlowKey
ReturnOf(const FlowKey& translated)
{
    return translated.Reverse();
}

struct Translations
{
    std::vector<std::pair<FlowKey, FlowKey>> created;
    std::vector<std::pair<Time, FlowKey>> expired;

    void Connect(Ptr<SourceNat> nat)
    {
        nat->TraceConnectWithoutContext("NewTranslation", MakeCallback(&Translations::OnNew, this));
        nat->TraceConnectWithoutContext("TranslationExpired",
                                        MakeCallback(&Translations::OnExpired, this));
    }

    void OnNew(const FlowKey& o, const FlowKey& t)
    {
        created.emplace_back(o, t);
    }

    void OnExpired(const FlowKey& o, const FlowKey&)
    {
        expired.emplace_back(Simulator::Now(), o);
    }
};

class NatTest : public sfctest::SimulatorTest
{
};

} // namespace

TEST_F(NatTest, ForwardPacketsAreTranslatedIntoTheSlotsPortRange)
{
    ChecksumScope on(true);
    Ptr<SourceNat> nat = MakeNat();
    nat->SetSlot(1, 4); // [1000, 1399] in 4 slots of 100: slot 1 is [1100, 1199]
    ServiceNodeDriver d(nat);
    Translations tr;
    tr.Connect(nat);
    d.SendAt(Seconds(1), MakeTcp(kFlow, kSyn, 16, 1), Direction::FORWARD);
    d.SendAt(Seconds(2), MakeTcp(kFlow, kAck, 200, 1), Direction::FORWARD);
    d.RunUntil(Seconds(5)); // before the translation expires
    ASSERT_EQ(d.out.size(), 2u);
    EXPECT_TRUE(d.drops.empty());
    const FlowKey t = d.out[0].info.key;
    EXPECT_EQ(t.src, kPublic);
    EXPECT_GE(t.sport, 1100);
    EXPECT_LE(t.sport, 1199);
    EXPECT_EQ(t.dst, kFlow.dst);
    EXPECT_EQ(t.dport, kFlow.dport);
    EXPECT_EQ(t.protocol, 6);
    EXPECT_EQ(d.out[0].info.tcpFlags, kSyn);
    EXPECT_EQ(d.out[0].at, Seconds(1) + MicroSeconds(5)) << "ProcessingDelay";
    // The second packet keeps the translation.
    EXPECT_EQ(d.out[1].info.key, t);
    EXPECT_EQ(d.out[1].dir, Direction::FORWARD);
    // The payload and the checksums survive.
    FlowPayloadHeader fp;
    ASSERT_TRUE(InnerPacket::ReadFlowPayload(*d.out[1].packet, d.out[1].info, fp));
    EXPECT_EQ(fp.GetFlowId(), 1u);
    ExpectChecksumsOk(d.out[1].packet, t);
    // State and traces.
    ASSERT_EQ(tr.created.size(), 1u);
    EXPECT_EQ(tr.created[0].first, kFlow);
    EXPECT_EQ(tr.created[0].second, t);
    FlowKey looked;
    ASSERT_TRUE(nat->GetTranslation(kFlow, looked));
    EXPECT_EQ(looked, t);
    EXPECT_FALSE(nat->GetTranslation(t.Reverse(), looked)) << "only original tuples are looked up";
    EXPECT_EQ(nat->GetNStates(), 1u);
    EXPECT_EQ(nat->GetProcessedPackets(), 2u);
    EXPECT_EQ(nat->GetPublicAddress(), kPublic);
}

TEST_F(NatTest, SlotsOfOnePoolNeverOverlap)
{
    std::set<uint16_t> seen;
    for (uint32_t slot = 0; slot < 3; ++slot)
    {
        Ptr<SourceNat> nat = MakeNat(Seconds(10), true, 1000, 1008);
        nat->SetSlot(slot, 3);
        ServiceNodeDriver d(nat);
        for (uint16_t i = 0; i < 3; ++i)
        {
            FlowKey k = kFlow;
            k.sport = static_cast<uint16_t>(50000 + i);
            d.SendAt(MilliSeconds(1 + i), MakeTcp(k, kSyn), Direction::FORWARD);
        }
        d.Run();
        Simulator::Destroy();
        ASSERT_EQ(d.out.size(), 3u) << "slot " << slot;
        for (const auto& o : d.out)
        {
            EXPECT_GE(o.info.key.sport, 1000 + 3 * slot);
            EXPECT_LE(o.info.key.sport, 1002 + 3 * slot);
            EXPECT_TRUE(seen.insert(o.info.key.sport).second) << "port used twice";
        }
    }
    EXPECT_EQ(seen.size(), 9u);
}

TEST_F(NatTest, DistinctFlowsGetDistinctTuples)
{
    Ptr<SourceNat> nat = MakeNat();
    ServiceNodeDriver d(nat);
    std::set<std::pair<uint32_t, uint16_t>> outside;
    for (uint16_t i = 0; i < 50; ++i)
    {
        FlowKey k = kFlow;
        k.src = Ipv4Address(0x0a800000 + 1 + i % 5); // 5 hosts
        k.sport = static_cast<uint16_t>(40000 + i / 5);
        d.SendAt(MilliSeconds(1 + i), MakeTcp(k, kSyn), Direction::FORWARD);
    }
    d.RunUntil(Seconds(1));
    ASSERT_EQ(d.out.size(), 50u);
    for (const auto& o : d.out)
    {
        EXPECT_TRUE(outside.insert({o.info.key.src.Get(), o.info.key.sport}).second);
    }
    EXPECT_EQ(nat->GetNStates(), 50u);
}

TEST_F(NatTest, ReturnPacketIsMappedBack)
{
    ChecksumScope on(true);
    Ptr<SourceNat> nat = MakeNat();
    ServiceNodeDriver d(nat);
    d.SendAt(Seconds(1), MakeTcp(kFlow, kSyn), Direction::FORWARD);
    Simulator::Schedule(Seconds(1.5), [&] {
        ASSERT_EQ(d.out.size(), 1u);
        FlowKey back = ReturnOf(d.out[0].info.key);
        d.SendAt(Seconds(2), MakeTcp(back, kSyn | kAck, 16, 1), Direction::REVERSE);
    });
    d.Run();
    ASSERT_EQ(d.out.size(), 2u);
    EXPECT_TRUE(d.drops.empty());
    EXPECT_EQ(d.out[1].dir, Direction::REVERSE);
    EXPECT_EQ(d.out[1].info.key, kFlow.Reverse());
    EXPECT_EQ(d.out[1].info.tcpFlags, kSyn | kAck);
    ExpectChecksumsOk(d.out[1].packet, kFlow.Reverse());
}

TEST_F(NatTest, ReturnPacketWithoutStateIsDropped)
{
    Ptr<SourceNat> nat = MakeNat();
    ServiceNodeDriver d(nat);
    // A return packet to a public port this instance never handed out.
    FlowKey stray(kFlow.dst, kPublic, 80, 1234, 6);
    d.SendAt(Seconds(1), MakeTcp(stray, kSyn | kAck), Direction::REVERSE);
    // An inside tuple arriving as return traffic is not a translation either.
    d.SendAt(Seconds(2), MakeTcp(kFlow, kSyn), Direction::FORWARD);
    d.SendAt(Seconds(3), MakeTcp(kFlow, kAck), Direction::REVERSE);
    d.Run();
    ASSERT_EQ(d.out.size(), 1u);
    ASSERT_EQ(d.drops.size(), 2u);
    EXPECT_EQ(d.drops[0].reason, DropReason::NO_STATE);
    EXPECT_EQ(d.drops[0].dir, Direction::REVERSE);
    EXPECT_EQ(d.drops[0].at, Seconds(1) + MicroSeconds(5));
    EXPECT_EQ(d.drops[1].reason, DropReason::NO_STATE);
    EXPECT_EQ(nat->GetDrops(DropReason::NO_STATE), 2u);
}

TEST_F(NatTest, StrictTcpDropsNonSynWithoutState)
{
    Ptr<SourceNat> nat = MakeNat(Seconds(10), true);
    ServiceNodeDriver d(nat);
    Translations tr;
    tr.Connect(nat);
    d.SendAt(Seconds(1), MakeTcp(kFlow, kAck), Direction::FORWARD);
    d.SendAt(Seconds(2), MakeTcp(kFlow, kSyn | kAck), Direction::FORWARD);
    d.SendAt(Seconds(3), MakeTcp(kFlow, TcpHeader::FIN | kAck), Direction::FORWARD);
    d.Run();
    EXPECT_TRUE(d.out.empty());
    EXPECT_EQ(d.CountDrops(DropReason::NO_STATE), 3u);
    EXPECT_TRUE(tr.created.empty());
    EXPECT_EQ(nat->GetNStates(), 0u);
}

TEST_F(NatTest, WithoutStrictTcpANonSynGetsANewTranslation)
{
    Ptr<SourceNat> nat = MakeNat(Seconds(10), false);
    ServiceNodeDriver d(nat);
    Translations tr;
    tr.Connect(nat);
    d.SendAt(Seconds(1), MakeTcp(kFlow, kAck), Direction::FORWARD);
    d.RunUntil(Seconds(5));
    ASSERT_EQ(d.out.size(), 1u);
    EXPECT_EQ(d.out[0].info.key.src, kPublic);
    ASSERT_EQ(tr.created.size(), 1u);
    EXPECT_EQ(nat->GetNStates(), 1u);
}

TEST_F(NatTest, UdpIsTranslatedWithoutAHandshake)
{
    ChecksumScope on(true);
    Ptr<SourceNat> nat = MakeNat();
    ServiceNodeDriver d(nat);
    FlowKey u(Ipv4Address("10.128.0.9"), Ipv4Address("203.0.113.1"), 5353, 53, 17);
    d.SendAt(Seconds(1), MakeUdp(u), Direction::FORWARD);
    Simulator::Schedule(Seconds(1.5), [&] {
        ASSERT_EQ(d.out.size(), 1u);
        d.SendAt(Seconds(2), MakeUdp(d.out[0].info.key.Reverse()), Direction::REVERSE);
    });
    d.Run();
    ASSERT_EQ(d.out.size(), 2u);
    EXPECT_EQ(d.out[0].info.key.src, kPublic);
    EXPECT_EQ(d.out[1].info.key, u.Reverse());
    // Valid UDP checksum on the rewritten return packet.
    ExpectChecksumsOk(d.out[1].packet, u.Reverse());
}

TEST_F(NatTest, TranslationExpiresAfterIdleTimeout)
{
    Ptr<SourceNat> nat = MakeNat(Seconds(10));
    ServiceNodeDriver d(nat);
    Translations tr;
    tr.Connect(nat);
    FlowKey back;
    d.SendAt(Seconds(1), MakeTcp(kFlow, kSyn), Direction::FORWARD);
    Simulator::Schedule(Seconds(1.5), [&] {
        ASSERT_EQ(d.out.size(), 1u);
        back = ReturnOf(d.out[0].info.key);
        // Return traffic alone keeps the translation alive ...
        d.SendAt(Seconds(9), MakeTcp(back, kAck), Direction::REVERSE);
        d.SendAt(Seconds(18), MakeTcp(back, kAck), Direction::REVERSE);
        // ... until it has been idle for 10 s: dropped at 29 s.
        d.SendAt(Seconds(29), MakeTcp(back, kAck), Direction::REVERSE);
    });
    d.Run();
    ASSERT_EQ(d.out.size(), 3u);
    ASSERT_EQ(d.drops.size(), 1u);
    EXPECT_EQ(d.drops[0].reason, DropReason::NO_STATE);
    EXPECT_EQ(d.drops[0].at, Seconds(29) + MicroSeconds(5));
    ASSERT_EQ(tr.expired.size(), 1u);
    EXPECT_EQ(tr.expired[0].first, Seconds(28) + MicroSeconds(5));
    EXPECT_EQ(tr.expired[0].second, kFlow);
    EXPECT_EQ(nat->GetNStates(), 0u);
    FlowKey t;
    EXPECT_FALSE(nat->GetTranslation(kFlow, t));
}

TEST_F(NatTest, PortPoolExhaustionDropsWithResources)
{
    // One port: a second flow to the same server port cannot be translated;
    // one to another destination can (the outside tuple differs).
    Ptr<SourceNat> nat = MakeNat(Seconds(10), true, 5000, 5000);
    ServiceNodeDriver d(nat);
    FlowKey other = kFlow;
    other.src = Ipv4Address("10.128.0.6");
    FlowKey elsewhere = other;
    elsewhere.dst = Ipv4Address("203.0.113.10");
    d.SendAt(Seconds(1), MakeTcp(kFlow, kSyn), Direction::FORWARD);
    d.SendAt(Seconds(2), MakeTcp(other, kSyn), Direction::FORWARD);
    d.SendAt(Seconds(3), MakeTcp(elsewhere, kSyn), Direction::FORWARD);
    // After the first translation expired (at 11 s), the port is free again.
    d.SendAt(Seconds(12), MakeTcp(other, kSyn), Direction::FORWARD);
    d.Run();
    ASSERT_EQ(d.drops.size(), 1u);
    EXPECT_EQ(d.drops[0].reason, DropReason::RESOURCES);
    EXPECT_EQ(d.drops[0].at, Seconds(2) + MicroSeconds(5));
    ASSERT_EQ(d.out.size(), 3u);
    EXPECT_EQ(d.out[0].info.key.sport, 5000);
    EXPECT_EQ(d.out[1].info.key.dst, elsewhere.dst);
    EXPECT_EQ(d.out[1].info.key.sport, 5000);
    EXPECT_EQ(d.out[2].info.key, FlowKey(kPublic, kFlow.dst, 5000, 80, 6));
    EXPECT_EQ(nat->GetDrops(DropReason::RESOURCES), 1u);
}

TEST_F(NatTest, CapacityLimitsTranslations)
{
    Ptr<SourceNat> nat = MakeNat();
    nat->SetAttribute("Capacity", UintegerValue(2));
    ServiceNodeDriver d(nat);
    for (uint16_t i = 0; i < 3; ++i)
    {
        FlowKey k = kFlow;
        k.sport = static_cast<uint16_t>(30000 + i);
        d.SendAt(Seconds(1 + i), MakeTcp(k, kSyn), Direction::FORWARD);
    }
    d.Run();
    EXPECT_EQ(d.out.size(), 2u);
    EXPECT_EQ(d.CountDrops(DropReason::RESOURCES), 1u);
}

TEST_F(NatTest, StoppedInstanceLosesItsState)
{
    Ptr<SourceNat> nat = MakeNat();
    nat->SetStopTime(Seconds(5));
    ServiceNodeDriver d(nat);
    d.SendAt(Seconds(1), MakeTcp(kFlow, kSyn), Direction::FORWARD);
    Simulator::Schedule(Seconds(1.5), [&] {
        ASSERT_EQ(d.out.size(), 1u);
        d.SendAt(Seconds(6), MakeTcp(ReturnOf(d.out[0].info.key), kAck), Direction::REVERSE);
    });
    d.Run();
    ASSERT_EQ(d.drops.size(), 1u);
    EXPECT_EQ(d.drops[0].reason, DropReason::INSTANCE_DOWN);
    EXPECT_EQ(nat->GetNStates(), 0u);
    EXPECT_FALSE(nat->IsRunning());
}

TEST_F(NatTest, MalformedInnerPacketIsDropped)
{
    Ptr<SourceNat> nat = MakeNat();
    ServiceNodeDriver d(nat);
    std::vector<uint8_t> junk(30, 0x45);
    d.SendAt(Seconds(1), sfctest::FromBytes(junk), Direction::FORWARD);
    d.Run();
    EXPECT_TRUE(d.out.empty());
    ASSERT_EQ(d.drops.size(), 1u);
    EXPECT_EQ(d.drops[0].reason, DropReason::MALFORMED);
}
