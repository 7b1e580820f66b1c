/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "lisp-eid-prefix.h"

#include <tuple>

namespace ns3
{
namespace sfc
{

LispEidPrefix::LispEidPrefix()
    : m_iid(0),
      m_afi(LispAddress::kAfiIpv4),
      m_len(0),
      m_bytes{}
{
}

LispEidPrefix
LispEidPrefix::FromAddress(const LispAddress& eid, uint8_t maskLen)
{
    LispEidPrefix p;
    const LispAddress* a = &eid;
    if (eid.GetAfi() == LispAddress::kAfiLcaf && eid.GetLcafType() == LispAddress::kLcafInstanceId)
    {
        p.m_iid = eid.GetInstanceId();
        a = &eid.GetInner();
    }
    if (a->GetAfi() == LispAddress::kAfiIpv4)
    {
        p.m_afi = LispAddress::kAfiIpv4;
        a->GetIpv4().Serialize(p.m_bytes.data());
    }
    else if (a->GetAfi() == LispAddress::kAfiIpv6)
    {
        p.m_afi = LispAddress::kAfiIpv6;
        p.m_bytes = a->GetIpv6();
    }
    else
    {
        p.m_afi = 0;
        return p;
    }
    return p.Truncate(maskLen);
}

LispEidPrefix
LispEidPrefix::FromIpv4(Ipv4Address a, uint8_t maskLen, uint32_t iid)
{
    LispEidPrefix p;
    p.m_iid = iid;
    a.Serialize(p.m_bytes.data());
    return p.Truncate(maskLen);
}

bool
LispEidPrefix::IsValid() const
{
    return m_afi != 0;
}

uint32_t
LispEidPrefix::GetInstanceId() const
{
    return m_iid;
}

uint16_t
LispEidPrefix::GetAfi() const
{
    return m_afi;
}

uint8_t
LispEidPrefix::GetLength() const
{
    return m_len;
}

uint8_t
LispEidPrefix::GetMaxLength() const
{
    return m_afi == LispAddress::kAfiIpv6 ? 128 : 32;
}

LispEidPrefix
LispEidPrefix::Truncate(uint8_t len) const
{
    LispEidPrefix p = *this;
    p.m_len = std::min(len, GetMaxLength());
    for (uint32_t bit = p.m_len; bit < 128; ++bit)
    {
        p.m_bytes[bit / 8] &= static_cast<uint8_t>(~(0x80u >> (bit % 8)));
    }
    return p;
}

bool
LispEidPrefix::Contains(const LispEidPrefix& o) const
{
    if (!IsValid() || o.m_iid != m_iid || o.m_afi != m_afi || o.m_len < m_len)
    {
        return false;
    }
    return o.Truncate(m_len) == *this;
}

LispAddress
LispEidPrefix::ToAddress() const
{
    LispAddress a = m_afi == LispAddress::kAfiIpv6
                        ? LispAddress::FromIpv6(m_bytes)
                        : LispAddress::FromIpv4(Ipv4Address::Deserialize(m_bytes.data()));
    if (m_iid != 0)
    {
        return LispAddress::FromInstanceId(m_iid, 0, a);
    }
    return a;
}

void
LispEidPrefix::Print(std::ostream& os) const
{
    os << "[" << m_iid << "]" << ToAddress() << "/" << static_cast<uint32_t>(m_len);
}

bool
LispEidPrefix::operator<(const LispEidPrefix& o) const
{
    return std::tie(m_iid, m_afi, m_len, m_bytes) < std::tie(o.m_iid, o.m_afi, o.m_len, o.m_bytes);
}

bool
LispEidPrefix::operator==(const LispEidPrefix& o) const
{
    return m_iid == o.m_iid && m_afi == o.m_afi && m_len == o.m_len && m_bytes == o.m_bytes;
}

std::ostream&
operator<<(std::ostream& os, const LispEidPrefix& p)
{
    p.Print(os);
    return os;
}

} // namespace sfc
} // namespace ns3
