/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "lisp-address.h"

#include "ns3/log.h"

#include <iomanip>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SfcLispAddress");

namespace sfc
{

namespace
{
constexpr uint32_t kLcafHeaderBytes = 8; // AFI + Rsvd1 + Flags + Type + Rsvd2 + Length
} // namespace

// ---------------------------------------------------------------------------
// LispElpHop

bool
LispElpHop::IsLookup() const
{
    return (flags & kLookup) != 0;
}

bool
LispElpHop::IsProbe() const
{
    return (flags & kProbe) != 0;
}

bool
LispElpHop::IsStrict() const
{
    return (flags & kStrict) != 0;
}

// ---------------------------------------------------------------------------
// LispAddress

LispAddress::LispAddress()
    : m_afi(kAfiNone),
      m_ipv4(),
      m_ipv6{},
      m_lcafRsvd1(0),
      m_lcafFlags(0),
      m_lcafType(0),
      m_lcafRsvd2(0),
      m_iid(0)
{
}

LispAddress
LispAddress::FromIpv4(Ipv4Address a)
{
    LispAddress r;
    r.m_afi = kAfiIpv4;
    r.m_ipv4 = a;
    return r;
}

LispAddress
LispAddress::FromIpv6(const std::array<uint8_t, 16>& bytes)
{
    LispAddress r;
    r.m_afi = kAfiIpv6;
    r.m_ipv6 = bytes;
    return r;
}

LispAddress
LispAddress::FromInstanceId(uint32_t iid, uint8_t maskLen, const LispAddress& inner)
{
    LispAddress r;
    r.m_afi = kAfiLcaf;
    r.m_lcafType = kLcafInstanceId;
    r.m_lcafRsvd2 = maskLen;
    r.m_iid = iid;
    r.m_inner.push_back(inner);
    return r;
}

LispAddress
LispAddress::FromElp(const std::vector<LispElpHop>& hops)
{
    LispAddress r;
    r.m_afi = kAfiLcaf;
    r.m_lcafType = kLcafElp;
    r.m_hops = hops;
    return r;
}

uint16_t
LispAddress::GetAfi() const
{
    return m_afi;
}

bool
LispAddress::IsIpv4() const
{
    return m_afi == kAfiIpv4;
}

Ipv4Address
LispAddress::GetIpv4() const
{
    return m_ipv4;
}

const std::array<uint8_t, 16>&
LispAddress::GetIpv6() const
{
    return m_ipv6;
}

uint8_t
LispAddress::GetLcafType() const
{
    return m_lcafType;
}

uint32_t
LispAddress::GetInstanceId() const
{
    return m_iid;
}

uint8_t
LispAddress::GetInstanceIdMaskLen() const
{
    return m_lcafRsvd2;
}

const LispAddress&
LispAddress::GetInner() const
{
    static const LispAddress none;
    return m_inner.empty() ? none : m_inner.front();
}

const std::vector<LispElpHop>&
LispAddress::GetElpHops() const
{
    return m_hops;
}

uint32_t
LispAddress::GetSerializedSize() const
{
    switch (m_afi)
    {
    case kAfiIpv4:
        return 2 + 4;
    case kAfiIpv6:
        return 2 + 16;
    case kAfiLcaf: {
        uint32_t body = 0;
        if (m_lcafType == kLcafInstanceId)
        {
            body = 4 + GetInner().GetSerializedSize();
        }
        else if (m_lcafType == kLcafElp)
        {
            for (const auto& h : m_hops)
            {
                body += 4 + (h.afi == kAfiIpv6 ? 16 : 4);
            }
        }
        else
        {
            body = static_cast<uint32_t>(m_opaque.size());
        }
        return kLcafHeaderBytes + body;
    }
    default:
        return 2;
    }
}

void
LispAddress::Write(Buffer::Iterator& it) const
{
    it.WriteHtonU16(m_afi);
    switch (m_afi)
    {
    case kAfiIpv4:
        it.WriteHtonU32(m_ipv4.Get());
        return;
    case kAfiIpv6:
        it.Write(m_ipv6.data(), 16);
        return;
    case kAfiLcaf:
        break;
    default:
        return;
    }
    it.WriteU8(m_lcafRsvd1);
    it.WriteU8(m_lcafFlags);
    it.WriteU8(m_lcafType);
    it.WriteU8(m_lcafRsvd2);
    it.WriteHtonU16(static_cast<uint16_t>(GetSerializedSize() - kLcafHeaderBytes));
    if (m_lcafType == kLcafInstanceId)
    {
        it.WriteHtonU32(m_iid);
        GetInner().Write(it);
    }
    else if (m_lcafType == kLcafElp)
    {
        for (const auto& h : m_hops)
        {
            it.WriteHtonU16(h.flags);
            it.WriteHtonU16(h.afi == kAfiIpv6 ? kAfiIpv6 : kAfiIpv4);
            if (h.afi == kAfiIpv6)
            {
                it.Write(h.ipv6.data(), 16);
            }
            else
            {
                it.WriteHtonU32(h.ipv4.Get());
            }
        }
    }
    else if (!m_opaque.empty())
    {
        it.Write(m_opaque.data(), static_cast<uint32_t>(m_opaque.size()));
    }
}

bool
LispAddress::Read(LispReader& r, int depth)
{
    *this = LispAddress();
    m_afi = r.U16();
    std::vector<uint8_t> bytes;
    switch (m_afi)
    {
    case kAfiNone:
        return r.Ok();
    case kAfiIpv4:
        m_ipv4.Set(r.U32());
        return r.Ok();
    case kAfiIpv6:
        if (r.Bytes(bytes, 16))
        {
            std::copy(bytes.begin(), bytes.end(), m_ipv6.begin());
        }
        return r.Ok();
    case kAfiLcaf:
        break;
    default:
        NS_LOG_LOGIC("unsupported AFI " << m_afi);
        r.Fail();
        return false;
    }
    if (depth >= kMaxDepth)
    {
        r.Fail();
        return false;
    }
    m_lcafRsvd1 = r.U8();
    m_lcafFlags = r.U8();
    m_lcafType = r.U8();
    m_lcafRsvd2 = r.U8();
    uint16_t length = r.U16();
    if (!r.Need(length))
    {
        return false;
    }
    uint32_t start = r.Consumed();
    if (m_lcafType == kLcafInstanceId)
    {
        m_iid = r.U32();
        LispAddress inner;
        inner.Read(r, depth + 1);
        m_inner.push_back(inner);
    }
    else if (m_lcafType == kLcafElp)
    {
        // each hop consumes at least 4 bytes: the loop ends within length / 4 rounds
        while (r.Ok() && r.Consumed() - start < length)
        {
            LispElpHop h;
            h.flags = r.U16();
            h.afi = r.U16();
            if (h.afi == kAfiIpv4)
            {
                h.ipv4.Set(r.U32());
            }
            else if (h.afi == kAfiIpv6 && r.Bytes(bytes, 16))
            {
                std::copy(bytes.begin(), bytes.end(), h.ipv6.begin());
            }
            else
            {
                r.Fail();
            }
            m_hops.push_back(h);
        }
    }
    else
    {
        r.Bytes(m_opaque, length);
    }
    if (r.Ok() && r.Consumed() - start != length)
    {
        NS_LOG_LOGIC("LCAF length " << length << " does not match its body");
        r.Fail();
    }
    return r.Ok();
}

void
LispAddress::Print(std::ostream& os) const
{
    switch (m_afi)
    {
    case kAfiNone:
        os << "(none)";
        break;
    case kAfiIpv4:
        os << m_ipv4;
        break;
    case kAfiIpv6: {
        std::ios_base::fmtflags f = os.flags();
        for (std::size_t i = 0; i < 16; i += 2)
        {
            os << (i ? ":" : "") << std::hex << ((m_ipv6[i] << 8) | m_ipv6[i + 1]);
        }
        os.flags(f);
        break;
    }
    case kAfiLcaf:
        if (m_lcafType == kLcafInstanceId)
        {
            os << "[" << m_iid << "]" << GetInner();
        }
        else if (m_lcafType == kLcafElp)
        {
            os << "elp(";
            for (std::size_t i = 0; i < m_hops.size(); ++i)
            {
                os << (i ? "->" : "") << m_hops[i].ipv4;
            }
            os << ")";
        }
        else
        {
            os << "lcaf" << unsigned(m_lcafType);
        }
        break;
    default:
        os << "afi" << m_afi;
    }
}

bool
LispAddress::operator==(const LispAddress& o) const
{
    if (m_afi != o.m_afi || GetSerializedSize() != o.GetSerializedSize())
    {
        return false;
    }
    Buffer a;
    Buffer b;
    a.AddAtStart(GetSerializedSize());
    b.AddAtStart(o.GetSerializedSize());
    Buffer::Iterator ia = a.Begin();
    Buffer::Iterator ib = b.Begin();
    Write(ia);
    o.Write(ib);
    std::vector<uint8_t> x(a.GetSize());
    std::vector<uint8_t> y(b.GetSize());
    a.CopyData(x.data(), x.size());
    b.CopyData(y.data(), y.size());
    return x == y;
}

std::ostream&
operator<<(std::ostream& os, const LispAddress& a)
{
    a.Print(os);
    return os;
}

} // namespace sfc
} // namespace ns3
