/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_PAIRED_STATE_INDEX_H
#define SFC_PAIRED_STATE_INDEX_H

#include "huge-page-array.h"

#include "ns3/abort.h"

#include <cstddef>
#include <cstdint>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief The open-addressing index of PairedStateTable: hash tag -> reference.
 *
 * Linear probing over a power-of-two array of 8-byte slots, load at most 0.7,
 * deletion by backward shift (no tombstones). A slot holds the top 32 bits of
 * its key's mixed hash (the tag; its high bits are the home slot) and a
 * reference, an opaque non-zero 32-bit value (the table's node number and
 * side); 0 marks an empty slot. The index never sees the keys: Find() asks
 * the caller whether the key behind a reference with a matching tag is the
 * one sought, so a probe touches a record only when the tag bits match and a
 * miss reads the index alone. Growth doubles the array and re-places every
 * slot from its tag, without asking for the keys. An index of 4 MiB or more
 * is offered to huge pages (HugePageArray).
 */
class PairedStateIndex
{
  public:
    /// One slot: hash bits and a reference (0 = empty)
    struct Slot
    {
        uint32_t tag{0}; //!< top 32 bits of the key's mixed hash
        uint32_t ref{0}; //!< caller's reference, non-zero; 0 = empty slot
    };

    static constexpr uint32_t kNotFound = 0xffffffff; //!< Find(): no such key

    /**
     * \brief Find the slot of a key.
     * \param tag the key's tag
     * \param isKey called with the reference of each slot whose tag matches;
     *        returns true if that reference is the key's
     * \return the slot number, or kNotFound
     */
    template <typename IsKey>
    uint32_t Find(uint32_t tag, IsKey isKey) const
    {
        if (m_used == 0)
        {
            return kNotFound;
        }
        uint32_t mask = static_cast<uint32_t>(m_slots.size()) - 1;
        for (uint32_t pos = Home(tag);; pos = (pos + 1) & mask)
        {
            const Slot& s = m_slots[pos];
            if (s.ref == 0)
            {
                return kNotFound;
            }
            if (s.tag == tag && isKey(s.ref))
            {
                return pos;
            }
        }
    }

    /// \param pos a slot number from Find() \return the reference it holds
    uint32_t RefAt(uint32_t pos) const
    {
        return m_slots[pos].ref;
    }

    /**
     * \brief Put an entry in the first free slot of its probe sequence.
     *
     * The key must be absent, and Reserve() must have made room for it.
     * \param entry tag and (non-zero) reference
     */
    void Place(Slot entry)
    {
        uint32_t mask = static_cast<uint32_t>(m_slots.size()) - 1;
        uint32_t pos = Home(entry.tag);
        while (m_slots[pos].ref != 0)
        {
            pos = (pos + 1) & mask;
        }
        m_slots[pos] = entry;
        ++m_used;
    }

    /// \param n keys about to be placed: grow (doubling) until they fit the load bound
    void Reserve(uint32_t n)
    {
        while (uint64_t(m_used + n) * 10 > uint64_t(m_slots.size()) * 7)
        {
            uint32_t bits = m_slots.empty() ? kMinBits : m_bits + 1;
            NS_ABORT_MSG_IF(bits > 31, "PairedStateIndex: index too large");
            HugePageArray<Slot> old(std::size_t(1) << bits);
            old.swap(m_slots);
            m_bits = bits;
            m_used = 0;
            for (std::size_t i = 0; i < old.size(); ++i)
            {
                if (old[i].ref != 0)
                {
                    Place(old[i]);
                }
            }
        }
    }

    /// \param pos a slot number from Find(): empty it, shifting the rest of its cluster back
    void Unplace(uint32_t pos)
    {
        uint32_t mask = static_cast<uint32_t>(m_slots.size()) - 1;
        uint32_t hole = pos;
        for (uint32_t j = (pos + 1) & mask; m_slots[j].ref != 0; j = (j + 1) & mask)
        {
            // The entry at j may fill the hole if the hole lies on its probe
            // path, i.e. between its home slot and j (cyclically).
            if (((j - Home(m_slots[j].tag)) & mask) >= ((j - hole) & mask))
            {
                m_slots[hole] = m_slots[j];
                hole = j;
            }
        }
        m_slots[hole] = Slot{};
        --m_used;
    }

    /// Remove every entry and release the memory.
    void Clear()
    {
        HugePageArray<Slot>().swap(m_slots);
        m_bits = 0;
        m_used = 0;
    }

    /// \return number of slots (a power of two, or 0 before the first Reserve())
    uint32_t GetSize() const
    {
        return static_cast<uint32_t>(m_slots.size());
    }

    /// \return number of occupied slots
    uint32_t GetUsed() const
    {
        return m_used;
    }

    /// \return heap bytes of the slot array
    std::size_t GetMemoryBytes() const
    {
        return m_slots.size() * sizeof(Slot);
    }

  private:
    static constexpr uint32_t kMinBits = 4; //!< smallest index: 16 slots

    /// \param tag a tag \return its home slot in the current array
    uint32_t Home(uint32_t tag) const
    {
        return tag >> (32 - m_bits);
    }

    HugePageArray<Slot> m_slots; //!< the slots
    uint32_t m_bits{0};          //!< log2 of the number of slots
    uint32_t m_used{0};          //!< occupied slots
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_PAIRED_STATE_INDEX_H */
