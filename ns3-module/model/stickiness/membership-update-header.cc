/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "membership-update-header.h"

namespace ns3
{
namespace sfc
{

NS_OBJECT_ENSURE_REGISTERED(MembershipUpdateHeader);

MembershipUpdateHeader::MembershipUpdateHeader()
    : m_chain(0),
      m_sequence(0),
      m_function(0),
      m_action(ADD),
      m_instance(0),
      m_valid(true)
{
}

TypeId
MembershipUpdateHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sfc::MembershipUpdateHeader")
                            .SetParent<Header>()
                            .SetGroupName("Sfc")
                            .AddConstructor<MembershipUpdateHeader>();
    return tid;
}

TypeId
MembershipUpdateHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

uint32_t
MembershipUpdateHeader::GetSerializedSize() const
{
    return kSize;
}

void
MembershipUpdateHeader::Serialize(Buffer::Iterator start) const
{
    start.WriteU8(kVersion);
    start.WriteU8(kTypeUpdate);
    start.WriteHtonU16(m_chain);
    start.WriteHtonU32(m_sequence);
    start.WriteU8(m_function);
    start.WriteU8(m_action);
    start.WriteU16(0);
    start.WriteHtonU32(m_instance);
    start.WriteHtonU32(m_locator.Get());
}

uint32_t
MembershipUpdateHeader::Deserialize(Buffer::Iterator start)
{
    m_valid = false;
    if (start.GetRemainingSize() < kSize)
    {
        return 0;
    }
    uint8_t version = start.ReadU8();
    uint8_t type = start.ReadU8();
    uint16_t chain = start.ReadNtohU16();
    uint32_t seq = start.ReadNtohU32();
    uint8_t function = start.ReadU8();
    uint8_t action = start.ReadU8();
    start.ReadU16();
    uint32_t instance = start.ReadNtohU32();
    uint32_t locator = start.ReadNtohU32();
    if (version != kVersion || type != kTypeUpdate || action < ADD || action > REMOVE)
    {
        return 0;
    }
    m_chain = chain;
    m_sequence = seq;
    m_function = function;
    m_action = static_cast<Action>(action);
    m_instance = instance;
    m_locator = Ipv4Address(locator);
    m_valid = true;
    return kSize;
}

void
MembershipUpdateHeader::Print(std::ostream& os) const
{
    static const char* names[] = {"?", "add", "drain", "remove"};
    os << "membership chain=" << m_chain << " seq=" << m_sequence
       << " function=" << unsigned(m_function) << " " << names[m_action]
       << " instance=" << m_instance << "@" << m_locator;
}

void
MembershipUpdateHeader::SetChain(uint16_t chain)
{
    m_chain = chain;
}

uint16_t
MembershipUpdateHeader::GetChain() const
{
    return m_chain;
}

void
MembershipUpdateHeader::SetSequence(uint32_t seq)
{
    m_sequence = seq;
}

uint32_t
MembershipUpdateHeader::GetSequence() const
{
    return m_sequence;
}

void
MembershipUpdateHeader::SetFunction(uint8_t function)
{
    m_function = function;
}

uint8_t
MembershipUpdateHeader::GetFunction() const
{
    return m_function;
}

void
MembershipUpdateHeader::SetAction(Action action)
{
    m_action = action;
}

MembershipUpdateHeader::Action
MembershipUpdateHeader::GetAction() const
{
    return m_action;
}

void
MembershipUpdateHeader::SetInstance(uint32_t instance)
{
    m_instance = instance;
}

uint32_t
MembershipUpdateHeader::GetInstance() const
{
    return m_instance;
}

void
MembershipUpdateHeader::SetLocator(Ipv4Address locator)
{
    m_locator = locator;
}

Ipv4Address
MembershipUpdateHeader::GetLocator() const
{
    return m_locator;
}

bool
MembershipUpdateHeader::IsValid() const
{
    return m_valid;
}

} // namespace sfc
} // namespace ns3
