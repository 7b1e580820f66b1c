/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * LispEidPrefix and LispMapCache: longest-prefix match per instance, TTL
 * expiry with the TTL unit, negative entries, eviction, the Map-Request
 * rate limit and SMR marking.
 */

#include "ns3/lisp-eid-prefix.h"
#include "ns3/lisp-map-cache.h"
#include "ns3/nstime.h"
#include "ns3/uinteger.h"

#include <gtest/gtest.h>

using namespace ns3;
using namespace ns3::sfc;

namespace
{
/// A positive record for a.b.c.d/len with one RLOC, TTL in units
LispMappingRecord
Record(const char* eid, uint8_t len, const char* rloc, uint32_t ttl, uint32_t iid = 0)
{
    LispMappingRecord r;
    r.ttl = ttl;
    r.eidMaskLen = len;
    LispAddress a = LispAddress::FromIpv4(Ipv4Address(eid));
    r.eid = iid ? LispAddress::FromInstanceId(iid, 0, a) : a;
    if (rloc)
    {
        LispLocator l;
        l.rloc = LispAddress::FromIpv4(Ipv4Address(rloc));
        r.locators.push_back(l);
    }
    return r;
}

LispEidPrefix
Host(const char* a, uint32_t iid = 0)
{
    return LispEidPrefix::FromIpv4(Ipv4Address(a), 32, iid);
}

Ptr<LispMapCache>
Cache(uint32_t capacity = 1024, uint32_t rate = 1)
{
    Ptr<LispMapCache> c = CreateObject<LispMapCache>();
    c->SetAttribute("Capacity", UintegerValue(capacity));
    c->SetAttribute("MapRequestsPerSecond", UintegerValue(rate));
    return c;
}
} // namespace

TEST(LispEidPrefix, MasksAndOrders)
{
    LispEidPrefix a = LispEidPrefix::FromIpv4(Ipv4Address("10.1.2.3"), 24);
    LispEidPrefix b =
        LispEidPrefix::FromAddress(LispAddress::FromIpv4(Ipv4Address("10.1.2.200")), 24);
    EXPECT_EQ(a, b);
    EXPECT_TRUE(a.Contains(Host("10.1.2.9")));
    EXPECT_FALSE(a.Contains(Host("10.1.3.9")));
    EXPECT_FALSE(a.Contains(Host("10.1.2.9", 7))); // other instance
    LispEidPrefix i = LispEidPrefix::FromAddress(
        LispAddress::FromInstanceId(7, 0, LispAddress::FromIpv4(Ipv4Address("10.1.2.3"))),
        24);
    EXPECT_EQ(i.GetInstanceId(), 7u);
    EXPECT_TRUE(i.Contains(Host("10.1.2.9", 7)));
    EXPECT_EQ(LispEidPrefix::FromAddress(i.ToAddress(), 24), i);
    EXPECT_FALSE(LispEidPrefix::FromAddress(LispAddress(), 0).IsValid());
    EXPECT_TRUE(LispEidPrefix::FromIpv4(Ipv4Address("10.0.0.0"), 8) < a);
}

TEST(LispMapCache, LongestPrefixMatchPerInstance)
{
    Ptr<LispMapCache> c = Cache();
    ASSERT_TRUE(c->Insert(Record("10.0.0.0", 8, "192.0.2.1", 10), Seconds(0)));
    ASSERT_TRUE(c->Insert(Record("10.1.0.0", 16, "192.0.2.2", 10), Seconds(0)));
    ASSERT_TRUE(c->Insert(Record("10.1.0.0", 16, "192.0.2.3", 10, 5), Seconds(0)));
    const LispMapCacheEntry* e = c->Lookup(Host("10.1.2.3"), Seconds(1));
    ASSERT_NE(e, nullptr);
    EXPECT_EQ(e->record.locators[0].rloc.GetIpv4(), Ipv4Address("192.0.2.2"));
    e = c->Lookup(Host("10.2.2.3"), Seconds(1));
    ASSERT_NE(e, nullptr);
    EXPECT_EQ(e->record.locators[0].rloc.GetIpv4(), Ipv4Address("192.0.2.1"));
    e = c->Lookup(Host("10.1.2.3", 5), Seconds(1));
    ASSERT_NE(e, nullptr);
    EXPECT_EQ(e->record.locators[0].rloc.GetIpv4(), Ipv4Address("192.0.2.3"));
    EXPECT_EQ(c->Lookup(Host("10.2.2.3", 5), Seconds(1)), nullptr);
    EXPECT_EQ(c->Lookup(Host("11.0.0.1"), Seconds(1)), nullptr);
    EXPECT_EQ(c->GetHits(), 3u);
    EXPECT_EQ(c->GetMisses(), 2u);
    EXPECT_EQ(c->GetSize(), 3u);
    EXPECT_EQ(c->GetPeakSize(), 3u);
}

TEST(LispMapCache, TtlCountsInTheConfiguredUnit)
{
    Ptr<LispMapCache> rfc = Cache();
    EXPECT_EQ(rfc->GetTtlUnit(), Minutes(1)); // RFC 9301 default
    ASSERT_TRUE(rfc->Insert(Record("10.0.0.0", 8, "192.0.2.1", 2), Seconds(0)));
    EXPECT_EQ(rfc->GetNextExpiry(), Minutes(2));
    EXPECT_NE(rfc->Lookup(Host("10.0.0.1"), Seconds(119)), nullptr);
    EXPECT_EQ(rfc->Lookup(Host("10.0.0.1"), Seconds(120)), nullptr);
    EXPECT_EQ(rfc->GetExpirations(), 1u);

    Ptr<LispMapCache> fast = Cache();
    fast->SetAttribute("TtlUnit", TimeValue(MilliSeconds(100)));
    ASSERT_TRUE(fast->Insert(Record("10.0.0.0", 8, "192.0.2.1", 5), Seconds(1)));
    EXPECT_NE(fast->Lookup(Host("10.0.0.1"), MilliSeconds(1499)), nullptr);
    EXPECT_EQ(fast->Expire(MilliSeconds(1500)), 1u);
    EXPECT_EQ(fast->GetSize(), 0u);
    // a re-insert restarts the TTL; TTL 0 is not cached and removes the entry
    ASSERT_TRUE(fast->Insert(Record("10.0.0.0", 8, "192.0.2.1", 5), Seconds(2)));
    ASSERT_TRUE(fast->Insert(Record("10.0.0.0", 8, "192.0.2.1", 5), Seconds(2.4)));
    EXPECT_NE(fast->Lookup(Host("10.0.0.1"), Seconds(2.8)), nullptr);
    EXPECT_FALSE(fast->Insert(Record("10.0.0.0", 8, "192.0.2.1", 0), Seconds(2.8)));
    EXPECT_EQ(fast->GetSize(), 0u);
}

TEST(LispMapCache, NegativeEntriesKeepTheirAction)
{
    Ptr<LispMapCache> c = Cache();
    LispMappingRecord neg = Record("172.16.0.0", 12, nullptr, 15);
    neg.action = LispMappingRecord::kNativelyForward;
    ASSERT_TRUE(c->Insert(neg, Seconds(0)));
    const LispMapCacheEntry* e = c->Lookup(Host("172.20.1.1"), Seconds(1));
    ASSERT_NE(e, nullptr);
    EXPECT_TRUE(e->IsNegative());
    EXPECT_EQ(e->record.action, LispMappingRecord::kNativelyForward);
    EXPECT_EQ(e->prefix.GetLength(), 12);
}

TEST(LispMapCache, ElpChainIsKeptAsReceived)
{
    Ptr<LispMapCache> c = Cache();
    LispMappingRecord r = Record("10.9.0.0", 16, nullptr, 3);
    std::vector<LispElpHop> hops(3);
    hops[0].ipv4 = Ipv4Address("192.0.2.1");
    hops[1].ipv4 = Ipv4Address("192.0.2.7");
    hops[1].flags = LispElpHop::kStrict;
    hops[2].ipv4 = Ipv4Address("192.0.2.2");
    LispLocator l;
    l.rloc = LispAddress::FromElp(hops);
    r.locators.push_back(l);
    ASSERT_TRUE(c->Insert(r, Seconds(0)));
    const LispMapCacheEntry* e = c->Lookup(Host("10.9.1.1"), Seconds(0));
    ASSERT_NE(e, nullptr);
    ASSERT_EQ(e->record.locators[0].rloc.GetElpHops().size(), 3u);
    EXPECT_TRUE(e->record.locators[0].rloc.GetElpHops()[1].IsStrict());
}

TEST(LispMapCache, EvictsTheEntryClosestToExpiry)
{
    Ptr<LispMapCache> c = Cache(2);
    ASSERT_TRUE(c->Insert(Record("10.1.0.0", 16, "192.0.2.1", 10), Seconds(0)));
    ASSERT_TRUE(c->Insert(Record("10.2.0.0", 16, "192.0.2.1", 3), Seconds(0)));
    // updating an existing prefix never evicts
    ASSERT_TRUE(c->Insert(Record("10.1.0.0", 16, "192.0.2.9", 10), Seconds(0)));
    EXPECT_EQ(c->GetEvictions(), 0u);
    ASSERT_TRUE(c->Insert(Record("10.3.0.0", 16, "192.0.2.1", 5), Seconds(0)));
    EXPECT_EQ(c->GetEvictions(), 1u);
    EXPECT_EQ(c->GetSize(), 2u);
    EXPECT_EQ(c->Find(LispEidPrefix::FromIpv4(Ipv4Address("10.2.0.0"), 16)), nullptr);
    EXPECT_NE(c->Find(LispEidPrefix::FromIpv4(Ipv4Address("10.1.0.0"), 16)), nullptr);
    EXPECT_EQ(c->GetPeakSize(), 2u);
    EXPECT_FALSE(Cache(0)->Insert(Record("10.1.0.0", 16, "192.0.2.1", 10), Seconds(0)));
}

TEST(LispMapCache, RateLimitsMapRequestsPerPrefix)
{
    Ptr<LispMapCache> c = Cache(16, 1);
    LispEidPrefix a = Host("10.0.0.1");
    LispEidPrefix b = Host("10.0.0.2");
    EXPECT_TRUE(c->MayRequest(a, Seconds(0)));
    EXPECT_FALSE(c->MayRequest(a, Seconds(0.5)));
    EXPECT_TRUE(c->MayRequest(b, Seconds(0.5))); // other prefix
    EXPECT_FALSE(c->MayRequest(a, Seconds(0.999)));
    EXPECT_TRUE(c->MayRequest(a, Seconds(1)));
    EXPECT_EQ(c->GetRateLimited(), 2u);

    Ptr<LispMapCache> three = Cache(16, 3);
    for (int i = 0; i < 3; ++i)
    {
        EXPECT_TRUE(three->MayRequest(a, MilliSeconds(100 * i)));
    }
    EXPECT_FALSE(three->MayRequest(a, MilliSeconds(900)));
    EXPECT_TRUE(three->MayRequest(a, MilliSeconds(1000)));
}

TEST(LispMapCache, SmrMarksCoveringEntriesUntilRefreshed)
{
    Ptr<LispMapCache> c = Cache();
    ASSERT_TRUE(c->Insert(Record("10.1.0.0", 16, "192.0.2.1", 10), Seconds(0)));
    ASSERT_TRUE(c->Insert(Record("10.2.0.0", 16, "192.0.2.1", 10), Seconds(0)));
    EXPECT_EQ(c->MarkRefresh(Host("10.1.4.4")), 1u);
    const LispMapCacheEntry* e = c->Lookup(Host("10.1.4.4"), Seconds(1));
    ASSERT_NE(e, nullptr); // kept and still usable
    EXPECT_TRUE(e->refreshRequested);
    EXPECT_FALSE(c->Lookup(Host("10.2.4.4"), Seconds(1))->refreshRequested);
    ASSERT_TRUE(c->Insert(Record("10.1.0.0", 16, "192.0.2.5", 10), Seconds(2)));
    EXPECT_FALSE(c->Lookup(Host("10.1.4.4"), Seconds(2))->refreshRequested);
    EXPECT_EQ(c->MarkRefresh(LispEidPrefix::FromIpv4(Ipv4Address("10.0.0.0"), 8)), 2u);
    EXPECT_EQ(c->MarkRefresh(Host("11.1.1.1")), 0u);
}
