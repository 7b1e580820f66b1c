/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_PAIRED_STATE_TABLE_H
#define SFC_PAIRED_STATE_TABLE_H

#include "ns3/abort.h"
#include "ns3/nstime.h"
#include "ns3/simulator.h"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief Per-flow state reachable from two keys, with an idle timeout.
 *
 * The common store behind the forwarder's flow table (a forward and a reverse
 * entry per flow), the NAT translation table (original and translated key),
 * the firewall's connection table and the owner caches. Each record has two
 * keys (its "forward" and "reverse" side), a value, a last-use time and an
 * idle timeout; a record not used for its timeout is removed and the expiry
 * callback is called.
 *
 * Layout (cache-friendly, no allocation per insert beyond amortized growth):
 * - records live in a slab of chunks of 16, 32, 64, ... nodes that never
 *   move, so a Record pointer stays valid until its record is removed; freed
 *   nodes go on a free list and are reused;
 * - an open-addressing index (linear probing, power-of-two size, load at most
 *   0.7, deletion by backward shift, no tombstones) maps each key to its
 *   record's node and side; every 8-byte index slot holds the top 32 bits of
 *   the key's hash next to the node number, so a probe compares hash bits
 *   and touches a record only when they match;
 * - an intrusive doubly linked list through the nodes keeps insertion order.
 *
 * Costs: lookup, refresh and erase are O(1) (one probe sequence, one record);
 * insert is O(log n) (the deadline heap). Expiry is driven by one ns-3 event
 * per table, scheduled at the earliest deadline; a refreshed record is
 * re-queued lazily when its old deadline comes up, so a hit never touches the
 * deadline heap.
 *
 * Determinism: records expire in (deadline, insertion order) order, and
 * ForEach() visits records in insertion order, so no hash-table order ever
 * reaches the outside.
 */
template <typename Key, typename Value, typename KeyHash = std::hash<Key>>
class PairedStateTable
{
  public:
    /// Which of its two keys a record was found by
    enum Side : uint8_t
    {
        FORWARD = 0, //!< found by the first key given to Insert()
        REVERSE = 1  //!< found by the second key given to Insert()
    };

    /// One record of state
    struct Record
    {
        Key keys[2];               //!< forward and reverse key
        Value value;               //!< the state itself
        Time lastUsed;             //!< last Lookup() hit or Refresh() (insertion time at first)
        Time timeout;              //!< idle timeout (zero: never expires)
        uint64_t id{0};            //!< insertion sequence number (0: free node)
        uint64_t packets[2]{0, 0}; //!< hits per side
        uint64_t bytes[2]{0, 0};   //!< bytes accounted per side
    };

    /// Called with a record just before it is removed by expiry
    using ExpireCallback = std::function<void(const Record&)>;

    PairedStateTable() = default;
    PairedStateTable(const PairedStateTable&) = delete;
    PairedStateTable& operator=(const PairedStateTable&) = delete;

    ~PairedStateTable()
    {
        Simulator::Cancel(m_timer);
    }

    /// \param maxRecords largest number of records (0: unlimited)
    void SetCapacity(uint32_t maxRecords)
    {
        m_capacity = maxRecords;
    }

    /// \return the largest number of records (0: unlimited)
    uint32_t GetCapacity() const
    {
        return m_capacity;
    }

    /// \param cb called for every record removed because it expired
    void SetExpireCallback(ExpireCallback cb)
    {
        m_onExpire = std::move(cb);
    }

    /// \return number of records
    uint32_t GetNRecords() const
    {
        return m_nRecords;
    }

    /// \return true if no more record can be inserted
    bool IsFull() const
    {
        return m_capacity != 0 && m_nRecords >= m_capacity;
    }

    /**
     * \brief Find the record holding key, counting a hit on it.
     *
     * A record whose idle timeout has passed is expired here and not
     * returned, even if its timer event has not run yet.
     *
     * \param key the key to look up
     * \param bytes bytes to account to the hit
     * \param side set to the side the key belongs to, FORWARD on a miss (may be null)
     * \return the record, or nullptr on a miss
     */
    Record* Lookup(const Key& key, uint32_t bytes, Side* side)
    {
        if (side != nullptr)
        {
            *side = FORWARD;
        }
        uint32_t pos = Find(key, TagOf(key));
        if (pos == kNil)
        {
            return nullptr;
        }
        uint32_t ref = m_index[pos].ref;
        uint32_t node = RefNode(ref);
        Record& r = NodeAt(node).rec;
        Time now = Simulator::Now();
        if (IsExpired(r, now))
        {
            Expire(node);
            return nullptr;
        }
        Side s = RefSide(ref);
        r.lastUsed = now;
        r.packets[s]++;
        r.bytes[s] += bytes;
        if (side != nullptr)
        {
            *side = s;
        }
        return &r;
    }

    /**
     * \brief Find a record without counting a hit or refreshing it.
     * \param key the key
     * \return the record or nullptr
     */
    const Record* Peek(const Key& key) const
    {
        uint32_t pos = Find(key, TagOf(key));
        if (pos == kNil)
        {
            return nullptr;
        }
        const Record& r = NodeAt(RefNode(m_index[pos].ref)).rec;
        return IsExpired(r, Simulator::Now()) ? nullptr : &r;
    }

    /**
     * \brief Insert a record under two keys.
     *
     * Fails (returns nullptr) if the table is full or either key is already
     * present. The two keys may be equal, in which case the record is indexed
     * once.
     *
     * \param forward first key
     * \param reverse second key
     * \param value the state
     * \param timeout idle timeout; zero means the record never expires
     * \return the new record or nullptr
     */
    Record* Insert(const Key& forward, const Key& reverse, const Value& value, Time timeout)
    {
        if (IsFull() || Peek(forward) != nullptr || Peek(reverse) != nullptr)
        {
            return nullptr;
        }
        // Stale (expired but not yet collected) records under these keys go first.
        RemoveStale(forward);
        RemoveStale(reverse);
        bool self = (forward == reverse);
        ReserveIndex(self ? 1 : 2);
        uint64_t id = ++m_lastId;
        uint32_t node = AllocNode();
        Record& r = NodeAt(node).rec;
        r.keys[FORWARD] = forward;
        r.keys[REVERSE] = reverse;
        r.value = value;
        r.lastUsed = Simulator::Now();
        r.timeout = timeout;
        r.id = id;
        LinkLast(node);
        Place(IndexSlot{TagOf(forward), MakeRef(node, FORWARD)});
        if (!self)
        {
            Place(IndexSlot{TagOf(reverse), MakeRef(node, REVERSE)});
        }
        ++m_nRecords;
        if (timeout.IsStrictlyPositive())
        {
            Arm(r.lastUsed + timeout, id, node);
        }
        return &r;
    }

    /// \param r record to refresh as if it had been hit (no counters changed)
    void Refresh(Record* r)
    {
        r->lastUsed = Simulator::Now();
    }

    /**
     * \brief Remove a record (no expiry callback).
     * \param key either of its keys
     * \return true if a record was removed
     */
    bool Erase(const Key& key)
    {
        uint32_t pos = Find(key, TagOf(key));
        if (pos == kNil)
        {
            return false;
        }
        Remove(RefNode(m_index[pos].ref));
        return true;
    }

    /**
     * \brief Remove the records a predicate selects (no expiry callbacks).
     * \param predicate called with each record, in insertion order
     * \return number of records removed
     */
    uint32_t EraseIf(const std::function<bool(const Record&)>& predicate)
    {
        std::vector<uint32_t> doomed;
        for (uint32_t n = m_head; n != kNil; n = NodeAt(n).next)
        {
            if (predicate(NodeAt(n).rec))
            {
                doomed.push_back(n);
            }
        }
        for (uint32_t n : doomed)
        {
            Remove(n);
        }
        return static_cast<uint32_t>(doomed.size());
    }

    /// Remove every record (no expiry callbacks) and release the memory.
    void Clear()
    {
        std::vector<IndexSlot>().swap(m_index);
        m_indexUsed = 0;
        m_indexBits = 0;
        decltype(m_chunks)().swap(m_chunks);
        m_nNodes = 0;
        m_free = kNil;
        m_head = kNil;
        m_tail = kNil;
        m_nRecords = 0;
        std::vector<Deadline>().swap(m_deadlines);
        Simulator::Cancel(m_timer);
    }

    /// \param f called for every record, in insertion order
    void ForEach(const std::function<void(const Record&)>& f) const
    {
        for (uint32_t n = m_head; n != kNil; n = NodeAt(n).next)
        {
            f(NodeAt(n).rec);
        }
    }

    /**
     * \brief Heap memory held by the table: index, record nodes (used and
     *        free), deadline heap. Not the size of the callback or the object.
     * \return bytes
     */
    std::size_t GetMemoryBytes() const
    {
        std::size_t nodes = m_chunks.empty() ? 0 : ChunkStart(uint32_t(m_chunks.size()));
        return m_index.capacity() * sizeof(IndexSlot) + nodes * sizeof(Node) +
               m_chunks.capacity() * sizeof(m_chunks[0]) +
               m_deadlines.capacity() * sizeof(Deadline);
    }

    /// \return number of index slots (a power of two, or 0 before the first insert)
    uint32_t GetIndexSize() const
    {
        return static_cast<uint32_t>(m_index.size());
    }

  private:
    static constexpr uint32_t kNil = 0xffffffff;            //!< no node / not found
    static constexpr uint32_t kSideBit = 0x80000000;        //!< side flag in a reference
    static constexpr uint32_t kMaxNodes = kSideBit - 2;     //!< node numbers must fit 31 bits
    static constexpr uint32_t kFirstChunkLog = 4;           //!< first chunk: 16 nodes
    static constexpr uint32_t kMinIndexBits = 4;            //!< smallest index: 16 slots
    static constexpr uint64_t kGolden = 0x9e3779b97f4a7c15; //!< Fibonacci hashing multiplier

    /// A record with its insertion-order links (or, when free, the free list in next)
    struct Node
    {
        Record rec;          //!< the record
        uint32_t prev{kNil}; //!< previous node in insertion order
        uint32_t next{kNil}; //!< next node in insertion order (or free list)
    };

    /// One index slot: hash bits and a reference (node + 1, side in the top bit; 0 = empty)
    struct IndexSlot
    {
        uint32_t tag; //!< top 32 bits of the key's mixed hash
        uint32_t ref; //!< (node + 1) | side bit; 0 = empty slot
    };

    /// An entry of the deadline heap
    struct Deadline
    {
        int64_t at;    //!< deadline (time steps)
        uint64_t id;   //!< record id (a stale entry if the node's id differs)
        uint32_t node; //!< record node
    };

    /// Heap order: the earliest (deadline, id) on top
    static bool Later(const Deadline& a, const Deadline& b)
    {
        return a.at > b.at || (a.at == b.at && a.id > b.id);
    }

    static bool IsExpired(const Record& r, Time now)
    {
        return r.timeout.IsStrictlyPositive() && now - r.lastUsed >= r.timeout;
    }

    static uint32_t TagOf(const Key& key)
    {
        return static_cast<uint32_t>((uint64_t(KeyHash()(key)) * kGolden) >> 32);
    }

    static uint32_t MakeRef(uint32_t node, Side side)
    {
        return (node + 1) | (side == REVERSE ? kSideBit : 0);
    }

    static uint32_t RefNode(uint32_t ref)
    {
        return (ref & ~kSideBit) - 1;
    }

    static Side RefSide(uint32_t ref)
    {
        return (ref & kSideBit) ? REVERSE : FORWARD;
    }

    /// \param c chunk number \return the first node number of chunk c
    static uint32_t ChunkStart(uint32_t c)
    {
        return ((1u << c) - 1) << kFirstChunkLog;
    }

    Node& NodeAt(uint32_t n)
    {
        uint32_t s = n + (1u << kFirstChunkLog);
        uint32_t log = 31 - static_cast<uint32_t>(__builtin_clz(s));
        return m_chunks[log - kFirstChunkLog][s - (1u << log)];
    }

    const Node& NodeAt(uint32_t n) const
    {
        return const_cast<PairedStateTable*>(this)->NodeAt(n);
    }

    /// \return the home slot of a tag in the current index
    uint32_t Home(uint32_t tag) const
    {
        return tag >> (32 - m_indexBits);
    }

    /// \return the index slot holding key, or kNil
    uint32_t Find(const Key& key, uint32_t tag) const
    {
        if (m_indexUsed == 0)
        {
            return kNil;
        }
        uint32_t mask = static_cast<uint32_t>(m_index.size()) - 1;
        for (uint32_t pos = Home(tag);; pos = (pos + 1) & mask)
        {
            const IndexSlot& s = m_index[pos];
            if (s.ref == 0)
            {
                return kNil;
            }
            if (s.tag == tag && NodeAt(RefNode(s.ref)).rec.keys[RefSide(s.ref)] == key)
            {
                return pos;
            }
        }
    }

    /// Put an entry in the first free slot of its probe sequence (the key is absent).
    void Place(IndexSlot entry)
    {
        uint32_t mask = static_cast<uint32_t>(m_index.size()) - 1;
        uint32_t pos = Home(entry.tag);
        while (m_index[pos].ref != 0)
        {
            pos = (pos + 1) & mask;
        }
        m_index[pos] = entry;
        ++m_indexUsed;
    }

    /// Grow the index (doubling, rehashing from the stored tags) until n more keys fit.
    void ReserveIndex(uint32_t n)
    {
        while (uint64_t(m_indexUsed + n) * 10 > uint64_t(m_index.size()) * 7)
        {
            uint32_t bits = m_index.empty() ? kMinIndexBits : m_indexBits + 1;
            NS_ABORT_MSG_IF(bits > 31, "PairedStateTable: index too large");
            std::vector<IndexSlot> old(std::size_t(1) << bits, IndexSlot{0, 0});
            old.swap(m_index);
            m_indexBits = bits;
            m_indexUsed = 0;
            for (const IndexSlot& s : old)
            {
                if (s.ref != 0)
                {
                    Place(s);
                }
            }
        }
    }

    /// Empty an index slot, shifting the rest of its cluster back (no tombstones).
    void Unplace(uint32_t pos)
    {
        uint32_t mask = static_cast<uint32_t>(m_index.size()) - 1;
        uint32_t hole = pos;
        for (uint32_t j = (pos + 1) & mask; m_index[j].ref != 0; j = (j + 1) & mask)
        {
            // The entry at j may fill the hole if the hole lies on its probe
            // path, i.e. between its home slot and j (cyclically).
            if (((j - Home(m_index[j].tag)) & mask) >= ((j - hole) & mask))
            {
                m_index[hole] = m_index[j];
                hole = j;
            }
        }
        m_index[hole] = IndexSlot{0, 0};
        --m_indexUsed;
    }

    /// \return a free node (reused, or new at the end of the slab)
    uint32_t AllocNode()
    {
        if (m_free != kNil)
        {
            uint32_t n = m_free;
            m_free = NodeAt(n).next;
            return n;
        }
        NS_ABORT_MSG_IF(m_nNodes >= kMaxNodes, "PairedStateTable: too many records");
        uint32_t c = static_cast<uint32_t>(m_chunks.size());
        if (m_nNodes == ChunkStart(c))
        {
            m_chunks.emplace_back(new Node[std::size_t(1) << (c + kFirstChunkLog)]);
        }
        return m_nNodes++;
    }

    void LinkLast(uint32_t n)
    {
        Node& node = NodeAt(n);
        node.prev = m_tail;
        node.next = kNil;
        if (m_tail == kNil)
        {
            m_head = n;
        }
        else
        {
            NodeAt(m_tail).next = n;
        }
        m_tail = n;
    }

    void Unlink(uint32_t n)
    {
        Node& node = NodeAt(n);
        (node.prev == kNil ? m_head : NodeAt(node.prev).next) = node.next;
        (node.next == kNil ? m_tail : NodeAt(node.next).prev) = node.prev;
    }

    /// \return whether node n holds the live record with this id
    bool Holds(uint32_t n, uint64_t id) const
    {
        return n < m_nNodes && NodeAt(n).rec.id == id;
    }

    void RemoveStale(const Key& key)
    {
        uint32_t pos = Find(key, TagOf(key));
        if (pos != kNil)
        {
            Expire(RefNode(m_index[pos].ref));
        }
    }

    /// Remove the record of node n from the index and the order, and free the node.
    void Remove(uint32_t n)
    {
        Node& node = NodeAt(n);
        const Key& forward = node.rec.keys[FORWARD];
        const Key& reverse = node.rec.keys[REVERSE];
        Unplace(Find(forward, TagOf(forward)));
        if (!(reverse == forward))
        {
            Unplace(Find(reverse, TagOf(reverse)));
        }
        Unlink(n);
        node.rec = Record();
        node.prev = kNil;
        node.next = m_free;
        m_free = n;
        --m_nRecords;
    }

    void Expire(uint32_t n)
    {
        uint64_t id = NodeAt(n).rec.id;
        if (m_onExpire)
        {
            m_onExpire(NodeAt(n).rec);
        }
        // The callback may have removed the record itself, or cleared the table.
        if (Holds(n, id))
        {
            Remove(n);
        }
    }

    void Arm(Time deadline, uint64_t id, uint32_t node)
    {
        m_deadlines.push_back(Deadline{deadline.GetTimeStep(), id, node});
        std::push_heap(m_deadlines.begin(), m_deadlines.end(), &PairedStateTable::Later);
        if (!m_timer.IsRunning() || deadline < m_timerAt)
        {
            Simulator::Cancel(m_timer);
            m_timerAt = deadline;
            m_timer =
                Simulator::Schedule(deadline - Simulator::Now(), &PairedStateTable::OnTimer, this);
        }
    }

    void OnTimer()
    {
        Time now = Simulator::Now();
        while (!m_deadlines.empty() && m_deadlines.front().at <= now.GetTimeStep())
        {
            Deadline d = m_deadlines.front();
            std::pop_heap(m_deadlines.begin(), m_deadlines.end(), &PairedStateTable::Later);
            m_deadlines.pop_back();
            if (!Holds(d.node, d.id))
            {
                continue;
            }
            Record& r = NodeAt(d.node).rec;
            if (IsExpired(r, now))
            {
                Expire(d.node);
            }
            else
            {
                m_deadlines.push_back(
                    Deadline{(r.lastUsed + r.timeout).GetTimeStep(), d.id, d.node});
                std::push_heap(m_deadlines.begin(), m_deadlines.end(), &PairedStateTable::Later);
            }
        }
        if (!m_deadlines.empty())
        {
            // An expiry callback may have inserted a record and armed a timer
            // already: replace it rather than leave an event nobody cancels.
            Simulator::Cancel(m_timer);
            m_timerAt = TimeStep(m_deadlines.front().at);
            m_timer = Simulator::Schedule(m_timerAt - now, &PairedStateTable::OnTimer, this);
        }
    }

    std::vector<IndexSlot> m_index;                //!< open-addressing index: key -> node, side
    uint32_t m_indexBits{0};                       //!< log2 of the index size
    uint32_t m_indexUsed{0};                       //!< occupied index slots
    std::vector<std::unique_ptr<Node[]>> m_chunks; //!< the slab: chunk c holds 16 * 2^c nodes
    uint32_t m_nNodes{0};                          //!< nodes handed out so far (used or free)
    uint32_t m_free{kNil};                         //!< free-list head
    uint32_t m_head{kNil};                         //!< oldest record
    uint32_t m_tail{kNil};                         //!< newest record
    uint32_t m_nRecords{0};                        //!< live records
    std::vector<Deadline> m_deadlines;             //!< min-heap of (deadline, id), lazily refreshed
    EventId m_timer;                               //!< next expiry check
    Time m_timerAt;                                //!< when m_timer fires
    uint64_t m_lastId{0};                          //!< last id handed out
    uint32_t m_capacity{0};                        //!< max records, 0 = unlimited
    ExpireCallback m_onExpire;                     //!< expiry notification
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_PAIRED_STATE_TABLE_H */
