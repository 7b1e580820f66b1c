/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_MAGLEV_TABLE_H
#define SFC_MAGLEV_TABLE_H

#include <cstdint>
#include <utility>
#include <vector>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief Maglev's consistent-hashing lookup table (Eisenbud et al., NSDI 2016, section 3.4).
 *
 * Each backend i has a preference list, the permutation
 * permutation[i][j] = (offset_i + j * skip_i) mod M of the M table slots
 * (M prime). The table is filled by letting the backends take turns, each
 * claiming its most preferred slot still free, until every slot is taken;
 * so each backend gets floor(M/N) or ceil(M/N) slots, and a change in the
 * set of backends moves few slots. A key is looked up as entry[hash mod M].
 */
class MaglevTable
{
  public:
    /// Default table size: a prime well above the number of backends (the paper's 65537)
    static constexpr uint32_t kDefaultSize = 65537;

    /// \param size table size M; must be prime
    explicit MaglevTable(uint32_t size = kDefaultSize);

    /// \return the table size M
    uint32_t GetSize() const;

    /**
     * \brief Fill the table from explicit (offset, skip) pairs, one per backend.
     * \param offsetSkip backend i's offset (< M) and skip (1..M-1)
     */
    void Build(const std::vector<std::pair<uint32_t, uint32_t>>& offsetSkip);

    /**
     * \brief Fill the table for backends identified by ids: offset = h1(id) mod M,
     *        skip = h2(id) mod (M-1) + 1, with two independent hash functions
     *        (murmur3 and FNV-1a), as the paper does with backend names.
     * \param ids backend ids; entries hold indices into this vector
     */
    void BuildFromIds(const std::vector<uint32_t>& ids);

    /**
     * \param hash a key's hash
     * \return the index of the backend owning the key, -1 if the table is empty
     */
    int32_t Lookup(uint32_t hash) const;

    /// \return the table: backend index per slot (-1 if no backend)
    const std::vector<int32_t>& GetEntries() const;

    /// \param n a number \return true if n is prime
    static bool IsPrime(uint32_t n);

  private:
    uint32_t m_size;              //!< M
    std::vector<int32_t> m_entry; //!< slot -> backend index
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_MAGLEV_TABLE_H */
