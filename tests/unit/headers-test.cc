/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * NshHeader (RFC 8300), VxlanGpeHeader (draft-ietf-nvo3-vxlan-gpe) and
 * FlowPayloadHeader: byte-exact wire layout, round trips, malformed input.
 */

#include "sfc-test-util.h"

#include "ns3/flow-payload-header.h"
#include "ns3/nsh-header.h"
#include "ns3/packet.h"
#include "ns3/vxlan-gpe-header.h"

#include <gtest/gtest.h>
#include <sstream>
#include <vector>

using namespace ns3;
using namespace ns3::sfc;
using sfctest::FromBytes;
using sfctest::HeaderBytes;

using Bytes = std::vector<uint8_t>;

namespace
{

/// Peek a header of type H from bytes; returns what Deserialize returned
template <typename H>
uint32_t
Parse(const Bytes& bytes, H& h, std::size_t n = SIZE_MAX)
{
    Ptr<Packet> p = FromBytes(bytes, n);
    return p->PeekHeader(h);
}

NshHeader
Md2WithTlvs()
{
    NshHeader h;
    h.SetSpi(0xABCDEF);
    h.SetSi(250);
    h.SetTtl(17);
    h.SetOam(true);
    h.SetNextProtocol(NshHeader::kNextEthernet);
    const uint8_t a[1] = {0x01};
    const uint8_t b[6] = {1, 2, 3, 4, 5, 6};
    EXPECT_TRUE(h.AddTlv(0xFFF6, 0x01, a, sizeof(a)));
    EXPECT_TRUE(h.AddTlv(0x0000, 0x7F, b, sizeof(b)));
    EXPECT_TRUE(h.AddTlv(0x1234, 0x02, nullptr, 0));
    return h;
}

} // namespace

// ---------------------------------------------------------------------------
// NSH

TEST(NshHeader, Md2WireLayoutMatchesRfc8300)
{
    // RFC 8300 section 2.2 (base header), 2.3 (service path header), 2.5.1 (MD type 2 TLV).
    NshHeader h;
    h.SetSpi(0x123456);
    h.SetSi(0xFE);
    h.SetTtl(63);
    h.SetNextProtocol(NshHeader::kNextIpv4);
    const uint8_t ctx = 0x01;
    ASSERT_TRUE(h.AddTlv(0xFFF6, 0x01, &ctx, 1));
    const Bytes expected = {
        0x0F,
        0xC4, // Ver=0 O=0 U=0 TTL=63 Length=4 words
        0x02, // U U U U, MD type 2
        0x01, // next protocol IPv4
        0x12,
        0x34,
        0x56,
        0xFE, // SPI 0x123456, SI 254
        0xFF,
        0xF6,
        0x01,
        0x01, // TLV class 0xFFF6, type 1, U=0, length 1
        0x01,
        0x00,
        0x00,
        0x00, // value, padded to 4 bytes
    };
    EXPECT_EQ(h.GetSerializedSize(), 16u);
    EXPECT_EQ(HeaderBytes(h), expected);
    // The O bit is bit 2 of the first byte.
    h.SetOam(true);
    Bytes withOam = expected;
    withOam[0] = 0x2F;
    EXPECT_EQ(HeaderBytes(h), withOam);
}

TEST(NshHeader, Md1WireLayoutMatchesRfc8300)
{
    NshHeader h;
    uint8_t ctx[16];
    for (int i = 0; i < 16; ++i)
    {
        ctx[i] = static_cast<uint8_t>(0xA0 + i);
    }
    ASSERT_TRUE(h.SetContext(NshHeader::kMdType1, ctx, 16));
    h.SetSpi(1);
    h.SetSi(255);
    h.SetTtl(1);
    Bytes expected = {0x00, 0x46, 0x01, 0x01, 0x00, 0x00, 0x01, 0xFF};
    expected.insert(expected.end(), ctx, ctx + 16);
    EXPECT_EQ(h.GetSerializedSize(), 24u);
    EXPECT_EQ(HeaderBytes(h), expected);
}

TEST(NshHeader, DefaultsAndFieldMasks)
{
    NshHeader h;
    EXPECT_TRUE(h.IsValid());
    EXPECT_EQ(h.GetTtl(), 63);
    EXPECT_EQ(h.GetSi(), 255);
    EXPECT_EQ(h.GetMdType(), NshHeader::kMdType2);
    EXPECT_EQ(h.GetContextSize(), 0u);
    EXPECT_EQ(h.GetSerializedSize(), 8u);
    h.SetSpi(0x1FFFFFF); // 25 bits: SPI has 24
    EXPECT_EQ(h.GetSpi(), 0xFFFFFFu);
    h.SetTtl(0xFF); // 6 bits
    EXPECT_EQ(h.GetTtl(), 0x3F);
    Bytes b = HeaderBytes(h);
    EXPECT_EQ(b[0] >> 6, 0) << "version must stay 0";
}

TEST(NshHeader, RoundTripMd2WithTlvs)
{
    NshHeader h = Md2WithTlvs();
    Bytes wire = HeaderBytes(h);
    // TLVs: 4+4, 4+8, 4+0 bytes.
    EXPECT_EQ(wire.size(), 8u + 8 + 12 + 4);
    wire.push_back(0x45); // payload after the header is not consumed
    NshHeader r;
    ASSERT_EQ(Parse(wire, r), 32u);
    EXPECT_TRUE(r.IsValid());
    EXPECT_EQ(r.GetSpi(), 0xABCDEFu);
    EXPECT_EQ(r.GetSi(), 250);
    EXPECT_EQ(r.GetTtl(), 17);
    EXPECT_TRUE(r.IsOam());
    EXPECT_EQ(r.GetNextProtocol(), NshHeader::kNextEthernet);
    EXPECT_EQ(r.GetMdType(), NshHeader::kMdType2);
    EXPECT_EQ(r.GetContextSize(), 24u);
    EXPECT_EQ(HeaderBytes(r), Bytes(wire.begin(), wire.end() - 1));

    uint8_t v[16] = {};
    EXPECT_EQ(r.FindTlv(0xFFF6, 0x01, v, sizeof(v)), 1);
    EXPECT_EQ(v[0], 0x01);
    EXPECT_EQ(r.FindTlv(0x0000, 0x7F, v, sizeof(v)), 6);
    EXPECT_EQ(Bytes(v, v + 6), (Bytes{1, 2, 3, 4, 5, 6}));
    EXPECT_EQ(r.FindTlv(0x1234, 0x02, v, sizeof(v)), 0);
    EXPECT_EQ(r.FindTlv(0x1234, 0x03, v, sizeof(v)), -1);
    EXPECT_EQ(r.FindTlv(0xFFF6, 0x02, v, sizeof(v)), -1);
    // A small output buffer gets a prefix; the full length is reported.
    uint8_t small[2] = {0, 0};
    EXPECT_EQ(r.FindTlv(0x0000, 0x7F, small, sizeof(small)), 6);
    EXPECT_EQ(small[0], 1);
    EXPECT_EQ(small[1], 2);
}

TEST(NshHeader, RoundTripMd1)
{
    NshHeader h;
    uint8_t ctx[16] = {9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 1, 2, 3, 4, 5, 6};
    ASSERT_TRUE(h.SetContext(NshHeader::kMdType1, ctx, 16));
    h.SetSpi(77);
    h.SetSi(3);
    NshHeader r;
    ASSERT_EQ(Parse(HeaderBytes(h), r), 24u);
    EXPECT_EQ(r.GetMdType(), NshHeader::kMdType1);
    EXPECT_EQ(r.GetContextSize(), 16u);
    EXPECT_EQ(Bytes(r.GetContext(), r.GetContext() + 16), Bytes(ctx, ctx + 16));
    uint8_t v[4];
    EXPECT_EQ(r.FindTlv(0, 0, v, 4), -1) << "MD type 1 has no TLVs";
    EXPECT_FALSE(r.AddTlv(1, 1, v, 1)) << "MD type 1 context is fixed";
}

TEST(NshHeader, ContextAndTlvLimits)
{
    NshHeader h;
    uint8_t big[260] = {};
    EXPECT_FALSE(h.SetContext(NshHeader::kMdType1, big, 12));
    EXPECT_FALSE(h.SetContext(NshHeader::kMdType2, big, 6));
    EXPECT_FALSE(h.SetContext(NshHeader::kMdType2, big, NshHeader::kMaxContextBytes + 4));
    EXPECT_FALSE(h.SetContext(3, big, 16));
    EXPECT_EQ(h.GetContextSize(), 0u);
    EXPECT_TRUE(h.SetContext(NshHeader::kMdType2, big, NshHeader::kMaxContextBytes));
    EXPECT_EQ(h.GetSerializedSize(), 252u); // Length field 63 words: the maximum
    EXPECT_FALSE(h.AddTlv(1, 1, big, 0)) << "no room left";

    NshHeader t;
    EXPECT_FALSE(t.AddTlv(1, 1, big, 128)) << "TLV length has 7 bits";
    // Fill exactly: 2 TLVs of 4 + 116 bytes = 240, then one of 4 + 0.
    EXPECT_TRUE(t.AddTlv(1, 1, big, 116));
    EXPECT_TRUE(t.AddTlv(1, 2, big, 116));
    EXPECT_FALSE(t.AddTlv(1, 3, big, 1)) << "4 + 4 bytes do not fit in 4";
    EXPECT_EQ(t.GetContextSize(), 240u);
    EXPECT_TRUE(t.AddTlv(1, 3, big, 0));
    EXPECT_EQ(t.GetContextSize(), NshHeader::kMaxContextBytes);
    NshHeader r;
    EXPECT_EQ(Parse(HeaderBytes(t), r), 252u);
    EXPECT_EQ(r.FindTlv(1, 3, big, 0), 0);
}

TEST(NshHeader, MalformedTlvsAreNotReadPastTheContext)
{
    NshHeader h;
    // One TLV header announcing 127 bytes in an 8-byte context.
    const uint8_t ctx[8] = {0x00, 0x01, 0x01, 0x7F, 0xAA, 0xBB, 0xCC, 0xDD};
    ASSERT_TRUE(h.SetContext(NshHeader::kMdType2, ctx, 8));
    uint8_t v[127];
    EXPECT_EQ(h.FindTlv(0x0001, 0x01, v, sizeof(v)), -1);
    // A good TLV followed by a truncated one: the good one is found, the other is not.
    const uint8_t ctx2[12] = {0x00, 0x01, 0x01, 0x02, 0xAA, 0xBB, 0, 0, 0x00, 0x02, 0x02, 0x05};
    ASSERT_TRUE(h.SetContext(NshHeader::kMdType2, ctx2, 12));
    EXPECT_EQ(h.FindTlv(0x0001, 0x01, v, sizeof(v)), 2);
    EXPECT_EQ(h.FindTlv(0x0002, 0x02, v, sizeof(v)), -1);
    // The U bit in the length byte is not part of the length.
    const uint8_t ctx3[8] = {0x00, 0x01, 0x01, 0x81, 0x42, 0, 0, 0};
    ASSERT_TRUE(h.SetContext(NshHeader::kMdType2, ctx3, 8));
    EXPECT_EQ(h.FindTlv(0x0001, 0x01, v, sizeof(v)), 1);
    EXPECT_EQ(v[0], 0x42);
}

TEST(NshHeader, TruncatedBuffersAreRejectedAtEveryLength)
{
    Bytes wire = HeaderBytes(Md2WithTlvs());
    for (std::size_t n = 0; n < wire.size(); ++n)
    {
        NshHeader r;
        EXPECT_EQ(Parse(wire, r, n), 0u) << "length " << n;
        EXPECT_FALSE(r.IsValid()) << "length " << n;
    }
    NshHeader r;
    EXPECT_EQ(Parse(wire, r), wire.size());
    EXPECT_TRUE(r.IsValid());

    NshHeader md1;
    uint8_t ctx[16] = {};
    md1.SetContext(NshHeader::kMdType1, ctx, 16);
    Bytes w1 = HeaderBytes(md1);
    for (std::size_t n = 0; n < w1.size(); ++n)
    {
        NshHeader x;
        EXPECT_EQ(Parse(w1, x, n), 0u) << "length " << n;
    }
}

TEST(NshHeader, BadVersionLengthAndMdTypeAreRejected)
{
    const Bytes good = HeaderBytes(Md2WithTlvs()); // 32 bytes, Length 8
    NshHeader r;
    ASSERT_EQ(Parse(good, r), 32u);

    auto expectRejected = [](const Bytes& b, const char* what) {
        NshHeader x;
        EXPECT_EQ(Parse(b, x), 0u) << what;
        EXPECT_FALSE(x.IsValid()) << what;
    };
    for (uint8_t version = 1; version < 4; ++version)
    {
        Bytes b = good;
        b[0] = static_cast<uint8_t>((b[0] & 0x3F) | (version << 6));
        expectRejected(b, "version != 0");
    }
    Bytes b = good;
    b[1] = static_cast<uint8_t>((b[1] & 0xC0) | 9); // Length 9 words = 36 > 32 bytes
    expectRejected(b, "length larger than the buffer");
    b[1] = static_cast<uint8_t>((b[1] & 0xC0) | 63);
    expectRejected(b, "length 63 words");
    b[1] = static_cast<uint8_t>(b[1] & 0xC0); // Length 0
    expectRejected(b, "length 0");
    b[1] = static_cast<uint8_t>((b[1] & 0xC0) | 1);
    expectRejected(b, "length 1 word, shorter than the base header");
    for (uint8_t md : {0x0, 0x3, 0x4, 0xF})
    {
        Bytes c = good;
        c[2] = md;
        expectRejected(c, "unknown MD type");
    }
    // MD type 1 must have Length 6.
    Bytes md1 = good;
    md1[2] = NshHeader::kMdType1;
    expectRejected(md1, "MD type 1 with length 8");
    md1[1] = static_cast<uint8_t>((md1[1] & 0xC0) | 2);
    expectRejected(md1, "MD type 1 with length 2");
    md1[1] = static_cast<uint8_t>((md1[1] & 0xC0) | 6);
    NshHeader ok;
    EXPECT_EQ(Parse(md1, ok), 24u) << "MD type 1 with length 6";
    // MD type 2 without context (Length 2) is fine; the unused upper MD-type bits are ignored.
    Bytes bare = {0x0F, 0xC2, 0xF2, 0x01, 0, 0, 1, 255};
    NshHeader x;
    EXPECT_EQ(Parse(bare, x), 8u);
    EXPECT_EQ(x.GetMdType(), NshHeader::kMdType2);
    EXPECT_EQ(x.GetContextSize(), 0u);
}

TEST(NshHeader, FailedParseMarksAReusedHeaderInvalid)
{
    Bytes good = HeaderBytes(Md2WithTlvs());
    NshHeader r;
    ASSERT_EQ(Parse(good, r), good.size());
    ASSERT_TRUE(r.IsValid());
    EXPECT_EQ(Parse(good, r, 5), 0u);
    EXPECT_FALSE(r.IsValid());
    std::ostringstream os;
    r.Print(os);
    EXPECT_NE(os.str().find("spi="), std::string::npos);
}

// ---------------------------------------------------------------------------
// VXLAN-GPE

TEST(VxlanGpeHeader, WireLayoutMatchesTheDraft)
{
    // draft-ietf-nvo3-vxlan-gpe section 3: R R Ver(2) I P B O | reserved 16 | next protocol |
    // VNI 24 | reserved 8.
    VxlanGpeHeader h;
    h.SetVni(0x00ABCD);
    EXPECT_EQ(h.GetNextProtocol(), VxlanGpeHeader::kNextNsh);
    EXPECT_EQ(HeaderBytes(h), (Bytes{0x0C, 0x00, 0x00, 0x04, 0x00, 0xAB, 0xCD, 0x00}));
    h.SetOam(true);
    h.SetNextProtocol(VxlanGpeHeader::kNextIpv4);
    h.SetVni(0x1FFFFFF); // 24 bits kept
    EXPECT_EQ(h.GetVni(), 0xFFFFFFu);
    EXPECT_EQ(HeaderBytes(h), (Bytes{0x0D, 0x00, 0x00, 0x01, 0xFF, 0xFF, 0xFF, 0x00}));
    h.SetOam(false);
    EXPECT_FALSE(h.IsOam());
    EXPECT_EQ(HeaderBytes(h)[0], 0x0C);
    EXPECT_EQ(VxlanGpeHeader::kUdpPort, 4790);
}

TEST(VxlanGpeHeader, RoundTripAndMalformedInput)
{
    VxlanGpeHeader h;
    h.SetVni(4242);
    h.SetOam(true);
    Bytes wire = HeaderBytes(h);
    wire.push_back(0x99);
    VxlanGpeHeader r;
    ASSERT_EQ(Parse(wire, r), 8u);
    EXPECT_TRUE(r.IsValid());
    EXPECT_EQ(r.GetVni(), 4242u);
    EXPECT_TRUE(r.IsOam());
    EXPECT_EQ(r.GetNextProtocol(), VxlanGpeHeader::kNextNsh);

    for (std::size_t n = 0; n < 8; ++n)
    {
        VxlanGpeHeader x;
        EXPECT_EQ(Parse(wire, x, n), 0u) << "length " << n;
        EXPECT_FALSE(x.IsValid());
    }
    for (uint8_t version = 1; version < 4; ++version)
    {
        Bytes b = wire;
        b[0] = static_cast<uint8_t>(b[0] | (version << 4));
        VxlanGpeHeader x;
        EXPECT_EQ(Parse(b, x), 0u) << "version " << unsigned(version);
    }
    Bytes noP = wire;
    noP[0] &= static_cast<uint8_t>(~0x04);
    VxlanGpeHeader x;
    EXPECT_EQ(Parse(noP, x), 0u) << "P bit clear: no next protocol";
    // A failed parse leaves a reused header invalid.
    ASSERT_EQ(Parse(wire, x), 8u);
    EXPECT_EQ(Parse(wire, x, 3), 0u);
    EXPECT_FALSE(x.IsValid());
}

// ---------------------------------------------------------------------------
// FlowPayloadHeader

TEST(FlowPayloadHeader, WireLayoutAndRoundTrip)
{
    FlowPayloadHeader h(0x0102030405060708ull, 0xA0B0C0D0u, FlowPayloadHeader::RESPONSE);
    const Bytes expected = {0x53, 0x46, 0x01, 0x02, 1, 2, 3, 4, 5, 6, 7, 8, 0xA0, 0xB0, 0xC0, 0xD0};
    EXPECT_EQ(HeaderBytes(h), expected);
    for (auto kind :
         {FlowPayloadHeader::CONTROL, FlowPayloadHeader::REQUEST, FlowPayloadHeader::RESPONSE})
    {
        FlowPayloadHeader in(~0ull - kind, kind * 1000u + 1, kind);
        FlowPayloadHeader out;
        Bytes wire = HeaderBytes(in);
        wire.insert(wire.end(), 30, 0xEE);
        ASSERT_EQ(Parse(wire, out), 16u);
        EXPECT_TRUE(out.IsValid());
        EXPECT_EQ(out.GetFlowId(), ~0ull - kind);
        EXPECT_EQ(out.GetSeq(), kind * 1000u + 1);
        EXPECT_EQ(out.GetKind(), kind);
        FlowPayloadHeader raw;
        EXPECT_TRUE(raw.ParseBytes(wire.data(), static_cast<uint32_t>(wire.size())));
        EXPECT_EQ(raw.GetFlowId(), out.GetFlowId());
    }
}

TEST(FlowPayloadHeader, MalformedInputIsRejected)
{
    const Bytes good = HeaderBytes(FlowPayloadHeader(5, 6, FlowPayloadHeader::REQUEST));
    for (std::size_t n = 0; n < good.size(); ++n)
    {
        FlowPayloadHeader x;
        EXPECT_EQ(Parse(good, x, n), 0u) << "length " << n;
        EXPECT_FALSE(x.IsValid());
        EXPECT_FALSE(x.ParseBytes(good.data(), static_cast<uint32_t>(n)));
    }
    auto rejected = [](Bytes b) {
        FlowPayloadHeader x;
        return Parse(b, x) == 0 && !x.IsValid();
    };
    Bytes b = good;
    b[0] = 0x54;
    EXPECT_TRUE(rejected(b)) << "bad magic";
    b = good;
    b[1] = 0x00;
    EXPECT_TRUE(rejected(b)) << "bad magic";
    b = good;
    b[2] = 2;
    EXPECT_TRUE(rejected(b)) << "bad version";
    b = good;
    b[3] = 3;
    EXPECT_TRUE(rejected(b)) << "unknown kind";
    EXPECT_FALSE(rejected(good));
}
