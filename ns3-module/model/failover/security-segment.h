/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_SECURITY_SEGMENT_H
#define SFC_SECURITY_SEGMENT_H

#include "service-message-header.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief Security segment (FIG. 8C): security type(1) key id(1)
 *        epoch(2) sequence(8) sender(4) receiver(4) message authentication
 *        code (32 bytes for HMAC-SHA256, 16 for HMAC-MD5).
 *
 * It immediately follows the service message header. The code is an HMAC
 * over the whole message with the code field set to zero, so it covers the
 * sender's identity, the receiver (unicast address or multicast group), the
 * key id (which role's key signed it) and the replay counters: the epoch (the
 * sender's boot counter, incremented at every restart) and the sequence
 * number (increasing with every message of a sender within an epoch).
 */
class SecuritySegment : public ServiceSegment
{
  public:
    /// Security types
    enum Algorithm : uint8_t
    {
        HMAC_SHA256 = 1, //!< HMAC-SHA256, 32-byte code
        HMAC_MD5 = 2     //!< HMAC-MD5 (the seed's MD5), 16-byte code
    };

    /// Key ids: which role's key signed the message (per-role keys)
    enum KeyId : uint8_t
    {
        MANAGER_KEY = 1, //!< the service managers' key
        AGENT_KEY = 2    //!< the forwarding agents' key
    };

    static constexpr uint32_t kFixedData = 20; //!< data bytes before the code
    /// Offset of the code from the start of the message
    static constexpr uint32_t kCodeOffset = ServiceMessageHeader::kSize + kHeaderSize + kFixedData;

    /// \return the TypeId
    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;
    SecuritySegment();

    /// \param a algorithm \return its code length (0 if unknown)
    static uint32_t CodeLength(uint8_t a);

    /**
     * \brief Compute an HMAC (OpenSSL libcrypto).
     * \param algorithm Algorithm
     * \param key the key
     * \param data bytes
     * \param size byte count
     * \return the code (empty for an unknown algorithm)
     */
    static std::vector<uint8_t> Hmac(uint8_t algorithm,
                                     const std::string& key,
                                     const uint8_t* data,
                                     std::size_t size);

    /**
     * \brief A key derived from a secret: the hex HMAC-SHA256 of a label
     *        (a role: "manager", "agent", "controller") under the secret.
     * \param secret the secret
     * \param label the role
     * \return 64 hex digits
     */
    static std::string DeriveKey(const std::string& secret, const std::string& label);

    /**
     * \brief Check this segment's code against the message it came in.
     * \param raw the bytes of the whole message (this segment right after the header)
     * \param key the shared secret
     * \return true if the code is the HMAC of raw, code field zeroed, under key
     */
    bool Verifies(const std::vector<uint8_t>& raw, const std::string& key) const;

    uint8_t algorithm{HMAC_SHA256}; //!< security type
    uint8_t keyId{0};               //!< key id (KeyId)
    uint16_t epoch{0};              //!< sender's boot counter
    uint64_t sequence{0};           //!< sender's sequence number within the epoch
    Ipv4Address sender;             //!< sender identity
    Ipv4Address receiver;           //!< destination: unicast address or multicast group
    std::vector<uint8_t> code;      //!< message authentication code

  protected:
    uint32_t GetDataSize() const override;
    void SerializeData(Buffer::Iterator& i) const override;
    void DeserializeData(Buffer::Iterator& i, uint32_t size) override;
    void PrintData(std::ostream& os) const override;
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_SECURITY_SEGMENT_H */
