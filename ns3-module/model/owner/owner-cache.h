/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_OWNER_CACHE_H
#define SFC_OWNER_CACHE_H

#include "vnet-key.h"

#include "ns3/ipv4-address.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/paired-state-table.h"
#include "ns3/traced-callback.h"

#include <cstdint>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief A source vPlane's cache of state analysis owners (seed FIG. 3).
 *
 * Once a helper has named a flow's owner (a notify, or the reply to a
 * query), the source vPlane keeps flow -> owner here and sends later
 * packets of the flow directly to the owner. One entry per flow, found by
 * the tuple it was inserted with and by its reverse; a hit (Lookup())
 * refreshes it; an entry not used for IdleTimeout of simulated time is
 * removed by an ns-3 event (deterministic: PairedStateTable's expiry in
 * (deadline, insertion) order). Lookups are O(1), inserts O(log n).
 *
 * The owner rules need no cache (they are a pure function of the tuple and
 * the translation table); what is cached is what only a helper can tell.
 */
class OwnerCache : public Object
{
  public:
    /// Result of Insert()
    enum InsertResult
    {
        INSERTED, //!< a new entry
        UPDATED,  //!< the flow was cached already: owner replaced, entry refreshed
        FULL      //!< MaxEntries reached: not cached (counted as an overflow)
    };

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    OwnerCache();
    ~OwnerCache() override;

    /**
     * \brief Find a flow's owner, refreshing the entry on a hit.
     * \param key either direction of the flow
     * \param owner set on a hit
     * \return true on a hit
     */
    bool Lookup(const VnetFlowKey& key, Ipv4Address& owner);

    /**
     * \brief Find a flow's owner without refreshing or counting.
     * \param key either direction of the flow
     * \param owner set on a hit
     * \return true on a hit
     */
    bool Peek(const VnetFlowKey& key, Ipv4Address& owner) const;

    /**
     * \brief Cache a flow's owner (both directions), with the IdleTimeout.
     * \param key the flow
     * \param owner the owner's underlay address
     * \return what happened
     */
    InsertResult Insert(const VnetFlowKey& key, Ipv4Address owner);

    /// \param key either direction \return true if an entry was removed
    bool Erase(const VnetFlowKey& key);

    /**
     * \brief Forget every flow owned by one vPlane (it left service).
     * \param owner underlay address
     * \return entries removed
     */
    uint32_t EraseOwner(Ipv4Address owner);

    /// Remove every entry (not counted as expiries)
    void Clear();

    /// \param timeout idle timeout of entries inserted from now on (zero: never expire)
    void SetIdleTimeout(Time timeout);
    /// \return the idle timeout
    Time GetIdleTimeout() const;
    /// \param maxEntries largest number of entries (0: unlimited)
    void SetMaxEntries(uint32_t maxEntries);
    /// \return largest number of entries (0: unlimited)
    uint32_t GetMaxEntries() const;

    /// \return entries (flows) cached now
    uint32_t GetNEntries() const;
    /// \return the largest number of entries held at any time
    uint32_t GetPeakEntries() const;
    /// \return Lookup() hits
    uint64_t GetHits() const;
    /// \return Lookup() misses
    uint64_t GetMisses() const;
    /// \return entries removed by the idle timeout
    uint64_t GetExpired() const;
    /// \return Insert() calls refused because the cache was full
    uint64_t GetOverflows() const;

    /// Signature of the Expired trace: the flow (as inserted) and its owner
    typedef void (*ExpiredTracedCallback)(const VnetFlowKey& key, Ipv4Address owner);

  private:
    using Store = PairedStateTable<VnetFlowKey,
                                   Ipv4Address,
                                   VnetFlowKeyUndirectedHash,
                                   PairedStateIdentityKeys<VnetFlowKey>,
                                   true>;

    Store m_store;                                                  //!< flow -> owner
    Time m_idleTimeout;                                             //!< IdleTimeout attribute
    uint32_t m_peak;                                                //!< peak entries
    uint64_t m_hits;                                                //!< hits
    uint64_t m_misses;                                              //!< misses
    uint64_t m_expired;                                             //!< expiries
    uint64_t m_overflows;                                           //!< full rejections
    TracedCallback<const VnetFlowKey&, Ipv4Address> m_expiredTrace; //!< Expired trace
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_OWNER_CACHE_H */
