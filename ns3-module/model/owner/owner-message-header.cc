/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "owner-message-header.h"

namespace ns3
{
namespace sfc
{

NS_OBJECT_ENSURE_REGISTERED(OwnerMessageHeader);

namespace
{

/// \return true if code is allowed for type
bool
CodeAllowed(uint8_t type, uint8_t code)
{
    switch (type)
    {
    case OwnerMessageHeader::NACK:
        return code == OwnerMessageHeader::NO_ASSOCIATION || code == OwnerMessageHeader::NOT_HELPER;
    case OwnerMessageHeader::ACK:
        return code == OwnerMessageHeader::REGISTER || code == OwnerMessageHeader::WITHDRAW ||
               code == OwnerMessageHeader::kTypeSubsetMap;
    default:
        return code == 0;
    }
}

/// \return true if flags are allowed for type
bool
FlagsAllowed(uint8_t type, uint8_t flags)
{
    uint8_t allowed = type == OwnerMessageHeader::REGISTER ? OwnerMessageHeader::FLAG_TRANSFER : 0;
    return (flags & ~allowed) == 0;
}

} // namespace

OwnerMessageHeader::OwnerMessageHeader()
    : m_type(QUERY),
      m_code(0),
      m_flags(0),
      m_txid(0),
      m_epoch(0),
      m_key(0, FlowKey(Ipv4Address::GetAny(), Ipv4Address::GetAny(), 0, 0, 0)),
      m_owner(Ipv4Address::GetAny()),
      m_lifetime(0),
      m_valid(true)
{
}

TypeId
OwnerMessageHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sfc::OwnerMessageHeader")
                            .SetParent<Header>()
                            .SetGroupName("Sfc")
                            .AddConstructor<OwnerMessageHeader>();
    return tid;
}

TypeId
OwnerMessageHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

uint32_t
OwnerMessageHeader::GetSerializedSize() const
{
    return kSize;
}

void
OwnerMessageHeader::Serialize(Buffer::Iterator start) const
{
    start.WriteU8(kVersion);
    start.WriteU8(m_type);
    start.WriteU8(m_code);
    start.WriteU8(m_flags);
    start.WriteHtonU32(m_txid);
    start.WriteHtonU32(m_epoch);
    start.WriteHtonU32(m_key.vnet);
    start.WriteHtonU32(m_key.tuple.src.Get());
    start.WriteHtonU32(m_key.tuple.dst.Get());
    start.WriteHtonU16(m_key.tuple.sport);
    start.WriteHtonU16(m_key.tuple.dport);
    start.WriteU8(m_key.tuple.protocol);
    start.WriteU8(0);
    start.WriteU16(0);
    start.WriteHtonU32(m_owner.Get());
    start.WriteHtonU32(m_lifetime);
}

uint32_t
OwnerMessageHeader::Deserialize(Buffer::Iterator start)
{
    m_valid = false;
    if (start.GetRemainingSize() < kSize)
    {
        return 0;
    }
    uint8_t version = start.ReadU8();
    uint8_t type = start.ReadU8();
    uint8_t code = start.ReadU8();
    uint8_t flags = start.ReadU8();
    uint32_t txid = start.ReadNtohU32();
    uint32_t epoch = start.ReadNtohU32();
    uint32_t vnet = start.ReadNtohU32();
    uint32_t src = start.ReadNtohU32();
    uint32_t dst = start.ReadNtohU32();
    uint16_t sport = start.ReadNtohU16();
    uint16_t dport = start.ReadNtohU16();
    uint8_t protocol = start.ReadU8();
    uint8_t reserved8 = start.ReadU8();
    uint16_t reserved16 = start.ReadU16();
    uint32_t owner = start.ReadNtohU32();
    uint32_t lifetime = start.ReadNtohU32();
    if (version != kVersion || !IsKnownType(type) || !CodeAllowed(type, code) ||
        !FlagsAllowed(type, flags) || reserved8 != 0 || reserved16 != 0)
    {
        return 0;
    }
    m_type = static_cast<Type>(type);
    m_code = code;
    m_flags = flags;
    m_txid = txid;
    m_epoch = epoch;
    m_key = VnetFlowKey(vnet, FlowKey(Ipv4Address(src), Ipv4Address(dst), sport, dport, protocol));
    m_owner = Ipv4Address(owner);
    m_lifetime = lifetime;
    m_valid = true;
    return kSize;
}

bool
OwnerMessageHeader::IsKnownType(uint8_t type)
{
    return type >= QUERY && type <= ACK;
}

const char*
OwnerMessageHeader::TypeName(uint8_t type)
{
    static const char* names[] =
        {"?", "query", "reply", "nack", "notify", "register", "withdraw", "ack", "subset-map"};
    return type <= kTypeSubsetMap ? names[type] : "?";
}

void
OwnerMessageHeader::Print(std::ostream& os) const
{
    os << "owner-" << TypeName(m_type) << " tx=" << m_txid << " epoch=" << m_epoch << " " << m_key;
    if (m_type == NACK)
    {
        os << " reason=" << unsigned(m_code);
    }
    else if (m_type == ACK)
    {
        os << " acks=" << TypeName(m_code);
    }
    else
    {
        os << " owner=" << m_owner;
    }
    if (m_type == REGISTER)
    {
        os << " lifetime=" << m_lifetime << "ms" << ((m_flags & FLAG_TRANSFER) ? " transfer" : "");
    }
}

void
OwnerMessageHeader::SetType(Type type)
{
    m_type = type;
}

OwnerMessageHeader::Type
OwnerMessageHeader::GetType() const
{
    return m_type;
}

void
OwnerMessageHeader::SetCode(uint8_t code)
{
    m_code = code;
}

uint8_t
OwnerMessageHeader::GetCode() const
{
    return m_code;
}

void
OwnerMessageHeader::SetFlags(uint8_t flags)
{
    m_flags = flags;
}

uint8_t
OwnerMessageHeader::GetFlags() const
{
    return m_flags;
}

void
OwnerMessageHeader::SetTransaction(uint32_t id)
{
    m_txid = id;
}

uint32_t
OwnerMessageHeader::GetTransaction() const
{
    return m_txid;
}

void
OwnerMessageHeader::SetEpoch(uint32_t epoch)
{
    m_epoch = epoch;
}

uint32_t
OwnerMessageHeader::GetEpoch() const
{
    return m_epoch;
}

void
OwnerMessageHeader::SetKey(const VnetFlowKey& key)
{
    m_key = key;
}

const VnetFlowKey&
OwnerMessageHeader::GetKey() const
{
    return m_key;
}

void
OwnerMessageHeader::SetOwner(Ipv4Address owner)
{
    m_owner = owner;
}

Ipv4Address
OwnerMessageHeader::GetOwner() const
{
    return m_owner;
}

void
OwnerMessageHeader::SetLifetimeMs(uint32_t ms)
{
    m_lifetime = ms;
}

uint32_t
OwnerMessageHeader::GetLifetimeMs() const
{
    return m_lifetime;
}

bool
OwnerMessageHeader::IsValid() const
{
    return m_valid;
}

} // namespace sfc
} // namespace ns3
