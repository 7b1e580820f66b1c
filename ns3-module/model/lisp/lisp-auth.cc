/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "lisp-auth.h"

#include "ns3/packet.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace ns3
{
namespace sfc
{

namespace
{
/// The message bytes of a header
std::vector<uint8_t>
Bytes(const Header& h)
{
    Packet p;
    p.AddHeader(h);
    std::vector<uint8_t> out(p.GetSize());
    p.CopyData(out.data(), out.size());
    return out;
}
} // namespace

uint16_t
LispAuth::FullLength(uint16_t keyId)
{
    return keyId == kKeyIdHmacSha1 ? 20 : keyId == kKeyIdHmacSha256 ? 32 : 0;
}

uint16_t
LispAuth::TruncatedLength(uint16_t keyId)
{
    return keyId == kKeyIdHmacSha1 ? 12 : keyId == kKeyIdHmacSha256 ? 16 : 0;
}

std::vector<uint8_t>
LispAuth::Hmac(uint16_t keyId,
               const std::vector<uint8_t>& key,
               const uint8_t* data,
               std::size_t size)
{
    const EVP_MD* md = keyId == kKeyIdHmacSha1     ? EVP_sha1()
                       : keyId == kKeyIdHmacSha256 ? EVP_sha256()
                                                   : nullptr;
    if (md == nullptr)
    {
        return {};
    }
    std::vector<uint8_t> out(EVP_MAX_MD_SIZE);
    unsigned int n = 0;
    static const uint8_t kEmpty = 0;
    if (HMAC(md,
             key.empty() ? &kEmpty : key.data(),
             static_cast<int>(key.size()),
             size > 0 ? data : &kEmpty,
             size,
             out.data(),
             &n) == nullptr)
    {
        return {};
    }
    out.resize(n);
    return out;
}

bool
LispAuth::Sign(LispMapRegisterBase& msg, uint16_t keyId, const std::vector<uint8_t>& key)
{
    uint16_t len = FullLength(keyId);
    if (len == 0)
    {
        return false;
    }
    msg.SetKeyId(keyId);
    msg.SetAuthData(std::vector<uint8_t>(len, 0));
    std::vector<uint8_t> bytes = Bytes(msg);
    msg.SetAuthData(Hmac(keyId, key, bytes.data(), bytes.size()));
    return true;
}

bool
LispAuth::Verify(const LispMapRegisterBase& msg, const std::vector<uint8_t>& key)
{
    std::vector<uint8_t> bytes = Bytes(msg);
    return VerifyBytes(bytes.data(), bytes.size(), key);
}

bool
LispAuth::VerifyBytes(const uint8_t* data, std::size_t size, const std::vector<uint8_t>& key)
{
    const std::size_t off = LispMapRegisterBase::kAuthDataOffset;
    if (data == nullptr || size < off)
    {
        return false;
    }
    uint16_t keyId = static_cast<uint16_t>((data[12] << 8) | data[13]);
    uint16_t len = static_cast<uint16_t>((data[14] << 8) | data[15]);
    if (FullLength(keyId) == 0 || (len != FullLength(keyId) && len != TruncatedLength(keyId)) ||
        size < off + len)
    {
        return false;
    }
    std::vector<uint8_t> zeroed(data, data + size);
    std::fill(zeroed.begin() + off, zeroed.begin() + off + len, 0);
    std::vector<uint8_t> mac = Hmac(keyId, key, zeroed.data(), zeroed.size());
    return mac.size() >= len && CRYPTO_memcmp(mac.data(), data + off, len) == 0;
}

} // namespace sfc
} // namespace ns3
