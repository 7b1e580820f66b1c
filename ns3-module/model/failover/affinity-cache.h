/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_AFFINITY_CACHE_H
#define SFC_AFFINITY_CACHE_H

#include "service-message.h"

#include "ns3/flow-key.h"
#include "ns3/ipv4-address.h"
#include "ns3/nstime.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <unordered_map>
#include <vector>

namespace ns3
{
namespace sfc
{

/// Dispatch flag of an affinity (FIG. 6/7)
constexpr uint8_t kAffinityDispatch = 0x01;
/// Information flag of an affinity (FIG. 6/7)
constexpr uint8_t kAffinityInformation = 0x02;

/**
 * \ingroup sfc
 * \brief Service and backup precedence of an affinity.
 *
 * Among several affinities matching a packet, the one with the best
 * service precedence wins (higher or lower value first, per the search
 * order flag of FIG. 10B); among equal service precedences, the lowest
 * backup precedence value wins (seed 002).
 */
struct Precedence
{
    uint16_t service{0};    //!< service precedence value
    bool higherFirst{true}; //!< search order: a higher value is a better precedence
    uint16_t backup{0};     //!< backup precedence (lower is preferred)

    /// \return the service precedence on one scale where larger is better
    uint32_t ServiceRank() const
    {
        return higherFirst ? service : 0xffffu - service;
    }

    /// \param o other \return true if this precedence is strictly better than o
    bool BetterThan(const Precedence& o) const
    {
        if (ServiceRank() != o.ServiceRank())
        {
            return ServiceRank() > o.ServiceRank();
        }
        return backup < o.backup;
    }

    /// \param o other \return true if both identify the same registration
    bool operator==(const Precedence& o) const
    {
        return service == o.service && higherFirst == o.higherFirst && backup == o.backup;
    }
};

/// Actions attached to an affinity
struct AffinityActions
{
    std::optional<NatAction> nat;             //!< NAT
    std::optional<SeqAdjustAction> seqAdjust; //!< sequence number adjust
    std::optional<InterestCriteria> interest; //!< interest criteria
    std::optional<AdvertiseAction> advertise; //!< advertise (wildcards)
};

/**
 * \ingroup sfc
 * \brief A fixed affinity (FIG. 6): one exact 5-tuple (the affinity key).
 */
struct FixedAffinity
{
    uint8_t flags{0};                           //!< dispatch / information flags
    FlowKey key;                                //!< the affinity key
    Ipv4Address forward{Ipv4Address::GetAny()}; //!< forward address
    uint32_t ttlMs{0};                          //!< time to live (ms)
};

/// What every cached affinity carries besides its filter
struct AffinityEntryBase
{
    Precedence precedence;   //!< service / backup precedence
    AffinityActions actions; //!< attached actions
    Ipv4Address sender{
        Ipv4Address::GetAny()};          //!< who sent it (interest matches go there by default)
    std::vector<uint8_t> smInterestData; //!< service manager interest data to echo
    Time expiry;                         //!< when it stops being valid
};

/// A cached wildcard affinity
struct WildcardEntry : AffinityEntryBase
{
    WildcardAffinity affinity; //!< the filter
};

/// A cached fixed affinity
struct FixedEntry : AffinityEntryBase
{
    FixedAffinity affinity;           //!< the affinity
    bool dataSeen{false};             //!< a data packet was seen (FIRST_DATA interest)
    bool finSeen{false};              //!< a FIN or RST was seen (service managers)
    std::vector<Ipv4Address> holders; //!< agents it was sent to (service managers)
};

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
    std::unordered_map<FlowKey, std::vector<FixedEntry>, FlowKeyHash> m_fixed; //!< by key
};

/**
 * \ingroup sfc
 * \brief Conversions between affinities and the segments of a service message.
 */
class AffinityCodec
{
  public:
    /// \param a affinity \return its segment
    static std::shared_ptr<WildcardAffinitySegment> ToSegment(const WildcardAffinity& a);
    /// \param a affinity \return its segment
    static std::shared_ptr<FixedAffinitySegment> ToSegment(const FixedAffinity& a);
    /// \param s segment \return the affinity
    static WildcardAffinity FromSegment(const WildcardAffinitySegment& s);
    /// \param s segment \return the affinity
    static FixedAffinity FromSegment(const FixedAffinitySegment& s);

    /**
     * \brief Append the precedence and action segments of an entry.
     * \param msg message to extend
     * \param e entry
     */
    static void AddCommon(ServiceMessage& msg, const AffinityEntryBase& e);
    /**
     * \brief Read precedence, actions and service manager interest data.
     * \param msg a parsed message
     * \param e entry to fill
     */
    static void ReadCommon(const ServiceMessage& msg, AffinityEntryBase& e);

    /**
     * \brief The wildcard entry a message carries: its first wildcard
     *        affinity segment and ReadCommon().
     * \param msg a parsed message with a wildcard affinity segment
     * \param sender who sent it
     * \return the entry
     */
    static WildcardEntry ReadWildcardEntry(const ServiceMessage& msg, Ipv4Address sender);
    /**
     * \brief The fixed entry a message carries: its first fixed affinity
     *        segment and ReadCommon().
     * \param msg a parsed message with a fixed affinity segment
     * \param sender who sent it
     * \return the entry
     */
    static FixedEntry ReadFixedEntry(const ServiceMessage& msg, Ipv4Address sender);
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_AFFINITY_CACHE_H */
