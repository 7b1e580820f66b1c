/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_LISP_MAP_CACHE_H
#define SFC_LISP_MAP_CACHE_H

#include "lisp-eid-prefix.h"
#include "lisp-records.h"

#include "ns3/nstime.h"
#include "ns3/object.h"

#include <cstdint>
#include <deque>
#include <map>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief One map-cache entry: the mapping record as received (locators
 *        with priority/weight, or an ELP chain in a locator, or none for a
 *        negative entry with its action) and its lifetime.
 */
struct LispMapCacheEntry
{
    LispEidPrefix prefix;          //!< the EID prefix of the record
    LispMappingRecord record;      //!< the record as received
    Time inserted;                 //!< when it was (re)inserted
    Time expires;                  //!< inserted + TTL x TtlUnit
    bool refreshRequested = false; //!< an SMR asked for a refresh
    /// \return true for a negative entry (a record without locators)
    bool IsNegative() const;
};

/**
 * \ingroup sfc
 * \brief An xTR's map-cache (RFC 9301 section 12): EID prefix to mapping
 *        record, longest-prefix match per instance id, TTL expiry,
 *        negative entries, bounded size, Map-Request rate limiting and
 *        Solicit-Map-Request marking.
 *
 * Time is passed in by the caller (normally Simulator::Now()), so the
 * cache holds no events; expired entries are removed when the cache is
 * next used (Lookup, Insert, Expire). Everything is kept in ordered maps:
 * iteration, eviction and expiry order are deterministic.
 *
 * TTL unit: RFC 9301 counts record TTLs in minutes (the default of the
 * TtlUnit attribute). Any other unit is non-standard and only meant for
 * studies that need short TTLs: a record's TTL t then lasts t x TtlUnit.
 * A record with TTL 0 is not cached (and removes an entry of its prefix).
 *
 * Capacity: when a new prefix arrives at a full cache, the entry closest
 * to expiry is evicted (ties: the first in prefix order); an update of an
 * existing prefix never evicts.
 *
 * Rate limit: MayRequest() admits at most MapRequestsPerSecond
 * Map-Requests per EID prefix in any one-second window (RFC 9301 section
 * 5.3 suggests one per second) and records the ones it admits.
 *
 * SMR: MarkRefresh() flags the entries covering an EID; the entry stays
 * usable and the xTR is expected to send a Map-Request with the
 * SMR-invoked bit at its next use (RFC 9301 section 6.1); a new Insert()
 * for the prefix clears the flag.
 */
class LispMapCache : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    LispMapCache();
    ~LispMapCache() override;

    /**
     * \brief Insert or replace the entry of the record's EID prefix.
     * \param record a mapping record (from a Map-Reply; no locators: negative)
     * \param now current time
     * \return false if not cached (TTL 0, EID not IPv4/IPv6, or capacity 0)
     */
    bool Insert(const LispMappingRecord& record, Time now);
    /**
     * \brief Longest-prefix match in the EID's instance; counts a hit or a miss.
     * \param eid an EID (any length; usually a host prefix)
     * \param now current time (expired entries are removed first)
     * \return the entry, or nullptr on a miss (valid until the next change)
     */
    const LispMapCacheEntry* Lookup(const LispEidPrefix& eid, Time now);
    /// \param prefix exact prefix \return the entry without counting, or nullptr
    const LispMapCacheEntry* Find(const LispEidPrefix& prefix) const;
    /// \param prefix exact prefix \return true if an entry was removed
    bool Remove(const LispEidPrefix& prefix);
    /// \param now current time \return the number of entries removed as expired
    uint32_t Expire(Time now);
    /// \return the earliest expiry time of the entries (Time::Max() if empty)
    Time GetNextExpiry() const;
    /**
     * \brief Solicit-Map-Request: flag the entries whose prefix covers the
     *        EID or lies inside it.
     * \param eid the EID (prefix) named by the SMR
     * \return the number of entries flagged
     */
    uint32_t MarkRefresh(const LispEidPrefix& eid);
    /**
     * \brief Rate limiter: may a Map-Request for this prefix be sent now?
     *        An admitted request is recorded.
     * \param prefix the prefix to be asked for
     * \param now current time
     * \return true if admitted
     */
    bool MayRequest(const LispEidPrefix& prefix, Time now);

    /// \return the TTL unit
    Time GetTtlUnit() const;
    /// \param unit the TTL unit (non-standard if not one minute)
    void SetTtlUnit(Time unit);
    /// \return current number of entries
    uint32_t GetSize() const;
    /// \return largest number of entries held at once
    uint32_t GetPeakSize() const;
    /// \return number of lookups that matched
    uint64_t GetHits() const;
    /// \return number of lookups that did not match
    uint64_t GetMisses() const;
    /// \return number of entries evicted for capacity
    uint64_t GetEvictions() const;
    /// \return number of entries removed on expiry
    uint64_t GetExpirations() const;
    /// \return number of Map-Requests refused by the rate limiter
    uint64_t GetRateLimited() const;
    /// \return the entries, in prefix order
    const std::map<LispEidPrefix, LispMapCacheEntry>& GetEntries() const;

  private:
    /// Evict the entry closest to expiry
    void EvictOne();

    Time m_ttlUnit;                                       //!< duration of one TTL unit
    uint32_t m_capacity;                                  //!< maximum number of entries
    uint32_t m_requestsPerSecond;                         //!< rate limit per prefix
    std::map<LispEidPrefix, LispMapCacheEntry> m_entries; //!< the cache
    std::map<LispEidPrefix, std::deque<Time>> m_requests; //!< admitted requests in the last second
    uint32_t m_peak;                                      //!< peak size
    uint64_t m_hits;                                      //!< hits
    uint64_t m_misses;                                    //!< misses
    uint64_t m_evictions;                                 //!< capacity evictions
    uint64_t m_expirations;                               //!< expiries
    uint64_t m_rateLimited;                               //!< refused requests
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_LISP_MAP_CACHE_H */
