/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "service-message-header.h"

namespace ns3
{

namespace sfc
{

NS_OBJECT_ENSURE_REGISTERED(ServiceMessageHeader);
NS_OBJECT_ENSURE_REGISTERED(ServiceSegment);

const char*
ToString(ServiceMessageType t)
{
    switch (t)
    {
    case ServiceMessageType::AFFINITY_UPDATE_WILDCARD:
        return "wildcard";
    case ServiceMessageType::AFFINITY_UPDATE_FIXED:
        return "fixed";
    case ServiceMessageType::AFFINITY_UPDATE_DENY:
        return "deny";
    case ServiceMessageType::INTEREST_MATCH_WILDCARD:
        return "interest_match_wildcard";
    case ServiceMessageType::INTEREST_MATCH_FIXED:
        return "interest_match_fixed";
    case ServiceMessageType::IP_PACKET_ONLY:
        return "ip_packet";
    case ServiceMessageType::REPLICATION:
        return "replication";
    case ServiceMessageType::HEARTBEAT:
        return "heartbeat";
    }
    return "unknown";
}

bool
IsKnownMessageType(uint8_t t)
{
    return t >= 1 && t <= 8;
}

bool
IsKnownSegmentType(uint16_t type)
{
    return type >= SegmentType::WILDCARD_AFFINITY && type <= SegmentType::HEARTBEAT;
}

// ---- ServiceMessageHeader ----------------------------------------------------

TypeId
ServiceMessageHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sfc::ServiceMessageHeader")
                            .SetParent<Header>()
                            .SetGroupName("Sfc")
                            .AddConstructor<ServiceMessageHeader>();
    return tid;
}

TypeId
ServiceMessageHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

void
ServiceMessageHeader::Print(std::ostream& os) const
{
    os << "version=" << unsigned(version) << " type=" << unsigned(type) << " length=" << length;
}

uint32_t
ServiceMessageHeader::GetSerializedSize() const
{
    return kSize;
}

void
ServiceMessageHeader::Serialize(Buffer::Iterator start) const
{
    start.WriteU8(version);
    start.WriteU8(type);
    start.WriteHtonU16(length);
}

uint32_t
ServiceMessageHeader::Deserialize(Buffer::Iterator start)
{
    version = start.ReadU8();
    type = start.ReadU8();
    length = start.ReadNtohU16();
    return kSize;
}

// ---- ServiceSegment ----------------------------------------------------------

TypeId
ServiceSegment::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sfc::ServiceSegment").SetParent<Header>().SetGroupName("Sfc");
    return tid;
}

ServiceSegment::ServiceSegment(uint16_t type, bool required, uint32_t minData)
    : m_type(type & SegmentType::MAX),
      m_required(required),
      m_minData(minData)
{
}

ServiceSegment::~ServiceSegment() = default;

uint16_t
ServiceSegment::GetSegmentType() const
{
    return m_type;
}

bool
ServiceSegment::IsRequired() const
{
    return m_required;
}

void
ServiceSegment::SetRequired(bool required)
{
    m_required = required;
}

uint32_t
ServiceSegment::GetSerializedSize() const
{
    return kHeaderSize + GetDataSize();
}

void
ServiceSegment::Serialize(Buffer::Iterator start) const
{
    start.WriteHtonU16(static_cast<uint16_t>((m_required ? 0x8000 : 0) | m_type));
    start.WriteHtonU16(static_cast<uint16_t>(GetSerializedSize()));
    SerializeData(start);
}

uint32_t
ServiceSegment::Deserialize(Buffer::Iterator start)
{
    uint16_t word = start.ReadNtohU16();
    uint16_t length = start.ReadNtohU16();
    m_required = (word & 0x8000) != 0;
    m_type = word & SegmentType::MAX;
    uint32_t data = length >= kHeaderSize ? length - kHeaderSize : 0;
    if (data >= m_minData)
    {
        DeserializeData(start, data);
    }
    return kHeaderSize + data;
}

uint32_t
ServiceSegment::Deserialize(Buffer::Iterator start, Buffer::Iterator end)
{
    uint32_t avail = end.GetDistanceFrom(start);
    if (avail < kHeaderSize)
    {
        return 0;
    }
    Buffer::Iterator i = start;
    i.Next(2);
    uint16_t length = i.ReadNtohU16();
    if (length > avail || length < kHeaderSize)
    {
        // Never read past the end: keep the header only.
        uint16_t word = start.ReadNtohU16();
        m_required = (word & 0x8000) != 0;
        m_type = word & SegmentType::MAX;
        return kHeaderSize;
    }
    return Deserialize(start);
}

void
ServiceSegment::Print(std::ostream& os) const
{
    os << "segment type=" << m_type << (m_required ? " required" : "") << " ";
    PrintData(os);
}

} // namespace sfc
} // namespace ns3
