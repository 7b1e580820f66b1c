/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "service-message-parser.h"

#include "action-segments.h"
#include "affinity-segments.h"
#include "control-segments.h"
#include "security-segment.h"
#include "service-message.h"

#include "ns3/packet.h"

namespace ns3
{

namespace sfc
{

const char*
ToString(ParseStatus s)
{
    switch (s)
    {
    case ParseStatus::OK:
        return "ok";
    case ParseStatus::TRUNCATED:
        return "truncated";
    case ParseStatus::BAD_VERSION:
        return "bad_version";
    case ParseStatus::BAD_TYPE:
        return "bad_type";
    case ParseStatus::BAD_LENGTH:
        return "bad_length";
    case ParseStatus::BAD_SEGMENT:
        return "bad_segment";
    case ParseStatus::MISSING_SEGMENT:
        return "missing_segment";
    case ParseStatus::SECURITY_MISPLACED:
        return "security_misplaced";
    }
    return "unknown";
}

// ---- ServiceSegment: the size rules and the factory over every type ----------

bool
ServiceSegment::DataSizeRange(uint16_t type, uint32_t& minData, uint32_t& maxData)
{
    switch (type)
    {
    case SegmentType::WILDCARD_AFFINITY:
        minData = maxData = WildcardAffinitySegment::kDataSize;
        return true;
    case SegmentType::FIXED_AFFINITY:
        minData = maxData = FixedAffinitySegment::kDataSize;
        return true;
    case SegmentType::AFFINITY_IDENTIFIER:
        minData = maxData = AffinityIdentifierSegment::kDataSize;
        return true;
    case SegmentType::SERVICE_PRECEDENCE:
        minData = maxData = ServicePrecedenceSegment::kDataSize;
        return true;
    case SegmentType::BACKUP_PRECEDENCE:
        minData = maxData = BackupPrecedenceSegment::kDataSize;
        return true;
    case SegmentType::SECURITY:
        minData = SecuritySegment::kFixedData + 16;
        maxData = SecuritySegment::kFixedData + 32;
        return true;
    case SegmentType::SM_INTEREST_DATA:
    case SegmentType::FA_INTEREST_DATA:
        minData = 0;
        maxData = OpaqueSegment::kMaxData;
        return true;
    case SegmentType::IDENTITY_INFO:
        minData = IdentityInfoSegment::kMinData;
        maxData = IdentityInfoSegment::kMinData + IdentityInfoSegment::kMaxName;
        return true;
    case SegmentType::ACTION_NAT:
        minData = maxData = NatActionSegment::kDataSize;
        return true;
    case SegmentType::ACTION_ADVERTISE:
        minData = maxData = AdvertiseActionSegment::kDataSize;
        return true;
    case SegmentType::ACTION_SEQ_ADJUST:
        minData = maxData = SeqAdjustActionSegment::kDataSize;
        return true;
    case SegmentType::ACTION_INTEREST_CRITERIA:
        minData = maxData = InterestCriteriaSegment::kDataSize;
        return true;
    case SegmentType::ACTION_LIST:
        minData = 0;
        maxData = 2 * ActionListSegment::kMaxActions;
        return true;
    case SegmentType::IP_PACKET:
        minData = IpPacketSegment::kMinData;
        maxData = ServiceMessageHeader::kMaxSize;
        return true;
    case SegmentType::HEARTBEAT:
        minData = maxData = HeartbeatSegment::kDataSize;
        return true;
    default:
        return false;
    }
}

std::shared_ptr<ServiceSegment>
ServiceSegment::Create(uint16_t type)
{
    switch (type)
    {
    case SegmentType::WILDCARD_AFFINITY:
        return std::make_shared<WildcardAffinitySegment>();
    case SegmentType::FIXED_AFFINITY:
        return std::make_shared<FixedAffinitySegment>();
    case SegmentType::AFFINITY_IDENTIFIER:
        return std::make_shared<AffinityIdentifierSegment>();
    case SegmentType::SERVICE_PRECEDENCE:
        return std::make_shared<ServicePrecedenceSegment>();
    case SegmentType::BACKUP_PRECEDENCE:
        return std::make_shared<BackupPrecedenceSegment>();
    case SegmentType::SECURITY:
        return std::make_shared<SecuritySegment>();
    case SegmentType::SM_INTEREST_DATA:
    case SegmentType::FA_INTEREST_DATA:
        return std::make_shared<OpaqueSegment>(type, false);
    case SegmentType::IDENTITY_INFO:
        return std::make_shared<IdentityInfoSegment>();
    case SegmentType::ACTION_NAT:
        return std::make_shared<NatActionSegment>();
    case SegmentType::ACTION_ADVERTISE:
        return std::make_shared<AdvertiseActionSegment>();
    case SegmentType::ACTION_SEQ_ADJUST:
        return std::make_shared<SeqAdjustActionSegment>();
    case SegmentType::ACTION_INTEREST_CRITERIA:
        return std::make_shared<InterestCriteriaSegment>();
    case SegmentType::ACTION_LIST:
        return std::make_shared<ActionListSegment>();
    case SegmentType::IP_PACKET:
        return std::make_shared<IpPacketSegment>();
    case SegmentType::HEARTBEAT:
        return std::make_shared<HeartbeatSegment>();
    default:
        return nullptr;
    }
}

// ---- ServiceMessageParser ----------------------------------------------------

ParseStatus
ServiceMessageParser::Parse(Ptr<const Packet> packet,
                            ServiceMessage& out,
                            std::vector<uint8_t>* raw)
{
    uint32_t size = packet->GetSize();
    if (size < ServiceMessageHeader::kSize)
    {
        return ParseStatus::TRUNCATED;
    }
    if (size > ServiceMessageHeader::kMaxSize)
    {
        return ParseStatus::BAD_LENGTH;
    }
    std::vector<uint8_t> bytes(size);
    packet->CopyData(bytes.data(), size);
    if (bytes[0] != ServiceMessageHeader::kVersion)
    {
        return ParseStatus::BAD_VERSION;
    }
    if (!IsKnownMessageType(bytes[1]))
    {
        return ParseStatus::BAD_TYPE;
    }
    uint32_t length = (uint32_t(bytes[2]) << 8) | bytes[3];
    if (length != size)
    {
        return length > size ? ParseStatus::TRUNCATED : ParseStatus::BAD_LENGTH;
    }

    // Walk the segment headers and check every length before reading a field.
    struct Span
    {
        uint16_t type;
        bool required;
        uint32_t length;
    };

    std::vector<Span> spans;
    uint32_t off = ServiceMessageHeader::kSize;
    while (off < size)
    {
        if (size - off < ServiceSegment::kHeaderSize)
        {
            return ParseStatus::TRUNCATED;
        }
        uint16_t word = static_cast<uint16_t>((bytes[off] << 8) | bytes[off + 1]);
        uint32_t segLength = (uint32_t(bytes[off + 2]) << 8) | bytes[off + 3];
        if (segLength < ServiceSegment::kHeaderSize)
        {
            return ParseStatus::BAD_SEGMENT;
        }
        if (segLength > size - off)
        {
            return ParseStatus::TRUNCATED;
        }
        uint16_t type = word & SegmentType::MAX;
        uint32_t data = segLength - ServiceSegment::kHeaderSize;
        uint32_t minData = 0;
        uint32_t maxData = 0;
        if (ServiceSegment::DataSizeRange(type, minData, maxData) &&
            (data < minData || data > maxData))
        {
            return ParseStatus::BAD_SEGMENT;
        }
        if (type == SegmentType::SECURITY)
        {
            if (off != ServiceMessageHeader::kSize)
            {
                return ParseStatus::SECURITY_MISPLACED;
            }
            uint8_t algorithm = bytes[off + ServiceSegment::kHeaderSize];
            uint32_t codeLength = SecuritySegment::CodeLength(algorithm);
            if (codeLength == 0 || data != SecuritySegment::kFixedData + codeLength)
            {
                return ParseStatus::BAD_SEGMENT;
            }
        }
        if (type == SegmentType::ACTION_LIST && data % 2 != 0)
        {
            return ParseStatus::BAD_SEGMENT;
        }
        spans.push_back(Span{type, (word & 0x8000) != 0, segLength});
        off += segLength;
    }
    uint16_t mandatory = MandatorySegment(static_cast<ServiceMessageType>(bytes[1]));
    bool found = false;
    for (const Span& s : spans)
    {
        found = found || s.type == mandatory;
    }
    if (!found)
    {
        return ParseStatus::MISSING_SEGMENT;
    }
    // Everything is in bounds: deserialize.
    ServiceMessage msg(static_cast<ServiceMessageType>(bytes[1]));
    Ptr<Packet> copy = packet->Copy();
    ServiceMessageHeader h;
    copy->RemoveHeader(h);
    for (const Span& s : spans)
    {
        std::shared_ptr<ServiceSegment> seg = ServiceSegment::Create(s.type);
        if (!seg)
        {
            seg = std::make_shared<OpaqueSegment>(s.type, s.required);
        }
        copy->RemoveHeader(*seg, s.length);
        msg.Add(seg);
    }
    out = std::move(msg);
    if (raw)
    {
        *raw = std::move(bytes);
    }
    return ParseStatus::OK;
}

uint16_t
ServiceMessageParser::MandatorySegment(ServiceMessageType type)
{
    switch (type)
    {
    case ServiceMessageType::AFFINITY_UPDATE_WILDCARD:
        return SegmentType::WILDCARD_AFFINITY;
    case ServiceMessageType::AFFINITY_UPDATE_FIXED:
    case ServiceMessageType::REPLICATION:
        return SegmentType::FIXED_AFFINITY;
    case ServiceMessageType::AFFINITY_UPDATE_DENY:
        return SegmentType::ACTION_LIST;
    case ServiceMessageType::INTEREST_MATCH_WILDCARD:
    case ServiceMessageType::INTEREST_MATCH_FIXED:
        return SegmentType::AFFINITY_IDENTIFIER;
    case ServiceMessageType::IP_PACKET_ONLY:
        return SegmentType::IP_PACKET;
    case ServiceMessageType::HEARTBEAT:
        return SegmentType::HEARTBEAT;
    }
    return 0;
}

} // namespace sfc
} // namespace ns3
