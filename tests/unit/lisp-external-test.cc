/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The LISP decoders against messages written by other implementations
 * (tcpdump's test captures, OpenDaylight lispflowmapping's test vectors, a
 * published data-header capture): the field values their decoders show, and
 * byte-exact re-serialization.
 */

#include "lisp-test-vectors.h"

#include "ns3/lisp-address.h"
#include "ns3/lisp-auth.h"
#include "ns3/lisp-data-header.h"
#include "ns3/lisp-ecm-header.h"
#include "ns3/lisp-map-register.h"
#include "ns3/lisp-map-reply.h"
#include "ns3/lisp-map-request.h"

#include <gtest/gtest.h>

using namespace ns3;
using namespace ns3::sfc;
using namespace lisptest;

namespace
{

/// Parse all of bytes as H, expect success consuming exactly used bytes and a
/// byte-exact re-serialization of those bytes
template <typename H>
void
ExpectExact(const Bytes& bytes, H& h, std::size_t used = SIZE_MAX)
{
    used = std::min(used, bytes.size());
    ASSERT_EQ(Parse(bytes, h), used);
    ASSERT_TRUE(h.IsValid());
    EXPECT_EQ(Wire(h), Prefix(bytes, used));
}

const std::vector<uint8_t> kPassword = {'p', 'a', 's', 's', 'w', 'o', 'r', 'd'};

} // namespace

// ---------------------------------------------------------------------------
// tcpdump captures

TEST(LispExternal, TcpdumpMapRegisterWithXtrId)
{
    Bytes b = Hex(kTcpdumpRegister1);
    LispMapRegisterHeader h;
    ExpectExact(b, h);
    EXPECT_TRUE(h.HasXtrId());
    EXPECT_TRUE(h.GetFlag(LispMapRegisterHeader::kFlagWantNotify));
    EXPECT_FALSE(h.GetFlag(LispMapRegisterHeader::kFlagProxyReply));
    EXPECT_EQ(h.GetKeyId(), LispAuth::kKeyIdHmacSha1);
    ASSERT_EQ(h.GetAuthData().size(), 20u); // "Authentication SHA1": the full 20 bytes
    EXPECT_EQ(h.GetAuthData()[0], 0x4b);
    EXPECT_EQ(h.GetAuthData()[19], 0xd6);
    ASSERT_EQ(h.GetRecords().size(), 2u);
    const auto& r0 = h.GetRecords()[0];
    EXPECT_EQ(r0.ttl, 1440u);
    EXPECT_TRUE(r0.authoritative);
    EXPECT_EQ(r0.action, LispMappingRecord::kNoAction);
    EXPECT_EQ(r0.mapVersion, 0);
    EXPECT_EQ(r0.eidMaskLen, 32);
    EXPECT_EQ(r0.eid.GetIpv4(), Ipv4Address("10.30.1.100"));
    ASSERT_EQ(r0.locators.size(), 1u);
    EXPECT_EQ(r0.locators[0].rloc.GetIpv4(), Ipv4Address("20.20.8.253"));
    EXPECT_EQ(r0.locators[0].priority, 1);
    EXPECT_EQ(r0.locators[0].weight, 100);
    EXPECT_EQ(r0.locators[0].mPriority, 1);
    EXPECT_EQ(r0.locators[0].mWeight, 100);
    EXPECT_EQ(r0.locators[0].flags, 0);
    EXPECT_EQ(h.GetRecords()[1].eid.GetIpv4(), Ipv4Address("10.30.1.96"));
    EXPECT_EQ(h.GetRecords()[1].locators[0].rloc.GetIpv4(), Ipv4Address("20.20.8.252"));
    EXPECT_EQ(h.GetXtrId()[0], 0x97);
    EXPECT_EQ(h.GetXtrId()[15], 0x8f);
    EXPECT_EQ(h.GetSiteId(), 0u);
}

TEST(LispExternal, TcpdumpMapNotify)
{
    LispMapNotifyHeader h;
    ExpectExact(Hex(kTcpdumpNotify1), h);
    EXPECT_FALSE(h.HasXtrId());
    ASSERT_EQ(h.GetRecords().size(), 3u);
    ASSERT_EQ(h.GetRecords()[1].locators.size(), 2u);
    EXPECT_EQ(h.GetRecords()[1].locators[0].rloc.GetIpv4(), Ipv4Address("20.20.8.251"));
    EXPECT_EQ(h.GetRecords()[1].locators[1].rloc.GetIpv4(), Ipv4Address("20.20.8.252"));
    EXPECT_EQ(h.GetRecords()[2].eid.GetIpv4(), Ipv4Address("10.30.1.80"));
    EXPECT_EQ(h.GetRecords()[2].locators[0].rloc.GetIpv4(), Ipv4Address("20.20.8.239"));

    LispMapNotifyHeader x;
    ExpectExact(Hex(kTcpdumpNotify2), x);
    EXPECT_TRUE(x.HasXtrId());
    EXPECT_EQ(x.GetRecords().size(), 2u);
    EXPECT_EQ(x.GetXtrId()[1], 0x87);

    // a Map-Register does not parse a Map-Notify
    LispMapRegisterHeader reg;
    EXPECT_EQ(Parse(Hex(kTcpdumpNotify1), reg), 0u);
    EXPECT_FALSE(reg.IsValid());
}

TEST(LispExternal, TcpdumpMapNotifyTrailingDataStaysInThePacket)
{
    Bytes b = Hex(kTcpdumpNotifyTrailer);
    LispMapNotifyHeader h;
    ExpectExact(b, h, b.size() - 24); // tcpdump: "Data" of 24 bytes after the records
    EXPECT_EQ(h.GetRecords().size(), 2u);
}

TEST(LispExternal, TcpdumpMalformedAreRejected)
{
    LispMapNotifyHeader n;
    EXPECT_EQ(Parse(Hex(kTcpdumpNotifyTruncatedXtrId), n), 0u); // "[|lisp]"
    EXPECT_FALSE(n.IsValid());
    EXPECT_EQ(Parse(Hex(kTcpdumpInvalidAfi), n), 0u); // "unsupported AFI 7680"
    EXPECT_FALSE(n.IsValid());
    EXPECT_EQ(Parse(Hex(kTcpdumpInvalidAuthLength), n), 0u); // "auth length 35117"
    EXPECT_FALSE(n.IsValid());
    LispMapRegisterHeader r;
    EXPECT_EQ(Parse(Hex(kTcpdumpInvalidLength), r), 0u);
    EXPECT_FALSE(r.IsValid());
}

TEST(LispExternal, TcpdumpIpv6Eids)
{
    LispMapRegisterHeader h;
    ExpectExact(Hex(kTcpdumpRegisterIpv6), h);
    ASSERT_EQ(h.GetRecords().size(), 2u);
    const auto& r0 = h.GetRecords()[0];
    EXPECT_EQ(r0.eid.GetAfi(), LispAddress::kAfiIpv6);
    EXPECT_EQ(r0.eidMaskLen, 80);
    EXPECT_EQ(r0.eid.GetIpv6()[0], 0x20);
    EXPECT_EQ(r0.eid.GetIpv6()[4], 0x85);
    EXPECT_EQ(r0.eid.GetIpv6()[15], 0x34);
    EXPECT_EQ(h.GetRecords()[1].eid.GetIpv6()[4], 0x95);
    EXPECT_EQ(h.GetRecords()[1].locators[0].rloc.GetIpv4(), Ipv4Address("20.20.8.251"));
}

// ---------------------------------------------------------------------------
// OpenDaylight lispflowmapping

TEST(LispExternal, OdlMapRegisterHmacVerifies)
{
    LispMapRegisterHeader sha1;
    ExpectExact(Hex(kOdlRegisterSha1), sha1);
    EXPECT_TRUE(sha1.GetFlag(LispMapRegisterHeader::kFlagProxyReply));
    EXPECT_TRUE(sha1.GetFlag(LispMapRegisterHeader::kFlagWantNotify));
    EXPECT_EQ(sha1.GetNonce(), 0xFFBB000000000000ULL);
    EXPECT_EQ(sha1.GetKeyId(), 1);
    EXPECT_EQ(sha1.GetRecords()[0].eid.GetIpv4(), Ipv4Address("153.16.254.1"));
    EXPECT_EQ(sha1.GetRecords()[0].ttl, 10u);
    EXPECT_EQ(sha1.GetRecords()[0].locators[0].flags, 0x0005); // L + R
    EXPECT_TRUE(LispAuth::Verify(sha1, kPassword));
    Bytes raw = Hex(kOdlRegisterSha1);
    EXPECT_TRUE(LispAuth::VerifyBytes(raw.data(), raw.size(), kPassword));

    LispMapRegisterHeader sha256;
    ExpectExact(Hex(kOdlRegisterSha256), sha256);
    EXPECT_EQ(sha256.GetKeyId(), 2);
    EXPECT_EQ(sha256.GetAuthData().size(), 32u);
    EXPECT_TRUE(LispAuth::Verify(sha256, kPassword));

    const std::vector<uint8_t> wrong =
        {'w', 'r', 'o', 'n', 'g', 'P', 'a', 's', 's', 'w', 'o', 'r', 'd'};
    EXPECT_FALSE(LispAuth::Verify(sha1, wrong));
    EXPECT_FALSE(LispAuth::Verify(sha256, wrong));

    LispMapRegisterHeader bad;
    ExpectExact(Hex(kOdlRegisterBadAuth), bad);
    EXPECT_FALSE(LispAuth::Verify(bad, kPassword));

    // our signer produces the very bytes lispflowmapping validates
    LispMapRegisterHeader mine = sha1;
    mine.SetAuthData({});
    ASSERT_TRUE(LispAuth::Sign(mine, LispAuth::kKeyIdHmacSha1, kPassword));
    EXPECT_EQ(Wire(mine), Hex(kOdlRegisterSha1));
    mine = sha256;
    ASSERT_TRUE(LispAuth::Sign(mine, LispAuth::kKeyIdHmacSha256, kPassword));
    EXPECT_EQ(Wire(mine), Hex(kOdlRegisterSha256));
}

TEST(LispExternal, OdlMapRegisterInstanceIdLcafAndXtrId)
{
    LispMapRegisterHeader h;
    ExpectExact(Hex(kOdlRegisterIidXtrId), h); // lispflowmapping asserts the same round trip
    EXPECT_TRUE(h.HasXtrId());
    ASSERT_EQ(h.GetRecords().size(), 1u);
    const LispAddress& eid = h.GetRecords()[0].eid;
    ASSERT_EQ(eid.GetAfi(), LispAddress::kAfiLcaf);
    EXPECT_EQ(eid.GetLcafType(), LispAddress::kLcafInstanceId);
    EXPECT_EQ(eid.GetInstanceId(), 1u);
    EXPECT_EQ(eid.GetInstanceIdMaskLen(), 32);
    EXPECT_EQ(eid.GetInner().GetIpv4(), Ipv4Address("195.168.200.1"));
    const LispLocator& loc = h.GetRecords()[0].locators[0];
    EXPECT_EQ(loc.priority, 10);
    EXPECT_EQ(loc.weight, 50);
    EXPECT_EQ(loc.rloc.GetIpv4(), Ipv4Address("172.16.1.2"));
    EXPECT_EQ(h.GetXtrId()[0], 0x15);
}

TEST(LispExternal, OdlMapNotifyWithXtrId)
{
    LispMapNotifyHeader h;
    ExpectExact(Hex(kOdlNotifyXtrId), h);
    EXPECT_TRUE(h.HasXtrId());
    EXPECT_EQ(h.GetKeyId(), 0);
    EXPECT_TRUE(h.GetAuthData().empty());
    EXPECT_EQ(h.GetXtrId()[15], 1);
    EXPECT_EQ(h.GetSiteId(), 1u);
    EXPECT_EQ(h.GetRecords()[0].eid.GetIpv4(), Ipv4Address("153.16.254.1"));
}

TEST(LispExternal, OdlMapRequests)
{
    LispMapRequestHeader mob;
    ExpectExact(Hex(kOdlRequestLispMob), mob);
    EXPECT_TRUE(mob.HasMapReplyRecord());
    EXPECT_EQ(mob.GetSourceEid().GetIpv4(), Ipv4Address("1.1.1.1"));
    ASSERT_EQ(mob.GetItrRlocs().size(), 1u);
    EXPECT_EQ(mob.GetItrRlocs()[0].GetIpv4(), Ipv4Address("192.168.56.102"));
    ASSERT_EQ(mob.GetRecords().size(), 1u);
    EXPECT_EQ(mob.GetRecords()[0].eid.GetIpv4(), Ipv4Address("1.2.3.4"));
    EXPECT_EQ(mob.GetRecords()[0].eidMaskLen, 32);
    EXPECT_EQ(mob.GetMapReplyRecord().eid.GetIpv4(), Ipv4Address("1.1.1.1"));
    EXPECT_EQ(mob.GetMapReplyRecord().ttl, 10u);

    LispMapRequestHeader rlocs;
    ExpectExact(Hex(kOdlRequestItrRlocs), rlocs);
    ASSERT_EQ(rlocs.GetItrRlocs().size(), 3u);
    EXPECT_EQ(rlocs.GetSourceEid().GetAfi(), LispAddress::kAfiNone);
    EXPECT_EQ(rlocs.GetItrRlocs()[0].GetIpv4(), Ipv4Address("192.168.136.10"));
    EXPECT_EQ(rlocs.GetItrRlocs()[1].GetAfi(), LispAddress::kAfiIpv6);
    EXPECT_EQ(rlocs.GetItrRlocs()[1].GetIpv6()[15], 1);
    EXPECT_EQ(rlocs.GetItrRlocs()[2].GetIpv4(), Ipv4Address("17.34.52.86"));
    EXPECT_EQ(rlocs.GetNonce(), 0x3d8d2acd39c8d608ULL);

    LispMapRequestHeader smr;
    ExpectExact(Hex(kOdlRequestSmr), smr);
    EXPECT_TRUE(smr.IsSmr());
    EXPECT_TRUE(smr.GetFlag(LispMapRequestHeader::kFlagA));
    EXPECT_FALSE(smr.IsProbe());
    EXPECT_FALSE(smr.HasMapReplyRecord());
    EXPECT_FALSE(smr.IsSmrInvoked());

    LispMapRequestHeader invoked;
    ExpectExact(Hex(kOdlRequestSmrInvoked), invoked);
    EXPECT_TRUE(invoked.IsSmrInvoked());
    EXPECT_FALSE(invoked.GetFlag(LispMapRequestHeader::kFlagPitr));
}

TEST(LispExternal, OdlMapReplyWithNegativeRecord)
{
    LispMapReplyHeader h;
    ExpectExact(Hex(kOdlReplyAll), h);
    EXPECT_EQ(h.GetNonce(), 2u);
    ASSERT_EQ(h.GetRecords().size(), 2u);
    const auto& r0 = h.GetRecords()[0];
    EXPECT_EQ(r0.ttl, 2u);
    EXPECT_FALSE(r0.authoritative);
    EXPECT_EQ(r0.action, LispMappingRecord::kNoAction);
    ASSERT_EQ(r0.locators.size(), 2u);
    EXPECT_EQ(r0.locators[0].rloc.GetIpv4(), Ipv4Address("10.10.10.10"));
    EXPECT_EQ(r0.locators[0].priority, 1);
    EXPECT_EQ(r0.locators[0].weight, 2);
    EXPECT_EQ(r0.locators[0].mPriority, 3);
    EXPECT_EQ(r0.locators[0].mWeight, 4);
    EXPECT_EQ(r0.locators[0].flags, LispLocator::kLocal | LispLocator::kProbed);
    EXPECT_EQ(r0.locators[1].flags, LispLocator::kReachable);
    EXPECT_EQ(r0.locators[1].rloc.GetAfi(), LispAddress::kAfiIpv6);
    EXPECT_EQ(r0.locators[1].rloc.GetIpv6()[15], 8);
    const auto& r1 = h.GetRecords()[1];
    EXPECT_TRUE(r1.IsNegative());
    EXPECT_EQ(r1.action, LispMappingRecord::kNativelyForward);
    EXPECT_TRUE(r1.authoritative);
    EXPECT_EQ(r1.mapVersion, 2);
    EXPECT_EQ(r1.eidMaskLen, 16);
    EXPECT_EQ(r1.eid.GetIpv4(), Ipv4Address("4.3.0.0"));
}

TEST(LispExternal, OdlLcafs)
{
    Bytes elp = Hex(kOdlElp);
    LispAddress a;
    ASSERT_EQ(ReadAddress(elp, a), static_cast<int>(elp.size()));
    ASSERT_EQ(a.GetLcafType(), LispAddress::kLcafElp);
    ASSERT_EQ(a.GetElpHops().size(), 2u);
    EXPECT_EQ(a.GetElpHops()[0].ipv4, Ipv4Address("170.187.204.221"));
    EXPECT_TRUE(a.GetElpHops()[0].IsLookup());
    EXPECT_FALSE(a.GetElpHops()[0].IsProbe());
    EXPECT_TRUE(a.GetElpHops()[0].IsStrict());
    EXPECT_EQ(a.GetElpHops()[1].ipv4, Ipv4Address("17.34.51.68"));
    EXPECT_FALSE(a.GetElpHops()[1].IsLookup());
    EXPECT_TRUE(a.GetElpHops()[1].IsProbe());
    EXPECT_FALSE(a.GetElpHops()[1].IsStrict());
    EXPECT_EQ(AddressWire(a), elp);

    LispAddress s;
    EXPECT_EQ(ReadAddress(Hex(kOdlElpShort), s), -1);

    Bytes iid = Hex(kOdlInstanceId);
    LispAddress i;
    ASSERT_EQ(ReadAddress(iid, i), static_cast<int>(iid.size()));
    EXPECT_EQ(i.GetInstanceId(), 0xBBCCDDu);
    EXPECT_EQ(i.GetInstanceIdMaskLen(), 32);
    EXPECT_EQ(i.GetInner().GetIpv4(), Ipv4Address("17.34.51.68"));
    EXPECT_EQ(AddressWire(i), iid);
}

TEST(LispExternal, OdlEncapsulatedControlMessages)
{
    LispEcmHeader mob;
    ExpectExact(Hex(kOdlEcmLispMob), mob);
    EXPECT_EQ(mob.GetInnerSource(), Ipv4Address("172.1.1.2"));
    EXPECT_EQ(mob.GetInnerDestination(), Ipv4Address("8.8.8.8"));
    EXPECT_EQ(mob.GetInnerSourcePort(), 4342);
    EXPECT_EQ(mob.GetInnerDestinationPort(), 4342);
    EXPECT_EQ(mob.GetInnerTtl(), 255);
    EXPECT_EQ(mob.GetInnerType(), LispMapRequestHeader::kType);
    LispMapRequestHeader req;
    ASSERT_TRUE(mob.GetInnerMessage(req));
    // the M bit is clear: the 40-byte mapping record after the request is not
    // part of it (it stays in the inner datagram, unparsed)
    EXPECT_FALSE(req.HasMapReplyRecord());
    EXPECT_EQ(Wire(req), Prefix(mob.GetInnerMessageBytes(), req.GetSerializedSize()));
    EXPECT_EQ(req.GetSerializedSize() + 40, mob.GetInnerMessageBytes().size());
    ASSERT_EQ(req.GetItrRlocs().size(), 2u);
    EXPECT_EQ(req.GetSourceEid().GetIpv4(), Ipv4Address("172.1.1.2"));
    EXPECT_EQ(req.GetItrRlocs()[0].GetIpv4(), Ipv4Address("10.1.0.111"));
    EXPECT_EQ(req.GetItrRlocs()[1].GetIpv4(), Ipv4Address("192.168.136.51"));
    EXPECT_EQ(req.GetRecords()[0].eid.GetIpv4(), Ipv4Address("8.8.8.8"));

    LispEcmHeader src;
    ExpectExact(Hex(kOdlEcmSourceEid), src);
    LispMapRequestHeader req2;
    ASSERT_TRUE(src.GetInnerMessage(req2));
    EXPECT_EQ(req2.GetSourceEid().GetIpv4(), Ipv4Address("153.16.254.1"));
    EXPECT_EQ(req2.GetItrRlocs()[0].GetIpv4(), Ipv4Address("10.0.1.38"));
    EXPECT_EQ(req2.GetRecords()[0].eid.GetIpv4(), Ipv4Address("10.0.20.200"));
    EXPECT_EQ(req2.GetSerializedSize() + 28, src.GetInnerMessageBytes().size());

    // the ECM is consistent in itself (4 bytes of the datagram trail it), but the
    // Map-Request inside is cut short by the inner lengths
    Bytes cut = Hex(kOdlEcmInconsistent);
    LispEcmHeader outer;
    ExpectExact(cut, outer, cut.size() - 4);
    LispMapRequestHeader truncated;
    EXPECT_FALSE(outer.GetInnerMessage(truncated));
    EXPECT_FALSE(truncated.IsValid());
}

// ---------------------------------------------------------------------------
// Data plane

TEST(LispExternal, PublishedCaptureDataHeader)
{
    LispDataHeader h;
    ExpectExact(Hex(kPublishedDataHeader), h);
    EXPECT_EQ(h.GetFlags(), 0xc0);
    EXPECT_TRUE(h.HasNonce());
    EXPECT_TRUE(h.HasLocatorStatusBits());
    EXPECT_FALSE(h.HasInstanceId());
    EXPECT_FALSE(h.HasMapVersions());
    EXPECT_EQ(h.GetNonce(), 939002u);
    EXPECT_EQ(h.GetLocatorStatusBits(), 1u);

    LispDataHeader built;
    built.SetNonce(0x0e53fa);
    built.SetLocatorStatusBits(1);
    EXPECT_EQ(Wire(built), Hex(kPublishedDataHeader));
}
