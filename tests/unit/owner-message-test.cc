/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Owner-control messages: every type's round trip (byte-exact
 * re-serialization), the documented byte layout, truncation at every prefix
 * length, malformed fields, counts not backed by bytes, and random garbage
 * (fixed seed): rejected without crashing or reading past the buffer.
 */

#include "sfc-test-util.h"

#include "ns3/owner-message-header.h"
#include "ns3/subset-assigner.h"
#include "ns3/subset-map-header.h"
#include "ns3/uinteger.h"

#include <gtest/gtest.h>
#include <random>
#include <vector>

using namespace ns3;
using namespace ns3::sfc;
using sfctest::FromBytes;
using sfctest::HeaderBytes;

namespace
{
using Bytes = std::vector<uint8_t>;

OwnerMessageHeader
Message(OwnerMessageHeader::Type type, uint8_t code = 0, uint8_t flags = 0)
{
    OwnerMessageHeader h;
    h.SetType(type);
    h.SetCode(code);
    h.SetFlags(flags);
    h.SetTransaction(0x01020304);
    h.SetEpoch(7);
    h.SetKey(
        VnetFlowKey(0x00abcdef,
                    FlowKey(Ipv4Address("203.0.113.7"), Ipv4Address("198.51.100.1"), 5555, 80, 6)));
    h.SetOwner(Ipv4Address("192.168.0.2"));
    h.SetLifetimeMs(type == OwnerMessageHeader::REGISTER ? 30000 : 0);
    return h;
}

/// Every valid kind of owner message
std::vector<OwnerMessageHeader>
AllMessages()
{
    using H = OwnerMessageHeader;
    return {Message(H::QUERY),
            Message(H::REPLY),
            Message(H::NACK, H::NO_ASSOCIATION),
            Message(H::NACK, H::NOT_HELPER),
            Message(H::NOTIFY),
            Message(H::REGISTER),
            Message(H::REGISTER, 0, H::FLAG_TRANSFER),
            Message(H::WITHDRAW),
            Message(H::ACK, H::REGISTER),
            Message(H::ACK, H::WITHDRAW),
            Message(H::ACK, H::kTypeSubsetMap)};
}

/// Deserialize h from bytes; returns the bytes consumed
template <typename H>
uint32_t
Parse(const Bytes& b, H& h, std::size_t n = SIZE_MAX)
{
    Ptr<Packet> p = FromBytes(b, n);
    return p->RemoveHeader(h);
}

SubsetMapHeader
MapMessage(uint32_t k, uint32_t n)
{
    Ptr<SubsetAssigner> a = CreateObject<SubsetAssigner>();
    a->SetAttribute("NumSubsets", UintegerValue(k));
    std::vector<Ipv4Address> v;
    for (uint32_t i = 0; i < n; ++i)
    {
        v.emplace_back(0xc0a80001u + 3 * i);
    }
    SubsetMapHeader h;
    h.SetTransaction(99);
    h.SetMap(a->SetVplanes(v));
    return h;
}
} // namespace

TEST(OwnerMessage, EveryTypeRoundTripsByteExact)
{
    for (const auto& m : AllMessages())
    {
        Bytes b = HeaderBytes(m);
        ASSERT_EQ(b.size(), OwnerMessageHeader::kSize);
        OwnerMessageHeader r;
        ASSERT_EQ(Parse(b, r), OwnerMessageHeader::kSize)
            << OwnerMessageHeader::TypeName(m.GetType());
        EXPECT_TRUE(r.IsValid());
        EXPECT_EQ(r.GetType(), m.GetType());
        EXPECT_EQ(r.GetCode(), m.GetCode());
        EXPECT_EQ(r.GetFlags(), m.GetFlags());
        EXPECT_EQ(r.GetTransaction(), m.GetTransaction());
        EXPECT_EQ(r.GetEpoch(), m.GetEpoch());
        EXPECT_EQ(r.GetKey(), m.GetKey());
        EXPECT_EQ(r.GetOwner(), m.GetOwner());
        EXPECT_EQ(r.GetLifetimeMs(), m.GetLifetimeMs());
        EXPECT_EQ(HeaderBytes(r), b);
        std::ostringstream os;
        r.Print(os);
        EXPECT_NE(os.str().find(OwnerMessageHeader::TypeName(m.GetType())), std::string::npos);
    }
}

TEST(OwnerMessage, ByteLayoutIsTheDocumentedOne)
{
    Bytes b =
        HeaderBytes(Message(OwnerMessageHeader::REGISTER, 0, OwnerMessageHeader::FLAG_TRANSFER));
    Bytes expected = {1,    5,    0,   1, 1,   2,   3,   4,  0,   0, 0,    7,    0, 0xab,
                      0xcd, 0xef, 203, 0, 113, 7,   198, 51, 100, 1, 0x15, 0xb3, 0, 80,
                      6,    0,    0,   0, 192, 168, 0,   2,  0,   0, 0x75, 0x30};
    EXPECT_EQ(b, expected);
}

TEST(OwnerMessage, EveryTruncationAndMalformedFieldIsRejected)
{
    for (const auto& m : AllMessages())
    {
        Bytes b = HeaderBytes(m);
        for (std::size_t n = 0; n < b.size(); ++n)
        {
            OwnerMessageHeader r;
            EXPECT_EQ(Parse(b, r, n), 0u) << "prefix " << n;
            EXPECT_FALSE(r.IsValid());
        }
    }
    Bytes good = HeaderBytes(Message(OwnerMessageHeader::QUERY));
    auto rejects = [&](std::size_t offset, uint8_t value) {
        Bytes b = good;
        b[offset] = value;
        OwnerMessageHeader r;
        EXPECT_EQ(Parse(b, r), 0u) << "byte " << offset << " = " << unsigned(value);
        EXPECT_FALSE(r.IsValid());
    };
    rejects(0, 2);  // version
    rejects(1, 0);  // type
    rejects(1, 8);  // the subset map's type is not an OwnerMessageHeader
    rejects(1, 99); // type
    rejects(2, 1);  // code on a query
    rejects(3, 1);  // transfer flag on a query
    rejects(29, 1); // reserved
    rejects(31, 1); // reserved
    Bytes nack = HeaderBytes(Message(OwnerMessageHeader::NACK, OwnerMessageHeader::NOT_HELPER));
    nack[2] = 3;
    OwnerMessageHeader r;
    EXPECT_EQ(Parse(nack, r), 0u) << "unknown NACK reason";
    Bytes ack = HeaderBytes(Message(OwnerMessageHeader::ACK, OwnerMessageHeader::REGISTER));
    ack[2] = OwnerMessageHeader::QUERY;
    EXPECT_EQ(Parse(ack, r), 0u) << "queries are answered, not acknowledged";
}

TEST(SubsetMapMessage, RoundTripsByteExactOddAndEvenK)
{
    for (uint32_t k : {1u, 7u, 1024u, QuerySubsetFunction::kMaxSubsets})
    {
        SubsetMapHeader h = MapMessage(k, 5);
        Bytes b = HeaderBytes(h);
        ASSERT_EQ(b.size(), SubsetMapHeader::SizeFor(k, 5));
        EXPECT_EQ(b.size() % 4, 0u);
        SubsetMapHeader r;
        ASSERT_EQ(Parse(b, r), b.size());
        EXPECT_TRUE(r.IsValid());
        EXPECT_EQ(r.GetTransaction(), 99u);
        EXPECT_EQ(r.GetMap(), h.GetMap());
        EXPECT_TRUE(r.GetMap().IsComplete());
        EXPECT_EQ(HeaderBytes(r), b);
    }
    // Unassigned subsets and an empty vPlane list travel too.
    SubsetMap partial(3, {Ipv4Address("10.0.0.2"), Ipv4Address("10.0.0.1")}, 4);
    partial.Assign(0, Ipv4Address("10.0.0.1"));
    partial.Assign(3, Ipv4Address("10.0.0.2"));
    for (const SubsetMap& m : {partial, SubsetMap(9, {}, 3)})
    {
        SubsetMapHeader h;
        h.SetMap(m);
        SubsetMapHeader r;
        Bytes b = HeaderBytes(h);
        ASSERT_EQ(Parse(b, r), b.size());
        EXPECT_EQ(r.GetMap(), m);
        EXPECT_EQ(HeaderBytes(r), b);
    }
}

TEST(SubsetMapMessage, TruncationsCountsAndMalformedListsAreRejected)
{
    Bytes b = HeaderBytes(MapMessage(13, 4)); // 16 + 16 + 26 + 2 = 60 bytes
    ASSERT_EQ(b.size(), 60u);
    for (std::size_t n = 0; n < b.size(); ++n)
    {
        SubsetMapHeader r;
        EXPECT_EQ(Parse(b, r, n), 0u) << "prefix " << n;
        EXPECT_FALSE(r.IsValid());
    }
    auto rejects = [&](std::size_t offset, uint8_t value, const char* what) {
        Bytes m = b;
        m[offset] = value;
        SubsetMapHeader r;
        EXPECT_EQ(Parse(m, r), 0u) << what;
        EXPECT_FALSE(r.IsValid()) << what;
    };
    rejects(0, 2, "version");
    rejects(1, 5, "type");
    rejects(2, 1, "reserved");
    rejects(12, 0xff, "K beyond the bytes (and beyond the limit)");
    rejects(13, 0, "K = 0 with the high octet zero... K becomes 0");
    rejects(15, 200, "V beyond the bytes");
    rejects(14, 0x04, "V above kMaxVplanes");
    rejects(16 + 4 + 3, 1, "vPlanes not ascending (second equals the first)");
    rejects(32 + 1, 4, "subset index >= V");
    rejects(58, 1, "padding");
    Bytes unassigned = b;
    unassigned[32] = 0xff;
    unassigned[33] = 0xff;
    SubsetMapHeader r;
    EXPECT_EQ(Parse(unassigned, r), b.size()) << "0xFFFF is the unassigned index";
    EXPECT_FALSE(r.GetMap().IsComplete());
    // A count claiming K = 16384 with only the fixed part present.
    Bytes shortMap(b.begin(), b.begin() + 16);
    shortMap[12] = 0x40;
    shortMap[13] = 0x00;
    EXPECT_EQ(Parse(shortMap, r), 0u);
}

TEST(OwnerMessages, RandomAndMutatedInputNeverCrashesAndAcceptedInputIsExact)
{
    std::mt19937 rng(20240611);
    std::vector<Bytes> seeds;
    for (const auto& m : AllMessages())
    {
        seeds.push_back(HeaderBytes(m));
    }
    seeds.push_back(HeaderBytes(MapMessage(13, 4)));
    seeds.push_back(HeaderBytes(MapMessage(64, 3)));
    uint32_t accepted = 0;
    for (int i = 0; i < 40000; ++i)
    {
        Bytes b;
        if (i % 2 == 0)
        {
            b.resize(rng() % 120);
            for (auto& x : b)
            {
                x = static_cast<uint8_t>(rng());
            }
            if (!b.empty() && rng() % 2)
            {
                b[0] = 1; // right version, to get past the first check
            }
        }
        else
        {
            b = seeds[rng() % seeds.size()];
            for (int f = rng() % 3; f >= 0; --f)
            {
                b[rng() % b.size()] ^= static_cast<uint8_t>(1u << (rng() % 8));
            }
            b.resize(b.size() - rng() % 3);
        }
        OwnerMessageHeader o;
        uint32_t n = Parse(b, o);
        EXPECT_TRUE(n == 0 || n == OwnerMessageHeader::kSize);
        EXPECT_EQ(n != 0, o.IsValid());
        if (n != 0)
        {
            accepted++;
            EXPECT_EQ(HeaderBytes(o), Bytes(b.begin(), b.begin() + n));
        }
        SubsetMapHeader s;
        n = Parse(b, s);
        EXPECT_LE(n, b.size());
        EXPECT_EQ(n != 0, s.IsValid());
        if (n != 0)
        {
            accepted++;
            EXPECT_EQ(HeaderBytes(s), Bytes(b.begin(), b.begin() + n));
        }
    }
    EXPECT_GT(accepted, 0u) << "some mutations only touch free fields";
}
