/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Fuzz target: ServiceMessageParser::Parse (the failover service messages
 * and every segment type). Properties: a rejection has a name; a message
 * that parses has the size of the datagram, re-serializes (ToPacket, no
 * key) to as many bytes with the same type and the same segment types in
 * the same order, and those bytes are the serializer's canonical form
 * (they parse again and re-serialize to themselves); checking the MAC of
 * anything that parses never fails hard, nor does parsing the packet an
 * IP-packet segment carries.
 */

#include "fuzz-check.h"

#include "ns3/inner-packet.h"
#include "ns3/packet.h"
#include "ns3/service-message.h"

#include <cstring>

using namespace ns3;
using namespace ns3::sfc;
using namespace sfcfuzz;

namespace
{

Bytes
PacketBytes(Ptr<const Packet> p)
{
    Bytes b(p->GetSize());
    p->CopyData(b.data(), b.size());
    return b;
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size)
{
    if (size > 0x20000)
    {
        return 0;
    }
    Ptr<Packet> p = Create<Packet>(data, static_cast<uint32_t>(size));
    ServiceMessage msg;
    std::vector<uint8_t> raw;
    ParseStatus status = ServiceMessage::Parse(p, msg, &raw);
    SFC_FUZZ_CHECK(std::strcmp(ToString(status), "unknown") != 0);
    if (status != ParseStatus::OK)
    {
        return 0;
    }
    SFC_FUZZ_CHECK(raw == Prefix(data, size));
    SFC_FUZZ_CHECK(msg.GetSerializedSize() == size);
    SFC_FUZZ_CHECK(msg.Find(ServiceMessageParser::MandatorySegment(msg.GetType())) != nullptr);
    msg.Verify(raw, "fuzz-key");
    // An agent hands the packet an IP-packet segment carries to the inner-packet parser.
    for (const auto& seg : msg.FindAll<IpPacketSegment>())
    {
        Ptr<Packet> inner = seg->GetPacket();
        SFC_FUZZ_CHECK(inner->GetSize() == seg->bytes.size());
        InnerPacketInfo info;
        if (InnerPacket::Parse(*inner, info))
        {
            SFC_FUZZ_CHECK(info.totalLength <= inner->GetSize());
        }
    }

    Bytes wire = PacketBytes(msg.ToPacket());
    SFC_FUZZ_CHECK(wire.size() == size);
    ServiceMessage again;
    SFC_FUZZ_CHECK(ServiceMessage::Parse(Create<Packet>(wire.data(), wire.size()), again) ==
                   ParseStatus::OK);
    SFC_FUZZ_CHECK(again.GetType() == msg.GetType());
    SFC_FUZZ_CHECK(again.GetSegments().size() == msg.GetSegments().size());
    for (std::size_t i = 0; i < msg.GetSegments().size(); ++i)
    {
        SFC_FUZZ_CHECK(again.GetSegments()[i]->GetSegmentType() ==
                       msg.GetSegments()[i]->GetSegmentType());
    }
    SFC_FUZZ_CHECK(PacketBytes(again.ToPacket()) == wire);
    return 0;
}
