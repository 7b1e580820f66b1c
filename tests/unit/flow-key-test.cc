/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ns3/flow-key.h"
#include "ns3/ipv4-header.h"
#include "ns3/packet.h"
#include "ns3/tcp-header.h"

#include <gtest/gtest.h>

#include <unordered_set>

using namespace ns3;
using namespace ns3::sfc;

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
