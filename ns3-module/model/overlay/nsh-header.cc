/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "nsh-header.h"

#include "ns3/log.h"

#include <algorithm>
#include <cstring>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SfcNshHeader");

namespace sfc
{

NS_OBJECT_ENSURE_REGISTERED(NshHeader);

namespace
{
constexpr uint32_t kBaseBytes = 8; // base header + service path header
} // namespace

NshHeader::NshHeader()
    : m_oam(false),
      m_ttl(kDefaultTtl),
      m_mdType(kMdType2),
      m_nextProtocol(kNextIpv4),
      m_spi(0),
      m_si(255),
      m_contextSize(0),
      m_context{},
      m_valid(true)
{
}

TypeId
NshHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sfc::NshHeader")
                            .SetParent<Header>()
                            .SetGroupName("Sfc")
                            .AddConstructor<NshHeader>();
    return tid;
}

TypeId
NshHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

uint32_t
NshHeader::GetSerializedSize() const
{
    return kBaseBytes + m_contextSize;
}

void
NshHeader::Serialize(Buffer::Iterator start) const
{
    uint8_t lengthWords = static_cast<uint8_t>(GetSerializedSize() / 4);
    // Ver(2)=0 | O(1) | U(1) | TTL(6) | Length(6)
    uint16_t first = (m_oam ? 0x2000 : 0) | (uint16_t(m_ttl & 0x3f) << 6) | (lengthWords & 0x3f);
    start.WriteHtonU16(first);
    start.WriteU8(m_mdType & 0x0f);
    start.WriteU8(m_nextProtocol);
    start.WriteHtonU32(((m_spi & 0xffffff) << 8) | m_si);
    start.Write(m_context.data(), m_contextSize);
}

uint32_t
NshHeader::Deserialize(Buffer::Iterator start)
{
    m_valid = false;
    uint32_t available = start.GetRemainingSize();
    if (available < kBaseBytes)
    {
        NS_LOG_LOGIC("truncated NSH base header");
        return 0;
    }
    uint16_t first = start.ReadNtohU16();
    uint8_t mdType = start.ReadU8() & 0x0f;
    uint8_t next = start.ReadU8();
    uint32_t sp = start.ReadNtohU32();
    uint8_t version = first >> 14;
    uint32_t length = (first & 0x3f) * 4u;
    if (version != 0 || length < kBaseBytes || length > available)
    {
        NS_LOG_LOGIC("bad NSH version or length");
        return 0;
    }
    if ((mdType == kMdType1 && length != kBaseBytes + 16) ||
        (mdType != kMdType1 && mdType != kMdType2))
    {
        NS_LOG_LOGIC("bad NSH MD type " << unsigned(mdType) << " for length " << length);
        return 0;
    }
    m_oam = (first & 0x2000) != 0;
    m_ttl = (first >> 6) & 0x3f;
    m_mdType = mdType;
    m_nextProtocol = next;
    m_spi = sp >> 8;
    m_si = sp & 0xff;
    m_contextSize = length - kBaseBytes;
    start.Read(m_context.data(), m_contextSize);
    m_valid = true;
    return length;
}

void
NshHeader::Print(std::ostream& os) const
{
    os << "NSH spi=" << m_spi << " si=" << unsigned(m_si) << " ttl=" << unsigned(m_ttl)
       << " md=" << unsigned(m_mdType) << " next=" << unsigned(m_nextProtocol);
}

void
NshHeader::SetSpi(uint32_t spi)
{
    m_spi = spi & 0xffffff;
}

uint32_t
NshHeader::GetSpi() const
{
    return m_spi;
}

void
NshHeader::SetSi(uint8_t si)
{
    m_si = si;
}

uint8_t
NshHeader::GetSi() const
{
    return m_si;
}

void
NshHeader::SetTtl(uint8_t ttl)
{
    m_ttl = ttl & 0x3f;
}

uint8_t
NshHeader::GetTtl() const
{
    return m_ttl;
}

void
NshHeader::SetNextProtocol(uint8_t next)
{
    m_nextProtocol = next;
}

uint8_t
NshHeader::GetNextProtocol() const
{
    return m_nextProtocol;
}

void
NshHeader::SetOam(bool oam)
{
    m_oam = oam;
}

bool
NshHeader::IsOam() const
{
    return m_oam;
}

uint8_t
NshHeader::GetMdType() const
{
    return m_mdType;
}

bool
NshHeader::SetContext(uint8_t mdType, const uint8_t* data, uint32_t size)
{
    bool ok = (mdType == kMdType1 && size == 16) ||
              (mdType == kMdType2 && size % 4 == 0 && size <= kMaxContextBytes);
    if (!ok)
    {
        return false;
    }
    m_mdType = mdType;
    m_contextSize = size;
    if (size > 0)
    {
        std::memcpy(m_context.data(), data, size);
    }
    return true;
}

uint32_t
NshHeader::GetContextSize() const
{
    return m_contextSize;
}

const uint8_t*
NshHeader::GetContext() const
{
    return m_context.data();
}

bool
NshHeader::AddTlv(uint16_t mdClass, uint8_t type, const uint8_t* data, uint8_t size)
{
    uint32_t padded = (uint32_t(size) + 3u) & ~3u;
    if (size > 127 || (m_mdType == kMdType1 && m_contextSize != 0) ||
        m_contextSize + 4 + padded > kMaxContextBytes)
    {
        return false;
    }
    m_mdType = kMdType2;
    uint8_t* p = m_context.data() + m_contextSize;
    p[0] = static_cast<uint8_t>(mdClass >> 8);
    p[1] = static_cast<uint8_t>(mdClass);
    p[2] = type;
    p[3] = size & 0x7f;
    std::memset(p + 4, 0, padded);
    if (size > 0)
    {
        std::memcpy(p + 4, data, size);
    }
    m_contextSize += 4 + padded;
    return true;
}

int
NshHeader::FindTlv(uint16_t mdClass, uint8_t type, uint8_t* data, uint8_t maxSize) const
{
    if (m_mdType != kMdType2)
    {
        return -1;
    }
    uint32_t pos = 0;
    while (pos + 4 <= m_contextSize)
    {
        const uint8_t* p = m_context.data() + pos;
        uint16_t c = static_cast<uint16_t>((p[0] << 8) | p[1]);
        uint8_t len = p[3] & 0x7f;
        uint32_t padded = (uint32_t(len) + 3u) & ~3u;
        if (pos + 4 + padded > m_contextSize)
        {
            return -1;
        }
        if (c == mdClass && p[2] == type)
        {
            uint8_t n = std::min(len, maxSize);
            std::memcpy(data, p + 4, n);
            return len;
        }
        pos += 4 + padded;
    }
    return -1;
}

bool
NshHeader::IsValid() const
{
    return m_valid;
}

} // namespace sfc
} // namespace ns3
