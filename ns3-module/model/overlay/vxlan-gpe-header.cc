/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "vxlan-gpe-header.h"

#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SfcVxlanGpeHeader");

namespace sfc
{

NS_OBJECT_ENSURE_REGISTERED(VxlanGpeHeader);

namespace
{
constexpr uint8_t kFlagI = 0x08; // VNI valid
constexpr uint8_t kFlagP = 0x04; // next protocol present
constexpr uint8_t kFlagO = 0x01; // OAM
constexpr uint8_t kVersionMask = 0x30;
} // namespace

VxlanGpeHeader::VxlanGpeHeader()
    : m_flags(kFlagI | kFlagP),
      m_nextProtocol(kNextNsh),
      m_vni(0),
      m_valid(true)
{
}

TypeId
VxlanGpeHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sfc::VxlanGpeHeader")
                            .SetParent<Header>()
                            .SetGroupName("Sfc")
                            .AddConstructor<VxlanGpeHeader>();
    return tid;
}

TypeId
VxlanGpeHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

uint32_t
VxlanGpeHeader::GetSerializedSize() const
{
    return kSize;
}

void
VxlanGpeHeader::Serialize(Buffer::Iterator start) const
{
    start.WriteU8(m_flags);
    start.WriteU16(0);
    start.WriteU8(m_nextProtocol);
    start.WriteHtonU32((m_vni & 0xffffff) << 8);
}

uint32_t
VxlanGpeHeader::Deserialize(Buffer::Iterator start)
{
    m_valid = false;
    if (start.GetRemainingSize() < kSize)
    {
        NS_LOG_LOGIC("truncated VXLAN-GPE header");
        return 0;
    }
    uint8_t flags = start.ReadU8();
    start.ReadU16();
    uint8_t next = start.ReadU8();
    uint32_t word = start.ReadNtohU32();
    if ((flags & kVersionMask) != 0 || (flags & kFlagP) == 0)
    {
        NS_LOG_LOGIC("unsupported VXLAN-GPE version or no next protocol");
        return 0;
    }
    m_flags = flags;
    m_nextProtocol = next;
    m_vni = word >> 8;
    m_valid = true;
    return kSize;
}

void
VxlanGpeHeader::Print(std::ostream& os) const
{
    os << "VXLAN-GPE vni=" << m_vni << " next=" << unsigned(m_nextProtocol)
       << (IsOam() ? " oam" : "");
}

void
VxlanGpeHeader::SetVni(uint32_t vni)
{
    m_vni = vni & 0xffffff;
}

uint32_t
VxlanGpeHeader::GetVni() const
{
    return m_vni;
}

void
VxlanGpeHeader::SetNextProtocol(uint8_t next)
{
    m_nextProtocol = next;
}

uint8_t
VxlanGpeHeader::GetNextProtocol() const
{
    return m_nextProtocol;
}

void
VxlanGpeHeader::SetOam(bool oam)
{
    m_flags = oam ? (m_flags | kFlagO) : (m_flags & ~kFlagO);
}

bool
VxlanGpeHeader::IsOam() const
{
    return (m_flags & kFlagO) != 0;
}

bool
VxlanGpeHeader::IsValid() const
{
    return m_valid;
}

} // namespace sfc
} // namespace ns3
