/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Randomized robustness: random and mutated byte buffers (fixed seed) fed to
 * every parser of wire input (NSH, VXLAN-GPE, flow payload, inner IPv4
 * packets, the forwarder's decapsulation sequence) and to the NAT and
 * firewall instances. Nothing may crash or read out of bounds (run the
 * binary under valgrind or the SFC_SANITIZE=ON build to check the latter),
 * and whatever a parser accepts must be consistent with the bytes it got.
 */

#include "service-node-driver.h"
#include "sfc-test-util.h"

#include "ns3/boolean.h"
#include "ns3/flow-payload-header.h"
#include "ns3/inner-packet.h"
#include "ns3/nsh-header.h"
#include "ns3/source-nat.h"
#include "ns3/stateful-firewall.h"
#include "ns3/tcp-header.h"
#include "ns3/vxlan-gpe-header.h"

#include <algorithm>
#include <gtest/gtest.h>
#include <random>
#include <vector>

using namespace ns3;
using namespace ns3::sfc;

namespace
{

using Bytes = std::vector<uint8_t>;

constexpr uint32_t kSeed = 20240601;

/// Random bytes, length biased towards header sizes
Bytes
RandomBuffer(std::mt19937& rng)
{
    std::uniform_int_distribution<int> lenPick(0, 9);
    std::uniform_int_distribution<int> byte(0, 255);
    uint32_t len;
    switch (lenPick(rng))
    {
    case 0:
        len = std::uniform_int_distribution<uint32_t>(0, 8)(rng);
        break;
    case 1:
    case 2:
        len = std::uniform_int_distribution<uint32_t>(8, 40)(rng);
        break;
    default:
        len = std::uniform_int_distribution<uint32_t>(0, 300)(rng);
    }
    Bytes b(len);
    for (auto& x : b)
    {
        x = static_cast<uint8_t>(byte(rng));
    }
    // A quarter look like IPv4 (version, IHL and total length plausible), so
    // that the random bytes also reach the TCP/UDP and payload checks.
    if (len >= 20 && std::uniform_int_distribution<int>(0, 3)(rng) == 0)
    {
        b[0] = static_cast<uint8_t>(0x40 | std::uniform_int_distribution<int>(5, 15)(rng));
        uint32_t total = std::uniform_int_distribution<uint32_t>(len / 2, len)(rng);
        b[2] = static_cast<uint8_t>(total >> 8);
        b[3] = static_cast<uint8_t>(total);
        b[9] = std::uniform_int_distribution<int>(0, 1)(rng) ? 6 : 17;
    }
    return b;
}

/// Flip a few bytes of a valid buffer and maybe cut it
Bytes
Mutate(Bytes b, std::mt19937& rng)
{
    if (b.empty())
    {
        return b;
    }
    std::uniform_int_distribution<std::size_t> pos(0, b.size() - 1);
    std::uniform_int_distribution<int> byte(0, 255);
    uint32_t flips = std::uniform_int_distribution<uint32_t>(1, 4)(rng);
    for (uint32_t i = 0; i < flips; ++i)
    {
        // Mostly in the headers, where the lengths and types are.
        std::size_t p = pos(rng) % std::min<std::size_t>(b.size(), 64);
        b[p] = static_cast<uint8_t>(byte(rng));
    }
    if (std::uniform_int_distribution<int>(0, 3)(rng) == 0)
    {
        b.resize(std::uniform_int_distribution<std::size_t>(0, b.size())(rng));
    }
    return b;
}

/// Counts of what the parsers accepted (to see the fuzzing reaches them)
struct Accepted
{
    uint32_t nsh{0};
    uint32_t vxlan{0};
    uint32_t payload{0};
    uint32_t inner{0};
    uint32_t innerPayload{0};
    uint32_t decap{0};
};

/// Run every parser on bytes and check what they accept
void
CheckParsers(const Bytes& b, Accepted& acc)
{
    Ptr<Packet> p = sfctest::FromBytes(b);
    const uint32_t len = static_cast<uint32_t>(b.size());

    NshHeader nsh;
    uint32_t n = p->PeekHeader(nsh);
    if (n != 0)
    {
        ++acc.nsh;
        ASSERT_TRUE(nsh.IsValid());
        ASSERT_LE(n, len);
        ASSERT_GE(n, 8u);
        ASSERT_EQ(n % 4, 0u);
        ASSERT_EQ(n, nsh.GetSerializedSize());
        ASSERT_LE(nsh.GetContextSize(), NshHeader::kMaxContextBytes);
        ASSERT_TRUE(nsh.GetMdType() == NshHeader::kMdType1 ||
                    nsh.GetMdType() == NshHeader::kMdType2);
        // Re-serializing gives back the bytes that were read (reserved bits aside).
        Bytes again = sfctest::HeaderBytes(nsh);
        ASSERT_EQ(again.size(), n);
        ASSERT_EQ(again[0], b[0] & 0xEF); // the U bit is not kept
        ASSERT_EQ(again[1], b[1]);
        ASSERT_EQ(again[2], b[2] & 0x0F); // nor the unassigned bits before the MD type
        ASSERT_EQ(again[3], b[3]);
        ASSERT_TRUE(std::equal(again.begin() + 4, again.end(), b.begin() + 4));
        uint8_t v[128];
        nsh.FindTlv(static_cast<uint16_t>(b[0] << 8 | b[1]), b[2], v, sizeof(v));
        nsh.FindTlv(0xFFF6, 1, v, 1);
    }
    else
    {
        ASSERT_FALSE(nsh.IsValid());
    }

    VxlanGpeHeader vx;
    n = p->PeekHeader(vx);
    ASSERT_TRUE(n == 0 || (n == 8 && len >= 8));
    ASSERT_EQ(n != 0, vx.IsValid());
    acc.vxlan += n != 0 ? 1 : 0;

    FlowPayloadHeader fp;
    n = p->PeekHeader(fp);
    ASSERT_TRUE(n == 0 || (n == 16 && len >= 16));
    ASSERT_EQ(n != 0, fp.IsValid());
    acc.payload += n != 0 ? 1 : 0;

    InnerPacketInfo info;
    bool ok = InnerPacket::Parse(*p, info);
    FlowKey key;
    ASSERT_EQ(ok, FlowKey::FromPacket(*p, key));
    if (ok)
    {
        ++acc.inner;
        ASSERT_EQ(key, info.key);
        ASSERT_GE(info.ipHeaderBytes, 20u);
        ASSERT_LE(info.ipHeaderBytes, 60u);
        ASSERT_LE(info.PayloadOffset(), info.totalLength);
        ASSERT_LE(info.totalLength, len);
        FlowPayloadHeader inner;
        if (InnerPacket::ReadFlowPayload(*p, info, inner))
        {
            ++acc.innerPayload;
            ASSERT_LE(info.PayloadOffset() + FlowPayloadHeader::kSize, info.totalLength);
        }
    }
}

/// The forwarder's decapsulation sequence (Forwarder::HandleOverlay)
void
Decapsulate(const Bytes& b, Accepted& acc)
{
    Ptr<Packet> p = sfctest::FromBytes(b);
    VxlanGpeHeader vx;
    p->PeekHeader(vx);
    if (!vx.IsValid() || vx.GetNextProtocol() != VxlanGpeHeader::kNextNsh)
    {
        return;
    }
    p->RemoveAtStart(VxlanGpeHeader::kSize);
    NshHeader nsh;
    p->PeekHeader(nsh);
    if (!nsh.IsValid())
    {
        return;
    }
    ASSERT_LE(nsh.GetSerializedSize(), p->GetSize());
    p->RemoveAtStart(nsh.GetSerializedSize());
    uint8_t context = 0xFF;
    nsh.FindTlv(0xFFF6, 0x01, &context, 1);
    InnerPacketInfo info;
    if (InnerPacket::Parse(*p, info))
    {
        ++acc.decap;
    }
}

/// Valid seeds for mutation
std::vector<Bytes>
Seeds()
{
    FlowKey tcp(Ipv4Address("10.128.0.5"), Ipv4Address("203.0.113.9"), 40000, 80, 6);
    FlowKey udp(Ipv4Address("10.128.0.5"), Ipv4Address("203.0.113.9"), 5353, 53, 17);
    std::vector<Bytes> seeds;
    seeds.push_back(sfctest::Bytes(*sfctest::MakeTcp(tcp, TcpHeader::SYN, 16)));
    seeds.push_back(sfctest::Bytes(*sfctest::MakeTcp(tcp, TcpHeader::ACK, 200)));
    seeds.push_back(sfctest::Bytes(*sfctest::MakeUdp(udp, 40)));
    // Overlay packets: VXLAN-GPE + NSH (MD2 with the context TLV, and MD1) + inner IPv4.
    for (bool md1 : {false, true})
    {
        Ptr<Packet> p = sfctest::MakeTcp(tcp, TcpHeader::ACK, 64);
        NshHeader nsh;
        nsh.SetSpi(2);
        nsh.SetSi(254);
        if (md1)
        {
            uint8_t ctx[16] = {1, 2, 3, 4};
            nsh.SetContext(NshHeader::kMdType1, ctx, 16);
        }
        else
        {
            uint8_t c = 1;
            nsh.AddTlv(0xFFF6, 0x01, &c, 1);
        }
        VxlanGpeHeader vx;
        vx.SetVni(3);
        p->AddHeader(nsh);
        p->AddHeader(vx);
        seeds.push_back(sfctest::Bytes(*p));
    }
    // A bare NSH header with several TLVs.
    NshHeader t;
    uint8_t v[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    t.AddTlv(1, 1, v, 3);
    t.AddTlv(2, 2, v, 8);
    seeds.push_back(sfctest::HeaderBytes(t));
    return seeds;
}

class RobustnessTest : public sfctest::SimulatorTest
{
};

} // namespace

TEST(Robustness, RandomBuffersThroughEveryParser)
{
    std::mt19937 rng(kSeed);
    Accepted acc;
    for (uint32_t i = 0; i < 20000; ++i)
    {
        Bytes b = RandomBuffer(rng);
        CheckParsers(b, acc);
        Decapsulate(b, acc);
        if (HasFatalFailure())
        {
            FAIL() << "random buffer " << i << " of " << b.size() << " bytes";
        }
    }
    // Random bytes pass the cheap checks now and then: the deeper paths ran.
    EXPECT_GT(acc.nsh, 50u);
    EXPECT_GT(acc.vxlan, 100u);
    EXPECT_GT(acc.inner, 500u);
}

TEST(Robustness, MutatedValidPacketsThroughEveryParser)
{
    std::mt19937 rng(kSeed + 1);
    std::vector<Bytes> seeds = Seeds();
    Accepted acc;
    for (uint32_t i = 0; i < 30000; ++i)
    {
        Bytes b = Mutate(seeds[i % seeds.size()], rng);
        CheckParsers(b, acc);
        Decapsulate(b, acc);
        if (HasFatalFailure())
        {
            FAIL() << "mutation " << i << " of seed " << i % seeds.size();
        }
    }
    EXPECT_GT(acc.nsh, 1000u);
    EXPECT_GT(acc.inner, 1000u);
    EXPECT_GT(acc.innerPayload, 500u);
    EXPECT_GT(acc.decap, 500u);
}

TEST_F(RobustnessTest, MutatedPacketsThroughNatAndFirewall)
{
    // What a NAT or firewall instance is handed comes off the wire: every
    // packet is either passed on well formed or dropped and counted.
    std::mt19937 rng(kSeed + 2);
    std::vector<Bytes> seeds = Seeds();
    seeds.resize(3); // the inner packets
    Ptr<SourceNat> nat = CreateObjectWithAttributes<SourceNat>("StrictTcp", BooleanValue(false));
    Ptr<StatefulFirewall> fw =
        CreateObjectWithAttributes<StatefulFirewall>("StrictTcp", BooleanValue(false));
    sfctest::ServiceNodeDriver natDriver(nat);
    sfctest::ServiceNodeDriver fwDriver(fw);
    const uint32_t kPackets = 3000;
    for (uint32_t i = 0; i < kPackets; ++i)
    {
        Bytes b = Mutate(seeds[i % seeds.size()], rng);
        Direction dir = (i % 3 == 0) ? Direction::REVERSE : Direction::FORWARD;
        Time at = MicroSeconds(10 * (i + 1));
        natDriver.SendAt(at, sfctest::FromBytes(b), dir);
        fwDriver.SendAt(at, sfctest::FromBytes(b), dir);
    }
    natDriver.RunUntil(Seconds(1));
    EXPECT_EQ(natDriver.out.size() + natDriver.drops.size(), kPackets);
    EXPECT_EQ(fwDriver.out.size() + fwDriver.drops.size(), kPackets);
    EXPECT_GT(natDriver.out.size(), kPackets / 4);
    EXPECT_GT(natDriver.CountDrops(DropReason::MALFORMED), 0u);
    // Everything the NAT passed on forward carries its public address.
    for (const auto& o : natDriver.out)
    {
        if (o.dir == Direction::FORWARD)
        {
            EXPECT_EQ(o.info.key.src, nat->GetPublicAddress());
        }
    }
}
