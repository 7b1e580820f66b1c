/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "lisp-map-register.h"

#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SfcLispMapRegister");

namespace sfc
{

NS_OBJECT_ENSURE_REGISTERED(LispMapRegisterBase);
NS_OBJECT_ENSURE_REGISTERED(LispMapRegisterHeader);
NS_OBJECT_ENSURE_REGISTERED(LispMapNotifyHeader);

LispMapRegisterBase::LispMapRegisterBase(uint8_t type, uint32_t xtrIdFlag)
    : m_type(type),
      m_xtrIdFlag(xtrIdFlag),
      m_bits(uint32_t(type) << 28),
      m_nonce(0),
      m_keyId(0),
      m_xtrId{},
      m_siteId(0),
      m_valid(true)
{
}

TypeId
LispMapRegisterBase::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sfc::LispMapRegisterBase").SetParent<Header>().SetGroupName("Sfc");
    return tid;
}

uint32_t
LispMapRegisterBase::GetSerializedSize() const
{
    uint32_t n =
        kAuthDataOffset + static_cast<uint32_t>(m_authData.size()) + MappingRecordsSize(m_records);
    if (HasXtrId())
    {
        n += kXtrIdSize + kSiteIdSize;
    }
    return n;
}

void
LispMapRegisterBase::Serialize(Buffer::Iterator start) const
{
    start.WriteHtonU32((m_bits & 0xffffff00) | static_cast<uint32_t>(m_records.size()));
    start.WriteHtonU64(m_nonce);
    start.WriteHtonU16(m_keyId);
    start.WriteHtonU16(static_cast<uint16_t>(m_authData.size()));
    if (!m_authData.empty())
    {
        start.Write(m_authData.data(), static_cast<uint32_t>(m_authData.size()));
    }
    WriteMappingRecords(start, m_records);
    if (HasXtrId())
    {
        start.Write(m_xtrId.data(), kXtrIdSize);
        start.WriteHtonU64(m_siteId);
    }
}

uint32_t
LispMapRegisterBase::Deserialize(Buffer::Iterator start)
{
    m_valid = false;
    LispReader r(start);
    uint32_t w = r.U32();
    uint64_t nonce = r.U64();
    uint16_t keyId = r.U16();
    uint16_t authLen = r.U16();
    if (!r.Ok() || (w >> 28) != m_type)
    {
        NS_LOG_LOGIC("wrong type or truncated fixed part");
        return 0;
    }
    std::vector<uint8_t> auth;
    r.Bytes(auth, authLen);
    std::vector<LispMappingRecord> records;
    ReadMappingRecords(r, w & 0xff, records);
    std::vector<uint8_t> xtr;
    uint64_t siteId = 0;
    if (w & m_xtrIdFlag)
    {
        r.Bytes(xtr, kXtrIdSize);
        siteId = r.U64();
    }
    if (!r.Ok())
    {
        NS_LOG_LOGIC("malformed or truncated Map-Register/Map-Notify");
        return 0;
    }
    m_bits = w & 0xffffff00;
    m_nonce = nonce;
    m_keyId = keyId;
    m_authData = auth;
    m_records = records;
    m_xtrId = {};
    std::copy(xtr.begin(), xtr.end(), m_xtrId.begin());
    m_siteId = siteId;
    m_valid = true;
    return r.Consumed();
}

void
LispMapRegisterBase::Print(std::ostream& os) const
{
    os << (m_type == LispMapRegisterHeader::kType ? "Map-Register" : "Map-Notify")
       << " nonce=" << m_nonce << " key-id=" << m_keyId << " auth-len=" << m_authData.size();
    for (const auto& rec : m_records)
    {
        os << " ";
        rec.Print(os);
    }
    if (HasXtrId())
    {
        os << " site-id=" << m_siteId;
    }
}

void
LispMapRegisterBase::SetFlag(uint32_t flag, bool on)
{
    flag &= 0x0fffff00;
    m_bits = on ? (m_bits | flag) : (m_bits & ~flag);
}

bool
LispMapRegisterBase::GetFlag(uint32_t flag) const
{
    return (m_bits & flag) != 0;
}

void
LispMapRegisterBase::SetNonce(uint64_t nonce)
{
    m_nonce = nonce;
}

uint64_t
LispMapRegisterBase::GetNonce() const
{
    return m_nonce;
}

void
LispMapRegisterBase::SetKeyId(uint16_t keyId)
{
    m_keyId = keyId;
}

uint16_t
LispMapRegisterBase::GetKeyId() const
{
    return m_keyId;
}

void
LispMapRegisterBase::SetAuthData(const std::vector<uint8_t>& data)
{
    m_authData.assign(data.begin(), data.begin() + std::min<std::size_t>(data.size(), 0xffff));
}

const std::vector<uint8_t>&
LispMapRegisterBase::GetAuthData() const
{
    return m_authData;
}

bool
LispMapRegisterBase::AddRecord(const LispMappingRecord& rec)
{
    if (m_records.size() >= 255)
    {
        return false;
    }
    m_records.push_back(rec);
    return true;
}

const std::vector<LispMappingRecord>&
LispMapRegisterBase::GetRecords() const
{
    return m_records;
}

void
LispMapRegisterBase::SetXtrId(const std::array<uint8_t, kXtrIdSize>& xtrId, uint64_t siteId)
{
    m_xtrId = xtrId;
    m_siteId = siteId;
    SetFlag(m_xtrIdFlag, true);
}

bool
LispMapRegisterBase::HasXtrId() const
{
    return GetFlag(m_xtrIdFlag);
}

const std::array<uint8_t, LispMapRegisterBase::kXtrIdSize>&
LispMapRegisterBase::GetXtrId() const
{
    return m_xtrId;
}

uint64_t
LispMapRegisterBase::GetSiteId() const
{
    return m_siteId;
}

uint8_t
LispMapRegisterBase::GetMessageType() const
{
    return m_type;
}

bool
LispMapRegisterBase::IsValid() const
{
    return m_valid;
}

// ---------------------------------------------------------------------------

LispMapRegisterHeader::LispMapRegisterHeader()
    : LispMapRegisterBase(kType, kFlagXtrId)
{
}

TypeId
LispMapRegisterHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sfc::LispMapRegisterHeader")
                            .SetParent<LispMapRegisterBase>()
                            .SetGroupName("Sfc")
                            .AddConstructor<LispMapRegisterHeader>();
    return tid;
}

TypeId
LispMapRegisterHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

LispMapNotifyHeader::LispMapNotifyHeader()
    : LispMapRegisterBase(kType, kFlagXtrId)
{
}

TypeId
LispMapNotifyHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sfc::LispMapNotifyHeader")
                            .SetParent<LispMapRegisterBase>()
                            .SetGroupName("Sfc")
                            .AddConstructor<LispMapNotifyHeader>();
    return tid;
}

TypeId
LispMapNotifyHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

} // namespace sfc
} // namespace ns3
