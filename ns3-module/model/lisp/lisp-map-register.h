/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_LISP_MAP_REGISTER_H
#define SFC_LISP_MAP_REGISTER_H

#include "lisp-records.h"

#include "ns3/header.h"

#include <array>
#include <cstdint>
#include <vector>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief What Map-Register and Map-Notify share (RFC 9301 sections 5.6,
 *        5.7): nonce, key id, authentication data, mapping records and, with
 *        the I bit, the xTR-ID and site-ID after the records.
 *
 * \verbatim
 |Type=3 |P|S|I|R|        Reserved             |M| Record Count  |  Map-Register
 |Type=4 |I|R|            Reserved               | Record Count  |  Map-Notify
 |                         Nonce . . .                           |
 |                         . . . Nonce                           |
 |            Key ID             |  Authentication Data Length   |
 ~                     Authentication Data                       ~
 |                   mapping records ...                         |
 |                   xTR-ID (128 bits, if I)                     |
 |                   site-ID (64 bits, if I)                     |
 \endverbatim
 *
 * The authentication data is an HMAC over the whole message with the
 * authentication data zeroed (see LispAuth for the algorithms and lengths).
 * The parser accepts any authentication data length that fits the message;
 * LispAuth::Verify decides whether it matches the key id.
 */
class LispMapRegisterBase : public Header
{
  public:
    static constexpr uint32_t kAuthDataOffset = 16; //!< offset of the authentication data
    static constexpr uint32_t kXtrIdSize = 16;      //!< xTR-ID bytes
    static constexpr uint32_t kSiteIdSize = 8;      //!< site-ID bytes

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    uint32_t GetSerializedSize() const override;
    void Serialize(Buffer::Iterator start) const override;
    /**
     * \brief Read the message. Rejected (IsValid() false, returns 0): wrong
     *        type, truncated anywhere (authentication data longer than the
     *        message, records, xTR-ID), malformed record or address.
     * \param start buffer iterator
     * \return bytes read (0 if rejected)
     */
    uint32_t Deserialize(Buffer::Iterator start) override;
    void Print(std::ostream& os) const override;

    /// \param flag a kFlag constant of the subclass \param on set or clear
    void SetFlag(uint32_t flag, bool on);
    /// \param flag a kFlag constant of the subclass \return whether it is set
    bool GetFlag(uint32_t flag) const;
    /// \param nonce the nonce
    void SetNonce(uint64_t nonce);
    /// \return the nonce
    uint64_t GetNonce() const;
    /// \param keyId the key id (0 none, 1 HMAC-SHA-1, 2 HMAC-SHA-256)
    void SetKeyId(uint16_t keyId);
    /// \return the key id
    uint16_t GetKeyId() const;
    /// \param data the authentication data (at most 65535 bytes)
    void SetAuthData(const std::vector<uint8_t>& data);
    /// \return the authentication data
    const std::vector<uint8_t>& GetAuthData() const;
    /// \param rec a record \return false if there are already 255
    bool AddRecord(const LispMappingRecord& rec);
    /// \return the records
    const std::vector<LispMappingRecord>& GetRecords() const;
    /**
     * \brief Carry an xTR-ID and site-ID (sets the I bit).
     * \param xtrId 128-bit xTR-ID
     * \param siteId 64-bit site-ID
     */
    void SetXtrId(const std::array<uint8_t, kXtrIdSize>& xtrId, uint64_t siteId);
    /// \return true if the I bit is set
    bool HasXtrId() const;
    /// \return the xTR-ID (I bit)
    const std::array<uint8_t, kXtrIdSize>& GetXtrId() const;
    /// \return the site-ID (I bit)
    uint64_t GetSiteId() const;
    /// \return the LISP message type (3 or 4)
    uint8_t GetMessageType() const;
    /// \return true if the last Deserialize() succeeded (always true for a built header)
    bool IsValid() const;

  protected:
    /**
     * \param type LISP message type
     * \param xtrIdFlag the I bit of this message type
     */
    LispMapRegisterBase(uint8_t type, uint32_t xtrIdFlag);

  private:
    uint8_t m_type;                           //!< 3 or 4
    uint32_t m_xtrIdFlag;                     //!< the I bit of this type
    uint32_t m_bits;                          //!< first word without the record count
    uint64_t m_nonce;                         //!< nonce
    uint16_t m_keyId;                         //!< key id
    std::vector<uint8_t> m_authData;          //!< authentication data
    std::vector<LispMappingRecord> m_records; //!< records
    std::array<uint8_t, kXtrIdSize> m_xtrId;  //!< xTR-ID
    uint64_t m_siteId;                        //!< site-ID
    bool m_valid;                             //!< last parse result
};

/**
 * \ingroup sfc
 * \brief LISP Map-Register (type 3): an ETR registers its mappings with a
 *        map-server.
 *
 * P: the map-server is to proxy-reply; S: LISP-SEC capable; I: xTR-ID
 * and site-ID present; R: sent by an RTR; M: want a Map-Notify back.
 */
class LispMapRegisterHeader : public LispMapRegisterBase
{
  public:
    static constexpr uint8_t kType = 3;                     //!< LISP message type
    static constexpr uint32_t kFlagProxyReply = 0x08000000; //!< P
    static constexpr uint32_t kFlagSec = 0x04000000;        //!< S
    static constexpr uint32_t kFlagXtrId = 0x02000000;      //!< I
    static constexpr uint32_t kFlagRtr = 0x01000000;        //!< R
    static constexpr uint32_t kFlagWantNotify = 0x00000100; //!< M

    LispMapRegisterHeader();
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;
};

/**
 * \ingroup sfc
 * \brief LISP Map-Notify (type 4): a map-server acknowledges a
 *        Map-Register (or notifies a change), with the same records and
 *        authentication. I: xTR-ID and site-ID present; R: for an RTR (its
 *        extra MS-RTR authentication is not parsed).
 */
class LispMapNotifyHeader : public LispMapRegisterBase
{
  public:
    static constexpr uint8_t kType = 4;                //!< LISP message type
    static constexpr uint32_t kFlagXtrId = 0x08000000; //!< I
    static constexpr uint32_t kFlagRtr = 0x04000000;   //!< R

    LispMapNotifyHeader();
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_LISP_MAP_REGISTER_H */
