/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Map-Register / Map-Notify authentication: sign and verify with both key
 * ids, the HMAC covers the whole message, wrong keys and tampering are
 * rejected, the algorithm is pinned by the key id.
 */

#include "lisp-test-messages.h"
#include "lisp-test-vectors.h"

#include "ns3/lisp-auth.h"

#include <gtest/gtest.h>

using namespace ns3;
using namespace ns3::sfc;
using namespace lisptest;

namespace
{
const std::vector<uint8_t> kKey = {0x6b, 0x65, 0x79, 0x00, 0xff, 0x10};
const std::vector<uint8_t> kOtherKey = {0x6b, 0x65, 0x79, 0x00, 0xff, 0x11};
} // namespace

TEST(LispAuth, SignAndVerifyBothAlgorithms)
{
    for (uint16_t keyId : {LispAuth::kKeyIdHmacSha1, LispAuth::kKeyIdHmacSha256})
    {
        LispMapRegisterHeader r = SampleMapRegister();
        ASSERT_TRUE(LispAuth::Sign(r, keyId, kKey));
        EXPECT_EQ(r.GetKeyId(), keyId);
        EXPECT_EQ(r.GetAuthData().size(), LispAuth::FullLength(keyId));
        EXPECT_TRUE(LispAuth::Verify(r, kKey));
        EXPECT_FALSE(LispAuth::Verify(r, kOtherKey));
        EXPECT_FALSE(LispAuth::Verify(r, {}));

        // what travels verifies after parsing, and as raw bytes
        Bytes wire = Wire(r);
        LispMapRegisterHeader back;
        ASSERT_EQ(Parse(wire, back), wire.size());
        EXPECT_TRUE(LispAuth::Verify(back, kKey));
        EXPECT_TRUE(LispAuth::VerifyBytes(wire.data(), wire.size(), kKey));

        // the HMAC covers every byte: records, nonce and the xTR-ID trailer
        for (std::size_t i : {std::size_t(3), std::size_t(5), wire.size() / 2, wire.size() - 1})
        {
            Bytes t = wire;
            t[i] ^= 0x01;
            EXPECT_FALSE(LispAuth::VerifyBytes(t.data(), t.size(), kKey)) << "byte " << i;
        }

        LispMapNotifyHeader n = SampleMapNotify();
        ASSERT_TRUE(LispAuth::Sign(n, keyId, kKey));
        EXPECT_TRUE(LispAuth::Verify(n, kKey));
        EXPECT_FALSE(LispAuth::Verify(n, kOtherKey));
    }
}

TEST(LispAuth, AlgorithmPinnedByKeyId)
{
    LispMapRegisterHeader r = SampleMapRegister();
    ASSERT_TRUE(LispAuth::Sign(r, LispAuth::kKeyIdHmacSha1, kKey));
    // claiming SHA-256 over a SHA-1 HMAC (length 20 is not a SHA-256 length)
    LispMapRegisterHeader swapped = r;
    swapped.SetKeyId(LispAuth::kKeyIdHmacSha256);
    EXPECT_FALSE(LispAuth::Verify(swapped, kKey));
    // a SHA-256 HMAC cut to 20 bytes under key id 1 does not pass as SHA-1
    LispMapRegisterHeader s = SampleMapRegister();
    ASSERT_TRUE(LispAuth::Sign(s, LispAuth::kKeyIdHmacSha256, kKey));
    std::vector<uint8_t> cut(s.GetAuthData().begin(), s.GetAuthData().begin() + 20);
    s.SetKeyId(LispAuth::kKeyIdHmacSha1);
    s.SetAuthData(cut);
    EXPECT_FALSE(LispAuth::Verify(s, kKey));
    // unknown key ids never sign nor verify
    LispMapRegisterHeader u = SampleMapRegister();
    EXPECT_FALSE(LispAuth::Sign(u, 3, kKey));
    EXPECT_EQ(u.GetKeyId(), 0);
    u.SetKeyId(3);
    u.SetAuthData(std::vector<uint8_t>(20, 0));
    EXPECT_FALSE(LispAuth::Verify(u, kKey));
    // no authentication at all does not verify either
    EXPECT_FALSE(LispAuth::Verify(SampleMapRegister(), kKey));
}

TEST(LispAuth, RfcTruncatedLengthsAccepted)
{
    // RFC 9301's HMAC-SHA-1-96 / HMAC-SHA-256-128: the leading 12 / 16 bytes of
    // the HMAC computed with a 12 / 16 byte zeroed field
    for (uint16_t keyId : {LispAuth::kKeyIdHmacSha1, LispAuth::kKeyIdHmacSha256})
    {
        LispMapRegisterHeader r = SampleMapRegister();
        r.SetKeyId(keyId);
        r.SetAuthData(std::vector<uint8_t>(LispAuth::TruncatedLength(keyId), 0));
        Bytes zeroed = Wire(r);
        std::vector<uint8_t> mac = LispAuth::Hmac(keyId, kKey, zeroed.data(), zeroed.size());
        mac.resize(LispAuth::TruncatedLength(keyId));
        r.SetAuthData(mac);
        EXPECT_TRUE(LispAuth::Verify(r, kKey));
        EXPECT_FALSE(LispAuth::Verify(r, kOtherKey));
        // any other length is refused
        r.SetAuthData(std::vector<uint8_t>(mac.begin(), mac.end() - 1));
        EXPECT_FALSE(LispAuth::Verify(r, kKey));
    }
}

TEST(LispAuth, KnownHmacValues)
{
    // RFC 2202 test case 2 (HMAC-SHA-1) and RFC 4231 test case 2 (HMAC-SHA-256)
    std::vector<uint8_t> key = {'J', 'e', 'f', 'e'};
    std::string msg = "what do ya want for nothing?";
    const uint8_t* d = reinterpret_cast<const uint8_t*>(msg.data());
    EXPECT_EQ(LispAuth::Hmac(1, key, d, msg.size()),
              Hex("effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"));
    EXPECT_EQ(LispAuth::Hmac(2, key, d, msg.size()),
              Hex("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"));
    EXPECT_TRUE(LispAuth::Hmac(7, key, d, msg.size()).empty());
}
