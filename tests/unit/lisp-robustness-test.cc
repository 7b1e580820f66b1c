/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * LISP parsers on hostile input: every prefix of every message (built here
 * and written by other implementations) is rejected, random garbage and
 * random byte flips never crash, and whatever parses re-serializes to
 * exactly the bytes it consumed.
 */

#include "lisp-test-messages.h"
#include "lisp-test-vectors.h"

#include "ns3/lisp-data-header.h"
#include "ns3/lisp-ecm-header.h"
#include "ns3/lisp-map-register.h"
#include "ns3/lisp-map-reply.h"
#include "ns3/lisp-map-request.h"

#include <gtest/gtest.h>
#include <random>

using namespace ns3;
using namespace ns3::sfc;
using namespace lisptest;

namespace
{

/// Whatever parses as H re-serializes to the bytes it consumed; returns consumed
template <typename H>
uint32_t
ParseConsistent(const Bytes& b)
{
    H h;
    uint32_t n = Parse(b, h);
    EXPECT_EQ(n > 0, h.IsValid());
    if (n > 0)
    {
        EXPECT_EQ(Wire(h), Prefix(b, n));
    }
    return n;
}

/// Every parser on the same bytes
void
ParseWithAll(const Bytes& b)
{
    ParseConsistent<LispDataHeader>(b);
    ParseConsistent<LispMapRequestHeader>(b);
    ParseConsistent<LispMapReplyHeader>(b);
    ParseConsistent<LispMapRegisterHeader>(b);
    ParseConsistent<LispMapNotifyHeader>(b);
    ParseConsistent<LispEcmHeader>(b);
}

/// A full message parses; each of its strict prefixes is rejected
template <typename H>
void
ExpectPrefixesRejected(const Bytes& msg)
{
    uint32_t used = ParseConsistent<H>(msg);
    ASSERT_GT(used, 0u);
    for (std::size_t k = 0; k < used; ++k)
    {
        H h;
        EXPECT_EQ(Parse(msg, h, k), 0u) << "prefix " << k << " of " << used;
        EXPECT_FALSE(h.IsValid());
    }
}

/// Built and external messages of each kind
struct Corpus
{
    std::vector<Bytes> data;
    std::vector<Bytes> request;
    std::vector<Bytes> reply;
    std::vector<Bytes> reg;
    std::vector<Bytes> notify;
    std::vector<Bytes> ecm;
};

Corpus
MakeCorpus()
{
    Corpus c;
    c.data = {Wire(SampleData()), Hex(kPublishedDataHeader)};
    c.request = {Wire(SampleMapRequest()),
                 Hex(kOdlRequestLispMob),
                 Hex(kOdlRequestItrRlocs),
                 Hex(kOdlRequestSmr)};
    c.reply = {Wire(SampleMapReply()), Hex(kOdlReplyAll)};
    c.reg = {Wire(SampleMapRegister()),
             Hex(kTcpdumpRegister1),
             Hex(kTcpdumpRegisterIpv6),
             Hex(kOdlRegisterSha256),
             Hex(kOdlRegisterIidXtrId)};
    c.notify = {Wire(SampleMapNotify()),
                Hex(kTcpdumpNotify1),
                Hex(kTcpdumpNotify2),
                Hex(kOdlNotifyXtrId)};
    c.ecm = {Wire(SampleEcm()), Hex(kOdlEcmLispMob), Hex(kOdlEcmSourceEid)};
    return c;
}

std::vector<Bytes>
All(const Corpus& c)
{
    std::vector<Bytes> all;
    for (const auto* v : {&c.data, &c.request, &c.reply, &c.reg, &c.notify, &c.ecm})
    {
        all.insert(all.end(), v->begin(), v->end());
    }
    return all;
}

} // namespace

TEST(LispRobustness, EveryPrefixIsRejected)
{
    Corpus c = MakeCorpus();
    for (const auto& m : c.data)
    {
        ExpectPrefixesRejected<LispDataHeader>(m);
    }
    for (const auto& m : c.request)
    {
        ExpectPrefixesRejected<LispMapRequestHeader>(m);
    }
    for (const auto& m : c.reply)
    {
        ExpectPrefixesRejected<LispMapReplyHeader>(m);
    }
    for (const auto& m : c.reg)
    {
        ExpectPrefixesRejected<LispMapRegisterHeader>(m);
    }
    for (const auto& m : c.notify)
    {
        ExpectPrefixesRejected<LispMapNotifyHeader>(m);
    }
    for (const auto& m : c.ecm)
    {
        ExpectPrefixesRejected<LispEcmHeader>(m);
    }
}

TEST(LispRobustness, EcmInnerMessageChecked)
{
    // an ECM whose inner message is not a Map-Request
    LispEcmHeader e;
    LispDataHeader filler; // 8 zero bytes: LISP type 0
    e.SetInner(Ipv4Address("1.1.1.1"), Ipv4Address("2.2.2.2"), 4342, 4342);
    e.SetInnerMessage(filler);
    ASSERT_TRUE(Parse(Wire(e), e) > 0);
    LispMapRequestHeader out;
    EXPECT_FALSE(e.GetInnerMessage(out)); // a data header is not a Map-Request
    Bytes ecm = Wire(SampleEcm());
    // cut the datagram short without fixing the inner lengths: they disagree
    ecm.resize(ecm.size() - 3);
    LispEcmHeader bad;
    EXPECT_EQ(Parse(ecm, bad), 0u);
}

TEST(LispRobustness, RandomGarbageNeverCrashes)
{
    std::mt19937 rng(20240610);
    std::uniform_int_distribution<int> byte(0, 255);
    std::uniform_int_distribution<int> len(0, 300);
    for (int i = 0; i < 3000; ++i)
    {
        Bytes b(len(rng));
        for (auto& x : b)
        {
            x = static_cast<uint8_t>(byte(rng));
        }
        // give the type nibble a LISP control type half of the time
        if (!b.empty() && i % 2 == 0)
        {
            b[0] = static_cast<uint8_t>((1 + i % 8) << 4 | (b[0] & 0x0f));
        }
        ParseWithAll(b);
    }
}

TEST(LispRobustness, RandomByteFlipsOfValidMessages)
{
    std::mt19937 rng(7);
    std::uniform_int_distribution<int> byte(0, 255);
    for (const Bytes& msg : All(MakeCorpus()))
    {
        for (int i = 0; i < 200; ++i)
        {
            Bytes b = msg;
            std::uniform_int_distribution<std::size_t> pos(0, b.size() - 1);
            int flips = 1 + i % 3;
            for (int f = 0; f < flips; ++f)
            {
                b[pos(rng)] = static_cast<uint8_t>(byte(rng));
            }
            ParseWithAll(b);
        }
    }
}

TEST(LispRobustness, HugeCountsAreBoundedByTheBytesPresent)
{
    // 255 records announced, none present; 255 locators announced, one present
    LispMapReplyHeader r;
    EXPECT_EQ(Parse(Hex("200000ff 0000000000000001"), r), 0u);
    EXPECT_EQ(Parse(Hex("20000001 0000000000000001 0000000a ff20 0000 0000 0001 01020304"
                        "01640000 0001 0001 0a000001"),
                    r),
              0u);
    // 32 ITR-RLOCs announced, 1 present
    LispMapRequestHeader q;
    EXPECT_EQ(Parse(Hex("10001f00 0000000000000001 0000 0001 0a000001"), q), 0u);
    // ELP whose length is not a whole number of hops
    LispAddress a;
    EXPECT_EQ(ReadAddress(Hex("4003 00 00 0a 00 0006 0000 0001 0a00"), a), -1);
    // LCAF length beyond the bytes present
    EXPECT_EQ(ReadAddress(Hex("4003 00 00 0a 00 ffff 0000 0001 0a000001"), a), -1);
}
