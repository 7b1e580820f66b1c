/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_AFFINITY_CACHE_H
#define SFC_AFFINITY_CACHE_H

#include "affinity-entry.h"

#include "ns3/flat-slot-map.h"
#include "ns3/flow-key.h"
#include "ns3/ipv4-address.h"
#include "ns3/nstime.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief The affinity cache of a forwarding agent (and the affinity store
 *        of a service manager).
 *
 * Lookup order (seed 002): a packet is first matched against the fixed
 * affinities (exact key); only if none is valid are the wildcard
 * affinities searched; among several matches the best Precedence wins.
 *
 * Every affinity expires at its time to live; an update with a time to
 * live of 0 deletes. A fixed affinity is accepted only while a supporting
 * wildcard affinity exists (one matching its key, from the same
 * registration, i.e. with the same precedence), and deleting or expiring
 * a wildcard discards the fixed affinities it alone supported.
 *
 * Times are passed in, so the cache is a plain data structure (unit
 * tests drive it without a simulation). Validity is checked exactly on
 * every lookup; Sweep() frees expired entries (agents call it
 * periodically, well within the seed's +/-2 s tolerance).
 *
 * Storage: the fixed entries of one key form a bucket (an entry per
 * precedence, in the order they were added); buckets live in a FlatSlotMap
 * keyed by the packed 5-tuple, with the first entry inline in the slot and
 * the others, rare, in an overflow vector. Erased slots are reused, so
 * memory is bounded by the peak number of live keys. Whatever reaches a caller is in key
 * order (FlowKey's operator<), the entries of one key in bucket order.
 */
class AffinityCache
{
  public:
    /// Which wildcard supports a fixed affinity
    enum class SupportRule : uint8_t
    {
        SAME_PRECEDENCE, //!< a matching wildcard with the same precedence (agents)
        ANY              //!< any matching wildcard (backup managers' partition check)
    };

    /// Outcome of an update
    enum class Update : uint8_t
    {
        ADDED,                  //!< new entry
        REFRESHED,              //!< existing entry renewed
        DELETED,                //!< time to live 0: entry removed
        NOT_FOUND,              //!< time to live 0: nothing to remove
        NO_SUPPORTING_WILDCARD, //!< fixed affinity discarded
        FULL                    //!< capacity reached, fixed affinity discarded
    };

    /// \param rule support rule \param capacity max fixed entries (0 = unlimited)
    explicit AffinityCache(SupportRule rule = SupportRule::SAME_PRECEDENCE, uint32_t capacity = 0);

    /// \param capacity max fixed entries (0 = unlimited)
    void SetCapacity(uint32_t capacity);
    /// \param rule support rule
    void SetSupportRule(SupportRule rule);

    /**
     * \brief Add, refresh or (time to live 0) delete a wildcard affinity.
     * \param e the entry (its expiry is set here)
     * \param now current time
     * \param discarded if not null, receives fixed entries discarded with a deleted wildcard
     * \return the outcome
     */
    Update UpdateWildcard(const WildcardEntry& e,
                          Time now,
                          std::vector<FixedEntry>* discarded = nullptr);

    /**
     * \brief Add, refresh or (time to live 0) delete a fixed affinity.
     * \param e the entry
     * \param now current time
     * \param hold how long it stays valid (agents: its time to live; managers keep
     *        affinities a little longer); ignored when the time to live is 0
     * \return the outcome
     */
    Update UpdateFixed(const FixedEntry& e, Time now, Time hold);

    /// \param e entry \param now time \return UpdateFixed(e, now, its time to live)
    Update UpdateFixed(const FixedEntry& e, Time now);

    /**
     * \param key a tuple \param now time
     * \return the best valid fixed affinity for exactly that key, or nullptr
     */
    FixedEntry* LookupFixed(const FlowKey& key, Time now);
    /// \copydoc LookupFixed
    const FixedEntry* LookupFixed(const FlowKey& key, Time now) const;
    /**
     * \param key a tuple \param now time
     * \return the best valid wildcard affinity in whose range key is, or nullptr
     */
    const WildcardEntry* LookupWildcard(const FlowKey& key, Time now) const;

    /// \param key key \param p precedence \param now time \return the fixed entry with that
    /// identity
    FixedEntry* FindFixed(const FlowKey& key, const Precedence& p, Time now);

    /**
     * \param key affinity key \param p precedence of the fixed affinity \param now time
     * \return true if a valid wildcard supports it (per the support rule)
     */
    bool IsSupported(const FlowKey& key, const Precedence& p, Time now) const;

    /**
     * \brief Remove expired entries (and fixed entries left without support).
     * \param now current time
     * \param fixed if not null, receives the removed fixed entries
     * \param wildcards if not null, receives the removed wildcard entries
     */
    void Sweep(Time now,
               std::vector<FixedEntry>* fixed = nullptr,
               std::vector<WildcardEntry>* wildcards = nullptr);

    /**
     * \brief Remove every fixed entry for a key.
     * \param key the key
     * \param removed if not null, receives the removed entries
     * \return entries removed
     */
    uint32_t EraseFixed(const FlowKey& key, std::vector<FixedEntry>* removed = nullptr);

    /// Remove everything
    void Clear();

    /// \return fixed entries stored (valid or not yet swept)
    uint32_t GetNFixed() const;
    /// \return wildcard entries stored
    uint32_t GetNWildcards() const;
    /// \return the wildcard entries, in insertion order
    const std::vector<WildcardEntry>& GetWildcards() const;
    /**
     * \brief Visit every fixed entry in key order (deterministic).
     * \param f called with each entry
     */
    void ForEachFixed(const std::function<void(FixedEntry&)>& f);

    /**
     * \brief Bytes a cached entry occupies on the wire (its affinity, precedence
     *        and action segments): the module's measure of affinity-cache size.
     * \param e entry \return bytes
     */
    static uint32_t EntryBytes(const FixedEntry& e);
    /// \copydoc EntryBytes(const FixedEntry&)
    static uint32_t EntryBytes(const WildcardEntry& e);
    /// \return bytes of every stored entry (EntryBytes summed)
    uint64_t GetBytes() const;

  private:
    /**
     * \brief The fixed entries of one key, in the order they were added (an
     *        entry per precedence): the first inline, the others (rare) in an
     *        overflow allocated only when there are some.
     *
     * The overflow pointer comes first: a hit reads the slot's key, the
     * bucket's size and the first entry's precedence from its first 30 bytes.
     */
    struct Bucket
    {
        std::unique_ptr<std::vector<FixedEntry>> more; //!< entries 1, 2, ... (or null)
        FixedEntry first;                              //!< entry 0

        /// \return entries (at least 1 while the bucket is stored)
        uint32_t Size() const;
        /// \param i position, below Size() \return the entry
        FixedEntry& At(uint32_t i);
        /// \param p precedence \return the position of the entry with it, or Size()
        uint32_t Find(const Precedence& p) const;
        /// \param i position (Size() > 1): remove it, the others keep their order
        void Erase(uint32_t i);
    };

    /// Buckets by packed key (FlowKeyHash hashes the packed form as the key it packs)
    using FixedMap = FlatSlotMap<PackedFlowKey, Bucket, FlowKeyHash>;

    /// Remove fixed entries that no valid wildcard supports any more.
    void DiscardUnsupported(Time now, std::vector<FixedEntry>* discarded);
    /**
     * \brief Remove the fixed entries for which erase is true.
     * \param erase the test \param erased if not null, receives them (appended, sorted by key)
     */
    void EraseFixedIf(const std::function<bool(const FixedEntry&)>& erase,
                      std::vector<FixedEntry>* erased);

    SupportRule m_rule;                     //!< support rule
    uint32_t m_capacity;                    //!< max fixed entries
    uint32_t m_nFixed;                      //!< fixed entries stored
    uint64_t m_bytes;                       //!< EntryBytes of every stored entry
    std::vector<WildcardEntry> m_wildcards; //!< wildcard entries (few)
    FixedMap m_fixed;                       //!< fixed entries, by key
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_AFFINITY_CACHE_H */
