/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ns3/membership-update-header.h"
#include "ns3/packet.h"
#include "ns3/scaling-controller.h"
#include "ns3/scaling-helper.h"

#include <gtest/gtest.h>

using namespace ns3;
using namespace ns3::sfc;

TEST(ScalingSchedule, ParsesTimesUnitsModesAndSortsByTime)
{
    std::vector<ScalingEvent> ev;
    std::string err;
    ASSERT_TRUE(
        ScalingEvent::Parse("20s:fw:-1:drain, 10:nat:+2,\n# comment\n500ms:f2:-3:abrupt", ev, err))
        << err;
    ASSERT_EQ(ev.size(), 3u);
    EXPECT_EQ(ev[0].time, MilliSeconds(500));
    EXPECT_EQ(ev[0].function, "f2");
    EXPECT_EQ(ev[0].delta, -3);
    EXPECT_FALSE(ev[0].drain);
    EXPECT_EQ(ev[1].time, Seconds(10));
    EXPECT_EQ(ev[1].delta, 2);
    EXPECT_EQ(ev[2].time, Seconds(20));
    EXPECT_TRUE(ev[2].drain);
    // The times are read like every time option (ParseTimeText): any ns-3 unit.
    ASSERT_TRUE(ScalingEvent::Parse("1min:nat:+1,1.5e3ms:nat:+1,0.25:nat:+1", ev, err)) << err;
    EXPECT_EQ(ev[0].time, MilliSeconds(250));
    EXPECT_EQ(ev[1].time, MilliSeconds(1500));
    EXPECT_EQ(ev[2].time, Minutes(1));
}

TEST(ScalingSchedule, RejectsMalformedEventsWithOneLineErrors)
{
    std::vector<ScalingEvent> ev;
    for (const char* bad : {"10s:nat",
                            "x:nat:+1",
                            "10s::+1",
                            "10s:nat:1",
                            "10s:nat:+0",
                            "10s:nat:-1:gently",
                            "10s:nat:+1:drain",
                            "-5:nat:+1",
                            "10m:nat:+1",
                            "nan:nat:+1",
                            "1:2:3:4:5"})
    {
        std::string err;
        EXPECT_FALSE(ScalingEvent::Parse(bad, ev, err)) << bad;
        EXPECT_FALSE(err.empty()) << bad;
        EXPECT_EQ(err.find('\n'), std::string::npos) << bad;
    }
}

TEST(ScalingSchedule, ResolvesNamesAndIndices)
{
    std::vector<std::string> names{"fw", "dpi", "fw", "nat"};
    ScalingEvent e;
    std::string err;
    e.function = "nat";
    EXPECT_TRUE(e.Resolve(names, err));
    EXPECT_EQ(e.index, 4u);
    e.function = "f3";
    EXPECT_TRUE(e.Resolve(names, err));
    EXPECT_EQ(e.index, 3u);
    e.function = "2";
    EXPECT_TRUE(e.Resolve(names, err));
    EXPECT_EQ(e.index, 2u);
    e.function = "fw";
    EXPECT_FALSE(e.Resolve(names, err)); // ambiguous
    e.function = "f9";
    EXPECT_FALSE(e.Resolve(names, err));
    e.function = "lb";
    EXPECT_FALSE(e.Resolve(names, err));
}

TEST(ScalingSchedule, SparesCoverThePeakAboveTheInitialCount)
{
    std::vector<ScalingEvent> ev;
    std::string err;
    ASSERT_TRUE(ScalingEvent::Parse("1:f1:+2,2:f1:-1,3:f1:+3,4:f2:-1", ev, err));
    for (auto& e : ev)
    {
        ASSERT_TRUE(e.Resolve({"a", "b"}, err));
    }
    std::vector<uint32_t> spares = ScalingHelper::SparesNeeded(ev, {0, 3, 3});
    EXPECT_EQ(spares[1], 4u); // 3 -> 5 -> 4 -> 7
    EXPECT_EQ(spares[2], 0u);
}

TEST(MembershipUpdateHeader, RoundTripAndMalformedInput)
{
    MembershipUpdateHeader h;
    h.SetChain(7);
    h.SetSequence(123456);
    h.SetFunction(3);
    h.SetAction(MembershipUpdateHeader::DRAIN);
    h.SetInstance(42);
    h.SetLocator(Ipv4Address("10.0.0.9"));
    Packet p;
    p.AddHeader(h);
    ASSERT_EQ(p.GetSize(), MembershipUpdateHeader::kSize);
    MembershipUpdateHeader r;
    p.PeekHeader(r);
    ASSERT_TRUE(r.IsValid());
    EXPECT_EQ(r.GetChain(), 7);
    EXPECT_EQ(r.GetSequence(), 123456u);
    EXPECT_EQ(r.GetFunction(), 3);
    EXPECT_EQ(r.GetAction(), MembershipUpdateHeader::DRAIN);
    EXPECT_EQ(r.GetInstance(), 42u);
    EXPECT_EQ(r.GetLocator(), Ipv4Address("10.0.0.9"));

    uint8_t bytes[MembershipUpdateHeader::kSize];
    p.CopyData(bytes, sizeof(bytes));
    for (uint32_t len = 0; len < MembershipUpdateHeader::kSize; ++len)
    {
        Packet shortPacket(bytes, len);
        MembershipUpdateHeader t;
        shortPacket.PeekHeader(t);
        EXPECT_FALSE(t.IsValid()) << len;
    }
    uint8_t badAction[MembershipUpdateHeader::kSize];
    std::copy(bytes, bytes + sizeof(bytes), badAction);
    badAction[9] = 9;
    MembershipUpdateHeader t;
    Packet(badAction, sizeof(badAction)).PeekHeader(t);
    EXPECT_FALSE(t.IsValid());
    uint8_t badVersion[MembershipUpdateHeader::kSize];
    std::copy(bytes, bytes + sizeof(bytes), badVersion);
    badVersion[0] = 2;
    Packet(badVersion, sizeof(badVersion)).PeekHeader(t);
    EXPECT_FALSE(t.IsValid());
}

// Issue 13: membership updates carried no authentication: anyone could drain
// or remove instances or block later updates with sequence 0xFFFFFFFF.
TEST(MembershipUpdateHeader, SignedForOneReceiverUnderTheControllersKey)
{
    MembershipUpdateHeader h;
    h.SetChain(7);
    h.SetSequence(9);
    h.SetFunction(1);
    h.SetAction(MembershipUpdateHeader::REMOVE);
    h.SetInstance(4);
    h.SetLocator(Ipv4Address("10.0.0.9"));
    EXPECT_FALSE(h.IsSigned());
    EXPECT_FALSE(h.Verifies("key", Ipv4Address("10.0.1.1"))) << "unsigned";
    h.Sign("key", Ipv4Address("10.0.1.1"));
    Packet p;
    p.AddHeader(h);
    ASSERT_EQ(p.GetSize(), MembershipUpdateHeader::kSize + MembershipUpdateHeader::kCodeSize);
    MembershipUpdateHeader r;
    p.PeekHeader(r);
    ASSERT_TRUE(r.IsValid());
    EXPECT_TRUE(r.IsSigned());
    EXPECT_TRUE(r.Verifies("key", Ipv4Address("10.0.1.1")));
    EXPECT_FALSE(r.Verifies("key", Ipv4Address("10.0.1.2"))) << "for another forwarder";
    EXPECT_FALSE(r.Verifies("guess", Ipv4Address("10.0.1.1"))) << "another key";
    std::vector<uint8_t> b(p.GetSize());
    p.CopyData(b.data(), b.size());
    b[7] ^= 1; // the sequence
    Packet(b.data(), b.size()).PeekHeader(r);
    ASSERT_TRUE(r.IsValid());
    EXPECT_FALSE(r.Verifies("key", Ipv4Address("10.0.1.1"))) << "altered";
    b[7] ^= 1;
    Packet(b.data(), b.size() - 1).PeekHeader(r);
    EXPECT_FALSE(r.IsValid()) << "a truncated code";
    b[10] = 2;
    Packet(b.data(), b.size()).PeekHeader(r);
    EXPECT_FALSE(r.IsValid()) << "an unknown Auth";
    h.Sign("", Ipv4Address("10.0.1.1"));
    EXPECT_EQ(h.GetSerializedSize(), MembershipUpdateHeader::kSize) << "no key: unsigned";
}
