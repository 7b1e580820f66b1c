/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_QUERY_SUBSET_H
#define SFC_QUERY_SUBSET_H

#include "vnet-key.h"

#include "ns3/ipv4-address.h"

#include <cstdint>
#include <map>
#include <vector>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief The "predetermined function of header fields" that maps every flow
 *        to one of K query subsets (seed FIG. 2, step 3).
 *
 * Direction-independent: a tuple and its reverse fall in the same subset,
 * so the helper that learns a flow's owner from one direction (an owner
 * registering the return tuple of a NAT binding) is the helper asked about
 * the other. Two field sets:
 *  - FIVE_TUPLE: VNet, protocol and both (address, port) ends, in canonical
 *    order (VnetFlowKey::SymmetricHash); spreads the flows of one NAT
 *    address over all helpers;
 *  - ADDRESSES: VNet, protocol and the two addresses only (ports ignored):
 *    every flow between the same two addresses has the same helper, the
 *    seed's "flow associations based on the IP addresses used by a stateful
 *    service".
 * The value is hash mod K: O(1) per packet, stable across runs.
 */
class QuerySubsetFunction
{
  public:
    /// Which header fields the function reads
    enum Fields : uint8_t
    {
        FIVE_TUPLE = 0, //!< VNet + protocol + both (address, port) ends
        ADDRESSES = 1   //!< VNet + protocol + both addresses
    };

    /// Largest number of subsets (what a SubsetMapHeader can carry in one message)
    static constexpr uint32_t kMaxSubsets = 16384;

    /**
     * \param numSubsets K, 1..kMaxSubsets
     * \param fields which header fields are hashed
     * \param salt mixed into the hash (every vPlane must use the same)
     */
    explicit QuerySubsetFunction(uint32_t numSubsets = 1024,
                                 Fields fields = FIVE_TUPLE,
                                 uint32_t salt = 0);

    /// \param key a flow direction \return its subset, 0..K-1 (the same for key.Reverse())
    uint32_t GetSubset(const VnetFlowKey& key) const;

    /// \return K
    uint32_t GetNSubsets() const;
    /// \return the field set
    Fields GetFields() const;

  private:
    uint32_t m_numSubsets; //!< K
    Fields m_fields;       //!< hashed fields
    uint32_t m_salt;       //!< hash salt
};

/**
 * \ingroup sfc
 * \brief The subset map: query subset -> helper vPlane, with an epoch.
 *
 * What the controller programs into every vPlane (and what a
 * SubsetMapHeader carries): for each of K subsets the underlay address of
 * the vPlane that answers for it. The epoch grows with every assignment,
 * so a vPlane applies a map only if it is newer than the one it has.
 * Stored as the sorted list of vPlanes plus one index per subset (the wire
 * form), so GetHelper() is O(1).
 */
class SubsetMap
{
  public:
    /// Index of a subset no vPlane answers for
    static constexpr uint16_t kUnassigned = 0xffff;

    SubsetMap() = default;

    /**
     * \param epoch version of the assignment
     * \param vplanes the vPlanes in service (sorted, distinct: the constructor sorts them)
     * \param numSubsets K
     */
    SubsetMap(uint32_t epoch, std::vector<Ipv4Address> vplanes, uint32_t numSubsets);

    /**
     * \brief Assign a subset.
     * \param subset 0..K-1
     * \param vplane one of GetVplanes()
     * \return false if the subset or the vPlane is unknown
     */
    bool Assign(uint32_t subset, Ipv4Address vplane);

    /**
     * \brief Set the raw vPlane index of a subset (for the wire decoder).
     * \param subset 0..K-1
     * \param index index into GetVplanes() or kUnassigned
     * \return false if out of range
     */
    bool SetIndex(uint32_t subset, uint16_t index);
    /// \param subset 0..K-1 \return index into GetVplanes(), or kUnassigned
    uint16_t GetIndex(uint32_t subset) const;

    /**
     * \param subset 0..K-1
     * \param helper set to the vPlane answering for it
     * \return false if the subset is out of range or unassigned
     */
    bool GetHelper(uint32_t subset, Ipv4Address& helper) const;

    /// \return true if every subset has a vPlane
    bool IsComplete() const;
    /// \return the epoch
    uint32_t GetEpoch() const;
    /// \param epoch the epoch
    void SetEpoch(uint32_t epoch);
    /// \return K
    uint32_t GetNSubsets() const;
    /// \return the vPlanes, ascending
    const std::vector<Ipv4Address>& GetVplanes() const;
    /// \param vplane a vPlane \return the subsets it answers for, ascending
    std::vector<uint32_t> GetSubsetsOf(Ipv4Address vplane) const;
    /// \return number of subsets per vPlane (every vPlane listed, in address order)
    std::map<Ipv4Address, uint32_t> GetLoad() const;

    /**
     * \brief The subsets whose helper differs between two maps (re-balancing).
     * \param before old map
     * \param after new map (same K)
     * \return moved subsets, ascending (every subset if K differs)
     */
    static std::vector<uint32_t> Moved(const SubsetMap& before, const SubsetMap& after);

  private:
    uint32_t m_epoch{0};                //!< assignment version
    std::vector<Ipv4Address> m_vplanes; //!< vPlanes, ascending
    std::vector<uint16_t> m_index;      //!< subset -> index into m_vplanes
};

bool operator==(const SubsetMap& a, const SubsetMap& b);

} // namespace sfc
} // namespace ns3

#endif /* SFC_QUERY_SUBSET_H */
