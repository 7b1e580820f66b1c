/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "control-segments.h"

#include "ns3/packet.h"

#include <algorithm>

namespace ns3
{

namespace sfc
{

NS_OBJECT_ENSURE_REGISTERED(OpaqueSegment);
NS_OBJECT_ENSURE_REGISTERED(IdentityInfoSegment);
NS_OBJECT_ENSURE_REGISTERED(IpPacketSegment);
NS_OBJECT_ENSURE_REGISTERED(HeartbeatSegment);

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

} // namespace sfc
} // namespace ns3
