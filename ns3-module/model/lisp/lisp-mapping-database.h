/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_LISP_MAPPING_DATABASE_H
#define SFC_LISP_MAPPING_DATABASE_H

#include "lisp-eid-prefix.h"
#include "lisp-records.h"

#include "ns3/address.h"
#include "ns3/nstime.h"

#include <cstdint>
#include <map>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief The map-server's database: registered mappings (soft state with
 *        an expiry time) and mappings programmed by the scenario (no
 *        expiry, precedence over a registration of the same prefix).
 *
 * Time is passed in; ordered maps keep every iteration deterministic.
 */
class LispMappingDatabase
{
  public:
    /// A registration: soft state of one EID prefix
    struct Registration
    {
        LispMappingRecord record; //!< as registered
        Address registrar;        //!< who registered it
        Time expires;             //!< end of the soft state
    };

    /**
     * \param record the mapping to program (set or replace)
     * \param prefix receives its prefix (if not null)
     * \return false if the EID is not an IPv4/IPv6 prefix
     */
    bool Program(const LispMappingRecord& record, LispEidPrefix* prefix);
    /// \param prefix a programmed prefix \return true if it was removed
    bool Unprogram(const LispEidPrefix& prefix);
    /// \param prefix a prefix \return true if a mapping is programmed for it
    bool IsProgrammed(const LispEidPrefix& prefix) const;
    /**
     * \brief Register (or refresh) a record.
     * \param record the record
     * \param registrar who sent it
     * \param expires end of its soft state
     * \param prefix receives its prefix (if not null)
     * \return true if the prefix is new or its locators (or action) changed
     */
    bool Register(const LispMappingRecord& record,
                  const Address& registrar,
                  Time expires,
                  LispEidPrefix* prefix);
    /// \param now current time \return the number of registrations removed
    uint32_t Expire(Time now);
    /// \return the earliest registration expiry (Time::Max() if none)
    Time GetNextExpiry() const;
    /**
     * \brief Longest-prefix match, a programmed mapping first at equal length.
     * \param eid an EID prefix
     * \param now current time (expired registrations do not match)
     * \param matched receives the matching prefix (if not null)
     * \return the record or nullptr
     */
    const LispMappingRecord* Resolve(const LispEidPrefix& eid,
                                     Time now,
                                     LispEidPrefix* matched) const;
    /**
     * \param q a prefix without a mapping
     * \param now current time
     * \return the largest prefix around q that holds no mapping, or q itself
     */
    LispEidPrefix NegativePrefix(const LispEidPrefix& q, Time now) const;
    /// \param now current time \return number of live registrations
    uint32_t GetRegistrationCount(Time now) const;

  private:
    /// \param c a prefix \param now current time \return true if a mapping lies inside c
    bool HoldsMapping(const LispEidPrefix& c, Time now) const;

    std::map<LispEidPrefix, LispMappingRecord> m_programmed; //!< programmed mappings
    std::map<LispEidPrefix, Registration> m_registrations;   //!< registered mappings
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_LISP_MAPPING_DATABASE_H */
