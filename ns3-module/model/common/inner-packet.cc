/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "inner-packet.h"

#include "ns3/ipv4-header.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/tcp-header.h"
#include "ns3/udp-header.h"

#include <algorithm>

namespace ns3
{
namespace sfc
{

namespace
{
constexpr uint8_t kTcp = 6;
constexpr uint8_t kUdp = 17;

uint16_t
ReadU16(const uint8_t* p)
{
    return static_cast<uint16_t>((p[0] << 8) | p[1]);
}

uint32_t
ReadU32(const uint8_t* p)
{
    return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | p[3];
}

/**
 * Check the TCP options the way a robust stack would before handing the
 * header to ns-3's TcpHeader (which, in 3.37, loops forever on an option of
 * length 0 and aborts on a known option of the wrong length): every option
 * but EOL and NOP has a length byte of at least 2 that stays inside the
 * option space, and the options ns-3 knows have the lengths of their RFCs
 * (MSS 4, window scale 3, SACK-permitted 2, SACK 2 + 8n with 1 <= n <= 4,
 * timestamps 10). After EOL the rest is padding.
 * \param opt first option byte \param len option space (data offset - 20)
 * \return true if well formed
 */
bool
ValidTcpOptions(const uint8_t* opt, uint32_t len)
{
    uint32_t i = 0;
    while (i < len)
    {
        uint8_t kind = opt[i];
        if (kind == 0) // EOL
        {
            return true;
        }
        if (kind == 1) // NOP
        {
            ++i;
            continue;
        }
        if (i + 1 >= len)
        {
            return false; // no length byte
        }
        uint8_t size = opt[i + 1];
        if (size < 2 || i + size > len)
        {
            return false;
        }
        bool ok = true;
        switch (kind)
        {
        case 2: // MSS
            ok = size == 4;
            break;
        case 3: // window scale
            ok = size == 3;
            break;
        case 4: // SACK permitted
            ok = size == 2;
            break;
        case 5: // SACK
            ok = size >= 10 && size <= 34 && (size - 2) % 8 == 0;
            break;
        case 8: // timestamps
            ok = size == 10;
            break;
        default:
            break;
        }
        if (!ok)
        {
            return false;
        }
        i += size;
    }
    return true;
}
} // namespace

bool
InnerPacket::Parse(const Packet& p, InnerPacketInfo& info)
{
    // Largest IPv4 header (60 bytes) plus the largest TCP header (60 bytes, options included).
    uint8_t buf[120];
    uint32_t size = p.GetSize();
    if (size < 20)
    {
        return false;
    }
    uint32_t n = p.CopyData(buf, std::min<uint32_t>(size, sizeof(buf)));
    if ((buf[0] >> 4) != 4)
    {
        return false;
    }
    uint32_t ihl = (buf[0] & 0x0f) * 4u;
    uint32_t totalLength = ReadU16(buf + 2);
    if (ihl < 20 || totalLength < ihl || totalLength > size)
    {
        return false;
    }
    info.ipHeaderBytes = ihl;
    info.totalLength = totalLength;
    info.ttl = buf[8];
    info.key.protocol = buf[9];
    info.key.src = Ipv4Address(ReadU32(buf + 12));
    info.key.dst = Ipv4Address(ReadU32(buf + 16));
    info.key.sport = 0;
    info.key.dport = 0;
    info.l4HeaderBytes = 0;
    info.tcpFlags = 0;
    info.tcpSeq = 0;
    if (info.key.protocol == kTcp)
    {
        if (totalLength < ihl + 20 || ihl + 20 > n)
        {
            return false;
        }
        uint32_t dataOffset = (buf[ihl + 12] >> 4) * 4u;
        if (dataOffset < 20 || ihl + dataOffset > totalLength ||
            !ValidTcpOptions(buf + ihl + 20, dataOffset - 20))
        {
            return false;
        }
        info.key.sport = ReadU16(buf + ihl);
        info.key.dport = ReadU16(buf + ihl + 2);
        info.tcpFlags = buf[ihl + 13] & 0x3f;
        info.tcpSeq = ReadU32(buf + ihl + 4);
        info.l4HeaderBytes = dataOffset;
    }
    else if (info.key.protocol == kUdp)
    {
        if (totalLength < ihl + 8 || ihl + 8 > n)
        {
            return false;
        }
        info.key.sport = ReadU16(buf + ihl);
        info.key.dport = ReadU16(buf + ihl + 2);
        info.l4HeaderBytes = 8;
    }
    return true;
}

bool
InnerPacket::ReadFlowPayload(const Packet& p, const InnerPacketInfo& info, FlowPayloadHeader& out)
{
    uint32_t offset = info.PayloadOffset();
    if (info.l4HeaderBytes == 0 || info.totalLength < offset + FlowPayloadHeader::kSize)
    {
        return false;
    }
    // CopyData copies from the start of the packet: IPv4 (<= 60 B) + TCP (<= 60 B) + 16 B.
    uint8_t head[60 + 60 + FlowPayloadHeader::kSize];
    uint32_t end = offset + FlowPayloadHeader::kSize;
    if (end > sizeof(head))
    {
        return false;
    }
    p.CopyData(head, end);
    return out.ParseBytes(head + offset, FlowPayloadHeader::kSize);
}

void
InnerPacket::Rewrite(Ptr<Packet> p,
                     const InnerPacketInfo& info,
                     const FlowKey& newKey,
                     const TcpNumberShift* shift)
{
    // ns-3's Ipv4Header cannot carry options: read the fields, take the whole
    // header off (IHL words, options included) and put a fresh 20-byte header
    // back, so that a packet with IP options stays well formed (its options
    // are dropped).
    Ipv4Header old;
    p->PeekHeader(old);
    p->RemoveAtStart(info.ipHeaderBytes);
    Ipv4Header ip;
    ip.SetTos(old.GetTos());
    ip.SetIdentification(old.GetIdentification());
    if (old.IsDontFragment())
    {
        ip.SetDontFragment();
    }
    if (!old.IsLastFragment())
    {
        ip.SetMoreFragments();
    }
    ip.SetFragmentOffset(old.GetFragmentOffset());
    ip.SetTtl(old.GetTtl());
    ip.SetProtocol(old.GetProtocol());
    ip.SetSource(newKey.src);
    ip.SetDestination(newKey.dst);
    bool checksums = Node::ChecksumEnabled();
    // The TCP header may come back with another length (ns-3 re-serializes
    // only the options it understood): the IPv4 payload follows it.
    uint32_t ipPayload = info.totalLength - info.ipHeaderBytes;
    if (info.key.protocol == kTcp)
    {
        TcpHeader tcp;
        ipPayload -= p->RemoveHeader(tcp);
        tcp.SetSourcePort(newKey.sport);
        tcp.SetDestinationPort(newKey.dport);
        if (shift != nullptr)
        {
            uint32_t seq = tcp.GetSequenceNumber().GetValue();
            if (seq >= shift->fromSeq)
            {
                tcp.SetSequenceNumber(
                    SequenceNumber32(seq + static_cast<uint32_t>(shift->seqDelta)));
            }
            uint32_t ack = tcp.GetAckNumber().GetValue();
            if ((tcp.GetFlags() & TcpHeader::ACK) && ack >= shift->fromAck)
            {
                tcp.SetAckNumber(SequenceNumber32(ack + static_cast<uint32_t>(shift->ackDelta)));
            }
        }
        if (checksums)
        {
            tcp.InitializeChecksum(newKey.src, newKey.dst, kTcp);
            tcp.EnableChecksums();
        }
        p->AddHeader(tcp);
        ipPayload += tcp.GetSerializedSize();
    }
    else if (info.key.protocol == kUdp)
    {
        UdpHeader udp;
        p->RemoveHeader(udp);
        udp.SetSourcePort(newKey.sport);
        udp.SetDestinationPort(newKey.dport);
        // A deserialized UdpHeader writes back the checksum it read: clear it,
        // so that it is computed for the new tuple (or left out, as IPv4 allows).
        udp.ForceChecksum(0);
        if (checksums)
        {
            udp.InitializeChecksum(newKey.src, newKey.dst, kUdp);
            udp.EnableChecksums();
        }
        p->AddHeader(udp);
    }
    ip.SetPayloadSize(static_cast<uint16_t>(ipPayload));
    if (checksums)
    {
        ip.EnableChecksum();
    }
    p->AddHeader(ip);
}

Ptr<Packet>
InnerPacket::BuildTcpSegment(const FlowKey& key,
                             uint8_t flags,
                             uint32_t seq,
                             uint32_t ack,
                             const FlowPayloadHeader& payload,
                             uint32_t payloadBytes)
{
    uint32_t fill =
        payloadBytes > FlowPayloadHeader::kSize ? payloadBytes - FlowPayloadHeader::kSize : 0;
    Ptr<Packet> p = Create<Packet>(fill);
    p->AddHeader(payload);
    TcpHeader tcp;
    tcp.SetSourcePort(key.sport);
    tcp.SetDestinationPort(key.dport);
    tcp.SetFlags(flags);
    tcp.SetSequenceNumber(SequenceNumber32(seq));
    tcp.SetAckNumber(SequenceNumber32(ack));
    tcp.SetWindowSize(65535);
    if (Node::ChecksumEnabled())
    {
        tcp.InitializeChecksum(key.src, key.dst, kTcp);
        tcp.EnableChecksums();
    }
    p->AddHeader(tcp);
    return p;
}

} // namespace sfc
} // namespace ns3
