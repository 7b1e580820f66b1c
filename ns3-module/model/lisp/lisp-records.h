/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_LISP_RECORDS_H
#define SFC_LISP_RECORDS_H

#include "lisp-address.h"

#include <cstdint>
#include <ostream>
#include <vector>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief A locator of a mapping record (RFC 9301 section 5.4).
 *
 * \verbatim
 |    Priority   |    Weight     |  M Priority   |   M Weight    |
 |        Unused Flags     |L|p|R|           Loc-AFI             |
 |                             Locator                           |
 \endverbatim
 */
struct LispLocator
{
    static constexpr uint16_t kLocal = 0x0004;     //!< L: locator is local to the sender
    static constexpr uint16_t kProbed = 0x0002;    //!< p: RLOC-probe reply
    static constexpr uint16_t kReachable = 0x0001; //!< R: reachable

    uint8_t priority = 1;        //!< unicast priority (255: do not use)
    uint8_t weight = 100;        //!< unicast weight
    uint8_t mPriority = 255;     //!< multicast priority
    uint8_t mWeight = 0;         //!< multicast weight
    uint16_t flags = kReachable; //!< unused flags + L/p/R, as on the wire
    LispAddress rloc;            //!< the RLOC (IPv4, IPv6 or LCAF such as an ELP)

    /// \return bytes on the wire
    uint32_t GetSerializedSize() const;
    /// \param it where to write (advanced)
    void Write(Buffer::Iterator& it) const;
    /// \param r reader \return false if malformed
    bool Read(LispReader& r);
};

/**
 * \ingroup sfc
 * \brief A mapping record: EID-prefix to locator set, with TTL and action
 *        (RFC 9301 section 5.4; the same record in Map-Reply, Map-Register,
 *        Map-Notify and the Map-Reply record of a Map-Request).
 *
 * \verbatim
 |                          Record TTL                           |
 | Locator Count | EID mask-len  | ACT |A|      Reserved         |
 | Rsvd  |  Map-Version Number   |       EID-Prefix-AFI          |
 |                          EID-Prefix                           |
 |  locators ...                                                 |
 \endverbatim
 *
 * A record with no locators is a negative mapping: its action says what
 * to do with the traffic.
 */
struct LispMappingRecord
{
    /// ACT values (RFC 9301 section 5.4)
    enum Action : uint8_t
    {
        kNoAction = 0,
        kNativelyForward = 1,
        kSendMapRequest = 2,
        kDrop = 3,
        kDropPolicyDenied = 4,
        kDropAuthFailure = 5,
    };

    uint32_t ttl = 1440;               //!< record TTL (minutes in RFC 9301)
    uint8_t eidMaskLen = 32;           //!< EID-prefix length
    uint8_t action = kNoAction;        //!< ACT (3 bits)
    bool authoritative = false;        //!< A bit
    uint16_t reserved = 0;             //!< 12 reserved bits, kept as on the wire
    uint8_t rsvd = 0;                  //!< 4 bits before the map version
    uint16_t mapVersion = 0;           //!< 12-bit map version
    LispAddress eid;                   //!< EID prefix
    std::vector<LispLocator> locators; //!< locator set (at most 255)

    /// \return true for a record without locators
    bool IsNegative() const;
    /// \return bytes on the wire
    uint32_t GetSerializedSize() const;
    /// \param it where to write (advanced)
    void Write(Buffer::Iterator& it) const;
    /// \param r reader \return false if malformed
    bool Read(LispReader& r);
    /// \param os where to print
    void Print(std::ostream& os) const;
};

/**
 * \ingroup sfc
 * \brief An EID record of a Map-Request: the prefix being asked for.
 *
 * \verbatim
 |   Reserved    | EID mask-len  |        EID-Prefix-AFI         |
 |                       EID-Prefix  ...                         |
 \endverbatim
 */
struct LispEidRecord
{
    uint8_t reserved = 0;    //!< reserved byte, kept as on the wire
    uint8_t eidMaskLen = 32; //!< prefix length
    LispAddress eid;         //!< the prefix

    /// \return bytes on the wire
    uint32_t GetSerializedSize() const;
    /// \param it where to write (advanced)
    void Write(Buffer::Iterator& it) const;
    /// \param r reader \return false if malformed
    bool Read(LispReader& r);
};

/**
 * \brief Write records one after another.
 * \param it where to write
 * \param records the records
 */
void WriteMappingRecords(Buffer::Iterator& it, const std::vector<LispMappingRecord>& records);
/**
 * \brief Read count records; stops at the first malformed one.
 * \param r reader
 * \param count number of records announced
 * \param records receives them
 * \return false if malformed or truncated
 */
bool ReadMappingRecords(LispReader& r, uint32_t count, std::vector<LispMappingRecord>& records);
/// \param records the records \return their total size on the wire
uint32_t MappingRecordsSize(const std::vector<LispMappingRecord>& records);

} // namespace sfc
} // namespace ns3

#endif /* SFC_LISP_RECORDS_H */
