/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_ASSOCIATION_STORE_H
#define SFC_ASSOCIATION_STORE_H

#include "query-subset.h"
#include "vnet-key.h"

#include "ns3/ipv4-address.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/paired-state-table.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <vector>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief What happens to the associations of a query subset that moves to
 *        another helper on re-balancing (a parameter of the later vPlane app).
 */
enum class RebalancePolicy : uint8_t
{
    TRANSFER = 0,  //!< the old helper hands its associations to the new one (TakeMoved())
    REREGISTER = 1 //!< the old helper drops them; owners re-register with the new helper
};

/**
 * \ingroup sfc
 * \brief One flow -> owner association held by a helper.
 */
struct Association
{
    /// How the helper came to know it
    enum Origin : uint8_t
    {
        REGISTERED = 0, //!< an owner's REGISTER (e.g. the vPlane that created a NAT binding)
        SELECTED = 1,   //!< chosen by the helper itself for an unresolved new flow
        TRANSFERRED = 2 //!< handed over by the previous helper of the subset
    };

    Ipv4Address owner;         //!< the owner's underlay address
    Origin origin{REGISTERED}; //!< where it came from
};

/**
 * \ingroup sfc
 * \brief A helper vPlane's association store: soft state flow -> owner.
 *
 * The seed leaves open how a helper knows the owner of a flow whose ends
 * are both unresolvable. Here the owner tells it: the vPlane that creates
 * a NAT binding registers the binding's translated key with the helper of
 * that key's query subset, refreshes it while the binding lives and
 * withdraws it when the binding goes. Every association has a lifetime (the
 * one the REGISTER carried, DefaultLifetime if none); one not refreshed in
 * time is removed by an ns-3 event, so a lost WITHDRAW or a vanished owner
 * cannot leave state behind for long.
 *
 * One record per flow, found by the key it was registered with and by its
 * reverse. Lookups are O(1) and do not refresh (a query is not a sign that
 * the owner still has the state); Register() is O(log n). Sized
 * (MaxEntries) and counted (entries, peak, registrations, ...).
 */
class AssociationStore : public Object
{
  public:
    /// Result of Register()
    enum RegisterResult
    {
        ADDED,     //!< a new association
        REFRESHED, //!< same owner: lifetime restarted
        REPLACED,  //!< another owner: the newer registration wins
        FULL       //!< MaxEntries reached: not stored (counted as an overflow)
    };

    /// An association taken out of the store by TakeMoved()
    struct Moved
    {
        VnetFlowKey key;         //!< the flow, as registered
        Association association; //!< its owner and origin
        Time remaining;          //!< lifetime left
    };

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    AssociationStore();
    ~AssociationStore() override;

    /**
     * \brief Add or refresh an association.
     * \param key the flow (either direction)
     * \param owner the owner's underlay address
     * \param lifetime how long it lives without a refresh (zero: DefaultLifetime)
     * \param origin how the helper learned it
     * \return what happened
     */
    RegisterResult Register(const VnetFlowKey& key,
                            Ipv4Address owner,
                            Time lifetime,
                            Association::Origin origin = Association::REGISTERED);

    /**
     * \brief Remove an association, if it is this owner's (a late WITHDRAW
     *        from a previous owner must not remove a newer registration).
     * \param key the flow (either direction)
     * \param owner the withdrawing owner
     * \return true if removed
     */
    bool Withdraw(const VnetFlowKey& key, Ipv4Address owner);

    /**
     * \brief Find a flow's association (no refresh); counts a hit or a miss.
     * \param key either direction
     * \param out set on a hit
     * \return true on a hit
     */
    bool Lookup(const VnetFlowKey& key, Association& out);

    /**
     * \brief Remove and return the associations whose subset this helper no
     *        longer answers for under a new map (re-balancing). With
     *        RebalancePolicy::TRANSFER the caller sends them to their new
     *        helper; with REREGISTER it just drops them.
     * \param map the new subset map
     * \param subsets the query subset function
     * \param self this helper's underlay address
     * \return the moved associations, in insertion order
     */
    std::vector<Moved> TakeMoved(const SubsetMap& map,
                                 const QuerySubsetFunction& subsets,
                                 Ipv4Address self);

    /**
     * \brief Forget every association naming one owner (it left service).
     * \param owner underlay address
     * \return associations removed
     */
    uint32_t EraseOwner(Ipv4Address owner);

    /// Remove every association (not counted as expiries)
    void Clear();

    /// \param lifetime lifetime of registrations that carry none
    void SetDefaultLifetime(Time lifetime);
    /// \return the default lifetime
    Time GetDefaultLifetime() const;
    /// \param maxEntries largest number of associations (0: unlimited)
    void SetMaxEntries(uint32_t maxEntries);
    /// \return largest number of associations (0: unlimited)
    uint32_t GetMaxEntries() const;

    /// \return associations held now
    uint32_t GetNEntries() const;
    /// \return the largest number held at any time
    uint32_t GetPeakEntries() const;
    /// \return Register() calls that added an association
    uint64_t GetAdded() const;
    /// \return Register() calls that refreshed one
    uint64_t GetRefreshed() const;
    /// \return Register() calls that replaced another owner's
    uint64_t GetReplaced() const;
    /// \return successful Withdraw() calls
    uint64_t GetWithdrawn() const;
    /// \return associations removed because their lifetime ran out
    uint64_t GetExpired() const;
    /// \return Register() calls refused because the store was full
    uint64_t GetOverflows() const;
    /// \return Lookup() hits
    uint64_t GetHits() const;
    /// \return Lookup() misses
    uint64_t GetMisses() const;

  private:
    using Store = PairedStateTable<VnetFlowKey,
                                   Association,
                                   VnetFlowKeyUndirectedHash,
                                   PairedStateIdentityKeys<VnetFlowKey>,
                                   true>;

    Store m_store;                                                  //!< flow -> association
    Time m_lifetime;                                                //!< DefaultLifetime attribute
    uint32_t m_peak;                                                //!< peak entries
    uint64_t m_added;                                               //!< additions
    uint64_t m_refreshed;                                           //!< refreshes
    uint64_t m_replaced;                                            //!< replacements
    uint64_t m_withdrawn;                                           //!< withdrawals
    uint64_t m_expired;                                             //!< expiries
    uint64_t m_overflows;                                           //!< full rejections
    uint64_t m_hits;                                                //!< lookup hits
    uint64_t m_misses;                                              //!< lookup misses
    TracedCallback<const VnetFlowKey&, Ipv4Address> m_expiredTrace; //!< Expired trace
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_ASSOCIATION_STORE_H */
