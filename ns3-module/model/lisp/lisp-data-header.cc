/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "lisp-data-header.h"

#include "ns3/log.h"

#include <iomanip>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SfcLispDataHeader");

namespace sfc
{

NS_OBJECT_ENSURE_REGISTERED(LispDataHeader);

LispDataHeader::LispDataHeader()
    : m_flags(0),
      m_first(0),
      m_second(0),
      m_valid(true)
{
}

TypeId
LispDataHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sfc::LispDataHeader")
                            .SetParent<Header>()
                            .SetGroupName("Sfc")
                            .AddConstructor<LispDataHeader>();
    return tid;
}

TypeId
LispDataHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

uint32_t
LispDataHeader::GetSerializedSize() const
{
    return kSize;
}

void
LispDataHeader::Serialize(Buffer::Iterator start) const
{
    start.WriteHtonU32((uint32_t(m_flags) << 24) | (m_first & 0xffffff));
    start.WriteHtonU32(m_second);
}

uint32_t
LispDataHeader::Deserialize(Buffer::Iterator start)
{
    m_valid = false;
    if (start.GetRemainingSize() < kSize)
    {
        NS_LOG_LOGIC("truncated LISP data header");
        return 0;
    }
    uint32_t w = start.ReadNtohU32();
    uint32_t second = start.ReadNtohU32();
    uint8_t flags = static_cast<uint8_t>(w >> 24);
    if ((flags & kFlagN) && (flags & kFlagV))
    {
        NS_LOG_LOGIC("LISP data header with both N and V");
        return 0;
    }
    m_flags = flags;
    m_first = w & 0xffffff;
    m_second = second;
    m_valid = true;
    return kSize;
}

void
LispDataHeader::Print(std::ostream& os) const
{
    std::ios_base::fmtflags f = os.flags();
    os << "LISP-data flags=0x" << std::hex << unsigned(m_flags) << std::dec;
    if (HasNonce())
    {
        os << " nonce=0x" << std::hex << m_first << std::dec;
    }
    if (HasMapVersions())
    {
        os << " sv=" << GetSourceMapVersion() << " dv=" << GetDestMapVersion();
    }
    if (HasInstanceId())
    {
        os << " iid=" << GetInstanceId();
    }
    os << " lsb=0x" << std::hex << GetLocatorStatusBits();
    os.flags(f);
}

uint8_t
LispDataHeader::GetFlags() const
{
    return m_flags;
}

void
LispDataHeader::SetFlags(uint8_t flags)
{
    m_flags = flags;
}

void
LispDataHeader::SetNonce(uint32_t nonce)
{
    m_flags = static_cast<uint8_t>((m_flags | kFlagN) & ~kFlagV);
    m_first = nonce & 0xffffff;
}

uint32_t
LispDataHeader::GetNonce() const
{
    return HasNonce() ? m_first : 0;
}

bool
LispDataHeader::HasNonce() const
{
    return (m_flags & kFlagN) != 0;
}

void
LispDataHeader::SetEchoNonce(bool echo)
{
    m_flags = static_cast<uint8_t>(echo ? (m_flags | kFlagE) : (m_flags & ~kFlagE));
}

bool
LispDataHeader::IsEchoNonce() const
{
    return (m_flags & kFlagE) != 0;
}

void
LispDataHeader::SetMapVersions(uint16_t source, uint16_t dest)
{
    m_flags = static_cast<uint8_t>((m_flags | kFlagV) & ~kFlagN);
    m_first = (uint32_t(source & 0xfff) << 12) | (dest & 0xfff);
}

bool
LispDataHeader::HasMapVersions() const
{
    return (m_flags & kFlagV) != 0;
}

uint16_t
LispDataHeader::GetSourceMapVersion() const
{
    return HasMapVersions() ? static_cast<uint16_t>(m_first >> 12) : 0;
}

uint16_t
LispDataHeader::GetDestMapVersion() const
{
    return HasMapVersions() ? static_cast<uint16_t>(m_first & 0xfff) : 0;
}

void
LispDataHeader::SetInstanceId(uint32_t iid)
{
    m_flags |= kFlagI;
    m_second = ((iid & 0xffffff) << 8) | (m_second & 0xff);
}

bool
LispDataHeader::HasInstanceId() const
{
    return (m_flags & kFlagI) != 0;
}

uint32_t
LispDataHeader::GetInstanceId() const
{
    return HasInstanceId() ? m_second >> 8 : 0;
}

void
LispDataHeader::SetLocatorStatusBits(uint32_t lsb)
{
    m_flags |= kFlagL;
    m_second = HasInstanceId() ? ((m_second & 0xffffff00) | (lsb & 0xff)) : lsb;
}

bool
LispDataHeader::HasLocatorStatusBits() const
{
    return (m_flags & kFlagL) != 0;
}

uint32_t
LispDataHeader::GetLocatorStatusBits() const
{
    return HasInstanceId() ? (m_second & 0xff) : m_second;
}

bool
LispDataHeader::IsValid() const
{
    return m_valid;
}

} // namespace sfc
} // namespace ns3
