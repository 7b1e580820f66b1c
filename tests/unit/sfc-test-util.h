/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Helpers shared by the GoogleTest unit tests: building inner packets,
 * reading packet bytes, a fixture that cleans the simulator up.
 */

#ifndef SFC_TEST_UTIL_H
#define SFC_TEST_UTIL_H

#include "ns3/boolean.h"
#include "ns3/flow-key.h"
#include "ns3/flow-payload-header.h"
#include "ns3/global-value.h"
#include "ns3/header.h"
#include "ns3/inner-packet.h"
#include "ns3/ipv4-header.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/tcp-header.h"
#include "ns3/udp-header.h"

#include <algorithm>
#include <cstdint>
#include <gtest/gtest.h>
#include <vector>

namespace sfctest
{

using ns3::Ptr;

/// Every byte of a packet
inline std::vector<uint8_t>
Bytes(const ns3::Packet& p)
{
    std::vector<uint8_t> out(p.GetSize());
    if (!out.empty())
    {
        p.CopyData(out.data(), out.size());
    }
    return out;
}

/// The bytes a header serializes to
inline std::vector<uint8_t>
HeaderBytes(const ns3::Header& h)
{
    ns3::Packet p;
    p.AddHeader(h);
    return Bytes(p);
}

/// A packet holding exactly these bytes
inline Ptr<ns3::Packet>
FromBytes(const std::vector<uint8_t>& bytes, std::size_t n = SIZE_MAX)
{
    n = std::min(n, bytes.size());
    return ns3::Create<ns3::Packet>(bytes.data(), static_cast<uint32_t>(n));
}

/// Check the IPv4 and L4 checksums, addresses and ports (as key says) of a packet with ns-3's own
/// headers
inline void
ExpectChecksumsOk(Ptr<const ns3::Packet> packet, const ns3::sfc::FlowKey& key)
{
    Ptr<ns3::Packet> p = packet->Copy();
    ns3::Ipv4Header ip;
    ip.EnableChecksum();
    p->RemoveHeader(ip);
    EXPECT_TRUE(ip.IsChecksumOk()) << "IPv4 header checksum";
    EXPECT_EQ(ip.GetSource(), key.src);
    EXPECT_EQ(ip.GetDestination(), key.dst);
    if (key.protocol == 6)
    {
        ns3::TcpHeader tcp;
        tcp.EnableChecksums();
        tcp.InitializeChecksum(key.src, key.dst, 6);
        p->PeekHeader(tcp);
        EXPECT_TRUE(tcp.IsChecksumOk()) << "TCP checksum";
        EXPECT_EQ(tcp.GetSourcePort(), key.sport);
        EXPECT_EQ(tcp.GetDestinationPort(), key.dport);
    }
    else if (key.protocol == 17)
    {
        ns3::UdpHeader udp;
        udp.EnableChecksums();
        udp.InitializeChecksum(key.src, key.dst, 17);
        p->PeekHeader(udp);
        EXPECT_TRUE(udp.IsChecksumOk()) << "UDP checksum";
        EXPECT_EQ(udp.GetSourcePort(), key.sport);
        EXPECT_EQ(udp.GetDestinationPort(), key.dport);
    }
}

/// Add the IPv4 header of key on top of an L4 segment
inline Ptr<ns3::Packet>
AddIpv4(Ptr<ns3::Packet> segment, const ns3::sfc::FlowKey& key, uint8_t ttl = 64)
{
    ns3::Ipv4Header ip;
    ip.SetSource(key.src);
    ip.SetDestination(key.dst);
    ip.SetProtocol(key.protocol);
    ip.SetTtl(ttl);
    ip.SetIdentification(0x1234);
    ip.SetPayloadSize(segment->GetSize());
    if (ns3::Node::ChecksumEnabled())
    {
        ip.EnableChecksum();
    }
    segment->AddHeader(ip);
    return segment;
}

/**
 * An IPv4 + TCP packet of a flow, as FlowClient / FlowServer send them: the
 * payload starts with a FlowPayloadHeader.
 */
inline Ptr<ns3::Packet>
MakeTcp(const ns3::sfc::FlowKey& key,
        uint8_t flags,
        uint32_t payloadBytes = ns3::sfc::FlowPayloadHeader::kSize,
        uint64_t flowId = 1,
        uint32_t seq = 100)
{
    ns3::sfc::FlowKey k = key;
    k.protocol = 6;
    ns3::sfc::FlowPayloadHeader fp(flowId, seq, ns3::sfc::FlowPayloadHeader::REQUEST);
    Ptr<ns3::Packet> seg =
        ns3::sfc::InnerPacket::BuildTcpSegment(k, flags, seq, 1, fp, payloadBytes);
    return AddIpv4(seg, k);
}

/// An IPv4 + UDP packet carrying a FlowPayloadHeader and filler
inline Ptr<ns3::Packet>
MakeUdp(const ns3::sfc::FlowKey& key, uint32_t payloadBytes = 64, uint64_t flowId = 1)
{
    ns3::sfc::FlowKey k = key;
    k.protocol = 17;
    Ptr<ns3::Packet> p =
        ns3::Create<ns3::Packet>(payloadBytes - ns3::sfc::FlowPayloadHeader::kSize);
    p->AddHeader(ns3::sfc::FlowPayloadHeader(flowId, 7, ns3::sfc::FlowPayloadHeader::REQUEST));
    ns3::UdpHeader udp;
    udp.SetSourcePort(k.sport);
    udp.SetDestinationPort(k.dport);
    if (ns3::Node::ChecksumEnabled())
    {
        udp.InitializeChecksum(k.src, k.dst, 17);
        udp.EnableChecksums();
    }
    p->AddHeader(udp);
    return AddIpv4(p, k);
}

/// Sets the ChecksumEnabled global value for the lifetime of the object
class ChecksumScope
{
  public:
    explicit ChecksumScope(bool enabled)
    {
        ns3::BooleanValue old;
        ns3::GlobalValue::GetValueByName("ChecksumEnabled", old);
        m_old = old.Get();
        ns3::GlobalValue::Bind("ChecksumEnabled", ns3::BooleanValue(enabled));
    }

    ~ChecksumScope()
    {
        ns3::GlobalValue::Bind("ChecksumEnabled", ns3::BooleanValue(m_old));
    }

  private:
    bool m_old{false};
};

/// Fixture for tests that run the simulator: destroys it afterwards
class SimulatorTest : public ::testing::Test
{
  protected:
    void TearDown() override
    {
        ns3::Simulator::Destroy();
    }
};

} // namespace sfctest

#endif /* SFC_TEST_UTIL_H */
