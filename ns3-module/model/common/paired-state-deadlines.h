/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_PAIRED_STATE_DEADLINES_H
#define SFC_PAIRED_STATE_DEADLINES_H

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief The deadline heap of PairedStateTable: (deadline, insertion id, node).
 *
 * A binary min-heap in a flat vector of 16-byte entries, ordered by deadline
 * and then by insertion id, so records whose deadlines are equal come out in
 * insertion order whatever their node numbers. The heap does not know the
 * records: the table pushes an entry when it arms a record and, when an
 * entry comes up, checks that the node still holds that id (an entry left by
 * a removed record is stale and skipped) and re-pushes a refreshed record's
 * new deadline (lazy refresh: a hit never touches the heap).
 */
class PairedStateDeadlines
{
  public:
    /// One entry (16 bytes)
    struct Entry
    {
        int64_t at;    //!< deadline (time steps)
        uint32_t id;   //!< record id (a stale entry if the node's id differs)
        uint32_t node; //!< record node
    };

    /// \param e entry to add
    void Push(const Entry& e)
    {
        m_heap.push_back(e);
        std::push_heap(m_heap.begin(), m_heap.end(), &PairedStateDeadlines::Later);
    }

    /// \return true if no entry is left
    bool IsEmpty() const
    {
        return m_heap.empty();
    }

    /// \return the earliest entry (the heap must not be empty)
    const Entry& Top() const
    {
        return m_heap.front();
    }

    /// \return the earliest entry, removed (the heap must not be empty)
    Entry Pop()
    {
        Entry e = m_heap.front();
        std::pop_heap(m_heap.begin(), m_heap.end(), &PairedStateDeadlines::Later);
        m_heap.pop_back();
        return e;
    }

    /// Remove every entry and release the memory.
    void Clear()
    {
        std::vector<Entry>().swap(m_heap);
    }

    /// \return heap bytes held (capacity, not only entries in use)
    std::size_t GetMemoryBytes() const
    {
        return m_heap.capacity() * sizeof(Entry);
    }

  private:
    /// Heap order: the earliest (deadline, id) on top
    static bool Later(const Entry& a, const Entry& b)
    {
        return a.at > b.at || (a.at == b.at && a.id > b.id);
    }

    std::vector<Entry> m_heap; //!< the heap
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_PAIRED_STATE_DEADLINES_H */
