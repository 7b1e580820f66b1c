/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "security-segment.h"

#include <algorithm>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace ns3
{

namespace sfc
{

NS_OBJECT_ENSURE_REGISTERED(SecuritySegment);

TypeId
SecuritySegment::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sfc::SecuritySegment")
                            .SetParent<ServiceSegment>()
                            .SetGroupName("Sfc")
                            .AddConstructor<SecuritySegment>();
    return tid;
}

TypeId
SecuritySegment::GetInstanceTypeId() const
{
    return GetTypeId();
}

SecuritySegment::SecuritySegment()
    : ServiceSegment(SegmentType::SECURITY, true, kFixedData)
{
}

uint32_t
SecuritySegment::CodeLength(uint8_t a)
{
    switch (a)
    {
    case HMAC_SHA256:
        return 32;
    case HMAC_MD5:
        return 16;
    default:
        return 0;
    }
}

uint32_t
SecuritySegment::GetDataSize() const
{
    return kFixedData + static_cast<uint32_t>(code.size());
}

void
SecuritySegment::SerializeData(Buffer::Iterator& i) const
{
    i.WriteU8(algorithm);
    i.WriteU8(keyId);
    i.WriteHtonU16(epoch);
    i.WriteHtonU64(sequence);
    WriteAddress(i, sender);
    WriteAddress(i, receiver);
    WriteBytes(i, code, static_cast<uint32_t>(code.size()));
}

void
SecuritySegment::DeserializeData(Buffer::Iterator& i, uint32_t size)
{
    algorithm = i.ReadU8();
    keyId = i.ReadU8();
    epoch = i.ReadNtohU16();
    sequence = i.ReadNtohU64();
    sender = ReadAddress(i);
    receiver = ReadAddress(i);
    ReadBytes(i, code, size - kFixedData);
}

void
SecuritySegment::PrintData(std::ostream& os) const
{
    os << "security type=" << unsigned(algorithm) << " key=" << unsigned(keyId)
       << " epoch=" << epoch << " seq=" << sequence << " " << sender << "->" << receiver
       << " code=" << code.size() << "B";
}

bool
SecuritySegment::Verifies(const std::vector<uint8_t>& raw, const std::string& key) const
{
    uint32_t codeLength = CodeLength(algorithm);
    if (codeLength == 0 || code.size() != codeLength || raw.size() < kCodeOffset + codeLength)
    {
        return false;
    }
    std::vector<uint8_t> zeroed(raw);
    std::fill(zeroed.begin() + kCodeOffset, zeroed.begin() + kCodeOffset + codeLength, 0);
    std::vector<uint8_t> expected = Hmac(algorithm, key, zeroed.data(), zeroed.size());
    return expected.size() == codeLength &&
           CRYPTO_memcmp(expected.data(), code.data(), codeLength) == 0;
}

std::string
SecuritySegment::DeriveKey(const std::string& secret, const std::string& label)
{
    std::vector<uint8_t> mac =
        Hmac(HMAC_SHA256, secret, reinterpret_cast<const uint8_t*>(label.data()), label.size());
    static const char digits[] = "0123456789abcdef";
    std::string hex;
    for (uint8_t b : mac)
    {
        hex += digits[b >> 4];
        hex += digits[b & 0xf];
    }
    return hex;
}

std::vector<uint8_t>
SecuritySegment::Hmac(uint8_t algorithm,
                      const std::string& key,
                      const uint8_t* data,
                      std::size_t size)
{
    const EVP_MD* md = nullptr;
    switch (algorithm)
    {
    case HMAC_SHA256:
        md = EVP_sha256();
        break;
    case HMAC_MD5:
        md = EVP_md5();
        break;
    default:
        return {};
    }
    std::vector<uint8_t> out(EVP_MAX_MD_SIZE);
    unsigned int n = 0;
    if (HMAC(md, key.data(), static_cast<int>(key.size()), data, size, out.data(), &n) == nullptr)
    {
        return {};
    }
    out.resize(n);
    return out;
}

} // namespace sfc
} // namespace ns3
