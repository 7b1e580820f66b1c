/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Fuzz target: InnerPacket::Parse (IPv4 + TCP with options / UDP) and, on
 * what parses, InnerPacket::Rewrite (the NAT rewrite with or without the
 * sequence shift). The first input byte is the mode (bit 0: ns-3 checksums
 * on, bit 1: shift TCP numbers, bit 2: reverse the tuple instead of
 * translating it, bit 3: negative shifts); the rest is the packet.
 *
 * Properties: Parse's lengths are within the packet (IHL 20..60, total
 * length within the bytes, TCP data offset 20..60 inside the total length);
 * no parsed packet makes ns-3's TcpHeader hang or abort; the rewritten
 * packet parses again, with a 20-byte IPv4 header, the new tuple (ports only
 * for TCP and UDP), the same
 * TCP flags, the sequence and ACK numbers shifted as asked, the same L4
 * payload and the same trailing bytes after the IPv4 total length.
 */

#include "fuzz-check.h"

#include "ns3/boolean.h"
#include "ns3/flow-payload-header.h"
#include "ns3/global-value.h"
#include "ns3/inner-packet.h"
#include "ns3/packet.h"

using namespace ns3;
using namespace ns3::sfc;
using namespace sfcfuzz;

namespace
{

Bytes
PacketBytes(const Packet& p)
{
    Bytes b(p.GetSize());
    p.CopyData(b.data(), b.size());
    return b;
}

uint32_t
U32At(const Bytes& b, uint32_t off)
{
    return (uint32_t(b[off]) << 24) | (uint32_t(b[off + 1]) << 16) | (uint32_t(b[off + 2]) << 8) |
           b[off + 3];
}

/// The L4 payload: from the end of the L4 header to the IPv4 total length
Bytes
Payload(const Bytes& b, const InnerPacketInfo& info)
{
    return Bytes(b.begin() + info.PayloadOffset(), b.begin() + info.totalLength);
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size)
{
    if (size < 1 || size > 0xffff)
    {
        return 0;
    }
    uint8_t mode = data[0];
    Ptr<Packet> p = Create<Packet>(data + 1, static_cast<uint32_t>(size - 1));
    InnerPacketInfo info;
    if (!InnerPacket::Parse(*p, info))
    {
        return 0;
    }
    uint32_t n = p->GetSize();
    SFC_FUZZ_CHECK(info.ipHeaderBytes >= 20 && info.ipHeaderBytes <= 60);
    SFC_FUZZ_CHECK(info.totalLength >= info.ipHeaderBytes && info.totalLength <= n);
    if (info.key.protocol == 6)
    {
        SFC_FUZZ_CHECK(info.l4HeaderBytes >= 20 && info.l4HeaderBytes <= 60);
    }
    else if (info.key.protocol == 17)
    {
        SFC_FUZZ_CHECK(info.l4HeaderBytes == 8);
    }
    else
    {
        SFC_FUZZ_CHECK(info.l4HeaderBytes == 0);
    }
    SFC_FUZZ_CHECK(info.PayloadOffset() <= info.totalLength);
    FlowPayloadHeader payload;
    if (InnerPacket::ReadFlowPayload(*p, info, payload))
    {
        SFC_FUZZ_CHECK(info.PayloadOffset() + FlowPayloadHeader::kSize <= info.totalLength);
    }

    FlowKey to = info.key;
    if (mode & 4)
    {
        to = info.key.Reverse();
    }
    else
    {
        to.src = Ipv4Address(info.key.src.Get() ^ 0x00ff00ffu);
        to.sport = static_cast<uint16_t>(~info.key.sport);
    }
    bool tcp = info.key.protocol == 6;
    if (!tcp && info.key.protocol != 17)
    {
        to.sport = to.dport = 0; // no ports to rewrite
    }
    TcpNumberShift shift;
    shift.fromSeq = info.tcpSeq;
    shift.seqDelta = (mode & 8) ? -100000 : 12345;
    shift.fromAck = 0x80000000u;
    shift.ackDelta = (mode & 8) ? 7 : -7;
    bool shifted = tcp && (mode & 2);
    Bytes before = PacketBytes(*p);

    GlobalValue::Bind("ChecksumEnabled", BooleanValue((mode & 1) != 0));
    Ptr<Packet> q = p->Copy();
    InnerPacket::Rewrite(q, info, to, shifted ? &shift : nullptr);
    GlobalValue::Bind("ChecksumEnabled", BooleanValue(false));

    InnerPacketInfo after;
    SFC_FUZZ_CHECK(InnerPacket::Parse(*q, after));
    Bytes b = PacketBytes(*q);
    SFC_FUZZ_CHECK(after.ipHeaderBytes == 20);
    SFC_FUZZ_CHECK(after.key == to);
    SFC_FUZZ_CHECK(after.ttl == info.ttl);
    SFC_FUZZ_CHECK(q->GetSize() - after.totalLength == n - info.totalLength);
    SFC_FUZZ_CHECK(Bytes(b.begin() + after.totalLength, b.end()) ==
                   Bytes(before.begin() + info.totalLength, before.end()));
    SFC_FUZZ_CHECK(Payload(b, after) == Payload(before, info));
    if (tcp)
    {
        SFC_FUZZ_CHECK(after.tcpFlags == info.tcpFlags);
        uint32_t seq = info.tcpSeq + (shifted ? static_cast<uint32_t>(shift.seqDelta) : 0u);
        SFC_FUZZ_CHECK(after.tcpSeq == seq);
        uint32_t ack = U32At(before, info.ipHeaderBytes + 8);
        if (shifted && (info.tcpFlags & 0x10) && ack >= shift.fromAck)
        {
            ack += static_cast<uint32_t>(shift.ackDelta);
        }
        SFC_FUZZ_CHECK(U32At(b, 20 + 8) == ack);
    }
    return 0;
}
