/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_LISP_AUTH_H
#define SFC_LISP_AUTH_H

#include "lisp-map-register.h"

#include <cstdint>
#include <vector>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief Authentication of Map-Register and Map-Notify (RFC 9301 section
 *        5.6): an HMAC over the whole message with the authentication data
 *        field set to zero, the algorithm named by the key id.
 *
 * RFC 9301 names key id 1 HMAC-SHA-1-96 and key id 2 HMAC-SHA-256-128,
 * i.e. truncated to 12 and 16 bytes. Deployed implementations send the
 * untruncated HMAC instead: 20 bytes for SHA-1, 32 for SHA-256 (lispers.net's
 * LISP_SHA1_160_AUTH_DATA_LEN / LISP_SHA2_256_AUTH_DATA_LEN, OpenDaylight
 * lispflowmapping's test vectors, the Map-Registers in tcpdump's LISP test
 * captures; Wireshark and tcpdump take the length from the message). Sign() does what interoperates
 * (the full length); Verify() accepts the full length and the RFC's truncated one, comparing that
 * many leading bytes. The algorithm is pinned by the key id: a key id other than 1 or 2 (or an
 * authentication data length that is neither form for the key id) never verifies.
 */
class LispAuth
{
  public:
    static constexpr uint16_t kKeyIdNone = 0;       //!< no authentication
    static constexpr uint16_t kKeyIdHmacSha1 = 1;   //!< HMAC-SHA-1(-96)
    static constexpr uint16_t kKeyIdHmacSha256 = 2; //!< HMAC-SHA-256(-128)

    /**
     * \param keyId key id
     * \return the authentication data length Sign() writes: 20, 32, or 0
     *         for an unknown key id
     */
    static uint16_t FullLength(uint16_t keyId);
    /**
     * \param keyId key id
     * \return the RFC 9301 truncated length: 12, 16, or 0
     */
    static uint16_t TruncatedLength(uint16_t keyId);
    /**
     * \brief HMAC of some bytes with the key id's algorithm, full length.
     * \param keyId 1 or 2
     * \param key the shared key
     * \param data message bytes
     * \param size number of bytes
     * \return the HMAC (empty for an unknown key id)
     */
    static std::vector<uint8_t> Hmac(uint16_t keyId,
                                     const std::vector<uint8_t>& key,
                                     const uint8_t* data,
                                     std::size_t size);
    /**
     * \brief Set the key id and the authentication data of a message.
     * \param msg a Map-Register or Map-Notify, otherwise complete
     * \param keyId 1 or 2
     * \param key the shared key
     * \return false (message unchanged) for an unknown key id
     */
    static bool Sign(LispMapRegisterBase& msg, uint16_t keyId, const std::vector<uint8_t>& key);
    /**
     * \brief Check a message's authentication data against a key.
     * \param msg a parsed (or built) Map-Register or Map-Notify
     * \param key the shared key
     * \return true if the key id is 1 or 2, the length fits it and the HMAC matches
     */
    static bool Verify(const LispMapRegisterBase& msg, const std::vector<uint8_t>& key);
    /**
     * \brief Check the authentication of raw message bytes (as received).
     * \param data message bytes, starting at the LISP type
     * \param size number of bytes
     * \param key the shared key
     * \return as Verify()
     */
    static bool VerifyBytes(const uint8_t* data, std::size_t size, const std::vector<uint8_t>& key);
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_LISP_AUTH_H */
