/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_SERVICE_MESSAGE_H
#define SFC_SERVICE_MESSAGE_H

// The service-message protocol of seed 002; this header includes every part.
#include "action-segments.h"
#include "affinity-segments.h"
#include "control-segments.h"
#include "security-segment.h"
#include "service-message-header.h"
#include "service-message-parser.h"

#include "ns3/ptr.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace ns3
{
class Packet;

namespace sfc
{

/**
 * \ingroup sfc
 * \brief A service message: header + ordered segments, with bounds-checked
 *        parsing and optional HMAC authentication.
 *
 * ToPacket() writes the message as ns-3 headers (ServiceMessageHeader and
 * one ServiceSegment per segment) into a packet: the UDP payload. Parse()
 * checks every length against the bytes present before deserializing
 * anything, so any byte string is either a message or a ParseStatus.
 */
class ServiceMessage
{
  public:
    ServiceMessage() = default;
    /// \param type message type
    explicit ServiceMessage(ServiceMessageType type);

    /// \return the message type
    ServiceMessageType GetType() const;
    /// \param type the message type
    void SetType(ServiceMessageType type);

    /// \param segment appended in order
    void Add(std::shared_ptr<ServiceSegment> segment);
    /// \return the segments in order (the security segment, if any, first)
    const std::vector<std::shared_ptr<ServiceSegment>>& GetSegments() const;

    /// \return the first segment of class T, or nullptr
    template <class T>
    std::shared_ptr<T> Find() const
    {
        for (const auto& s : m_segments)
        {
            if (auto t = std::dynamic_pointer_cast<T>(s))
            {
                return t;
            }
        }
        return nullptr;
    }

    /// \param type segment type \return the first segment of that type, or nullptr
    std::shared_ptr<ServiceSegment> Find(uint16_t type) const;

    /// \return every segment of class T, in order
    template <class T>
    std::vector<std::shared_ptr<T>> FindAll() const
    {
        std::vector<std::shared_ptr<T>> out;
        for (const auto& s : m_segments)
        {
            if (auto t = std::dynamic_pointer_cast<T>(s))
            {
                out.push_back(t);
            }
        }
        return out;
    }

    /// \return the message size in bytes
    uint32_t GetSerializedSize() const;

    /**
     * \brief Build the UDP payload.
     *
     * With a key, a SecuritySegment carrying an HMAC of the whole message
     * (code field zeroed while computing) is inserted right after the
     * header, replacing any security segment already present.
     *
     * \param key shared secret (empty: no security segment is added)
     * \param algorithm SecuritySegment::Algorithm
     * \param sequence the sender's sequence number for this message
     * \return the packet, or nullptr if the message would exceed
     *         ServiceMessageHeader::kMaxSize bytes (nothing is built)
     */
    Ptr<Packet> ToPacket(const std::string& key = "",
                         uint8_t algorithm = SecuritySegment::HMAC_SHA256,
                         uint64_t sequence = 0) const;

    /**
     * \brief Build the UDP payload, signed with a security segment.
     * \param key the signing key
     * \param security the segment's fields (algorithm, key id, epoch, sequence,
     *        sender, receiver); its code is computed here
     * \return the packet, or nullptr if the message would exceed
     *         ServiceMessageHeader::kMaxSize bytes
     */
    Ptr<Packet> ToPacket(const std::string& key, const SecuritySegment& security) const;

    /**
     * \brief Parse a UDP payload.
     * \param packet the payload
     * \param out filled on success
     * \param raw if not null, receives the payload bytes (for Verify())
     * \return OK or why the bytes are not a valid message
     */
    static ParseStatus Parse(Ptr<const Packet> packet,
                             ServiceMessage& out,
                             std::vector<uint8_t>* raw = nullptr);

    /**
     * \brief Check the HMAC of a parsed message over its raw bytes.
     * \param raw the bytes Parse() saw
     * \param key the shared secret
     * \return true if the first segment is a security segment whose code is
     *         the HMAC of the message under key
     */
    bool Verify(const std::vector<uint8_t>& raw, const std::string& key) const;

    /**
     * \brief Compute an HMAC (OpenSSL libcrypto).
     * \param algorithm SecuritySegment::Algorithm
     * \param key the key
     * \param data bytes
     * \param size byte count
     * \return the code (empty for an unknown algorithm)
     */
    static std::vector<uint8_t> Hmac(uint8_t algorithm,
                                     const std::string& key,
                                     const uint8_t* data,
                                     std::size_t size);

  private:
    ServiceMessageType m_type{ServiceMessageType::IP_PACKET_ONLY}; //!< type
    std::vector<std::shared_ptr<ServiceSegment>> m_segments;       //!< segments
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_SERVICE_MESSAGE_H */
