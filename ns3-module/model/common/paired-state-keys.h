/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_PAIRED_STATE_KEYS_H
#define SFC_PAIRED_STATE_KEYS_H

#include "paired-state-index.h"

#include <cstddef>
#include <cstdint>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief How PairedStateTable stores its keys by default: as they are.
 *
 * A key packing is a type with a \c Stored type (equality-comparable,
 * default-constructible), \c Pack(const Key&) and \c Unpack(const Stored&),
 * and, for a table with reverse-derived keys, \c Reverse(const Stored&) (the
 * stored form of the key's Reverse()); a table with a packing stores
 * Pack(key) in its records (e.g. ns-3's 8-byte Ipv4Address as 4 bytes),
 * compares lookups and computes KeyHash in that form (so KeyHash takes a
 * Stored), once per lookup.
 */
template <typename Key>
struct PairedStateIdentityKeys
{
    using Stored = Key; //!< stored as is

    /// \param k key \return k
    static const Key& Pack(const Key& k)
    {
        return k;
    }

    /// \param s stored key \return s
    static const Key& Unpack(const Stored& s)
    {
        return s;
    }

    /// \param s stored key \return s.Reverse() (reverse-derived tables only)
    static Key Reverse(const Stored& s)
    {
        return s.Reverse();
    }
};

/**
 * \ingroup sfc
 * \brief How PairedStateTable stores, indexes and matches a record's two keys.
 *
 * Two schemes:
 * - two stored keys (\p ReverseDerived false): both keys are stored and each
 *   has an index slot, whose reference carries the side (bit 31) next to the
 *   node number plus one;
 * - reverse-derived (\p ReverseDerived true): the reverse key is always the
 *   forward key's Reverse(), so a record stores its forward key alone and is
 *   indexed once, under a hash that is the same for a key and its Reverse()
 *   (KeyHash must be such a hash); a lookup compares the stored key with the
 *   probe (forward) and with the probe's reverse (reverse), and a key equal
 *   to its own reverse is found as forward.
 *
 * A slot's tag is KeyHash of the stored form times the 64-bit Fibonacci
 * multiplier, top 32 bits (its high bits pick the home slot).
 */
template <typename Key, typename KeyHash, typename KeyPacking, bool ReverseDerived>
class PairedStateKeys
{
  public:
    /// The stored form of a key
    using Stored = typename KeyPacking::Stored;

    /// Keys a record stores: two, or the forward one alone if the reverse is derived
    static constexpr int kStored = ReverseDerived ? 1 : 2;

    /// The two keys of a record, stored packed; keys[side] gives one back as a Key
    struct Pair
    {
        Stored stored[kStored]; //!< forward (and reverse) key, packed

        /// \param side 0 (forward) or 1 (reverse) \return that key
        Key operator[](std::size_t side) const
        {
            if constexpr (ReverseDerived)
            {
                Key k = KeyPacking::Unpack(stored[0]);
                return side == 0 ? k : k.Reverse();
            }
            else
            {
                return KeyPacking::Unpack(stored[side]);
            }
        }
    };

    /// \param key a key in its stored form \return its tag
    static uint32_t TagOf(const Stored& key)
    {
        return static_cast<uint32_t>((uint64_t(KeyHash()(key)) * kGolden) >> 32);
    }

    /// \param node node number \param side 0 or 1 \return the index reference
    static uint32_t MakeRef(uint32_t node, uint8_t side)
    {
        return (node + 1) | (side != 0 ? kSideBit : 0);
    }

    /// \param ref an index reference \return its node number
    static uint32_t RefNode(uint32_t ref)
    {
        return (ref & ~kSideBit) - 1;
    }

    /**
     * \brief Find the index slot of a key.
     * \param index the index
     * \param probe the key sought, in its stored form
     * \param pairOf called with a node number, returns that record's Pair
     * \param side set to the side (0 or 1) key is of its record, if found
     * \return the slot, or PairedStateIndex::kNotFound
     */
    template <typename PairOf>
    [[gnu::always_inline]] static uint32_t Find(const PairedStateIndex& index,
                                                const Stored& probe,
                                                PairOf pairOf,
                                                uint8_t* side)
    {
        if constexpr (ReverseDerived)
        {
            const Stored back = KeyPacking::Reverse(probe);
            uint8_t found = 0;
            uint32_t pos = index.Find(TagOf(probe), [&](uint32_t ref) {
                const Stored& stored = pairOf(RefNode(ref)).stored[0];
                found = stored == probe ? 0 : 1;
                return found == 0 || stored == back;
            });
            *side = found;
            return pos;
        }
        else
        {
            uint32_t pos = index.Find(TagOf(probe), [&](uint32_t ref) {
                return pairOf(RefNode(ref)).stored[RefSide(ref)] == probe;
            });
            *side = pos == PairedStateIndex::kNotFound ? 0 : RefSide(index.RefAt(pos));
            return pos;
        }
    }

    /**
     * \param index the index
     * \param keys a live record's keys \param node its node \param side 0 or 1
     * \return the index slot of that key of the record (found by reference)
     */
    static uint32_t SlotOf(const PairedStateIndex& index,
                           const Pair& keys,
                           uint32_t node,
                           uint8_t side)
    {
        uint32_t ref = MakeRef(node, side);
        const Stored& key = keys.stored[ReverseDerived ? 0 : side];
        return index.Find(TagOf(key), [ref](uint32_t r) { return r == ref; });
    }

  private:
    static constexpr uint32_t kSideBit = 0x80000000;        //!< side flag in a reference
    static constexpr uint64_t kGolden = 0x9e3779b97f4a7c15; //!< Fibonacci hashing multiplier

    /// \param ref an index reference \return its side
    static uint8_t RefSide(uint32_t ref)
    {
        return (ref & kSideBit) ? 1 : 0;
    }
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_PAIRED_STATE_KEYS_H */
