/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Fault schedules (parse, check against a scenario's targets, text round
 * trip, random draws) and the LinkFaultErrorModel (drops by reason, control
 * messages found behind PPP and Ethernet framing, short and malformed frames).
 */

#include "ns3/fault-schedule.h"
#include "ns3/link-fault-error-model.h"
#include "ns3/packet.h"
#include "ns3/rng-seed-manager.h"

#include <gtest/gtest.h>
#include <vector>

using namespace ns3;
using namespace ns3::sfc;

namespace
{

FaultTargets
Targets()
{
    FaultTargets t;
    t.nodes = {"server0", "tor0", "agent0"};
    t.links = {{"tor0", "server0"}, {"agent0", "lan"}};
    return t;
}

/// A frame: framing, IPv4 (20 bytes + options), UDP ports, padding
Ptr<Packet>
Frame(bool ethernet, uint8_t protocol, uint16_t src, uint16_t dst, uint8_t ihl = 5)
{
    std::vector<uint8_t> b;
    if (ethernet)
    {
        b.assign(12, 0xaa);
        b.push_back(0x08);
        b.push_back(0x00);
    }
    else
    {
        b = {0x00, 0x21};
    }
    std::size_t ip = b.size();
    b.resize(ip + 4 * ihl, 0);
    b[ip] = 0x40 | ihl;
    b[ip + 9] = protocol;
    b.push_back(src >> 8);
    b.push_back(src & 0xff);
    b.push_back(dst >> 8);
    b.push_back(dst & 0xff);
    b.resize(b.size() + 8, 0);
    return Create<Packet>(b.data(), b.size());
}

} // namespace

TEST(FaultSchedule, ParsesEveryKind)
{
    std::vector<FaultSpec> f;
    ASSERT_EQ(FaultSchedule::Parse("link:tor0-server0:1s:2s,loss:tor0-server0=0.25:500ms,"
                                   "delay:agent0-lan=5ms:1:3,crash:server0:2s:2.5s,"
                                   "control:*=1:0s",
                                   f),
              "");
    ASSERT_EQ(f.size(), 5U);
    EXPECT_EQ(f[0].kind, FaultSpec::LINK);
    EXPECT_EQ(f[0].a, "tor0");
    EXPECT_EQ(f[0].b, "server0");
    EXPECT_EQ(f[0].start, Seconds(1));
    EXPECT_EQ(f[0].end, Seconds(2));
    EXPECT_EQ(f[1].kind, FaultSpec::LOSS);
    EXPECT_DOUBLE_EQ(f[1].probability, 0.25);
    EXPECT_TRUE(f[1].IsPermanent());
    EXPECT_EQ(f[2].delay, MilliSeconds(5));
    EXPECT_EQ(f[3].kind, FaultSpec::CRASH);
    EXPECT_EQ(f[3].b, "");
    EXPECT_EQ(f[4].a, "*");
    EXPECT_EQ(Targets().Check(f), "");
    // The text form parses back to the same schedule.
    std::vector<FaultSpec> again;
    ASSERT_EQ(FaultSchedule::Parse(FaultSchedule::ToString(f), again), "");
    EXPECT_EQ(FaultSchedule::ToString(again), FaultSchedule::ToString(f));
}

TEST(FaultSchedule, RejectsBadItems)
{
    std::vector<FaultSpec> f;
    for (const char* bad : {"link",
                            "link:tor0-server0",
                            "flood:tor0-server0:1s",
                            "link:tor0:1s",
                            "link:tor0-tor0:1s",
                            "link:-tor0:1s",
                            "link:a-b-c:1s",
                            "link:tor0-server0=1:1s",
                            "loss:tor0-server0:1s",
                            "loss:tor0-server0=1.5:1s",
                            "loss:tor0-server0=nan:1s",
                            "loss:tor0-server0=-0.1:1s",
                            "delay:tor0-server0=-1ms:1s",
                            "delay:tor0-server0=x:1s",
                            "crash:server0:2s:1s",
                            "crash:server0:1s:1s",
                            "crash:server0:-1s",
                            "crash:server0:infs",
                            "crash:server0:1e300s",
                            "crash:tor0-server0:1s",
                            "crash:*:1s",
                            "link:*:1s",
                            "control:*:1s",
                            "link:tor0-server0:1s:2s:3s",
                            "link:tor0-server0:1s,"})
    {
        EXPECT_NE(FaultSchedule::Parse(bad, f), "") << bad;
        EXPECT_TRUE(f.empty()) << bad;
    }
    ASSERT_EQ(FaultSchedule::Parse("", f), "");
    EXPECT_TRUE(f.empty());
    // Names that parse but do not exist in the scenario.
    ASSERT_EQ(FaultSchedule::Parse("link:tor0-server9:1s", f), "");
    EXPECT_NE(Targets().Check(f), "");
    ASSERT_EQ(FaultSchedule::Parse("crash:server9:1s", f), "");
    EXPECT_NE(Targets().Check(f), "");
    ASSERT_EQ(FaultSchedule::Parse("link:server0-agent0:1s", f), "");
    EXPECT_NE(Targets().Check(f), "") << "nodes exist but are not linked";
    ASSERT_EQ(FaultSchedule::Parse("link:server0-tor0:1s,link:lan-agent0:1s", f), "");
    EXPECT_EQ(Targets().Check(f), "") << "a link in either order";
}

TEST(FaultSchedule, RandomIsDeterministicAndInsideTheWindow)
{
    auto draw = [](int64_t stream) {
        Ptr<UniformRandomVariable> rng = CreateObject<UniformRandomVariable>();
        rng->SetStream(stream);
        FaultTargets t = Targets();
        return FaultSchedule::Random(rng, 50, Seconds(1), Seconds(9), t.links, t.nodes);
    };
    std::vector<FaultSpec> a = draw(7);
    ASSERT_EQ(a.size(), 50U);
    EXPECT_EQ(FaultSchedule::ToString(a), FaultSchedule::ToString(draw(7)));
    EXPECT_NE(FaultSchedule::ToString(a), FaultSchedule::ToString(draw(8)));
    bool kinds[5] = {false, false, false, false, false};
    for (std::size_t i = 0; i < a.size(); ++i)
    {
        EXPECT_GE(a[i].start, Seconds(1));
        EXPECT_GT(a[i].end, a[i].start);
        EXPECT_LE(a[i].end, Seconds(9));
        EXPECT_TRUE(i == 0 || a[i - 1].start <= a[i].start) << "in start order";
        kinds[a[i].kind] = true;
    }
    for (bool k : kinds)
    {
        EXPECT_TRUE(k) << "every kind drawn in 50";
    }
    EXPECT_EQ(Targets().Check(a), "");
    std::vector<FaultSpec> parsed;
    ASSERT_EQ(FaultSchedule::Parse(FaultSchedule::ToString(a), parsed), "");
    EXPECT_EQ(FaultSchedule::ToString(parsed), FaultSchedule::ToString(a)) << "exact in text";
    Ptr<UniformRandomVariable> rng = CreateObject<UniformRandomVariable>();
    EXPECT_TRUE(FaultSchedule::Random(rng, 5, Seconds(2), Seconds(1), {}, {"x"}).empty());
    EXPECT_TRUE(FaultSchedule::Random(rng, 5, Seconds(1), Seconds(2), {}, {}).empty());
}

TEST(LinkFaultErrorModel, DropsByReason)
{
    Ptr<LinkFaultErrorModel> em = CreateObject<LinkFaultErrorModel>();
    Ptr<Packet> p = Frame(false, 17, 1000, 2000);
    EXPECT_FALSE(em->IsCorrupt(p)) << "no fault, no drop";
    em->SetNodeDown(true);
    em->SetLinkDown(true);
    EXPECT_TRUE(em->IsCorrupt(p));
    EXPECT_EQ(em->GetDropped(LinkFaultErrorModel::NODE_DOWN), 1U) << "a failed node first";
    em->SetNodeDown(false);
    EXPECT_TRUE(em->IsCorrupt(p));
    EXPECT_EQ(em->GetDropped(LinkFaultErrorModel::LINK_DOWN), 1U);
    em->SetLinkDown(false);
    em->SetLossProbability(1);
    EXPECT_TRUE(em->IsCorrupt(p));
    EXPECT_EQ(em->GetDropped(LinkFaultErrorModel::LOSS), 1U);
    em->SetLossProbability(0);
    EXPECT_FALSE(em->IsCorrupt(p));
}

TEST(LinkFaultErrorModel, RandomLossFollowsItsProbability)
{
    Ptr<LinkFaultErrorModel> em = CreateObject<LinkFaultErrorModel>();
    em->AssignStreams(11);
    em->SetLossProbability(0.3);
    Ptr<Packet> p = Frame(false, 6, 1, 2);
    uint32_t lost = 0;
    for (int i = 0; i < 10000; ++i)
    {
        lost += em->IsCorrupt(p) ? 1 : 0;
    }
    EXPECT_NEAR(lost / 10000.0, 0.3, 0.02);
    EXPECT_EQ(em->GetDropped(LinkFaultErrorModel::LOSS), lost);
}

TEST(LinkFaultErrorModel, ControlLossOnlyHitsControlPorts)
{
    Ptr<LinkFaultErrorModel> em = CreateObject<LinkFaultErrorModel>();
    em->SetControlLoss(1, {30790, 50100});
    for (bool ethernet : {false, true})
    {
        EXPECT_TRUE(em->IsCorrupt(Frame(ethernet, 17, 40000, 30790))) << "to a control port";
        EXPECT_TRUE(em->IsCorrupt(Frame(ethernet, 17, 50100, 40000))) << "from a control port";
        EXPECT_TRUE(em->IsCorrupt(Frame(ethernet, 17, 40000, 50100, 15))) << "with IPv4 options";
        EXPECT_FALSE(em->IsCorrupt(Frame(ethernet, 17, 40000, 4790))) << "data (VXLAN-GPE)";
        EXPECT_FALSE(em->IsCorrupt(Frame(ethernet, 6, 40000, 30790))) << "TCP, not UDP";
        EXPECT_FALSE(em->IsCorrupt(Frame(ethernet, 17, 40000, 30790, 4))) << "IHL below 5";
    }
    EXPECT_EQ(em->GetDropped(LinkFaultErrorModel::CONTROL_LOSS), 6U);
    // Short, empty and foreign frames are not control messages, and never crash.
    uint8_t bytes[80];
    for (uint32_t n = 0; n <= sizeof(bytes); ++n)
    {
        for (uint8_t fill : {0x00, 0x21, 0x45, 0xff})
        {
            std::fill(bytes, bytes + sizeof(bytes), fill);
            bytes[0] = 0x00;
            bytes[1] = 0x21;
            EXPECT_FALSE(em->IsCorrupt(Create<Packet>(bytes, n))) << n;
        }
    }
}
