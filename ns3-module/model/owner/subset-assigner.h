/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_SUBSET_ASSIGNER_H
#define SFC_SUBSET_ASSIGNER_H

#include "query-subset.h"

#include "ns3/ipv4-address.h"
#include "ns3/object.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <set>
#include <vector>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief The controller's assignment of query subsets to the vPlanes in service.
 *
 * Consistent hashing, so that a vPlane joining or leaving moves few subsets
 * (the associations of a moved subset must be transferred or re-registered,
 * see owner.rst):
 *  - RENDEZVOUS (default): highest random weight, subset s -> the vPlane v
 *    with the highest murmur3(s, v). Minimal movement: a join moves exactly
 *    the subsets the new vPlane wins (about K/(N+1)), a leave exactly the
 *    leaving vPlane's; the load per vPlane is binomial (spread about
 *    sqrt(K/N) subsets; raise K for a tighter balance).
 *  - MAGLEV: the module's MaglevTable over the vPlanes (ids = underlay
 *    addresses). With M = the smallest prime >= K (MaglevSize 0) subset s
 *    is slot s and every vPlane answers for floor or ceil of K/N subsets
 *    (give or take the M - K unused slots), but a change moves more than the
 *    ideal (measured 1.2x at N = 8, 2.3x at N = 32 for K = 1024). With a
 *    large M (MaglevSize >= 2K) subset s is slot murmur3(s) mod M: near-ideal
 *    movement, rendezvous' balance.
 * All depend only on the set of vPlanes (not on the order of joins), and
 * the cost (O(K N) or O(M N)) is paid at the controller on a change, never
 * per packet: vPlanes look the helper up in the SubsetMap in O(1).
 *
 * Every recomputation that changes the set of vPlanes bumps the epoch.
 */
class SubsetAssigner : public Object
{
  public:
    /// The consistent-hashing scheme
    enum Algorithm
    {
        MAGLEV,    //!< Maglev lookup table (balance first with a compact table)
        RENDEZVOUS //!< highest random weight (minimal movement; the default)
    };

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    SubsetAssigner();
    ~SubsetAssigner() override;

    /**
     * \brief A vPlane enters service.
     * \param vplane its underlay address
     * \return the new map (unchanged, same epoch, if it was in service already)
     */
    const SubsetMap& Join(Ipv4Address vplane);

    /**
     * \brief A vPlane leaves service.
     * \param vplane its underlay address
     * \return the new map (unchanged, same epoch, if it was not in service)
     */
    const SubsetMap& Leave(Ipv4Address vplane);

    /**
     * \brief Replace the set of vPlanes in service.
     * \param vplanes underlay addresses (order and duplicates do not matter)
     * \return the new map
     */
    const SubsetMap& SetVplanes(const std::vector<Ipv4Address>& vplanes);

    /// \return the current map (epoch 0 and no vPlanes before the first change)
    const SubsetMap& GetMap() const;
    /// \return the vPlanes in service, ascending
    const std::set<Ipv4Address>& GetVplanes() const;

    /**
     * \brief The assignment itself (a pure function of its arguments).
     * \param algorithm scheme
     * \param vplanes vPlanes in service
     * \param numSubsets K
     * \param maglevSize Maglev table size (prime >= K), 0 = the smallest prime >= K
     * \param epoch epoch of the result
     * \return the map
     */
    static SubsetMap Compute(Algorithm algorithm,
                             const std::set<Ipv4Address>& vplanes,
                             uint32_t numSubsets,
                             uint32_t maglevSize,
                             uint32_t epoch);

    /// \param n a number \return the smallest prime >= n
    static uint32_t NextPrime(uint32_t n);

    /// Signature of the MapChanged trace: old map, new map
    typedef void (*MapChangedTracedCallback)(const SubsetMap& before, const SubsetMap& after);

  private:
    /// Recompute after a change of m_vplanes
    void Recompute();

    uint32_t m_numSubsets;                                           //!< NumSubsets attribute (K)
    Algorithm m_algorithm;                                           //!< Algorithm attribute
    uint32_t m_maglevSize;                                           //!< MaglevSize attribute
    std::set<Ipv4Address> m_vplanes;                                 //!< in service
    SubsetMap m_map;                                                 //!< current assignment
    TracedCallback<const SubsetMap&, const SubsetMap&> m_mapChanged; //!< MapChanged trace
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_SUBSET_ASSIGNER_H */
