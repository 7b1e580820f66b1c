/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "service-message.h"

#include "ns3/abort.h"
#include "ns3/log.h"
#include "ns3/packet.h"

#include <algorithm>
#include <iomanip>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SfcServiceMessage");

namespace sfc
{

NS_OBJECT_ENSURE_REGISTERED(ServiceMessageHeader);
NS_OBJECT_ENSURE_REGISTERED(ServiceSegment);
NS_OBJECT_ENSURE_REGISTERED(WildcardAffinitySegment);
NS_OBJECT_ENSURE_REGISTERED(FixedAffinitySegment);
NS_OBJECT_ENSURE_REGISTERED(AffinityIdentifierSegment);
NS_OBJECT_ENSURE_REGISTERED(ServicePrecedenceSegment);
NS_OBJECT_ENSURE_REGISTERED(BackupPrecedenceSegment);
NS_OBJECT_ENSURE_REGISTERED(SecuritySegment);
NS_OBJECT_ENSURE_REGISTERED(OpaqueSegment);
NS_OBJECT_ENSURE_REGISTERED(IdentityInfoSegment);
NS_OBJECT_ENSURE_REGISTERED(NatActionSegment);
NS_OBJECT_ENSURE_REGISTERED(AdvertiseActionSegment);
NS_OBJECT_ENSURE_REGISTERED(SeqAdjustActionSegment);
NS_OBJECT_ENSURE_REGISTERED(InterestCriteriaSegment);
NS_OBJECT_ENSURE_REGISTERED(ActionListSegment);
NS_OBJECT_ENSURE_REGISTERED(IpPacketSegment);
NS_OBJECT_ENSURE_REGISTERED(HeartbeatSegment);

namespace
{
constexpr uint32_t kMaxOpaque = 1024;    //!< interest data segments
constexpr uint32_t kMaxName = 64;        //!< identity host name
constexpr uint32_t kMaxActions = 128;    //!< entries of an action list
constexpr uint32_t kMinIpPacket = 20;    //!< an IPv4 header
constexpr uint32_t kMaxMessage = 0xffff; //!< 16-bit length field

void
WriteAddress(Buffer::Iterator& i, Ipv4Address a)
{
    i.WriteHtonU32(a.Get());
}

Ipv4Address
ReadAddress(Buffer::Iterator& i)
{
    return Ipv4Address(i.ReadNtohU32());
}

/// \param i iterator \param bytes a byte string (vector or string) \param n bytes of it to write
template <class Bytes>
void
WriteBytes(Buffer::Iterator& i, const Bytes& bytes, uint32_t n)
{
    if (n > 0)
    {
        i.Write(reinterpret_cast<const uint8_t*>(bytes.data()), n);
    }
}

/// \param i iterator \param bytes replaced by the next size bytes \param size bytes to read
template <class Bytes>
void
ReadBytes(Buffer::Iterator& i, Bytes& bytes, uint32_t size)
{
    bytes.assign(size, 0);
    if (size > 0)
    {
        i.Read(reinterpret_cast<uint8_t*>(&bytes[0]), size);
    }
}
} // namespace

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
        maxData = kMaxOpaque;
        return true;
    case SegmentType::IDENTITY_INFO:
        minData = IdentityInfoSegment::kMinData;
        maxData = IdentityInfoSegment::kMinData + kMaxName;
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
        maxData = 2 * kMaxActions;
        return true;
    case SegmentType::IP_PACKET:
        minData = kMinIpPacket;
        maxData = kMaxMessage;
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

// ---- WildcardAffinity --------------------------------------------------------

bool
WildcardAffinity::Matches(const FlowKey& k) const
{
    return (protocol == 0 || protocol == k.protocol) &&
           (sourcePort == 0 || sourcePort == k.sport) &&
           (destinationPort == 0 || destinationPort == k.dport) &&
           sourceMask.IsMatch(source, k.src) && destinationMask.IsMatch(destination, k.dst);
}

bool
WildcardAffinity::SameFilter(const WildcardAffinity& o) const
{
    return protocol == o.protocol && sourcePort == o.sourcePort &&
           destinationPort == o.destinationPort && sourceMask == o.sourceMask &&
           destinationMask == o.destinationMask && sourceMask.IsMatch(source, o.source) &&
           destinationMask.IsMatch(destination, o.destination);
}

// ---- WildcardAffinitySegment -------------------------------------------------

TypeId
WildcardAffinitySegment::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sfc::WildcardAffinitySegment")
                            .SetParent<ServiceSegment>()
                            .SetGroupName("Sfc")
                            .AddConstructor<WildcardAffinitySegment>();
    return tid;
}

TypeId
WildcardAffinitySegment::GetInstanceTypeId() const
{
    return GetTypeId();
}

WildcardAffinitySegment::WildcardAffinitySegment()
    : ServiceSegment(SegmentType::WILDCARD_AFFINITY, true, kDataSize)
{
}

uint32_t
WildcardAffinitySegment::GetDataSize() const
{
    return kDataSize;
}

void
WildcardAffinitySegment::SerializeData(Buffer::Iterator& i) const
{
    i.WriteU8(affinity.flags);
    i.WriteU8(affinity.protocol);
    i.WriteU16(0);
    WriteAddress(i, affinity.source);
    i.WriteHtonU32(affinity.sourceMask.Get());
    WriteAddress(i, affinity.destination);
    i.WriteHtonU32(affinity.destinationMask.Get());
    i.WriteHtonU16(affinity.sourcePort);
    i.WriteHtonU16(affinity.destinationPort);
    i.WriteHtonU32(affinity.ttlMs);
}

void
WildcardAffinitySegment::DeserializeData(Buffer::Iterator& i, uint32_t /* size */)
{
    affinity.flags = i.ReadU8();
    affinity.protocol = i.ReadU8();
    i.Next(2);
    affinity.source = ReadAddress(i);
    affinity.sourceMask = Ipv4Mask(i.ReadNtohU32());
    affinity.destination = ReadAddress(i);
    affinity.destinationMask = Ipv4Mask(i.ReadNtohU32());
    affinity.sourcePort = i.ReadNtohU16();
    affinity.destinationPort = i.ReadNtohU16();
    affinity.ttlMs = i.ReadNtohU32();
}

void
WildcardAffinitySegment::PrintData(std::ostream& os) const
{
    os << "wildcard proto=" << unsigned(affinity.protocol) << " " << affinity.source << "/"
       << affinity.sourceMask << ":" << affinity.sourcePort << " -> " << affinity.destination << "/"
       << affinity.destinationMask << ":" << affinity.destinationPort
       << " affinity.flags=" << unsigned(affinity.flags) << " ttl=" << affinity.ttlMs << "ms";
}

// ---- FixedAffinitySegment ----------------------------------------------------

TypeId
FixedAffinitySegment::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sfc::FixedAffinitySegment")
                            .SetParent<ServiceSegment>()
                            .SetGroupName("Sfc")
                            .AddConstructor<FixedAffinitySegment>();
    return tid;
}

TypeId
FixedAffinitySegment::GetInstanceTypeId() const
{
    return GetTypeId();
}

FixedAffinitySegment::FixedAffinitySegment()
    : ServiceSegment(SegmentType::FIXED_AFFINITY, true, kDataSize)
{
}

uint32_t
FixedAffinitySegment::GetDataSize() const
{
    return kDataSize;
}

void
FixedAffinitySegment::SerializeData(Buffer::Iterator& i) const
{
    i.WriteU8(flags);
    i.WriteU8(protocol);
    i.WriteU16(0);
    WriteAddress(i, source);
    WriteAddress(i, destination);
    i.WriteHtonU16(sourcePort);
    i.WriteHtonU16(destinationPort);
    WriteAddress(i, forward);
    i.WriteHtonU32(ttlMs);
}

void
FixedAffinitySegment::DeserializeData(Buffer::Iterator& i, uint32_t /* size */)
{
    flags = i.ReadU8();
    protocol = i.ReadU8();
    i.Next(2);
    source = ReadAddress(i);
    destination = ReadAddress(i);
    sourcePort = i.ReadNtohU16();
    destinationPort = i.ReadNtohU16();
    forward = ReadAddress(i);
    ttlMs = i.ReadNtohU32();
}

void
FixedAffinitySegment::PrintData(std::ostream& os) const
{
    os << "fixed proto=" << unsigned(protocol) << " " << source << ":" << sourcePort << " -> "
       << destination << ":" << destinationPort << " forward=" << forward
       << " flags=" << unsigned(flags) << " ttl=" << ttlMs << "ms";
}

// ---- AffinityIdentifierSegment -----------------------------------------------

TypeId
AffinityIdentifierSegment::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sfc::AffinityIdentifierSegment")
                            .SetParent<ServiceSegment>()
                            .SetGroupName("Sfc")
                            .AddConstructor<AffinityIdentifierSegment>();
    return tid;
}

TypeId
AffinityIdentifierSegment::GetInstanceTypeId() const
{
    return GetTypeId();
}

AffinityIdentifierSegment::AffinityIdentifierSegment()
    : ServiceSegment(SegmentType::AFFINITY_IDENTIFIER, true, kDataSize)
{
}

uint32_t
AffinityIdentifierSegment::GetDataSize() const
{
    return kDataSize;
}

void
AffinityIdentifierSegment::SerializeData(Buffer::Iterator& i) const
{
    i.WriteU8(flags);
    i.WriteU8(protocol);
    i.WriteHtonU16(reasons);
    WriteAddress(i, source);
    WriteAddress(i, destination);
    i.WriteHtonU16(sourcePort);
    i.WriteHtonU16(destinationPort);
}

void
AffinityIdentifierSegment::DeserializeData(Buffer::Iterator& i, uint32_t /* size */)
{
    flags = i.ReadU8();
    protocol = i.ReadU8();
    reasons = i.ReadNtohU16();
    source = ReadAddress(i);
    destination = ReadAddress(i);
    sourcePort = i.ReadNtohU16();
    destinationPort = i.ReadNtohU16();
}

void
AffinityIdentifierSegment::PrintData(std::ostream& os) const
{
    os << "identifier proto=" << unsigned(protocol) << " " << source << ":" << sourcePort << " -> "
       << destination << ":" << destinationPort << " reasons=0x" << std::hex << reasons << std::dec;
}

// ---- ServicePrecedenceSegment ------------------------------------------------

TypeId
ServicePrecedenceSegment::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sfc::ServicePrecedenceSegment")
                            .SetParent<ServiceSegment>()
                            .SetGroupName("Sfc")
                            .AddConstructor<ServicePrecedenceSegment>();
    return tid;
}

TypeId
ServicePrecedenceSegment::GetInstanceTypeId() const
{
    return GetTypeId();
}

ServicePrecedenceSegment::ServicePrecedenceSegment()
    : ServiceSegment(SegmentType::SERVICE_PRECEDENCE, true, kDataSize)
{
}

uint32_t
ServicePrecedenceSegment::GetDataSize() const
{
    return kDataSize;
}

void
ServicePrecedenceSegment::SerializeData(Buffer::Iterator& i) const
{
    i.WriteU8(higherFirst ? 1 : 0);
    i.WriteU8(0);
    i.WriteHtonU16(value);
}

void
ServicePrecedenceSegment::DeserializeData(Buffer::Iterator& i, uint32_t /* size */)
{
    higherFirst = i.ReadU8() != 0;
    i.Next(1);
    value = i.ReadNtohU16();
}

void
ServicePrecedenceSegment::PrintData(std::ostream& os) const
{
    os << "service precedence " << value << (higherFirst ? " (higher first)" : " (lower first)");
}

// ---- BackupPrecedenceSegment -------------------------------------------------

TypeId
BackupPrecedenceSegment::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sfc::BackupPrecedenceSegment")
                            .SetParent<ServiceSegment>()
                            .SetGroupName("Sfc")
                            .AddConstructor<BackupPrecedenceSegment>();
    return tid;
}

TypeId
BackupPrecedenceSegment::GetInstanceTypeId() const
{
    return GetTypeId();
}

BackupPrecedenceSegment::BackupPrecedenceSegment()
    : ServiceSegment(SegmentType::BACKUP_PRECEDENCE, true, kDataSize)
{
}

uint32_t
BackupPrecedenceSegment::GetDataSize() const
{
    return kDataSize;
}

void
BackupPrecedenceSegment::SerializeData(Buffer::Iterator& i) const
{
    i.WriteHtonU16(value);
    i.WriteU16(0);
}

void
BackupPrecedenceSegment::DeserializeData(Buffer::Iterator& i, uint32_t /* size */)
{
    value = i.ReadNtohU16();
}

void
BackupPrecedenceSegment::PrintData(std::ostream& os) const
{
    os << "backup precedence " << value;
}

// ---- SecuritySegment ---------------------------------------------------------

TypeId
SecuritySegment::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sfc::SecuritySegment")
                            .SetParent<ServiceSegment>()
                            .SetGroupName("Sfc")
                            .AddConstructor<SecuritySegment>();
    return tid;
}

TypeId
SecuritySegment::GetInstanceTypeId() const
{
    return GetTypeId();
}

SecuritySegment::SecuritySegment()
    : ServiceSegment(SegmentType::SECURITY, true, kFixedData)
{
}

uint32_t
SecuritySegment::CodeLength(uint8_t a)
{
    switch (a)
    {
    case HMAC_SHA256:
        return 32;
    case HMAC_MD5:
        return 16;
    default:
        return 0;
    }
}

uint32_t
SecuritySegment::GetDataSize() const
{
    return kFixedData + static_cast<uint32_t>(code.size());
}

void
SecuritySegment::SerializeData(Buffer::Iterator& i) const
{
    i.WriteU8(algorithm);
    i.WriteU8(keyId);
    i.WriteU16(0);
    i.WriteHtonU64(sequence);
    WriteBytes(i, code, static_cast<uint32_t>(code.size()));
}

void
SecuritySegment::DeserializeData(Buffer::Iterator& i, uint32_t size)
{
    algorithm = i.ReadU8();
    keyId = i.ReadU8();
    i.Next(2);
    sequence = i.ReadNtohU64();
    ReadBytes(i, code, size - kFixedData);
}

void
SecuritySegment::PrintData(std::ostream& os) const
{
    os << "security type=" << unsigned(algorithm) << " key=" << unsigned(keyId)
       << " seq=" << sequence << " code=" << code.size() << "B";
}

// ---- OpaqueSegment -----------------------------------------------------------

TypeId
OpaqueSegment::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sfc::OpaqueSegment")
                            .SetParent<ServiceSegment>()
                            .SetGroupName("Sfc")
                            .AddConstructor<OpaqueSegment>();
    return tid;
}

TypeId
OpaqueSegment::GetInstanceTypeId() const
{
    return GetTypeId();
}

OpaqueSegment::OpaqueSegment()
    : ServiceSegment(SegmentType::SM_INTEREST_DATA, false)
{
}

OpaqueSegment::OpaqueSegment(uint16_t type, bool required)
    : ServiceSegment(type, required)
{
}

uint32_t
OpaqueSegment::GetDataSize() const
{
    return static_cast<uint32_t>(data.size());
}

void
OpaqueSegment::SerializeData(Buffer::Iterator& i) const
{
    WriteBytes(i, data, GetDataSize());
}

void
OpaqueSegment::DeserializeData(Buffer::Iterator& i, uint32_t size)
{
    ReadBytes(i, data, size);
}

void
OpaqueSegment::PrintData(std::ostream& os) const
{
    os << "opaque " << data.size() << "B";
}

// ---- IdentityInfoSegment -----------------------------------------------------

TypeId
IdentityInfoSegment::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sfc::IdentityInfoSegment")
                            .SetParent<ServiceSegment>()
                            .SetGroupName("Sfc")
                            .AddConstructor<IdentityInfoSegment>();
    return tid;
}

TypeId
IdentityInfoSegment::GetInstanceTypeId() const
{
    return GetTypeId();
}

IdentityInfoSegment::IdentityInfoSegment()
    : ServiceSegment(SegmentType::IDENTITY_INFO, false, kMinData)
{
}

IdentityInfoSegment::IdentityInfoSegment(Ipv4Address address, std::string name)
    : IdentityInfoSegment()
{
    this->address = address;
    this->name = std::move(name);
}

uint32_t
IdentityInfoSegment::GetDataSize() const
{
    return kMinData + static_cast<uint32_t>(std::min<std::size_t>(name.size(), kMaxName));
}

void
IdentityInfoSegment::SerializeData(Buffer::Iterator& i) const
{
    WriteAddress(i, address);
    WriteBytes(i, name, GetDataSize() - kMinData);
}

void
IdentityInfoSegment::DeserializeData(Buffer::Iterator& i, uint32_t size)
{
    address = ReadAddress(i);
    ReadBytes(i, name, size - kMinData);
}

void
IdentityInfoSegment::PrintData(std::ostream& os) const
{
    os << "identity " << address << " " << name;
}

// ---- NatAction ---------------------------------------------------------------

FlowKey
NatAction::Apply(const FlowKey& k) const
{
    FlowKey out = k;
    if (source != Ipv4Address::GetAny())
    {
        out.src = source;
    }
    if (destination != Ipv4Address::GetAny())
    {
        out.dst = destination;
    }
    if (sourcePort != 0)
    {
        out.sport = sourcePort;
    }
    if (destinationPort != 0)
    {
        out.dport = destinationPort;
    }
    return out;
}

// ---- NatActionSegment --------------------------------------------------------

TypeId
NatActionSegment::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sfc::NatActionSegment")
                            .SetParent<ServiceSegment>()
                            .SetGroupName("Sfc")
                            .AddConstructor<NatActionSegment>();
    return tid;
}

TypeId
NatActionSegment::GetInstanceTypeId() const
{
    return GetTypeId();
}

NatActionSegment::NatActionSegment()
    : ServiceSegment(SegmentType::ACTION_NAT, true, kDataSize)
{
}

uint32_t
NatActionSegment::GetDataSize() const
{
    return kDataSize;
}

void
NatActionSegment::SerializeData(Buffer::Iterator& i) const
{
    WriteAddress(i, action.source);
    WriteAddress(i, action.destination);
    i.WriteHtonU16(action.sourcePort);
    i.WriteHtonU16(action.destinationPort);
}

void
NatActionSegment::DeserializeData(Buffer::Iterator& i, uint32_t /* size */)
{
    action.source = ReadAddress(i);
    action.destination = ReadAddress(i);
    action.sourcePort = i.ReadNtohU16();
    action.destinationPort = i.ReadNtohU16();
}

void
NatActionSegment::PrintData(std::ostream& os) const
{
    os << "nat src=" << action.source << ":" << action.sourcePort << " dst=" << action.destination
       << ":" << action.destinationPort;
}

// ---- AdvertiseActionSegment --------------------------------------------------

TypeId
AdvertiseActionSegment::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sfc::AdvertiseActionSegment")
                            .SetParent<ServiceSegment>()
                            .SetGroupName("Sfc")
                            .AddConstructor<AdvertiseActionSegment>();
    return tid;
}

TypeId
AdvertiseActionSegment::GetInstanceTypeId() const
{
    return GetTypeId();
}

AdvertiseActionSegment::AdvertiseActionSegment()
    : ServiceSegment(SegmentType::ACTION_ADVERTISE, true, kDataSize)
{
}

uint32_t
AdvertiseActionSegment::GetDataSize() const
{
    return kDataSize;
}

void
AdvertiseActionSegment::SerializeData(Buffer::Iterator& i) const
{
    WriteAddress(i, action.address);
    i.WriteHtonU32(action.mask.Get());
}

void
AdvertiseActionSegment::DeserializeData(Buffer::Iterator& i, uint32_t /* size */)
{
    action.address = ReadAddress(i);
    action.mask = Ipv4Mask(i.ReadNtohU32());
}

void
AdvertiseActionSegment::PrintData(std::ostream& os) const
{
    os << "advertise " << action.address << "/" << action.mask;
}

// ---- SeqAdjustActionSegment --------------------------------------------------

TypeId
SeqAdjustActionSegment::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sfc::SeqAdjustActionSegment")
                            .SetParent<ServiceSegment>()
                            .SetGroupName("Sfc")
                            .AddConstructor<SeqAdjustActionSegment>();
    return tid;
}

TypeId
SeqAdjustActionSegment::GetInstanceTypeId() const
{
    return GetTypeId();
}

SeqAdjustActionSegment::SeqAdjustActionSegment()
    : ServiceSegment(SegmentType::ACTION_SEQ_ADJUST, true, kDataSize)
{
}

uint32_t
SeqAdjustActionSegment::GetDataSize() const
{
    return kDataSize;
}

void
SeqAdjustActionSegment::SerializeData(Buffer::Iterator& i) const
{
    i.WriteHtonU32(static_cast<uint32_t>(action.seqDelta));
    i.WriteHtonU32(action.initialSeq);
    i.WriteHtonU32(static_cast<uint32_t>(action.ackDelta));
    i.WriteHtonU32(action.initialAck);
}

void
SeqAdjustActionSegment::DeserializeData(Buffer::Iterator& i, uint32_t /* size */)
{
    action.seqDelta = static_cast<int32_t>(i.ReadNtohU32());
    action.initialSeq = i.ReadNtohU32();
    action.ackDelta = static_cast<int32_t>(i.ReadNtohU32());
    action.initialAck = i.ReadNtohU32();
}

void
SeqAdjustActionSegment::PrintData(std::ostream& os) const
{
    os << "seq-adjust seq+" << action.seqDelta << " from " << action.initialSeq << " ack+"
       << action.ackDelta << " from " << action.initialAck;
}

// ---- InterestCriteriaSegment -------------------------------------------------

TypeId
InterestCriteriaSegment::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sfc::InterestCriteriaSegment")
                            .SetParent<ServiceSegment>()
                            .SetGroupName("Sfc")
                            .AddConstructor<InterestCriteriaSegment>();
    return tid;
}

TypeId
InterestCriteriaSegment::GetInstanceTypeId() const
{
    return GetTypeId();
}

InterestCriteriaSegment::InterestCriteriaSegment()
    : ServiceSegment(SegmentType::ACTION_INTEREST_CRITERIA, true, kDataSize)
{
}

uint32_t
InterestCriteriaSegment::GetDataSize() const
{
    return kDataSize;
}

void
InterestCriteriaSegment::SerializeData(Buffer::Iterator& i) const
{
    WriteAddress(i, criteria.address);
    i.WriteHtonU16(criteria.port);
    i.WriteHtonU16(criteria.mask);
    i.WriteHtonU16(criteria.dataFlag);
    i.WriteHtonU16(criteria.copyFlag);
    i.WriteHtonU16(criteria.holdFlag);
    i.WriteU16(0);
}

void
InterestCriteriaSegment::DeserializeData(Buffer::Iterator& i, uint32_t /* size */)
{
    criteria.address = ReadAddress(i);
    criteria.port = i.ReadNtohU16();
    criteria.mask = i.ReadNtohU16();
    criteria.dataFlag = i.ReadNtohU16();
    criteria.copyFlag = i.ReadNtohU16();
    criteria.holdFlag = i.ReadNtohU16();
}

void
InterestCriteriaSegment::PrintData(std::ostream& os) const
{
    os << "interest " << criteria.address << ":" << criteria.port << std::hex << " criteria.mask=0x"
       << criteria.mask << " data=0x" << criteria.dataFlag << " copy=0x" << criteria.copyFlag
       << " hold=0x" << criteria.holdFlag << std::dec;
}

// ---- ActionListSegment -------------------------------------------------------

TypeId
ActionListSegment::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sfc::ActionListSegment")
                            .SetParent<ServiceSegment>()
                            .SetGroupName("Sfc")
                            .AddConstructor<ActionListSegment>();
    return tid;
}

TypeId
ActionListSegment::GetInstanceTypeId() const
{
    return GetTypeId();
}

ActionListSegment::ActionListSegment()
    : ServiceSegment(SegmentType::ACTION_LIST, true)
{
}

uint32_t
ActionListSegment::GetDataSize() const
{
    return 2 * static_cast<uint32_t>(std::min<std::size_t>(actions.size(), kMaxActions));
}

void
ActionListSegment::SerializeData(Buffer::Iterator& i) const
{
    std::size_t n = std::min<std::size_t>(actions.size(), kMaxActions);
    for (std::size_t k = 0; k < n; ++k)
    {
        i.WriteHtonU16(actions[k]);
    }
}

void
ActionListSegment::DeserializeData(Buffer::Iterator& i, uint32_t size)
{
    actions.clear();
    for (uint32_t k = 0; k + 1 < size; k += 2)
    {
        actions.push_back(i.ReadNtohU16());
    }
}

void
ActionListSegment::PrintData(std::ostream& os) const
{
    os << "action list";
    for (uint16_t a : actions)
    {
        os << " " << a;
    }
}

// ---- IpPacketSegment ---------------------------------------------------------

TypeId
IpPacketSegment::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sfc::IpPacketSegment")
                            .SetParent<ServiceSegment>()
                            .SetGroupName("Sfc")
                            .AddConstructor<IpPacketSegment>();
    return tid;
}

TypeId
IpPacketSegment::GetInstanceTypeId() const
{
    return GetTypeId();
}

IpPacketSegment::IpPacketSegment()
    : ServiceSegment(SegmentType::IP_PACKET, true)
{
}

IpPacketSegment::IpPacketSegment(Ptr<const Packet> p)
    : IpPacketSegment()
{
    SetPacket(p);
}

void
IpPacketSegment::SetPacket(Ptr<const Packet> p)
{
    bytes.assign(p->GetSize(), 0);
    if (!bytes.empty())
    {
        p->CopyData(bytes.data(), static_cast<uint32_t>(bytes.size()));
    }
}

Ptr<Packet>
IpPacketSegment::GetPacket() const
{
    return ns3::Create<Packet>(bytes.data(), static_cast<uint32_t>(bytes.size()));
}

uint32_t
IpPacketSegment::GetDataSize() const
{
    return static_cast<uint32_t>(bytes.size());
}

void
IpPacketSegment::SerializeData(Buffer::Iterator& i) const
{
    WriteBytes(i, bytes, GetDataSize());
}

void
IpPacketSegment::DeserializeData(Buffer::Iterator& i, uint32_t size)
{
    ReadBytes(i, bytes, size);
}

void
IpPacketSegment::PrintData(std::ostream& os) const
{
    os << "ip packet " << bytes.size() << "B";
}

// ---- HeartbeatSegment --------------------------------------------------------

TypeId
HeartbeatSegment::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sfc::HeartbeatSegment")
                            .SetParent<ServiceSegment>()
                            .SetGroupName("Sfc")
                            .AddConstructor<HeartbeatSegment>();
    return tid;
}

TypeId
HeartbeatSegment::GetInstanceTypeId() const
{
    return GetTypeId();
}

HeartbeatSegment::HeartbeatSegment()
    : ServiceSegment(SegmentType::HEARTBEAT, true, kDataSize)
{
}

uint32_t
HeartbeatSegment::GetDataSize() const
{
    return kDataSize;
}

void
HeartbeatSegment::SerializeData(Buffer::Iterator& i) const
{
    i.WriteHtonU32(sequence);
    i.WriteHtonU32(intervalMs);
    i.WriteHtonU16(backupPrecedence);
    i.WriteU8(state);
    i.WriteU8(0);
}

void
HeartbeatSegment::DeserializeData(Buffer::Iterator& i, uint32_t /* size */)
{
    sequence = i.ReadNtohU32();
    intervalMs = i.ReadNtohU32();
    backupPrecedence = i.ReadNtohU16();
    state = i.ReadU8();
}

void
HeartbeatSegment::PrintData(std::ostream& os) const
{
    os << "heartbeat #" << sequence << " every " << intervalMs << "ms bp=" << backupPrecedence
       << " state=" << unsigned(state);
}

// ---- ServiceMessage ----------------------------------------------------------

ServiceMessage::ServiceMessage(ServiceMessageType type)
    : m_type(type)
{
}

ServiceMessageType
ServiceMessage::GetType() const
{
    return m_type;
}

void
ServiceMessage::SetType(ServiceMessageType type)
{
    m_type = type;
}

void
ServiceMessage::Add(std::shared_ptr<ServiceSegment> segment)
{
    m_segments.push_back(std::move(segment));
}

const std::vector<std::shared_ptr<ServiceSegment>>&
ServiceMessage::GetSegments() const
{
    return m_segments;
}

std::shared_ptr<ServiceSegment>
ServiceMessage::Find(uint16_t type) const
{
    for (const auto& s : m_segments)
    {
        if (s->GetSegmentType() == type)
        {
            return s;
        }
    }
    return nullptr;
}

uint32_t
ServiceMessage::GetSerializedSize() const
{
    uint32_t n = ServiceMessageHeader::kSize;
    for (const auto& s : m_segments)
    {
        n += s->GetSerializedSize();
    }
    return n;
}

namespace
{
/// Serialize header + segments into a packet.
Ptr<Packet>
Build(ServiceMessageType type, const std::vector<const ServiceSegment*>& segments)
{
    Ptr<Packet> p = Create<Packet>();
    uint32_t length = ServiceMessageHeader::kSize;
    for (auto it = segments.rbegin(); it != segments.rend(); ++it)
    {
        p->AddHeader(**it);
        length += (*it)->GetSerializedSize();
    }
    NS_ABORT_MSG_IF(length > kMaxMessage, "service message larger than 65535 bytes");
    ServiceMessageHeader h;
    h.type = static_cast<uint8_t>(type);
    h.length = static_cast<uint16_t>(length);
    p->AddHeader(h);
    return p;
}
} // namespace

Ptr<Packet>
ServiceMessage::ToPacket(const std::string& key, uint8_t algorithm, uint64_t sequence) const
{
    std::vector<const ServiceSegment*> segs;
    for (const auto& s : m_segments)
    {
        if (key.empty() || s->GetSegmentType() != SegmentType::SECURITY)
        {
            segs.push_back(s.get());
        }
    }
    if (key.empty())
    {
        return Build(m_type, segs);
    }
    SecuritySegment sec;
    sec.algorithm = algorithm;
    sec.sequence = sequence;
    sec.code.assign(SecuritySegment::CodeLength(algorithm), 0);
    segs.insert(segs.begin(), &sec);
    Ptr<Packet> unsigned_ = Build(m_type, segs);
    std::vector<uint8_t> bytes(unsigned_->GetSize());
    unsigned_->CopyData(bytes.data(), static_cast<uint32_t>(bytes.size()));
    sec.code = Hmac(algorithm, key, bytes.data(), bytes.size());
    return Build(m_type, segs);
}

ParseStatus
ServiceMessage::Parse(Ptr<const Packet> packet, ServiceMessage& out, std::vector<uint8_t>* raw)
{
    uint32_t size = packet->GetSize();
    if (size < ServiceMessageHeader::kSize)
    {
        return ParseStatus::TRUNCATED;
    }
    if (size > kMaxMessage)
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
    // The segment each message type cannot do without.
    uint16_t mandatory = 0;
    switch (static_cast<ServiceMessageType>(bytes[1]))
    {
    case ServiceMessageType::AFFINITY_UPDATE_WILDCARD:
        mandatory = SegmentType::WILDCARD_AFFINITY;
        break;
    case ServiceMessageType::AFFINITY_UPDATE_FIXED:
    case ServiceMessageType::REPLICATION:
        mandatory = SegmentType::FIXED_AFFINITY;
        break;
    case ServiceMessageType::AFFINITY_UPDATE_DENY:
        mandatory = SegmentType::ACTION_LIST;
        break;
    case ServiceMessageType::INTEREST_MATCH_WILDCARD:
    case ServiceMessageType::INTEREST_MATCH_FIXED:
        mandatory = SegmentType::AFFINITY_IDENTIFIER;
        break;
    case ServiceMessageType::IP_PACKET_ONLY:
        mandatory = SegmentType::IP_PACKET;
        break;
    case ServiceMessageType::HEARTBEAT:
        mandatory = SegmentType::HEARTBEAT;
        break;
    }
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

bool
ServiceMessage::Verify(const std::vector<uint8_t>& raw, const std::string& key) const
{
    if (m_segments.empty() || key.empty())
    {
        return false;
    }
    auto sec = std::dynamic_pointer_cast<SecuritySegment>(m_segments.front());
    if (!sec)
    {
        return false;
    }
    uint32_t codeLength = SecuritySegment::CodeLength(sec->algorithm);
    if (codeLength == 0 || sec->code.size() != codeLength ||
        raw.size() < SecuritySegment::kCodeOffset + codeLength)
    {
        return false;
    }
    std::vector<uint8_t> zeroed(raw);
    std::fill(zeroed.begin() + SecuritySegment::kCodeOffset,
              zeroed.begin() + SecuritySegment::kCodeOffset + codeLength,
              0);
    std::vector<uint8_t> expected = Hmac(sec->algorithm, key, zeroed.data(), zeroed.size());
    return expected.size() == codeLength &&
           CRYPTO_memcmp(expected.data(), sec->code.data(), codeLength) == 0;
}

std::vector<uint8_t>
ServiceMessage::Hmac(uint8_t algorithm,
                     const std::string& key,
                     const uint8_t* data,
                     std::size_t size)
{
    const EVP_MD* md = nullptr;
    switch (algorithm)
    {
    case SecuritySegment::HMAC_SHA256:
        md = EVP_sha256();
        break;
    case SecuritySegment::HMAC_MD5:
        md = EVP_md5();
        break;
    default:
        return {};
    }
    std::vector<uint8_t> out(EVP_MAX_MD_SIZE);
    unsigned int n = 0;
    if (HMAC(md, key.data(), static_cast<int>(key.size()), data, size, out.data(), &n) == nullptr)
    {
        return {};
    }
    out.resize(n);
    return out;
}

} // namespace sfc
} // namespace ns3
