/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * LISP messages built with every field set, shared by the round-trip,
 * robustness and tshark tests (lisp-*-test.cc).
 */

#ifndef SFC_LISP_TEST_MESSAGES_H
#define SFC_LISP_TEST_MESSAGES_H

#include "ns3/ipv4-address.h"
#include "ns3/lisp-address.h"
#include "ns3/lisp-data-header.h"
#include "ns3/lisp-ecm-header.h"
#include "ns3/lisp-map-register.h"
#include "ns3/lisp-map-reply.h"
#include "ns3/lisp-map-request.h"
#include "ns3/lisp-records.h"

#include <array>
#include <cstdint>
#include <vector>

namespace lisptest
{

/// A service chain as an ELP: 10.0.0.1 -> 10.0.0.2 (strict) -> 10.0.0.3 (lookup)
inline ns3::sfc::LispAddress
SampleElp()
{
    using ns3::sfc::LispElpHop;
    std::vector<LispElpHop> hops(3);
    hops[0].ipv4 = ns3::Ipv4Address("10.0.0.1");
    hops[1].ipv4 = ns3::Ipv4Address("10.0.0.2");
    hops[1].flags = LispElpHop::kStrict;
    hops[2].ipv4 = ns3::Ipv4Address("10.0.0.3");
    hops[2].flags = LispElpHop::kLookup | LispElpHop::kProbe;
    return ns3::sfc::LispAddress::FromElp(hops);
}

/// A mapping record: 192.168.1.0/24 in instance 7, TTL 15, authoritative,
/// map version 5, an IPv4 locator and an ELP locator
inline ns3::sfc::LispMappingRecord
SampleRecord()
{
    using namespace ns3::sfc;
    LispMappingRecord rec;
    rec.ttl = 15;
    rec.eidMaskLen = 24;
    rec.authoritative = true;
    rec.mapVersion = 5;
    rec.eid =
        LispAddress::FromInstanceId(7, 32, LispAddress::FromIpv4(ns3::Ipv4Address("192.168.1.0")));
    LispLocator a;
    a.priority = 1;
    a.weight = 60;
    a.mPriority = 255;
    a.mWeight = 0;
    a.flags = LispLocator::kLocal | LispLocator::kReachable;
    a.rloc = LispAddress::FromIpv4(ns3::Ipv4Address("10.1.0.1"));
    LispLocator b = a;
    b.priority = 2;
    b.weight = 40;
    b.flags = LispLocator::kReachable;
    b.rloc = SampleElp();
    rec.locators = {a, b};
    return rec;
}

/// A negative record: 172.16.0.0/12, TTL 1, Drop/Policy-Denied, no locators
inline ns3::sfc::LispMappingRecord
SampleNegativeRecord()
{
    using namespace ns3::sfc;
    LispMappingRecord rec;
    rec.ttl = 1;
    rec.eidMaskLen = 12;
    rec.action = LispMappingRecord::kDropPolicyDenied;
    rec.eid = LispAddress::FromIpv4(ns3::Ipv4Address("172.16.0.0"));
    return rec;
}

/// Map-Request: SMR, SMR-invoked, probe; source EID, 2 ITR-RLOCs, 2 EID records, map data
inline ns3::sfc::LispMapRequestHeader
SampleMapRequest()
{
    using namespace ns3::sfc;
    LispMapRequestHeader h;
    h.SetNonce(0x0123456789abcdefULL);
    h.SetSmr(true);
    h.SetSmrInvoked(true);
    h.SetProbe(true);
    h.SetSourceEid(LispAddress::FromIpv4(ns3::Ipv4Address("192.168.1.10")));
    h.AddItrRloc(LispAddress::FromIpv4(ns3::Ipv4Address("10.1.0.1")));
    std::array<uint8_t, 16> v6{};
    v6[0] = 0x20;
    v6[1] = 0x01;
    v6[15] = 0x01;
    h.AddItrRloc(LispAddress::FromIpv6(v6));
    LispEidRecord r1;
    r1.eidMaskLen = 32;
    r1.eid = LispAddress::FromIpv4(ns3::Ipv4Address("192.168.2.20"));
    LispEidRecord r2;
    r2.eidMaskLen = 24;
    r2.eid =
        LispAddress::FromInstanceId(7, 32, LispAddress::FromIpv4(ns3::Ipv4Address("192.168.3.0")));
    h.AddRecord(r1);
    h.AddRecord(r2);
    h.SetMapReplyRecord(SampleRecord());
    return h;
}

/// Map-Reply: one positive record with an ELP locator, one negative record
inline ns3::sfc::LispMapReplyHeader
SampleMapReply()
{
    using namespace ns3::sfc;
    LispMapReplyHeader h;
    h.SetNonce(0x0123456789abcdefULL);
    h.SetFlag(LispMapReplyHeader::kFlagE, true);
    h.AddRecord(SampleRecord());
    h.AddRecord(SampleNegativeRecord());
    return h;
}

/// Map-Register: proxy-reply, want-notify, xTR-ID, two records (unsigned)
inline ns3::sfc::LispMapRegisterHeader
SampleMapRegister()
{
    using namespace ns3::sfc;
    LispMapRegisterHeader h;
    h.SetNonce(42);
    h.SetFlag(LispMapRegisterHeader::kFlagProxyReply, true);
    h.SetFlag(LispMapRegisterHeader::kFlagWantNotify, true);
    h.AddRecord(SampleRecord());
    h.AddRecord(SampleNegativeRecord());
    std::array<uint8_t, 16> xtr{};
    for (std::size_t i = 0; i < xtr.size(); ++i)
    {
        xtr[i] = static_cast<uint8_t>(0xa0 + i);
    }
    h.SetXtrId(xtr, 0x1122334455667788ULL);
    return h;
}

/// Map-Notify answering SampleMapRegister (unsigned)
inline ns3::sfc::LispMapNotifyHeader
SampleMapNotify()
{
    using namespace ns3::sfc;
    LispMapNotifyHeader h;
    h.SetNonce(42);
    h.AddRecord(SampleRecord());
    return h;
}

/// ECM around SampleMapRequest, inner 192.168.1.10:4342 -> 192.168.2.20:4342
inline ns3::sfc::LispEcmHeader
SampleEcm()
{
    using namespace ns3::sfc;
    LispEcmHeader h;
    h.SetInner(ns3::Ipv4Address("192.168.1.10"), ns3::Ipv4Address("192.168.2.20"), 4342, 4342);
    h.SetInnerMessage(SampleMapRequest());
    return h;
}

/// Data header: nonce, echo, instance id 7 and LSBs 0x03
inline ns3::sfc::LispDataHeader
SampleData()
{
    ns3::sfc::LispDataHeader h;
    h.SetNonce(0xabcdef);
    h.SetEchoNonce(true);
    h.SetInstanceId(7);
    h.SetLocatorStatusBits(0x03);
    return h;
}

} // namespace lisptest

#endif /* SFC_LISP_TEST_MESSAGES_H */
