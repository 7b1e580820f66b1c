/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_PAIRED_STATE_SLAB_H
#define SFC_PAIRED_STATE_SLAB_H

#include "huge-page-array.h"

#include "ns3/abort.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief The record slab of PairedStateTable: numbered nodes that never move.
 *
 * Nodes live in chunks of 16, 32, 64, ... nodes (chunk c holds 16 * 2^c), so
 * node n is found with one leading-zero count and a node's address stays
 * valid until the slab is cleared; growing adds a chunk and copies nothing.
 * Freed nodes go on a free list (through the node's \c next member, which
 * Node must have as a uint32_t) and are handed out again first, the most
 * recently freed first. A chunk of 2 MiB or more is offered to huge pages
 * (HugePageArray).
 *
 * \tparam Node the node type: default-constructible, with a uint32_t \c next
 */
template <typename Node>
class PairedStateSlab
{
  public:
    static constexpr uint32_t kNil = 0xffffffff;      //!< no node
    static constexpr uint32_t kMaxNodes = 0x7ffffffe; //!< node numbers fit 31 bits

    /// \param n a node number below GetNNodes() \return the node
    Node& At(uint32_t n)
    {
        uint32_t s = n + (1u << kFirstChunkLog);
        uint32_t log = 31 - static_cast<uint32_t>(__builtin_clz(s));
        return m_chunks[log - kFirstChunkLog][s - (1u << log)];
    }

    /// \param n a node number below GetNNodes() \return the node
    const Node& At(uint32_t n) const
    {
        return const_cast<PairedStateSlab*>(this)->At(n);
    }

    /// \return the number of a free node: the last one freed, or a new one at the end
    uint32_t Alloc()
    {
        if (m_free != kNil)
        {
            uint32_t n = m_free;
            m_free = At(n).next;
            return n;
        }
        NS_ABORT_MSG_IF(m_nNodes >= kMaxNodes, "PairedStateSlab: too many records");
        uint32_t c = static_cast<uint32_t>(m_chunks.size());
        if (m_nNodes == ChunkStart(c))
        {
            m_chunks.emplace_back(std::size_t(1) << (c + kFirstChunkLog));
        }
        return m_nNodes++;
    }

    /**
     * \brief Put a node on the free list.
     *
     * Its contents stay as they are, apart from \c next: the caller resets
     * what must not be read again.
     * \param n a node handed out by Alloc()
     */
    void Free(uint32_t n)
    {
        At(n).next = m_free;
        m_free = n;
    }

    /// \return nodes handed out so far (in use or free)
    uint32_t GetNNodes() const
    {
        return m_nNodes;
    }

    /// Drop every node and release the memory.
    void Clear()
    {
        decltype(m_chunks)().swap(m_chunks);
        m_nNodes = 0;
        m_free = kNil;
    }

    /// \return heap bytes of the chunks and of the chunk list
    std::size_t GetMemoryBytes() const
    {
        std::size_t nodes = m_chunks.empty() ? 0 : ChunkStart(uint32_t(m_chunks.size()));
        return nodes * sizeof(Node) + m_chunks.capacity() * sizeof(m_chunks[0]);
    }

  private:
    static constexpr uint32_t kFirstChunkLog = 4; //!< first chunk: 16 nodes

    /// \param c chunk number \return the first node number of chunk c
    static uint32_t ChunkStart(uint32_t c)
    {
        return ((1u << c) - 1) << kFirstChunkLog;
    }

    std::vector<HugePageArray<Node>> m_chunks; //!< chunk c holds 16 * 2^c nodes
    uint32_t m_nNodes{0};                      //!< nodes handed out so far
    uint32_t m_free{kNil};                     //!< free-list head
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_PAIRED_STATE_SLAB_H */
