/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "affinity-segments.h"

namespace ns3
{

namespace sfc
{

NS_OBJECT_ENSURE_REGISTERED(WildcardAffinitySegment);
NS_OBJECT_ENSURE_REGISTERED(FixedAffinitySegment);
NS_OBJECT_ENSURE_REGISTERED(AffinityIdentifierSegment);
NS_OBJECT_ENSURE_REGISTERED(ServicePrecedenceSegment);
NS_OBJECT_ENSURE_REGISTERED(BackupPrecedenceSegment);

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

} // namespace sfc
} // namespace ns3
