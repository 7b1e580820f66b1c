/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * LISP wire formats built here: every message serializes with all its
 * fields, parses back to the same fields and re-serializes byte for byte;
 * the bit positions of the flags are those of RFC 9300 / 9301.
 */

#include "lisp-test-messages.h"
#include "lisp-test-vectors.h"

#include "ns3/sfc-module.h"

#include <gtest/gtest.h>
#include <sstream>

using namespace ns3;
using namespace ns3::sfc;
using namespace lisptest;

namespace
{

/// Serialize, parse back as H, expect the same bytes again
template <typename H>
H
RoundTrip(const H& built)
{
    Bytes wire = Wire(built);
    EXPECT_EQ(wire.size(), built.GetSerializedSize());
    H back;
    EXPECT_EQ(Parse(wire, back), wire.size());
    EXPECT_TRUE(back.IsValid());
    EXPECT_EQ(Wire(back), wire);
    std::ostringstream os;
    back.Print(os);
    EXPECT_FALSE(os.str().empty());
    return back;
}

void
ExpectSampleRecord(const LispMappingRecord& r)
{
    LispMappingRecord want = SampleRecord();
    EXPECT_EQ(r.ttl, want.ttl);
    EXPECT_EQ(r.eidMaskLen, want.eidMaskLen);
    EXPECT_TRUE(r.authoritative);
    EXPECT_EQ(r.mapVersion, 5);
    EXPECT_EQ(r.eid.GetLcafType(), LispAddress::kLcafInstanceId);
    EXPECT_EQ(r.eid.GetInstanceId(), 7u);
    EXPECT_EQ(r.eid.GetInner().GetIpv4(), Ipv4Address("192.168.1.0"));
    ASSERT_EQ(r.locators.size(), 2u);
    EXPECT_EQ(r.locators[0].weight, 60);
    EXPECT_EQ(r.locators[0].flags, LispLocator::kLocal | LispLocator::kReachable);
    EXPECT_EQ(r.locators[1].priority, 2);
    const auto& hops = r.locators[1].rloc.GetElpHops();
    ASSERT_EQ(hops.size(), 3u);
    EXPECT_EQ(hops[0].ipv4, Ipv4Address("10.0.0.1"));
    EXPECT_TRUE(hops[1].IsStrict());
    EXPECT_TRUE(hops[2].IsLookup());
    EXPECT_TRUE(hops[2].IsProbe());
    EXPECT_FALSE(hops[2].IsStrict());
}

} // namespace

TEST(LispWire, DataHeaderBitsAndFields)
{
    LispDataHeader h = RoundTrip(SampleData());
    EXPECT_EQ(Wire(h), Hex("e8 abcdef 00000703")); // N|L|E|I, nonce, IID 7, LSB 3
    EXPECT_EQ(h.GetNonce(), 0xabcdefu);
    EXPECT_TRUE(h.IsEchoNonce());
    EXPECT_EQ(h.GetInstanceId(), 7u);
    EXPECT_EQ(h.GetLocatorStatusBits(), 3u);

    LispDataHeader v;
    v.SetMapVersions(0x123, 0x456);
    v = RoundTrip(v);
    EXPECT_EQ(Wire(v), Hex("10 123456 00000000"));
    EXPECT_FALSE(v.HasNonce());
    EXPECT_EQ(v.GetSourceMapVersion(), 0x123);
    EXPECT_EQ(v.GetDestMapVersion(), 0x456);

    LispDataHeader nv;
    EXPECT_EQ(Parse(Hex("90 000001 00000000"), nv), 0u); // N and V together
    EXPECT_FALSE(nv.IsValid());
    EXPECT_EQ(LispDataHeader::kSize, 8u);
}

TEST(LispWire, MapRequestAllFields)
{
    LispMapRequestHeader h = RoundTrip(SampleMapRequest());
    Bytes wire = Wire(h);
    // Type 1, A=0 M=1 P=1 S=1 | p=0 s=1 | IRC = 1 | 2 records
    EXPECT_EQ(Prefix(wire, 4), Hex("17 40 01 02"));
    EXPECT_TRUE(h.IsSmr());
    EXPECT_TRUE(h.IsSmrInvoked());
    EXPECT_TRUE(h.IsProbe());
    EXPECT_EQ(h.GetNonce(), 0x0123456789abcdefULL);
    EXPECT_EQ(h.GetSourceEid().GetIpv4(), Ipv4Address("192.168.1.10"));
    ASSERT_EQ(h.GetItrRlocs().size(), 2u);
    EXPECT_EQ(h.GetItrRlocs()[1].GetIpv6()[1], 0x01);
    ASSERT_EQ(h.GetRecords().size(), 2u);
    EXPECT_EQ(h.GetRecords()[1].eid.GetInstanceId(), 7u);
    ASSERT_TRUE(h.HasMapReplyRecord());
    ExpectSampleRecord(h.GetMapReplyRecord());

    // no ITR-RLOC given: one AFI-0 ITR-RLOC is written, IRC 0
    LispMapRequestHeader bare;
    EXPECT_EQ(Wire(bare), Hex("10000000 0000000000000000 0000 0000"));
    RoundTrip(bare);
}

TEST(LispWire, MapReplyAndNegativeRecord)
{
    LispMapReplyHeader h = RoundTrip(SampleMapReply());
    EXPECT_EQ(Prefix(Wire(h), 4), Hex("24 00 00 02")); // Type 2, E, 2 records
    ASSERT_EQ(h.GetRecords().size(), 2u);
    ExpectSampleRecord(h.GetRecords()[0]);
    const auto& neg = h.GetRecords()[1];
    EXPECT_TRUE(neg.IsNegative());
    EXPECT_EQ(neg.action, LispMappingRecord::kDropPolicyDenied);
    EXPECT_EQ(neg.ttl, 1u);
    EXPECT_EQ(neg.eidMaskLen, 12);
    // the negative record: TTL, 0 locators, /12, ACT=4, AFI 1, 172.16.0.0
    Bytes w = Wire(h);
    EXPECT_EQ(Bytes(w.end() - 16, w.end()), Hex("00000001 000c 8000 0000 0001 ac100000"));
}

TEST(LispWire, MapRegisterAndNotify)
{
    LispMapRegisterHeader r = RoundTrip(SampleMapRegister());
    EXPECT_EQ(Prefix(Wire(r), 4), Hex("3a 00 01 02")); // Type 3, P, I, M, 2 records
    EXPECT_TRUE(r.HasXtrId());
    EXPECT_EQ(r.GetXtrId()[15], 0xaf);
    EXPECT_EQ(r.GetSiteId(), 0x1122334455667788ULL);
    ASSERT_EQ(r.GetRecords().size(), 2u);
    ExpectSampleRecord(r.GetRecords()[0]);
    EXPECT_TRUE(r.GetRecords()[1].IsNegative());
    EXPECT_EQ(r.GetMessageType(), 3);

    LispMapNotifyHeader n = SampleMapNotify();
    std::array<uint8_t, 16> xtr{};
    xtr[0] = 1;
    n.SetXtrId(xtr, 9);
    n = RoundTrip(n);
    EXPECT_EQ(Prefix(Wire(n), 4), Hex("48 00 00 01")); // Type 4, I, 1 record
    EXPECT_EQ(n.GetSiteId(), 9u);
    ExpectSampleRecord(n.GetRecords()[0]);
}

TEST(LispWire, EncapsulatedControlMessage)
{
    LispEcmHeader e = RoundTrip(SampleEcm());
    Bytes w = Wire(e);
    EXPECT_EQ(Prefix(w, 4), Hex("80000000"));
    EXPECT_EQ(w[4], 0x45);
    EXPECT_EQ(((w[6] << 8) | w[7]), static_cast<int>(w.size() - 4)); // inner total length
    EXPECT_EQ(w[13], 17);                                            // UDP
    EXPECT_EQ(e.GetInnerType(), LispMapRequestHeader::kType);
    LispMapRequestHeader inner;
    ASSERT_TRUE(e.GetInnerMessage(inner));
    EXPECT_EQ(Wire(inner), Wire(SampleMapRequest()));
    // the computed checksums verify: one's-complement sums come to 0xffff
    auto sum = [](const Bytes& b) {
        uint32_t s = 0;
        for (std::size_t i = 0; i < b.size(); i += 2)
        {
            s += (b[i] << 8) | (i + 1 < b.size() ? b[i + 1] : 0);
        }
        while (s >> 16)
        {
            s = (s & 0xffff) + (s >> 16);
        }
        return s;
    };
    EXPECT_EQ(sum(Bytes(w.begin() + 4, w.begin() + 24)), 0xffffu);
    Bytes pseudo(w.begin() + 16, w.begin() + 24);
    Bytes udp(w.begin() + 24, w.end());
    pseudo.push_back(0);
    pseudo.push_back(17);
    pseudo.push_back(static_cast<uint8_t>(udp.size() >> 8));
    pseudo.push_back(static_cast<uint8_t>(udp.size()));
    pseudo.insert(pseudo.end(), udp.begin(), udp.end());
    EXPECT_EQ(sum(pseudo), 0xffffu);
}

TEST(LispWire, AddressCodec)
{
    LispAddress none;
    EXPECT_EQ(AddressWire(none), Hex("0000"));
    EXPECT_EQ(AddressWire(LispAddress::FromIpv4(Ipv4Address("1.2.3.4"))), Hex("0001 01020304"));
    // RFC 8060 section 4.8: ELP, type 10, length = 8 bytes per IPv4 hop
    EXPECT_EQ(
        AddressWire(SampleElp()),
        Hex("4003 00 00 0a 00 0018 0000 0001 0a000001 0001 0001 0a000002 0006 0001 0a000003"));
    LispAddress back;
    EXPECT_EQ(ReadAddress(AddressWire(SampleElp()), back), 32);
    EXPECT_TRUE(back == SampleElp());
    // an LCAF type not understood is kept as opaque bytes and written back unchanged
    Bytes asn = Hex("4003 00 00 03 00 000a 0000fde8 0001 0a000001");
    LispAddress opaque;
    ASSERT_EQ(ReadAddress(asn, opaque), static_cast<int>(asn.size()));
    EXPECT_EQ(opaque.GetLcafType(), 3);
    EXPECT_EQ(AddressWire(opaque), asn);
    // nesting is bounded: IID around IID around ... is rejected past kMaxDepth
    LispAddress deep = LispAddress::FromIpv4(Ipv4Address("1.1.1.1"));
    for (int i = 0; i <= LispAddress::kMaxDepth; ++i)
    {
        deep = LispAddress::FromInstanceId(1, 32, deep);
    }
    LispAddress d;
    EXPECT_EQ(ReadAddress(AddressWire(deep), d), -1);
    // unknown AFI
    EXPECT_EQ(ReadAddress(Hex("0006 010203040506"), d), -1);
}

TEST(LispWire, TypeIds)
{
    EXPECT_EQ(LispDataHeader::GetTypeId().GetGroupName(), "Sfc");
    EXPECT_EQ(LispMapRequestHeader::GetTypeId().GetName(), "ns3::sfc::LispMapRequestHeader");
    EXPECT_EQ(LispMapReplyHeader::GetTypeId().GetGroupName(), "Sfc");
    EXPECT_EQ(LispMapRegisterHeader::GetTypeId().GetParent(), LispMapRegisterBase::GetTypeId());
    EXPECT_EQ(LispMapNotifyHeader::GetTypeId().GetGroupName(), "Sfc");
    EXPECT_EQ(LispEcmHeader::GetTypeId().GetGroupName(), "Sfc");
}
