/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Fuzz target: AffinityCodec on whatever parses as a service message. The
 * wildcard and fixed entries a message carries are read (ReadWildcardEntry,
 * ReadFixedEntry), written back into a fresh affinity update (ToSegment,
 * AddCommon), and read again. Properties: the codec loses nothing a
 * segment carries (ToSegment(FromSegment(s)) serializes as s does); the
 * rebuilt update parses, carries the entry's segment, and the entry read
 * from it builds exactly the same update again (a fixed point). The
 * segment's Required flag belongs to the message, not to the affinity, so
 * the first property compares the segments without it.
 */

#include "fuzz-check.h"

#include "ns3/affinity-codec.h"
#include "ns3/packet.h"
#include "ns3/service-message.h"

using namespace ns3;
using namespace ns3::sfc;
using namespace sfcfuzz;

namespace
{

const Ipv4Address kSender("10.0.0.9");

/// \return the segment's bytes with the Required flag cleared
Bytes
SegmentBytes(const ServiceSegment& s)
{
    Bytes b = HeaderBytes(s);
    b[0] &= 0x7f;
    return b;
}

Bytes
PacketBytes(Ptr<const Packet> p)
{
    Bytes b(p->GetSize());
    p->CopyData(b.data(), b.size());
    return b;
}

/// \return the update that carries this entry
template <typename Entry>
Bytes
Rebuild(ServiceMessageType type, const Entry& e)
{
    ServiceMessage m(type);
    m.Add(AffinityCodec::ToSegment(e.affinity));
    AffinityCodec::AddCommon(m, e);
    return PacketBytes(m.ToPacket());
}

ServiceMessage
MustParse(const Bytes& b)
{
    ServiceMessage m;
    SFC_FUZZ_CHECK(ServiceMessage::Parse(Create<Packet>(b.data(), b.size()), m) == ParseStatus::OK);
    return m;
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size)
{
    if (size > 0x20000)
    {
        return 0;
    }
    ServiceMessage msg;
    if (ServiceMessage::Parse(Create<Packet>(data, static_cast<uint32_t>(size)), msg) !=
        ParseStatus::OK)
    {
        return 0;
    }
    if (auto s = msg.Find<WildcardAffinitySegment>())
    {
        SFC_FUZZ_CHECK(SegmentBytes(*AffinityCodec::ToSegment(AffinityCodec::FromSegment(*s))) ==
                       SegmentBytes(*s));
        WildcardEntry e = AffinityCodec::ReadWildcardEntry(msg, kSender);
        SFC_FUZZ_CHECK(e.sender == kSender);
        Bytes once = Rebuild(ServiceMessageType::AFFINITY_UPDATE_WILDCARD, e);
        ServiceMessage m = MustParse(once);
        SFC_FUZZ_CHECK(m.Find<WildcardAffinitySegment>() != nullptr);
        Bytes twice = Rebuild(ServiceMessageType::AFFINITY_UPDATE_WILDCARD,
                              AffinityCodec::ReadWildcardEntry(m, kSender));
        SFC_FUZZ_CHECK(twice == once);
    }
    if (auto s = msg.Find<FixedAffinitySegment>())
    {
        SFC_FUZZ_CHECK(SegmentBytes(*AffinityCodec::ToSegment(AffinityCodec::FromSegment(*s))) ==
                       SegmentBytes(*s));
        FixedEntry e = AffinityCodec::ReadFixedEntry(msg, kSender);
        Bytes once = Rebuild(ServiceMessageType::AFFINITY_UPDATE_FIXED, e);
        ServiceMessage m = MustParse(once);
        SFC_FUZZ_CHECK(m.Find<FixedAffinitySegment>() != nullptr);
        Bytes twice = Rebuild(ServiceMessageType::AFFINITY_UPDATE_FIXED,
                              AffinityCodec::ReadFixedEntry(m, kSender));
        SFC_FUZZ_CHECK(twice == once);
    }
    return 0;
}
