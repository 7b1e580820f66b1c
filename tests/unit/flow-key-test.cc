/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "sfc-test-util.h"

#include "ns3/flow-key.h"
#include "ns3/hash.h"
#include "ns3/ipv4-header.h"
#include "ns3/packet.h"
#include "ns3/tcp-header.h"

#include <cstring>
#include <gtest/gtest.h>
#include <set>
#include <sstream>
#include <unordered_set>

using namespace ns3;
using namespace ns3::sfc;
using sfctest::FromBytes;

TEST(FlowKey, ReverseSwapsEnds)
{
    FlowKey k(Ipv4Address("10.0.0.1"), Ipv4Address("203.0.113.7"), 1234, 80, 6);
    FlowKey r = k.Reverse();
    EXPECT_EQ(r.src, k.dst);
    EXPECT_EQ(r.dst, k.src);
    EXPECT_EQ(r.sport, k.dport);
    EXPECT_EQ(r.dport, k.sport);
    EXPECT_EQ(r.protocol, k.protocol);
    EXPECT_EQ(r.Reverse(), k);
    EXPECT_NE(r, k);
}

TEST(FlowKey, SymmetricHashIsCommutativeButHashIsNot)
{
    uint32_t differ = 0;
    for (uint16_t port = 1000; port < 1100; ++port)
    {
        FlowKey k(Ipv4Address("10.128.0.1"), Ipv4Address("203.0.113.1"), port, 80, 6);
        EXPECT_EQ(k.SymmetricHash(), k.Reverse().SymmetricHash());
        EXPECT_EQ(k.SymmetricHash(7), k.Reverse().SymmetricHash(7));
        differ += k.Hash() != k.Reverse().Hash() ? 1 : 0;
    }
    EXPECT_GT(differ, 95u);
}

TEST(FlowKey, FromPacketReadsTheTuple)
{
    Ptr<Packet> p = Create<Packet>(10);
    TcpHeader tcp;
    tcp.SetSourcePort(4321);
    tcp.SetDestinationPort(443);
    p->AddHeader(tcp);
    Ipv4Header ip;
    ip.SetSource(Ipv4Address("10.1.2.3"));
    ip.SetDestination(Ipv4Address("192.0.2.9"));
    ip.SetProtocol(6);
    ip.SetPayloadSize(p->GetSize());
    p->AddHeader(ip);
    FlowKey k;
    ASSERT_TRUE(FlowKey::FromPacket(*p, k));
    EXPECT_EQ(k, FlowKey(Ipv4Address("10.1.2.3"), Ipv4Address("192.0.2.9"), 4321, 443, 6));
}

TEST(FlowKey, FromPacketRejectsTruncatedInput)
{
    FlowKey k;
    uint8_t junk[19] = {0x45};
    EXPECT_FALSE(FlowKey::FromPacket(Packet(junk, sizeof(junk)), k));
    EXPECT_FALSE(FlowKey::FromPacket(Packet(), k));
}

// ---------------------------------------------------------------------------
// Wire order, hashes and ordering

namespace
{
FlowKey
Key(const char* s, const char* d, uint16_t sp, uint16_t dp, uint8_t proto = 6)
{
    return FlowKey(Ipv4Address(s), Ipv4Address(d), sp, dp, proto);
}

/// Hand-written IPv4 header (20 bytes) + the given L4 bytes
std::vector<uint8_t>
Ipv4Bytes(uint8_t proto,
          const std::vector<uint8_t>& l4,
          uint8_t verIhl = 0x45,
          int totalLength = -1)
{
    uint16_t total = totalLength < 0 ? static_cast<uint16_t>(20 + l4.size())
                                     : static_cast<uint16_t>(totalLength);
    std::vector<uint8_t> b = {verIhl,
                              0,
                              uint8_t(total >> 8),
                              uint8_t(total),
                              0,
                              1,
                              0,
                              0,
                              64,
                              proto,
                              0,
                              0,
                              10,
                              1,
                              2,
                              3,
                              192,
                              0,
                              2,
                              9};
    for (uint8_t x : l4)
    {
        b.push_back(x);
    }
    return b;
}
} // namespace

TEST(FlowKey, SerializeIsNetworkOrder)
{
    uint8_t out[13];
    Key("10.1.2.3", "192.0.2.9", 0x1234, 0xabcd, 17).Serialize(out);
    const uint8_t expected[13] = {10, 1, 2, 3, 192, 0, 2, 9, 0x12, 0x34, 0xab, 0xcd, 17};
    EXPECT_EQ(0, std::memcmp(out, expected, sizeof(expected)));
}

TEST(FlowKey, HashIsMurmur3OfTheSerializedTuple)
{
    FlowKey k = Key("10.1.2.3", "192.0.2.9", 4321, 443);
    uint8_t buf[17];
    k.Serialize(buf);
    EXPECT_EQ(k.Hash(), Hash32(reinterpret_cast<const char*>(buf), 13));
    // A salt is appended in network order.
    buf[13] = 0;
    buf[14] = 0;
    buf[15] = 0x01;
    buf[16] = 0x02;
    EXPECT_EQ(k.Hash(0x0102), Hash32(reinterpret_cast<const char*>(buf), 17));
    EXPECT_NE(k.Hash(0x0102), k.Hash());
    // Every field matters.
    EXPECT_NE(k.Hash(), Key("10.1.2.4", "192.0.2.9", 4321, 443).Hash());
    EXPECT_NE(k.Hash(), Key("10.1.2.3", "192.0.2.8", 4321, 443).Hash());
    EXPECT_NE(k.Hash(), Key("10.1.2.3", "192.0.2.9", 4322, 443).Hash());
    EXPECT_NE(k.Hash(), Key("10.1.2.3", "192.0.2.9", 4321, 444).Hash());
    EXPECT_NE(k.Hash(), Key("10.1.2.3", "192.0.2.9", 4321, 443, 17).Hash());
}

TEST(FlowKey, SymmetricHashDistinguishesSwappedPortsAndSalts)
{
    // A commutative hash must not be so weak that (A:p -> B:q) and (A:q -> B:p)
    // collide (XOR of the ends would), and the salt must change the value.
    uint32_t samePorts = 0;
    uint32_t sameSalt = 0;
    uint32_t n = 0;
    for (uint16_t p = 2000; p < 2200; ++p)
    {
        uint16_t q = static_cast<uint16_t>(p * 7 + 3);
        if (p == q)
        {
            continue;
        }
        FlowKey a = Key("10.0.0.1", "10.0.0.2", p, q);
        FlowKey b = Key("10.0.0.1", "10.0.0.2", q, p);
        samePorts += a.SymmetricHash() == b.SymmetricHash() ? 1 : 0;
        sameSalt += a.SymmetricHash(1) == a.SymmetricHash(2) ? 1 : 0;
        ++n;
    }
    EXPECT_LE(samePorts, 1u) << "of " << n;
    EXPECT_LE(sameSalt, 1u) << "of " << n;
    // Same address at both ends: the ports decide the canonical order.
    FlowKey loop = Key("10.0.0.9", "10.0.0.9", 80, 5000);
    EXPECT_EQ(loop.SymmetricHash(3), loop.Reverse().SymmetricHash(3));
}

TEST(FlowKey, HashesSpreadEvenlyOverBuckets)
{
    // 8 buckets, 8000 keys that differ only in the source port: a usable
    // load-balancing hash puts close to 1000 in each.
    constexpr uint32_t kBuckets = 8;
    uint32_t plain[kBuckets] = {};
    uint32_t symmetric[kBuckets] = {};
    for (uint32_t i = 0; i < 8000; ++i)
    {
        FlowKey k = Key("10.128.0.1", "203.0.113.1", static_cast<uint16_t>(10000 + i), 80);
        plain[k.Hash() % kBuckets]++;
        symmetric[k.SymmetricHash() % kBuckets]++;
    }
    for (uint32_t b = 0; b < kBuckets; ++b)
    {
        EXPECT_GT(plain[b], 850u) << "bucket " << b;
        EXPECT_LT(plain[b], 1150u) << "bucket " << b;
        EXPECT_GT(symmetric[b], 850u) << "bucket " << b;
        EXPECT_LT(symmetric[b], 1150u) << "bucket " << b;
    }
}

TEST(FlowKey, OrderingIsStrictAndTotal)
{
    std::vector<FlowKey> keys = {Key("10.0.0.2", "10.0.0.1", 1, 1),
                                 Key("10.0.0.1", "10.0.0.2", 1, 1),
                                 Key("10.0.0.1", "10.0.0.1", 2, 1),
                                 Key("10.0.0.1", "10.0.0.1", 1, 2),
                                 Key("10.0.0.1", "10.0.0.1", 1, 1, 17),
                                 Key("10.0.0.1", "10.0.0.1", 1, 1, 6)};
    for (std::size_t i = 0; i < keys.size(); ++i)
    {
        EXPECT_FALSE(keys[i] < keys[i]);
        for (std::size_t j = 0; j < keys.size(); ++j)
        {
            if (i != j)
            {
                EXPECT_NE(keys[i] < keys[j], keys[j] < keys[i]) << i << " vs " << j;
            }
        }
    }
    std::set<FlowKey> sorted(keys.begin(), keys.end());
    EXPECT_EQ(sorted.size(), keys.size());
    EXPECT_EQ(*sorted.begin(), Key("10.0.0.1", "10.0.0.1", 1, 1, 6));
    std::unordered_set<FlowKey, FlowKeyHash> hashed(keys.begin(), keys.end());
    EXPECT_EQ(hashed.size(), keys.size());
    std::ostringstream os;
    os << Key("10.0.0.1", "10.0.0.2", 3, 4, 17);
    EXPECT_EQ(os.str(), "17:10.0.0.1:3->10.0.0.2:4");
}

TEST(FlowKey, FromPacketReadsUdpAndPortlessProtocols)
{
    FlowKey k;
    Ptr<Packet> udp = FromBytes(Ipv4Bytes(17, {0x13, 0x88, 0x00, 0x35, 0, 8, 0, 0}));
    ASSERT_TRUE(FlowKey::FromPacket(*udp, k));
    EXPECT_EQ(k, Key("10.1.2.3", "192.0.2.9", 5000, 53, 17));
    // ICMP: no ports, still a valid tuple.
    Ptr<Packet> icmp = FromBytes(Ipv4Bytes(1, {8, 0, 0, 0, 0, 1, 0, 1}));
    ASSERT_TRUE(FlowKey::FromPacket(*icmp, k));
    EXPECT_EQ(k, Key("10.1.2.3", "192.0.2.9", 0, 0, 1));
}

TEST(FlowKey, FromPacketRejectsMalformedHeaders)
{
    FlowKey k;
    std::vector<uint8_t> tcp(20, 0);
    tcp[12] = 0x50; // data offset 5
    ASSERT_TRUE(FlowKey::FromPacket(*FromBytes(Ipv4Bytes(6, tcp)), k));
    // Not IPv4.
    EXPECT_FALSE(FlowKey::FromPacket(*FromBytes(Ipv4Bytes(6, tcp, 0x65)), k));
    // IHL below 5 words, or pointing past the total length.
    EXPECT_FALSE(FlowKey::FromPacket(*FromBytes(Ipv4Bytes(6, tcp, 0x44)), k));
    EXPECT_FALSE(FlowKey::FromPacket(*FromBytes(Ipv4Bytes(6, {}, 0x46, 20)), k));
    // Total length larger than the packet.
    EXPECT_FALSE(FlowKey::FromPacket(*FromBytes(Ipv4Bytes(6, tcp, 0x45, 41)), k));
    // Total length smaller than the IPv4 header.
    EXPECT_FALSE(FlowKey::FromPacket(*FromBytes(Ipv4Bytes(6, tcp, 0x45, 19)), k));
    // TCP header cut short by the total length (bytes present but not part of the datagram).
    EXPECT_FALSE(FlowKey::FromPacket(*FromBytes(Ipv4Bytes(6, tcp, 0x45, 30)), k));
    // TCP data offset below 5 or beyond the datagram.
    std::vector<uint8_t> bad = tcp;
    bad[12] = 0x40;
    EXPECT_FALSE(FlowKey::FromPacket(*FromBytes(Ipv4Bytes(6, bad)), k));
    bad[12] = 0x60;
    EXPECT_FALSE(FlowKey::FromPacket(*FromBytes(Ipv4Bytes(6, bad)), k));
    // UDP shorter than its 8-byte header.
    EXPECT_FALSE(FlowKey::FromPacket(*FromBytes(Ipv4Bytes(17, {0, 1, 0, 2})), k));
    // Every truncation of a good TCP packet.
    std::vector<uint8_t> good = Ipv4Bytes(6, tcp);
    for (std::size_t n = 0; n < good.size(); ++n)
    {
        EXPECT_FALSE(FlowKey::FromPacket(*FromBytes(good, n), k)) << "length " << n;
    }
}
