/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_FLAT_SLOT_MAP_H
#define SFC_FLAT_SLOT_MAP_H

#include "flow-key.h"

#include <cstdint>
#include <memory>
#include <vector>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief Deterministic hash for integer keys of a FlatSlotMap (splitmix64's finalizer).
 */
struct FlatSlotMapIntHash
{
    /// \param x key \return a well-mixed 64-bit value
    uint64_t operator()(uint64_t x) const
    {
        return FlowKeyHash::Mix(x);
    }
};

/**
 * \ingroup sfc
 * \brief Per-flow records in flat storage: slots with a free list, found by key
 *        through a small open-addressing index.
 *
 * The store behind the traffic applications' and the chain monitor's per-flow
 * state, which must follow the number of flows alive rather than the number
 * of flows ever seen:
 * - records live in chunks of 256 slots that never move (a reference stays
 *   valid until its record is erased, whatever is inserted meanwhile); an
 *   erased slot goes on a free list and is reused by the next insert, so the
 *   slots in use are bounded by the peak number of live records;
 * - the index is a power-of-two array of 32-bit slot numbers (linear probing,
 *   load at most 1/2, deletion by backward shift: no tombstones), so a
 *   lookup is one hash and, almost always, one record compare;
 * - nothing is allocated per insert beyond the amortized growth of the
 *   chunks, the free list and the index.
 *
 * Each slot has a number (0, 1, ...; below GetSlotCount()) that stays the
 * record's until it is erased, so callers can keep side arrays indexed by
 * slot. Determinism: slot numbers and ForEach() order depend only on the
 * sequence of inserts and erases, never on addresses; still, ForEach() order
 * is no meaningful order, so it must not reach an output.
 *
 * \tparam Key key type (copyable, with operator==)
 * \tparam Value record type (default-constructible)
 * \tparam KeyHash functor: Key -> uint64_t (or std::size_t)
 */
template <typename Key, typename Value, typename KeyHash = FlatSlotMapIntHash>
class FlatSlotMap
{
  public:
    /// Slot number meaning "none"
    static constexpr uint32_t kNone = 0xffffffffu;

    FlatSlotMap() = default;
    FlatSlotMap(const FlatSlotMap&) = delete;
    FlatSlotMap& operator=(const FlatSlotMap&) = delete;

    /// \return number of records
    uint32_t GetSize() const
    {
        return m_size;
    }

    /// \return slots ever used (live records plus free slots): the bound of slot numbers
    uint32_t GetSlotCount() const
    {
        return m_slotCount;
    }

    /// \return bytes held by the store (chunks, index and free list), for accounting
    uint64_t GetBytes() const
    {
        return uint64_t(m_chunks.size()) * kChunk * sizeof(Slot) +
               uint64_t(m_index.capacity()) * sizeof(uint32_t) +
               uint64_t(m_free.capacity()) * sizeof(uint32_t);
    }

    /**
     * \param key key
     * \return its record's slot, or kNone
     */
    uint32_t FindSlot(const Key& key) const
    {
        if (m_size == 0)
        {
            return kNone;
        }
        uint32_t mask = static_cast<uint32_t>(m_index.size() - 1);
        for (uint32_t i = Home(key, mask);; i = (i + 1) & mask)
        {
            uint32_t s = m_index[i];
            if (s == kNone)
            {
                return kNone;
            }
            if (SlotAt(s).key == key)
            {
                return s;
            }
        }
    }

    /**
     * \param key key
     * \return its record, or nullptr
     */
    Value* Find(const Key& key)
    {
        uint32_t s = FindSlot(key);
        return s == kNone ? nullptr : &SlotAt(s).value;
    }

    /**
     * \param key key
     * \return its record, or nullptr
     */
    const Value* Find(const Key& key) const
    {
        uint32_t s = FindSlot(key);
        return s == kNone ? nullptr : &SlotAt(s).value;
    }

    /// \param key key \return true if it has a record
    bool Contains(const Key& key) const
    {
        return FindSlot(key) != kNone;
    }

    /**
     * \brief Find a key's record, or make a default-constructed one.
     * \param key key
     * \param [out] inserted set to true if the record is new
     * \return its slot
     */
    uint32_t InsertSlot(const Key& key, bool& inserted)
    {
        uint32_t found = FindSlot(key);
        inserted = found == kNone;
        if (!inserted)
        {
            return found;
        }
        if ((m_size + 1) * 2 > m_index.size())
        {
            Rehash(m_index.empty() ? 16 : m_index.size() * 2);
        }
        uint32_t s;
        if (!m_free.empty())
        {
            s = m_free.back();
            m_free.pop_back();
        }
        else
        {
            if (m_slotCount == m_chunks.size() * kChunk)
            {
                m_chunks.emplace_back(new Slot[kChunk]);
            }
            s = m_slotCount++;
        }
        Slot& slot = SlotAt(s);
        slot.key = key;
        slot.value = Value();
        slot.used = true;
        uint32_t mask = static_cast<uint32_t>(m_index.size() - 1);
        uint32_t i = Home(key, mask);
        while (m_index[i] != kNone)
        {
            i = (i + 1) & mask;
        }
        m_index[i] = s;
        m_size++;
        return s;
    }

    /**
     * \brief Find a key's record, or make a default-constructed one.
     * \param key key
     * \return the record
     */
    Value& operator[](const Key& key)
    {
        bool inserted;
        return SlotAt(InsertSlot(key, inserted)).value;
    }

    /// \param slot a slot number of a live record \return its record
    Value& At(uint32_t slot)
    {
        return SlotAt(slot).value;
    }

    /// \param slot a slot number of a live record \return its record
    const Value& At(uint32_t slot) const
    {
        return SlotAt(slot).value;
    }

    /// \param slot a slot number of a live record \return its key
    const Key& KeyAt(uint32_t slot) const
    {
        return SlotAt(slot).key;
    }

    /**
     * \param key key
     * \return true if it had a record (now erased)
     */
    bool Erase(const Key& key)
    {
        if (m_size == 0)
        {
            return false;
        }
        uint32_t mask = static_cast<uint32_t>(m_index.size() - 1);
        uint32_t i = Home(key, mask);
        while (m_index[i] != kNone && !(SlotAt(m_index[i]).key == key))
        {
            i = (i + 1) & mask;
        }
        if (m_index[i] == kNone)
        {
            return false;
        }
        uint32_t s = m_index[i];
        // Backward-shift deletion: move later entries of the probe run into the hole.
        for (uint32_t j = (i + 1) & mask; m_index[j] != kNone; j = (j + 1) & mask)
        {
            uint32_t home = Home(SlotAt(m_index[j]).key, mask);
            // the entry at j may move to the hole at i if its home is not in (i, j]
            bool movable = (i <= j) ? (home <= i || home > j) : (home <= i && home > j);
            if (movable)
            {
                m_index[i] = m_index[j];
                i = j;
            }
        }
        m_index[i] = kNone;
        Slot& slot = SlotAt(s);
        slot.used = false;
        slot.value = Value(); // release what the record holds
        m_free.push_back(s);
        m_size--;
        return true;
    }

    /// \brief Erase every record and give the memory back.
    void Clear()
    {
        m_chunks.clear();
        m_chunks.shrink_to_fit();
        m_index.clear();
        m_index.shrink_to_fit();
        m_free.clear();
        m_free.shrink_to_fit();
        m_size = 0;
        m_slotCount = 0;
    }

    /**
     * \brief Call f(key, value) for every record, in slot order.
     *
     * Slot order is deterministic but meaningless: use it only for
     * order-independent work (cancelling timers, counting, folding into sums
     * of integers).
     * \param f the function
     */
    template <typename F>
    void ForEach(F f)
    {
        for (uint32_t s = 0; s < m_slotCount; ++s)
        {
            Slot& slot = SlotAt(s);
            if (slot.used)
            {
                f(static_cast<const Key&>(slot.key), slot.value);
            }
        }
    }

  private:
    /// One slot
    struct Slot
    {
        Key key{};        //!< the record's key
        Value value{};    //!< the record
        bool used{false}; //!< holds a live record
    };

    static constexpr uint32_t kChunk = 256; //!< slots per chunk

    /// \param s slot number \return the slot
    Slot& SlotAt(uint32_t s)
    {
        return m_chunks[s / kChunk][s % kChunk];
    }

    /// \param s slot number \return the slot
    const Slot& SlotAt(uint32_t s) const
    {
        return m_chunks[s / kChunk][s % kChunk];
    }

    /// \param key key \param mask index size - 1 \return its home position
    static uint32_t Home(const Key& key, uint32_t mask)
    {
        uint64_t h = static_cast<uint64_t>(KeyHash()(key));
        return static_cast<uint32_t>(h ^ (h >> 32)) & mask;
    }

    /// \param size new index size (a power of two)
    void Rehash(std::size_t size)
    {
        std::vector<uint32_t> index(size, kNone);
        uint32_t mask = static_cast<uint32_t>(size - 1);
        for (uint32_t s : m_index)
        {
            if (s != kNone)
            {
                uint32_t i = Home(SlotAt(s).key, mask);
                while (index[i] != kNone)
                {
                    i = (i + 1) & mask;
                }
                index[i] = s;
            }
        }
        m_index.swap(index);
    }

    std::vector<std::unique_ptr<Slot[]>> m_chunks; //!< slots, kChunk per chunk
    std::vector<uint32_t> m_index;                 //!< open-addressing index of slot numbers
    std::vector<uint32_t> m_free;                  //!< free slots (reused last in, first out)
    uint32_t m_size{0};                            //!< live records
    uint32_t m_slotCount{0};                       //!< slots handed out so far
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_FLAT_SLOT_MAP_H */
