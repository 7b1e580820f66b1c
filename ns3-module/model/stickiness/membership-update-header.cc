/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "membership-update-header.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

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
      m_valid(true),
      m_auth(AUTH_NONE)
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
    return kSize + (m_auth == AUTH_HMAC_SHA256 ? kCodeSize : 0);
}

void
MembershipUpdateHeader::WriteFixed(Buffer::Iterator& i) const
{
    i.WriteU8(kVersion);
    i.WriteU8(kTypeUpdate);
    i.WriteHtonU16(m_chain);
    i.WriteHtonU32(m_sequence);
    i.WriteU8(m_function);
    i.WriteU8(m_action);
    i.WriteU8(m_auth);
    i.WriteU8(0); // key id: the controller's one key
    i.WriteHtonU32(m_instance);
    i.WriteHtonU32(m_locator.Get());
}

void
MembershipUpdateHeader::Serialize(Buffer::Iterator start) const
{
    WriteFixed(start);
    if (m_auth == AUTH_HMAC_SHA256)
    {
        std::vector<uint8_t> code = m_code;
        code.resize(kCodeSize, 0);
        start.Write(code.data(), kCodeSize);
    }
}

std::vector<uint8_t>
MembershipUpdateHeader::Code(const std::string& key, Ipv4Address receiver) const
{
    Buffer b;
    b.AddAtStart(kSize + 4);
    Buffer::Iterator i = b.Begin();
    WriteFixed(i);
    i.WriteHtonU32(receiver.Get());
    std::vector<uint8_t> data(kSize + 4);
    b.CopyData(data.data(), data.size());
    std::vector<uint8_t> out(EVP_MAX_MD_SIZE);
    unsigned int n = 0;
    if (HMAC(EVP_sha256(),
             key.data(),
             static_cast<int>(key.size()),
             data.data(),
             data.size(),
             out.data(),
             &n) == nullptr)
    {
        return {};
    }
    out.resize(n);
    return out;
}

void
MembershipUpdateHeader::Sign(const std::string& key, Ipv4Address receiver)
{
    if (key.empty())
    {
        m_auth = AUTH_NONE;
        m_code.clear();
        return;
    }
    m_auth = AUTH_HMAC_SHA256;
    m_code = Code(key, receiver);
}

bool
MembershipUpdateHeader::IsSigned() const
{
    return m_auth == AUTH_HMAC_SHA256;
}

bool
MembershipUpdateHeader::Verifies(const std::string& key, Ipv4Address receiver) const
{
    if (!IsSigned() || key.empty() || m_code.size() != kCodeSize)
    {
        return false;
    }
    std::vector<uint8_t> expected = Code(key, receiver);
    return expected.size() == kCodeSize &&
           CRYPTO_memcmp(expected.data(), m_code.data(), kCodeSize) == 0;
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
    uint8_t auth = start.ReadU8();
    uint8_t keyId = start.ReadU8();
    uint32_t instance = start.ReadNtohU32();
    uint32_t locator = start.ReadNtohU32();
    if (version != kVersion || type != kTypeUpdate || action < ADD || action > REMOVE ||
        auth > AUTH_HMAC_SHA256 || keyId != 0 ||
        (auth == AUTH_HMAC_SHA256 && start.GetRemainingSize() < kCodeSize))
    {
        return 0;
    }
    m_code.clear();
    if (auth == AUTH_HMAC_SHA256)
    {
        m_code.resize(kCodeSize);
        start.Read(m_code.data(), kCodeSize);
    }
    m_auth = auth;
    m_chain = chain;
    m_sequence = seq;
    m_function = function;
    m_action = static_cast<Action>(action);
    m_instance = instance;
    m_locator = Ipv4Address(locator);
    m_valid = true;
    return GetSerializedSize();
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
