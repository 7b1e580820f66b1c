/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "lisp-map-request.h"

#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SfcLispMapRequest");

namespace sfc
{

NS_OBJECT_ENSURE_REGISTERED(LispMapRequestHeader);

namespace
{
constexpr uint32_t kCountMask = 0x00001fff; // IRC (5 bits) + record count (8 bits)
constexpr uint32_t kMaxItrRlocs = 32;
constexpr uint32_t kMaxRecords = 255;
} // namespace

LispMapRequestHeader::LispMapRequestHeader()
    : m_bits(uint32_t(kType) << 28),
      m_nonce(0),
      m_valid(true)
{
}

TypeId
LispMapRequestHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sfc::LispMapRequestHeader")
                            .SetParent<Header>()
                            .SetGroupName("Sfc")
                            .AddConstructor<LispMapRequestHeader>();
    return tid;
}

TypeId
LispMapRequestHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

uint32_t
LispMapRequestHeader::GetSerializedSize() const
{
    uint32_t n = kFixedSize + m_sourceEid.GetSerializedSize();
    if (m_itrRlocs.empty())
    {
        n += 2; // one AFI-0 ITR-RLOC
    }
    for (const auto& a : m_itrRlocs)
    {
        n += a.GetSerializedSize();
    }
    for (const auto& r : m_records)
    {
        n += r.GetSerializedSize();
    }
    if (GetFlag(kFlagM))
    {
        n += m_mapReply.GetSerializedSize();
    }
    return n;
}

void
LispMapRequestHeader::Serialize(Buffer::Iterator start) const
{
    uint32_t irc = m_itrRlocs.empty() ? 0 : static_cast<uint32_t>(m_itrRlocs.size() - 1);
    start.WriteHtonU32((m_bits & ~kCountMask) | (irc << 8) |
                       static_cast<uint32_t>(m_records.size()));
    start.WriteHtonU64(m_nonce);
    m_sourceEid.Write(start);
    if (m_itrRlocs.empty())
    {
        LispAddress().Write(start);
    }
    for (const auto& a : m_itrRlocs)
    {
        a.Write(start);
    }
    for (const auto& r : m_records)
    {
        r.Write(start);
    }
    if (GetFlag(kFlagM))
    {
        m_mapReply.Write(start);
    }
}

uint32_t
LispMapRequestHeader::Deserialize(Buffer::Iterator start)
{
    m_valid = false;
    LispReader r(start);
    uint32_t w = r.U32();
    uint64_t nonce = r.U64();
    if (!r.Ok() || (w >> 28) != kType)
    {
        NS_LOG_LOGIC("not a Map-Request or truncated");
        return 0;
    }
    LispAddress source;
    source.Read(r);
    std::vector<LispAddress> rlocs;
    uint32_t irc = ((w >> 8) & 0x1f) + 1;
    for (uint32_t i = 0; i < irc && r.Ok(); ++i)
    {
        LispAddress a;
        a.Read(r);
        rlocs.push_back(a);
    }
    std::vector<LispEidRecord> records;
    uint32_t count = w & 0xff;
    for (uint32_t i = 0; i < count && r.Ok(); ++i)
    {
        LispEidRecord rec;
        rec.Read(r);
        records.push_back(rec);
    }
    LispMappingRecord mapReply;
    if (w & kFlagM)
    {
        mapReply.Read(r);
    }
    if (!r.Ok())
    {
        NS_LOG_LOGIC("malformed or truncated Map-Request");
        return 0;
    }
    m_bits = w & ~kCountMask;
    m_nonce = nonce;
    m_sourceEid = source;
    m_itrRlocs = rlocs;
    m_records = records;
    m_mapReply = mapReply;
    m_valid = true;
    return r.Consumed();
}

void
LispMapRequestHeader::Print(std::ostream& os) const
{
    os << "Map-Request nonce=" << m_nonce << (IsSmr() ? " SMR" : "")
       << (IsSmrInvoked() ? " SMR-invoked" : "") << (IsProbe() ? " probe" : "")
       << " src=" << m_sourceEid << " itr-rlocs=";
    for (const auto& a : m_itrRlocs)
    {
        os << a << " ";
    }
    for (const auto& r : m_records)
    {
        os << "eid=" << r.eid << "/" << unsigned(r.eidMaskLen) << " ";
    }
    if (GetFlag(kFlagM))
    {
        m_mapReply.Print(os);
    }
}

void
LispMapRequestHeader::SetFlag(uint32_t flag, bool on)
{
    flag &= 0x0fffffff & ~kCountMask; // never the type or the counts
    m_bits = on ? (m_bits | flag) : (m_bits & ~flag);
}

bool
LispMapRequestHeader::GetFlag(uint32_t flag) const
{
    return (m_bits & flag) != 0;
}

void
LispMapRequestHeader::SetSmr(bool on)
{
    SetFlag(kFlagS, on);
}

bool
LispMapRequestHeader::IsSmr() const
{
    return GetFlag(kFlagS);
}

void
LispMapRequestHeader::SetSmrInvoked(bool on)
{
    SetFlag(kFlagSmrInvoked, on);
}

bool
LispMapRequestHeader::IsSmrInvoked() const
{
    return GetFlag(kFlagSmrInvoked);
}

void
LispMapRequestHeader::SetProbe(bool on)
{
    SetFlag(kFlagP, on);
}

bool
LispMapRequestHeader::IsProbe() const
{
    return GetFlag(kFlagP);
}

void
LispMapRequestHeader::SetNonce(uint64_t nonce)
{
    m_nonce = nonce;
}

uint64_t
LispMapRequestHeader::GetNonce() const
{
    return m_nonce;
}

void
LispMapRequestHeader::SetSourceEid(const LispAddress& eid)
{
    m_sourceEid = eid;
}

const LispAddress&
LispMapRequestHeader::GetSourceEid() const
{
    return m_sourceEid;
}

bool
LispMapRequestHeader::AddItrRloc(const LispAddress& rloc)
{
    if (m_itrRlocs.size() >= kMaxItrRlocs)
    {
        return false;
    }
    m_itrRlocs.push_back(rloc);
    return true;
}

const std::vector<LispAddress>&
LispMapRequestHeader::GetItrRlocs() const
{
    return m_itrRlocs;
}

bool
LispMapRequestHeader::AddRecord(const LispEidRecord& rec)
{
    if (m_records.size() >= kMaxRecords)
    {
        return false;
    }
    m_records.push_back(rec);
    return true;
}

const std::vector<LispEidRecord>&
LispMapRequestHeader::GetRecords() const
{
    return m_records;
}

void
LispMapRequestHeader::SetMapReplyRecord(const LispMappingRecord& rec)
{
    m_mapReply = rec;
    SetFlag(kFlagM, true);
}

bool
LispMapRequestHeader::HasMapReplyRecord() const
{
    return GetFlag(kFlagM);
}

const LispMappingRecord&
LispMapRequestHeader::GetMapReplyRecord() const
{
    return m_mapReply;
}

bool
LispMapRequestHeader::IsValid() const
{
    return m_valid;
}

} // namespace sfc
} // namespace ns3
