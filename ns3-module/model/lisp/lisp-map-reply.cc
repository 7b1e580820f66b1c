/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "lisp-map-reply.h"

#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SfcLispMapReply");

namespace sfc
{

NS_OBJECT_ENSURE_REGISTERED(LispMapReplyHeader);

LispMapReplyHeader::LispMapReplyHeader()
    : m_bits(uint32_t(kType) << 28),
      m_nonce(0),
      m_valid(true)
{
}

TypeId
LispMapReplyHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sfc::LispMapReplyHeader")
                            .SetParent<Header>()
                            .SetGroupName("Sfc")
                            .AddConstructor<LispMapReplyHeader>();
    return tid;
}

TypeId
LispMapReplyHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

uint32_t
LispMapReplyHeader::GetSerializedSize() const
{
    return kFixedSize + MappingRecordsSize(m_records);
}

void
LispMapReplyHeader::Serialize(Buffer::Iterator start) const
{
    start.WriteHtonU32((m_bits & 0xffffff00) | static_cast<uint32_t>(m_records.size()));
    start.WriteHtonU64(m_nonce);
    WriteMappingRecords(start, m_records);
}

uint32_t
LispMapReplyHeader::Deserialize(Buffer::Iterator start)
{
    m_valid = false;
    LispReader r(start);
    uint32_t w = r.U32();
    uint64_t nonce = r.U64();
    if (!r.Ok() || (w >> 28) != kType)
    {
        NS_LOG_LOGIC("not a Map-Reply or truncated");
        return 0;
    }
    std::vector<LispMappingRecord> records;
    if (!ReadMappingRecords(r, w & 0xff, records))
    {
        NS_LOG_LOGIC("malformed or truncated Map-Reply");
        return 0;
    }
    m_bits = w & 0xffffff00;
    m_nonce = nonce;
    m_records = records;
    m_valid = true;
    return r.Consumed();
}

void
LispMapReplyHeader::Print(std::ostream& os) const
{
    os << "Map-Reply nonce=" << m_nonce << (GetFlag(kFlagP) ? " probe" : "");
    for (const auto& rec : m_records)
    {
        os << " ";
        rec.Print(os);
    }
}

void
LispMapReplyHeader::SetFlag(uint32_t flag, bool on)
{
    flag &= 0x0fffff00;
    m_bits = on ? (m_bits | flag) : (m_bits & ~flag);
}

bool
LispMapReplyHeader::GetFlag(uint32_t flag) const
{
    return (m_bits & flag) != 0;
}

void
LispMapReplyHeader::SetNonce(uint64_t nonce)
{
    m_nonce = nonce;
}

uint64_t
LispMapReplyHeader::GetNonce() const
{
    return m_nonce;
}

bool
LispMapReplyHeader::AddRecord(const LispMappingRecord& rec)
{
    if (m_records.size() >= 255)
    {
        return false;
    }
    m_records.push_back(rec);
    return true;
}

const std::vector<LispMappingRecord>&
LispMapReplyHeader::GetRecords() const
{
    return m_records;
}

bool
LispMapReplyHeader::IsValid() const
{
    return m_valid;
}

} // namespace sfc
} // namespace ns3
