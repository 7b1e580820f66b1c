/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * LISP messages written by other implementations, as published in their
 * repositories, used by the lisp-*-test.cc decoder tests. Each names where
 * it came from; the expected field values are those the other
 * implementation's decoder (or test assertions) show.
 */

#ifndef SFC_LISP_TEST_VECTORS_H
#define SFC_LISP_TEST_VECTORS_H

#include "sfc-test-util.h"

#include "ns3/header.h"
#include "ns3/lisp-address.h"
#include "ns3/packet.h"

#include <cstdint>
#include <string>
#include <vector>

namespace lisptest
{

using Bytes = std::vector<uint8_t>;

/// Bytes from hex digits (spaces ignored)
inline Bytes
Hex(const std::string& s)
{
    Bytes out;
    int hi = -1;
    for (char c : s)
    {
        int v = (c >= '0' && c <= '9')   ? c - '0'
                : (c >= 'a' && c <= 'f') ? c - 'a' + 10
                : (c >= 'A' && c <= 'F') ? c - 'A' + 10
                                         : -1;
        if (v < 0)
        {
            continue;
        }
        if (hi < 0)
        {
            hi = v;
        }
        else
        {
            out.push_back(static_cast<uint8_t>(hi << 4 | v));
            hi = -1;
        }
    }
    return out;
}

/// Parse the first n bytes (all by default) as H; returns what Deserialize returned
template <typename H>
uint32_t
Parse(const Bytes& bytes, H& h, std::size_t n = SIZE_MAX)
{
    ns3::Ptr<ns3::Packet> p = sfctest::FromBytes(bytes, n);
    return p->PeekHeader(h);
}

/// The bytes a header serializes to
inline Bytes
Wire(const ns3::Header& h)
{
    return sfctest::HeaderBytes(h);
}

/// The first n bytes
inline Bytes
Prefix(const Bytes& b, std::size_t n)
{
    return Bytes(b.begin(), b.begin() + static_cast<std::ptrdiff_t>(std::min(n, b.size())));
}

/// Read an address from bytes: bytes consumed, or -1 if rejected
inline int
ReadAddress(const Bytes& bytes, ns3::sfc::LispAddress& a)
{
    ns3::Buffer b;
    b.AddAtStart(static_cast<uint32_t>(bytes.size()));
    b.Begin().Write(bytes.data(), static_cast<uint32_t>(bytes.size()));
    ns3::sfc::LispReader r(b.Begin());
    return a.Read(r) ? static_cast<int>(r.Consumed()) : -1;
}

/// The bytes an address writes
inline Bytes
AddressWire(const ns3::sfc::LispAddress& a)
{
    ns3::Buffer b;
    b.AddAtStart(a.GetSerializedSize());
    ns3::Buffer::Iterator it = b.Begin();
    a.Write(it);
    Bytes out(b.GetSize());
    b.CopyData(out.data(), out.size());
    return out;
}

// ---------------------------------------------------------------------------
// tcpdump (the-tcpdump-group/tcpdump), tests/*.pcap: UDP payloads extracted
// with tshark; expected values from the matching tests/*-v.out decodes.

/// tests/lisp_eid_register.pcap frame 1: Map-Register, flags [I-xTR-ID-Present,
/// M-Want-Map-Notify], 2 records, SHA1, EID 10.30.1.100/32 LOC 20.20.8.253 and
/// 10.30.1.96/32 LOC 20.20.8.252, TTL 1440, Authoritative, No-Action,
/// Priority/Weight 1/100, xTR-ID 9787ad75..., SITE-ID 0
const char* const kTcpdumpRegister1 =
    "32001102c4218228892d20a4000100144bbb9614a67a86040407799545371906836cd1d6"
    "000005a001201000000000010a1e01640164016400000001141408fd"
    "000005a001201000000000010a1e01600164016400000001141408fc"
    "9787ad753caf58a713fa6920e6d27a8f0000000000000000";

/// tests/lisp_eid_notify.pcap frame 1: Map-Notify, flags [none], 3 records, SHA1;
/// the second record 10.30.1.96/32 has 2 locators (20.20.8.251, 20.20.8.252)
const char* const kTcpdumpNotify1 =
    "40000103c4218228892d20a4000100144bbb9614a67a86040407799545371906836cd1d6"
    "000005a001201000000000010a1e01640164016400000001141408fd"
    "000005a002201000000000010a1e01600164016400000001141408fb0164016400000001141408fc"
    "000005a001201000000000010a1e01500164016400000001141408ef";

/// tests/lisp_eid_notify.pcap frame 2: Map-Notify, flags [I-xTR-ID-Present], 2
/// records, xTR-ID 9787ad75 3caf58a7 13fa6920 e6d27a8f, SITE-ID 0
const char* const kTcpdumpNotify2 =
    "48000102c4218228892d20a4000100144bbb9614a67a86040407799545371906836cd1d6"
    "000005a001201000000000010a1e01640164016400000001141408fd"
    "000005a002201000000000010a1e01600164016400000001141408fb0164016400000001141408fc"
    "9787ad753caf58a713fa6920e6d27a8f0000000000000000";

/// tests/lisp_eid_notify.pcap frame 3: I bit set but no room for the xTR-ID after
/// the 3 records: tcpdump prints "[|lisp]", Wireshark "Malformed Packet"
const char* const kTcpdumpNotifyTruncatedXtrId =
    "48000103c4218228892d20a4000100144bbb9614a67a86040407799545371906836cd1d6"
    "000005a001201000000000010a1e01640164016400000001141408fd"
    "000005a002201000000000010a1e01600164016400000001141408fb0164016400000001141408fc"
    "000005a001201000000000010a1e01500164016400000001141408ef";

/// tests/lisp_eid_notify.pcap frame 4: flags [none], 2 records, then 24 bytes
/// tcpdump shows as trailing "Data"
const char* const kTcpdumpNotifyTrailer =
    "40000102c4218228892d20a4000100144bbb9614a67a86040407799545371906836cd1d6"
    "000005a001201000000000010a1e01640164016400000001141408fd"
    "000005a002201000000000010a1e01600164016400000001141408fb0164016400000001141408fc"
    "9787ad753caf58a713fa6920e6d27a8f0000000000000000";

/// tests/lisp_ipv6.pcap frame 1: Map-Register with IPv6 EIDs
/// 2001:db8:85a3::8a2e:370:7334/80 (LOC 20.20.8.253) and
/// 2001:db8:95a3::8a2e:370:7334/80 (LOC 20.20.8.251)
const char* const kTcpdumpRegisterIpv6 =
    "32001102c4218228892d20a4000100144bbb9614a67a86040407799545371906836cd1d6"
    "000005a0015010000000000220010db885a3000000008a2e037073340164016400000001141408fd"
    "000005a0015010000000000220010db895a3000000008a2e037073340164016400000001141408fb"
    "9787ad753caf58a713fa6920e6d27a8f0000000000000000";

/// tests/lisp_invalid.pcap frame 1: "[unsupported address family identifier 7680]"
const char* const kTcpdumpInvalidAfi =
    "40000103c4218228892d20a4000100144bbb9614a67a86040407799545371906836cd1d6"
    "000005a00120100200001e000a0101640164016400000001141408fd"
    "000005a002201000000000010a1e01600164016400000001141408fb0164016400000001141408fc"
    "000005a001201000000000010a1e01500164016400000001141408ef";

/// tests/lisp_invalid.pcap frame 2: "[authentication data length 35117 > 112] (invalid)"
const char* const kTcpdumpInvalidAuthLength =
    "48000102c42c2c2c2c2c2c218228892d0000000100143a3ac0ffff000c291f74060800451001480000";

/// tests/lisp_invalid_length.pcap frame 1: "LISP [length 8 < 16] (invalid)"
const char* const kTcpdumpInvalidLength =
    "364000171d00200001abde1de11a23000101143b3cbfd73e011b0001000000eebccddf1d000420014e"
    "010001000201011b0100011d01010197063ea29001010101ff5f";

// ---------------------------------------------------------------------------
// OpenDaylight lispflowmapping (opendaylight/lispflowmapping),
// mappingservice/lisp-proto/src/test/.../serializer/*SerializationTest.java and
// .../lisp/authentication/LispAuthenticationTest.java (key "password").

/// LispAuthenticationTest.validate__SHA1 (= MapRegisterSerializationTest.deserialize__SHA1):
/// P=1, M=1, nonce 0xFFBB000000000000, key id 1, 20 bytes of auth data; EID
/// 153.16.254.1/32 TTL 10, RLOC 192.168.136.10 1/100 255/0; verifies with "password"
const char* const kOdlRegisterSha1 = "38000101FFBB00000000000000010014"
                                     "2c61b9c99a20bad8f540d3556f5f6e5ab20abfb5"
                                     "0000000a0120100000000001 9910fe01 0164ff0000050001c0a8880a";

/// LispAuthenticationTest.validate__SHA256: key id 2, 32 bytes; verifies with "password"
const char* const kOdlRegisterSha256 =
    "38000101FFBB00000000000000020020"
    "7030d4c610440d83be4dbffda98c576d68a5bf3211c97b58c4b99f061123b938"
    "0000000a0120100000000001 9910fe01 0164ff0000050001c0a8880a";

/// LispAuthenticationTest.validate_WrongAuthentication: must not verify
const char* const kOdlRegisterBadAuth =
    "38000101FFBB00000000000000010014"
    "e8f50bc5c5f2b02127a8214104f3465a5a5b5c5d"
    "0000000a0120100000000001 9910fe01 0164ff0000050001c0a8880a";

/// MapRegisterSerializationTest.deserialize__serialize: xTR-ID/site-ID present,
/// EID is an Instance-ID LCAF (IID 1, mask-len 32) around 195.168.200.1,
/// locator 172.16.1.2 priority 10 weight 50, flags 0x0004;
/// the test asserts byte-exact re-serialization
const char* const kOdlRegisterIidXtrId = "32000101 639983642306a8be 0001 0014"
                                         "b8c2a2e1dc4a080cf601b09d705ad48895f873dd"
                                         "000005a0 0120 1000 0000 4003 0000 0220 000a 00000001"
                                         "0001 c3a8c801 0a32ff000004 0001 ac100102"
                                         "151a3980e335e6c449a6908720659ab7 0000000000000000";

/// MapRequestSerializationTest.deserialize__LispMobMapRequestWithReply (LISPmob):
/// M bit, source EID 1.1.1.1, ITR-RLOC 192.168.56.102, record 1.2.3.4/32, then
/// a Map-Reply record 1.1.1.1/32 TTL 10 RLOC 192.168.56.102
const char* const kOdlRequestLispMob = "14000001 3ef77f5b417c773c 0001 01010101 0001 c0a83866"
                                       "0020 0001 01020304"
                                       "0000000a 0120 1000 0000 0001 01010101"
                                       "0164ff00 0005 0001 c0a83866";

/// MapRequestSerializationTest.deserialize__MultipleItrRlocs: IRC 2, ITR-RLOCs
/// 192.168.136.10, ::1, 17.34.52.86; record 1.2.3.4/32
const char* const kOdlRequestItrRlocs =
    "10000201 3d8d2acd39c8d608 0000 0001 c0a8880a 0002 00000000000000000000000000000001"
    "0001 11223456 0020 0001 01020304";

/// MapRequestSerializationTest.deserialize__FlagsInFirstByte, second case: A and
/// S (SMR) set, M and P clear
const char* const kOdlRequestSmr =
    "19000001 3d8d2acd39c8d608 0000 0001 c0a8880a 0020 0001 01020304";

/// MapRequestSerializationTest.deserialize__FlagsInSecondByte, second case:
/// SMR-invoked set, PITR clear
const char* const kOdlRequestSmrInvoked =
    "19400001 3d8d2acd39c8d608 0000 0001 c0a8880a 0020 0001 01020304";

/// MapReplySerializationTest.deserialize__All: nonce 2, record 1: 1.2.3.4/32 TTL 2
/// No-Action not authoritative, locators 10.10.10.10 (1/2 3/4, L+p) and
/// 1:2:3:4:5:6:7:8 (4/3 2/1, R); record 2: negative, 4.3.0.0/16 TTL 0
/// Natively-Forward, authoritative, map version 2
const char* const kOdlReplyAll = "20000002 0000000000000002"
                                 "00000002 0220 0000 0000 0001 01020304"
                                 "01020304 0006 0001 0a0a0a0a"
                                 "04030201 0001 0002 00010002000300040005000600070008"
                                 "00000000 0010 3000 0002 0001 04030000";

/// MapNotifySerializationTest.deserialize__AllFields: I bit, no auth, record
/// 153.16.254.1/32, xTR-ID ...01, site-ID 1
const char* const kOdlNotifyXtrId = "48000001 FFBB000000000000 0000 0000"
                                    "0000000a 0120 1000 0000 0001 9910fe01"
                                    "0164ff00 0005 0001 c0a8880a"
                                    "00000000000000000000000000000001 0000000000000001";

/// ExplicitLocatorPathSerializerTest.deserialize__Bits: ELP hops 170.187.204.221
/// (L and S set) and 17.34.51.68 (P set)
const char* const kOdlElp = "4003 00 00 0A 00 0010 0005 0001 AABBCCDD 0002 0001 11223344";

/// ExplicitLocatorPathSerializerTest.deserialize__ShorterBuffer2: length 24, no body
const char* const kOdlElpShort = "4003 00 00 0A 00 0018";

/// InstanceIdSerializerTest: IID 0xBBCCDD, mask-len 32, IPv4 17.34.51.68
const char* const kOdlInstanceId = "4003 00 00 02 20 000A 00BBCCDD 0001 11223344";

/// southbound/.../LispSouthboundHandlerTest.mapRequest__MultipleItrRlocs ("what
/// LISPmob sends"), UDP payload: ECM, inner IPv4 172.1.1.2 -> 8.8.8.8, UDP
/// 4342 -> 4342; Map-Request (M bit clear), source EID 172.1.1.2, ITR-RLOCs
/// 10.1.0.111 and 192.168.136.51, record 8.8.8.8/32, followed inside the inner
/// datagram by a 40-byte mapping record 172.1.1.2/32 with two locators
const char* const kOdlEcmLispMob =
    "80000000 4500006ad4310000ff112a3eac01010208080808 10f610f600566314"
    "10000101 7967ff75a0616619 0001ac010102 00010a01006f 0001c0a88833"
    "0020 0001 08080808"
    "0000000a 0220 1000 0000 0001 ac010102 0164ff00 0005 0001 0a01006f"
    "0664ff00 0005 0001 c0a88833";

/// LispSouthboundHandlerTest.mapRequest__WithSourceEid, UDP payload: ECM, inner
/// 153.16.254.1 -> 10.0.20.200; Map-Request source EID 153.16.254.1, ITR-RLOC
/// 10.0.1.38, record 10.0.20.200/32 (28 more bytes follow the request inside the
/// inner UDP datagram: a mapping record although the M bit is clear)
const char* const kOdlEcmSourceEid =
    "80000000 45000058d4310000ff1131899910fe010a0014c8 10f610f6004484ee"
    "10000001 baf9ff532736383a 0001 9910fe01 0001 0a000126 0020 0001 0a0014c8"
    "0000000a 0120 1000 0000 0001 9910fe01 0164ff00 0005 0001 0a000126";

/// LispSouthboundHandlerTest setUp mapRequestPacket: its inner IPv4 total length
/// (56) and UDP length (36) end 4 bytes before the datagram does (the test
/// added a source EID without fixing them): the ECM parses, the Map-Request
/// it delimits is truncated
const char* const kOdlEcmInconsistent =
    "80000000 45000038d4310000ff1156f3c0a8880a01020304 ddb410f60024ef3a"
    "10000001 3d8d2acd39c8d608 0001 01020304 0001 c0a8880a 0020 0001 01020304";

// ---------------------------------------------------------------------------
// Data plane

/// An xTR's LISP data header as Wireshark decodes it in the capture
/// published at https://pushpopswap.com/lisp-encapsulation.html (10.0.0.24 ->
/// 19.19.19.19, UDP 1024 -> 4341): "Flags: 0xc0, Nonce: 939002 (0x0e53fa),
/// Locator-Status-Bits: 0x00000001" (the page gives the decode, not the hex:
/// these 8 bytes are that decode re-encoded)
const char* const kPublishedDataHeader = "c00e53fa00000001";

} // namespace lisptest

#endif /* SFC_LISP_TEST_VECTORS_H */
