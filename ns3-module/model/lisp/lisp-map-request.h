/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_LISP_MAP_REQUEST_H
#define SFC_LISP_MAP_REQUEST_H

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
 * \brief LISP Map-Request (RFC 9301 section 5.2), UDP port 4342.
 *
 * \verbatim
 |Type=1 |A|M|P|S|p|s|R|R|  Rsvd   |L|D|   IRC   | Record Count  |
 |                         Nonce . . .                           |
 |                         . . . Nonce                           |
 |         Source-EID-AFI        |   Source EID Address  ...     |
 |         ITR-RLOC-AFI 1        |    ITR-RLOC Address 1  ...    |
 |                              ...                              |
 |   Reserved    | EID mask-len  |        EID-Prefix-AFI         |  (Record Count
 |                       EID-Prefix  ...                         |   times)
 |                   Map-Reply Record  ...                       |  (if M)
 \endverbatim
 *
 * A: authoritative; M: a Map-Reply record (the sender's own mapping)
 * follows the EID records; P: RLOC probe; S: Solicit-Map-Request (SMR);
 * p: sent by a PITR; s: SMR-invoked (the request answers an SMR); L and D
 * (RFC 9301) and the reserved bits are kept as read. IRC is the number of
 * ITR-RLOCs minus one. Anything after the last field (e.g. the RFC 9437
 * xTR-ID) is left to the next header.
 */
class LispMapRequestHeader : public Header
{
  public:
    static constexpr uint8_t kType = 1;                     //!< LISP message type
    static constexpr uint16_t kPort = 4342;                 //!< LISP control port
    static constexpr uint32_t kFixedSize = 12;              //!< type word + nonce
    static constexpr uint32_t kFlagA = 0x08000000;          //!< authoritative
    static constexpr uint32_t kFlagM = 0x04000000;          //!< map data present
    static constexpr uint32_t kFlagP = 0x02000000;          //!< RLOC probe
    static constexpr uint32_t kFlagS = 0x01000000;          //!< solicit map request
    static constexpr uint32_t kFlagPitr = 0x00800000;       //!< p: sent by a PITR
    static constexpr uint32_t kFlagSmrInvoked = 0x00400000; //!< s: SMR-invoked

    LispMapRequestHeader();

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
     *        not 1, truncated anywhere, an address with an unsupported AFI or
     *        an inconsistent LCAF.
     * \param start buffer iterator
     * \return bytes read (0 if rejected)
     */
    uint32_t Deserialize(Buffer::Iterator start) override;
    void Print(std::ostream& os) const override;

    /// \param flag one of the kFlag constants \param on set or clear
    void SetFlag(uint32_t flag, bool on);
    /// \param flag one of the kFlag constants \return whether it is set
    bool GetFlag(uint32_t flag) const;
    /// \param on the S (SMR) bit
    void SetSmr(bool on);
    /// \return the S (SMR) bit
    bool IsSmr() const;
    /// \param on the s (SMR-invoked) bit
    void SetSmrInvoked(bool on);
    /// \return the s (SMR-invoked) bit
    bool IsSmrInvoked() const;
    /// \param on the P (probe) bit
    void SetProbe(bool on);
    /// \return the P (probe) bit
    bool IsProbe() const;
    /// \param nonce 64-bit nonce
    void SetNonce(uint64_t nonce);
    /// \return the nonce
    uint64_t GetNonce() const;
    /// \param eid source EID (AFI 0 for none)
    void SetSourceEid(const LispAddress& eid);
    /// \return the source EID
    const LispAddress& GetSourceEid() const;
    /**
     * \brief Add an ITR-RLOC (at most 32). A request needs at least one;
     *        one built without any carries a single AFI-0 ITR-RLOC.
     * \param rloc where the Map-Reply is to be sent
     * \return false if there are already 32
     */
    bool AddItrRloc(const LispAddress& rloc);
    /// \return the ITR-RLOCs
    const std::vector<LispAddress>& GetItrRlocs() const;
    /// \param rec an EID record \return false if there are already 255
    bool AddRecord(const LispEidRecord& rec);
    /// \return the EID records
    const std::vector<LispEidRecord>& GetRecords() const;
    /// \param rec the sender's mapping, sent with the M bit
    void SetMapReplyRecord(const LispMappingRecord& rec);
    /// \return true if the M bit is set and a record is carried
    bool HasMapReplyRecord() const;
    /// \return the carried Map-Reply record
    const LispMappingRecord& GetMapReplyRecord() const;
    /// \return true if the last Deserialize() succeeded (always true for a built header)
    bool IsValid() const;

  private:
    uint32_t m_bits;                      //!< first word without IRC and record count
    uint64_t m_nonce;                     //!< nonce
    LispAddress m_sourceEid;              //!< source EID
    std::vector<LispAddress> m_itrRlocs;  //!< ITR-RLOCs
    std::vector<LispEidRecord> m_records; //!< EID records
    LispMappingRecord m_mapReply;         //!< Map-Reply record (M bit)
    bool m_valid;                         //!< last parse result
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_LISP_MAP_REQUEST_H */
