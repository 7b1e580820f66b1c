/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * InnerPacket: bounds-checked parsing, reading the flow payload, rewriting
 * addresses and ports with valid checksums, building TCP segments.
 */

#include "sfc-test-util.h"

#include "ns3/inner-packet.h"
#include "ns3/ipv4-header.h"
#include "ns3/packet.h"
#include "ns3/tcp-header.h"
#include "ns3/udp-header.h"

#include <gtest/gtest.h>
#include <vector>

using namespace ns3;
using namespace ns3::sfc;
using sfctest::Bytes;
using sfctest::ChecksumScope;
using sfctest::ExpectChecksumsOk;
using sfctest::FromBytes;
using sfctest::MakeTcp;
using sfctest::MakeUdp;

namespace
{

const FlowKey kFlow(Ipv4Address("10.128.0.5"), Ipv4Address("203.0.113.9"), 40000, 80, 6);

/// IPv4 header bytes (no checksum) with the given IHL (options are NOPs)
std::vector<uint8_t>
Ipv4Hdr(uint8_t proto, uint16_t totalLength, uint8_t ihlWords = 5)
{
    std::vector<uint8_t> b = {static_cast<uint8_t>(0x40 | ihlWords),
                              0,
                              static_cast<uint8_t>(totalLength >> 8),
                              static_cast<uint8_t>(totalLength),
                              0,
                              1,
                              0,
                              0,
                              33,
                              proto,
                              0,
                              0,
                              10,
                              0,
                              0,
                              1,
                              10,
                              0,
                              0,
                              2};
    b.resize(ihlWords * 4u, 0x01); // IP option NOP
    return b;
}

/// TCP header bytes with the given data offset (options are NOPs)
std::vector<uint8_t>
TcpHdr(uint16_t sport, uint16_t dport, uint8_t flags, uint8_t offsetWords = 5)
{
    std::vector<uint8_t> b = {static_cast<uint8_t>(sport >> 8),
                              static_cast<uint8_t>(sport),
                              static_cast<uint8_t>(dport >> 8),
                              static_cast<uint8_t>(dport),
                              0x11,
                              0x22,
                              0x33,
                              0x44,
                              0,
                              0,
                              0,
                              0,
                              static_cast<uint8_t>(offsetWords << 4),
                              flags,
                              0xFF,
                              0xFF,
                              0,
                              0,
                              0,
                              0};
    b.resize(offsetWords * 4u, 0x01); // TCP option NOP
    return b;
}

std::vector<uint8_t>
Concat(std::vector<uint8_t> a, const std::vector<uint8_t>& b)
{
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

} // namespace

TEST(InnerPacket, ParseTcpSegment)
{
    Ptr<Packet> p = MakeTcp(kFlow, TcpHeader::SYN | TcpHeader::ACK, 200, 77, 1234);
    InnerPacketInfo info;
    ASSERT_TRUE(InnerPacket::Parse(*p, info));
    EXPECT_EQ(info.key, kFlow);
    EXPECT_EQ(info.ipHeaderBytes, 20u);
    EXPECT_EQ(info.l4HeaderBytes, 20u);
    EXPECT_EQ(info.totalLength, 240u);
    EXPECT_EQ(info.PayloadOffset(), 40u);
    EXPECT_EQ(info.tcpFlags, TcpHeader::SYN | TcpHeader::ACK);
    EXPECT_EQ(info.tcpSeq, 1234u);
    EXPECT_EQ(info.ttl, 64);
    FlowPayloadHeader fp;
    ASSERT_TRUE(InnerPacket::ReadFlowPayload(*p, info, fp));
    EXPECT_EQ(fp.GetFlowId(), 77u);
    EXPECT_EQ(fp.GetSeq(), 1234u);
    EXPECT_EQ(fp.GetKind(), FlowPayloadHeader::REQUEST);
}

TEST(InnerPacket, ParseUdpAndOtherProtocols)
{
    FlowKey u(Ipv4Address("10.0.0.1"), Ipv4Address("10.0.0.2"), 5353, 53, 17);
    Ptr<Packet> p = MakeUdp(u, 40, 9);
    InnerPacketInfo info;
    ASSERT_TRUE(InnerPacket::Parse(*p, info));
    EXPECT_EQ(info.key, u);
    EXPECT_EQ(info.l4HeaderBytes, 8u);
    EXPECT_EQ(info.tcpFlags, 0);
    FlowPayloadHeader fp;
    ASSERT_TRUE(InnerPacket::ReadFlowPayload(*p, info, fp));
    EXPECT_EQ(fp.GetFlowId(), 9u);

    // ICMP: a valid packet without ports and without a flow payload.
    std::vector<uint8_t> icmp = Concat(Ipv4Hdr(1, 28), {8, 0, 0, 0, 0, 0, 0, 0});
    ASSERT_TRUE(InnerPacket::Parse(*FromBytes(icmp), info));
    EXPECT_EQ(info.key.protocol, 1);
    EXPECT_EQ(info.key.sport, 0);
    EXPECT_EQ(info.l4HeaderBytes, 0u);
    EXPECT_FALSE(InnerPacket::ReadFlowPayload(*FromBytes(icmp), info, fp));
}

TEST(InnerPacket, ParseHonoursIpAndTcpOptions)
{
    // IHL 6 (4 bytes of options) and TCP data offset 8 (12 bytes of options):
    // the ports and the payload are found after the options.
    std::vector<uint8_t> payload =
        sfctest::HeaderBytes(FlowPayloadHeader(31, 4, FlowPayloadHeader::RESPONSE));
    std::vector<uint8_t> tcp = TcpHdr(1111, 2222, TcpHeader::ACK, 8);
    std::vector<uint8_t> b =
        Concat(Concat(Ipv4Hdr(6, static_cast<uint16_t>(24 + tcp.size() + payload.size()), 6), tcp),
               payload);
    InnerPacketInfo info;
    ASSERT_TRUE(InnerPacket::Parse(*FromBytes(b), info));
    EXPECT_EQ(info.ipHeaderBytes, 24u);
    EXPECT_EQ(info.l4HeaderBytes, 32u);
    EXPECT_EQ(info.key.sport, 1111);
    EXPECT_EQ(info.key.dport, 2222);
    EXPECT_EQ(info.tcpFlags, TcpHeader::ACK);
    EXPECT_EQ(info.tcpSeq, 0x11223344u);
    FlowPayloadHeader fp;
    ASSERT_TRUE(InnerPacket::ReadFlowPayload(*FromBytes(b), info, fp));
    EXPECT_EQ(fp.GetFlowId(), 31u);

    // The largest headers: IHL 15 and data offset 15 (60 + 60 bytes), then the payload.
    std::vector<uint8_t> tcp15 = TcpHdr(1, 2, TcpHeader::SYN, 15);
    std::vector<uint8_t> big =
        Concat(Concat(Ipv4Hdr(6, static_cast<uint16_t>(60 + 60 + 16), 15), tcp15), payload);
    ASSERT_TRUE(InnerPacket::Parse(*FromBytes(big), info));
    EXPECT_EQ(info.PayloadOffset(), 120u);
    ASSERT_TRUE(InnerPacket::ReadFlowPayload(*FromBytes(big), info, fp));
    EXPECT_EQ(fp.GetKind(), FlowPayloadHeader::RESPONSE);
}

TEST(InnerPacket, TrailingBytesBeyondTheTotalLengthAreIgnored)
{
    // Link-layer padding after the datagram: accepted, the payload is the
    // datagram's, so a FlowPayloadHeader in the padding is not read.
    std::vector<uint8_t> tcp = TcpHdr(1, 2, TcpHeader::ACK);
    std::vector<uint8_t> b = Concat(Ipv4Hdr(6, 40), tcp);
    b = Concat(b, sfctest::HeaderBytes(FlowPayloadHeader(1, 1, FlowPayloadHeader::REQUEST)));
    InnerPacketInfo info;
    ASSERT_TRUE(InnerPacket::Parse(*FromBytes(b), info));
    EXPECT_EQ(info.totalLength, 40u);
    FlowPayloadHeader fp;
    EXPECT_FALSE(InnerPacket::ReadFlowPayload(*FromBytes(b), info, fp));
}

TEST(InnerPacket, MalformedPacketsAreRejected)
{
    InnerPacketInfo info;
    std::vector<uint8_t> tcp = TcpHdr(1, 2, TcpHeader::SYN);
    auto parse = [&](const std::vector<uint8_t>& b) {
        return InnerPacket::Parse(*FromBytes(b), info);
    };
    ASSERT_TRUE(parse(Concat(Ipv4Hdr(6, 40), tcp)));
    // Every truncation of a good TCP and UDP packet.
    for (auto good :
         {Bytes(*MakeTcp(kFlow, TcpHeader::SYN, 32)),
          Bytes(*MakeUdp(FlowKey(Ipv4Address("1.1.1.1"), Ipv4Address("2.2.2.2"), 1, 2, 17), 24))})
    {
        ASSERT_TRUE(parse(good));
        for (std::size_t n = 0; n < good.size(); ++n)
        {
            EXPECT_FALSE(InnerPacket::Parse(*FromBytes(good, n), info)) << "length " << n;
        }
    }
    std::vector<uint8_t> b = Concat(Ipv4Hdr(6, 40), tcp);
    b[0] = 0x65;
    EXPECT_FALSE(parse(b)) << "IPv6 version nibble";
    b[0] = 0x44;
    EXPECT_FALSE(parse(b)) << "IHL 4";
    b[0] = 0x4F;
    EXPECT_FALSE(parse(b)) << "IHL 15 beyond the total length";
    EXPECT_FALSE(parse(Concat(Ipv4Hdr(6, 19), tcp))) << "total length below IHL";
    EXPECT_FALSE(parse(Concat(Ipv4Hdr(6, 41), tcp))) << "total length above the packet";
    EXPECT_FALSE(parse(Concat(Ipv4Hdr(6, 39), tcp))) << "TCP header cut by the total length";
    EXPECT_FALSE(parse(Concat(Ipv4Hdr(6, 40), TcpHdr(1, 2, 0, 4)))) << "TCP data offset 4";
    std::vector<uint8_t> longOffset = TcpHdr(1, 2, 0, 5);
    longOffset[12] = 0x60;
    EXPECT_FALSE(parse(Concat(Ipv4Hdr(6, 40), longOffset))) << "data offset past the datagram";
    EXPECT_FALSE(parse(Concat(Ipv4Hdr(17, 27), {0, 1, 0, 2, 0, 7, 0}))) << "UDP header cut";
    // With IP options, the TCP header must fit after them.
    EXPECT_FALSE(parse(Concat(Ipv4Hdr(6, 60, 15), tcp))) << "TCP after 60 bytes of IPv4 header";
}

TEST(InnerPacket, ReadFlowPayloadNeedsAValidHeader)
{
    InnerPacketInfo info;
    FlowPayloadHeader fp;
    // TCP payload shorter than 16 bytes.
    std::vector<uint8_t> shortPayload =
        Concat(Concat(Ipv4Hdr(6, 50), TcpHdr(1, 2, 0)), std::vector<uint8_t>(10, 0x53));
    ASSERT_TRUE(InnerPacket::Parse(*FromBytes(shortPayload), info));
    EXPECT_FALSE(InnerPacket::ReadFlowPayload(*FromBytes(shortPayload), info, fp));
    // 16 bytes of garbage.
    std::vector<uint8_t> garbage =
        Concat(Concat(Ipv4Hdr(6, 56), TcpHdr(1, 2, 0)), std::vector<uint8_t>(16, 0xEE));
    ASSERT_TRUE(InnerPacket::Parse(*FromBytes(garbage), info));
    EXPECT_FALSE(InnerPacket::ReadFlowPayload(*FromBytes(garbage), info, fp));
    EXPECT_FALSE(fp.IsValid());
}

TEST(InnerPacket, BuildTcpSegmentCarriesTheFields)
{
    ChecksumScope on(true);
    FlowPayloadHeader fp(99, 5, FlowPayloadHeader::RESPONSE);
    Ptr<Packet> seg =
        InnerPacket::BuildTcpSegment(kFlow, TcpHeader::FIN | TcpHeader::ACK, 1000, 2000, fp, 100);
    EXPECT_EQ(seg->GetSize(), 20u + 100u);
    TcpHeader tcp;
    tcp.EnableChecksums();
    tcp.InitializeChecksum(kFlow.src, kFlow.dst, 6);
    seg->RemoveHeader(tcp);
    EXPECT_TRUE(tcp.IsChecksumOk());
    EXPECT_EQ(tcp.GetSourcePort(), kFlow.sport);
    EXPECT_EQ(tcp.GetDestinationPort(), kFlow.dport);
    EXPECT_EQ(tcp.GetFlags(), TcpHeader::FIN | TcpHeader::ACK);
    EXPECT_EQ(tcp.GetSequenceNumber().GetValue(), 1000u);
    EXPECT_EQ(tcp.GetAckNumber().GetValue(), 2000u);
    FlowPayloadHeader back;
    seg->RemoveHeader(back);
    EXPECT_TRUE(back.IsValid());
    EXPECT_EQ(back.GetFlowId(), 99u);
    EXPECT_EQ(seg->GetSize(), 100u - 16u);
    // A payload smaller than the flow header still carries the whole header.
    EXPECT_EQ(InnerPacket::BuildTcpSegment(kFlow, 0, 0, 0, fp, 4)->GetSize(), 36u);
}

TEST(InnerPacket, RewriteKeepsTcpChecksumsValid)
{
    ChecksumScope on(true);
    Ptr<Packet> p = MakeTcp(kFlow, TcpHeader::ACK, 300, 42);
    ExpectChecksumsOk(p, kFlow);
    InnerPacketInfo info;
    ASSERT_TRUE(InnerPacket::Parse(*p, info));
    FlowKey nat(Ipv4Address("198.51.100.1"), kFlow.dst, 61000, kFlow.dport, 6);
    InnerPacket::Rewrite(p, info, nat);
    EXPECT_EQ(p->GetSize(), 340u);
    ExpectChecksumsOk(p, nat);
    InnerPacketInfo after;
    ASSERT_TRUE(InnerPacket::Parse(*p, after));
    EXPECT_EQ(after.key, nat);
    EXPECT_EQ(after.ttl, info.ttl);
    EXPECT_EQ(after.totalLength, info.totalLength);
    EXPECT_EQ(after.tcpFlags, info.tcpFlags);
    EXPECT_EQ(after.tcpSeq, info.tcpSeq);
    FlowPayloadHeader fp;
    ASSERT_TRUE(InnerPacket::ReadFlowPayload(*p, after, fp));
    EXPECT_EQ(fp.GetFlowId(), 42u);
    // And back (what the NAT does to the return packet's destination).
    InnerPacket::Rewrite(p, after, kFlow);
    ExpectChecksumsOk(p, kFlow);
}

TEST(InnerPacket, RewriteKeepsUdpChecksumsValid)
{
    ChecksumScope on(true);
    FlowKey u(Ipv4Address("10.128.0.7"), Ipv4Address("203.0.113.3"), 5000, 53, 17);
    Ptr<Packet> p = MakeUdp(u, 64, 5);
    ExpectChecksumsOk(p, u);
    InnerPacketInfo info;
    ASSERT_TRUE(InnerPacket::Parse(*p, info));
    FlowKey nat(Ipv4Address("198.51.100.1"), u.dst, 1025, u.dport, 17);
    InnerPacket::Rewrite(p, info, nat);
    ExpectChecksumsOk(p, nat);
    InnerPacketInfo after;
    ASSERT_TRUE(InnerPacket::Parse(*p, after));
    EXPECT_EQ(after.key, nat);
    EXPECT_EQ(after.totalLength, info.totalLength);
    // Twice in a row (a checksum left over from the previous header must not stick).
    FlowKey nat2(Ipv4Address("198.51.100.2"), u.dst, 1026, u.dport, 17);
    InnerPacket::Rewrite(p, after, nat2);
    ExpectChecksumsOk(p, nat2);
}

TEST(InnerPacket, RewriteWithoutChecksums)
{
    ChecksumScope off(false);
    Ptr<Packet> p = MakeTcp(kFlow, TcpHeader::SYN, 16, 3);
    InnerPacketInfo info;
    ASSERT_TRUE(InnerPacket::Parse(*p, info));
    FlowKey nat(Ipv4Address("198.51.100.1"), kFlow.dst, 1024, kFlow.dport, 6);
    InnerPacket::Rewrite(p, info, nat);
    InnerPacketInfo after;
    ASSERT_TRUE(InnerPacket::Parse(*p, after));
    EXPECT_EQ(after.key, nat);
    EXPECT_EQ(after.tcpFlags, TcpHeader::SYN);
    FlowPayloadHeader fp;
    EXPECT_TRUE(InnerPacket::ReadFlowPayload(*p, after, fp));
}

TEST(InnerPacket, RewriteOfAPacketWithIpAndTcpOptions)
{
    // ns-3's Ipv4Header has no options: the rewrite drops them and leaves a
    // well-formed packet with the new tuple, the TCP options and the payload.
    ChecksumScope on(true);
    std::vector<uint8_t> payload =
        sfctest::HeaderBytes(FlowPayloadHeader(8, 1, FlowPayloadHeader::REQUEST));
    std::vector<uint8_t> tcp = TcpHdr(1111, 80, TcpHeader::SYN, 8); // 12 bytes of NOPs
    std::vector<uint8_t> b =
        Concat(Concat(Ipv4Hdr(6, static_cast<uint16_t>(28 + tcp.size() + payload.size()), 7), tcp),
               payload);
    b[1] = 0xB8;    // TOS: DSCP EF
    b[6] = 0x40;    // DF
    b.push_back(0); // link-layer padding after the datagram
    Ptr<Packet> p = FromBytes(b);
    InnerPacketInfo info;
    ASSERT_TRUE(InnerPacket::Parse(*p, info));
    ASSERT_EQ(info.ipHeaderBytes, 28u);
    FlowKey nat(Ipv4Address("198.51.100.1"), info.key.dst, 2222, 80, 6);
    InnerPacket::Rewrite(p, info, nat);
    InnerPacketInfo after;
    ASSERT_TRUE(InnerPacket::Parse(*p, after));
    EXPECT_EQ(after.key, nat);
    EXPECT_EQ(after.ipHeaderBytes, 20u);
    EXPECT_EQ(after.l4HeaderBytes, 32u);
    EXPECT_EQ(after.totalLength, info.totalLength - 8);
    EXPECT_EQ(after.tcpFlags, TcpHeader::SYN);
    EXPECT_EQ(after.tcpSeq, 0x11223344u);
    EXPECT_EQ(after.ttl, 33);
    FlowPayloadHeader fp;
    ASSERT_TRUE(InnerPacket::ReadFlowPayload(*p, after, fp));
    EXPECT_EQ(fp.GetFlowId(), 8u);
    ExpectChecksumsOk(p, nat);
    Ipv4Header ip;
    p->PeekHeader(ip);
    EXPECT_EQ(ip.GetTos(), 0xB8);
    EXPECT_TRUE(ip.IsDontFragment());
    EXPECT_TRUE(ip.IsLastFragment());
    EXPECT_EQ(ip.GetIdentification(), 1);
}

namespace
{
/// Bytes from a hex string
std::vector<uint8_t>
Hex(const std::string& h)
{
    std::vector<uint8_t> out;
    for (std::size_t i = 0; i + 1 < h.size(); i += 2)
    {
        out.push_back(static_cast<uint8_t>(std::stoul(h.substr(i, 2), nullptr, 16)));
    }
    return out;
}

/// IPv4 + TCP (data offset 5 + options/4) with the given option bytes (a multiple of 4)
std::vector<uint8_t>
TcpWithOptions(const std::vector<uint8_t>& options)
{
    std::vector<uint8_t> tcp = TcpHdr(40000, 80, TcpHeader::SYN);
    tcp[12] = static_cast<uint8_t>((5 + options.size() / 4) << 4);
    tcp.insert(tcp.end(), options.begin(), options.end());
    return Concat(Ipv4Hdr(6, static_cast<uint16_t>(20 + tcp.size())), tcp);
}
} // namespace

// Issue 13: ns-3 3.37's TcpHeader::Deserialize loops forever on an option of
// length 0 and aborts on an MSS option whose length is not 4. Parse() is the
// gate before every NAT rewrite and sequence adjustment: it must reject them.
TEST(InnerPacket, MalformedTcpOptionsAreRejected)
{
    InnerPacketInfo info;
    auto parse = [&](const std::vector<uint8_t>& b) {
        return InnerPacket::Parse(*FromBytes(b), info);
    };
    // The reproducers of the issue: unknown kind 0x12 with length 0 (hang), MSS with length 0.
    const std::string head =
        "4500002c00000000400600000a0100020a0300649c40005000000001000000006002ffff"
        "00000000";
    EXPECT_FALSE(parse(Hex(head + "12000000"))) << "unknown option of length 0";
    EXPECT_FALSE(parse(Hex(head + "02000000"))) << "MSS of length 0";
    EXPECT_FALSE(parse(TcpWithOptions({2, 5, 0, 0}))) << "MSS of length 5";
    EXPECT_FALSE(parse(TcpWithOptions({2, 4, 5, 0xb4, 3, 2, 7, 0}))) << "window scale length 2";
    EXPECT_FALSE(parse(TcpWithOptions({4, 3, 0, 0}))) << "SACK-permitted length 3";
    EXPECT_FALSE(parse(TcpWithOptions({5, 6, 0, 0, 0, 0, 0, 0}))) << "SACK without a block";
    EXPECT_FALSE(parse(TcpWithOptions({8, 8, 0, 0, 0, 0, 0, 0}))) << "timestamps length 8";
    EXPECT_FALSE(parse(TcpWithOptions({1, 1, 1, 30}))) << "length byte past the options";
    EXPECT_FALSE(parse(TcpWithOptions({1, 1, 30, 8}))) << "option past the data offset";
    EXPECT_FALSE(parse(TcpWithOptions({1, 1, 30, 1}))) << "unknown option of length 1";

    // What real stacks send is accepted, and the ports are read.
    EXPECT_TRUE(parse(TcpWithOptions({2, 4, 5, 0xb4}))) << "MSS";
    EXPECT_EQ(info.key.sport, 40000);
    EXPECT_EQ(info.l4HeaderBytes, 24u);
    // Linux SYN: MSS, SACK-permitted, timestamps, NOP, window scale.
    EXPECT_TRUE(
        parse(TcpWithOptions({2, 4, 5, 0xb4, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 1, 3, 3, 7})));
    EXPECT_TRUE(parse(TcpWithOptions({5, 10, 0, 0, 0, 1, 0, 0, 0, 2, 1, 1}))) << "one SACK block";
    EXPECT_TRUE(parse(TcpWithOptions({30, 4, 9, 9}))) << "unknown kind, valid length";
    EXPECT_TRUE(parse(TcpWithOptions({0, 0x12, 0, 0}))) << "EOL, then padding";
}
