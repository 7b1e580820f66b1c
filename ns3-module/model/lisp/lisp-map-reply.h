/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_LISP_MAP_REPLY_H
#define SFC_LISP_MAP_REPLY_H

#include "lisp-records.h"

#include "ns3/header.h"

#include <cstdint>
#include <vector>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief LISP Map-Reply (RFC 9301 section 5.4), UDP port 4342.
 *
 * \verbatim
 |Type=2 |P|E|S|          Reserved               | Record Count  |
 |                         Nonce . . .                           |
 |                         . . . Nonce                           |
 |                   mapping records ...                         |
 \endverbatim
 *
 * P: probe reply; E: the ETR does echo-noncing; S: LISP-SEC data follows
 * (not parsed: anything after the records is left to the next header).
 * A record without locators is a negative Map-Reply; its ACT field says
 * what to do with the traffic (e.g. natively forward, drop).
 */
class LispMapReplyHeader : public Header
{
  public:
    static constexpr uint8_t kType = 2;            //!< LISP message type
    static constexpr uint32_t kFixedSize = 12;     //!< type word + nonce
    static constexpr uint32_t kFlagP = 0x08000000; //!< probe reply
    static constexpr uint32_t kFlagE = 0x04000000; //!< echo-nonce capable
    static constexpr uint32_t kFlagS = 0x02000000; //!< LISP-SEC

    LispMapReplyHeader();

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;
    uint32_t GetSerializedSize() const override;
    void Serialize(Buffer::Iterator start) const override;
    /**
     * \brief Read the message. Rejected (IsValid() false, returns 0): type
     *        not 2, truncated, malformed record or address.
     * \param start buffer iterator
     * \return bytes read (0 if rejected)
     */
    uint32_t Deserialize(Buffer::Iterator start) override;
    void Print(std::ostream& os) const override;

    /// \param flag one of the kFlag constants \param on set or clear
    void SetFlag(uint32_t flag, bool on);
    /// \param flag one of the kFlag constants \return whether it is set
    bool GetFlag(uint32_t flag) const;
    /// \param nonce the nonce of the Map-Request answered
    void SetNonce(uint64_t nonce);
    /// \return the nonce
    uint64_t GetNonce() const;
    /// \param rec a record \return false if there are already 255
    bool AddRecord(const LispMappingRecord& rec);
    /// \return the records
    const std::vector<LispMappingRecord>& GetRecords() const;
    /// \return true if the last Deserialize() succeeded (always true for a built header)
    bool IsValid() const;

  private:
    uint32_t m_bits;                          //!< first word without the record count
    uint64_t m_nonce;                         //!< nonce
    std::vector<LispMappingRecord> m_records; //!< records
    bool m_valid;                             //!< last parse result
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_LISP_MAP_REPLY_H */
