/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_PAIRED_STATE_TABLE_H
#define SFC_PAIRED_STATE_TABLE_H

#include "paired-state-index.h"
#include "paired-state-slab.h"

#include "ns3/abort.h"
#include "ns3/nstime.h"
#include "ns3/simulator.h"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <vector>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief How PairedStateTable stores its keys by default: as they are.
 *
 * A key packing is a type with a \c Stored type (equality-comparable,
 * default-constructible), \c Pack(const Key&) and \c Unpack(const Stored&);
 * a table with a packing stores Pack(key) in its records (e.g. ns-3's 8-byte
 * Ipv4Address as 4 bytes) and compares lookups in that form.
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
};

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
 * - records live in a slab (PairedStateSlab) of chunks of 16, 32, 64, ...
 *   nodes that never move, so a Record pointer stays valid until its record
 *   is removed; freed nodes go on a free list and are reused;
 * - an open-addressing index (PairedStateIndex: linear probing, power-of-two
 *   size, load at most 0.7, deletion by backward shift, no tombstones) maps
 *   each key to its record's node and side; every 8-byte index slot holds the
 *   top 32 bits of the key's hash next to the node number, so a probe
 *   compares hash bits and touches a record only when they match;
 * - an intrusive doubly linked list through the nodes keeps insertion order;
 * - the deadline heap is a flat vector of 16-byte entries;
 * - arrays of 2 MiB or more (index, large slab chunks) are offered to
 *   transparent huge pages (HugePageArray), which spares most TLB misses of
 *   a random probe in a large table.
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
 *
 * Keys are stored as KeyPacking::Pack() gives them (by default unchanged):
 * Record::keys[side] unpacks one.
 *
 * Limits: at most 2^31 - 2 records at a time, and 2^32 - 1 insertions over a
 * table's life (insertion ids are 32-bit; the table aborts beyond).
 */
template <typename Key,
          typename Value,
          typename KeyHash = std::hash<Key>,
          typename KeyPacking = PairedStateIdentityKeys<Key>>
class PairedStateTable
{
  public:
    /// Which of its two keys a record was found by
    enum Side : uint8_t
    {
        FORWARD = 0, //!< found by the first key given to Insert()
        REVERSE = 1  //!< found by the second key given to Insert()
    };

    /// The stored form of a key
    using StoredKey = typename KeyPacking::Stored;

    /// The two keys of a record, stored packed; keys[side] gives one back as a Key
    struct KeyPair
    {
        StoredKey stored[2]; //!< forward and reverse key, packed

        /// \param side FORWARD (0) or REVERSE (1) \return that key
        Key operator[](std::size_t side) const
        {
            return KeyPacking::Unpack(stored[side]);
        }
    };

    /// One record of state
    struct Record
    {
        KeyPair keys;              //!< forward and reverse key
        Value value;               //!< the state itself
        Time lastUsed;             //!< last Lookup() hit or Refresh() (insertion time at first)
        Time timeout;              //!< idle timeout (zero: never expires)
        uint64_t packets[2]{0, 0}; //!< hits per side
        uint64_t bytes[2]{0, 0};   //!< bytes accounted per side
        uint32_t id{0};            //!< insertion sequence number (0: free node)
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
        uint32_t ref = m_index.RefAt(pos);
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
        const Record& r = NodeAt(RefNode(m_index.RefAt(pos))).rec;
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
        const StoredKey packed[2] = {KeyPacking::Pack(forward), KeyPacking::Pack(reverse)};
        bool self = (packed[FORWARD] == packed[REVERSE]);
        m_index.Reserve(self ? 1 : 2);
        NS_ABORT_MSG_IF(m_lastId == kMaxId, "PairedStateTable: insertion ids exhausted");
        uint32_t id = ++m_lastId;
        uint32_t node = m_slab.Alloc();
        Record& r = NodeAt(node).rec;
        r.keys.stored[FORWARD] = packed[FORWARD];
        r.keys.stored[REVERSE] = packed[REVERSE];
        r.value = value;
        r.lastUsed = Simulator::Now();
        r.timeout = timeout;
        r.id = id;
        LinkLast(node);
        m_index.Place({TagOf(forward), MakeRef(node, FORWARD)});
        if (!self)
        {
            m_index.Place({TagOf(reverse), MakeRef(node, REVERSE)});
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
        Remove(RefNode(m_index.RefAt(pos)));
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
        m_index.Clear();
        m_slab.Clear();
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
        return m_index.GetMemoryBytes() + m_slab.GetMemoryBytes() +
               m_deadlines.capacity() * sizeof(Deadline);
    }

    /// \return number of index slots (a power of two, or 0 before the first insert)
    uint32_t GetIndexSize() const
    {
        return m_index.GetSize();
    }

  private:
    static constexpr uint32_t kNil = 0xffffffff;            //!< no node / not found
    static constexpr uint32_t kSideBit = 0x80000000;        //!< side flag in a reference
    static constexpr uint32_t kMaxId = 0xffffffff;          //!< last insertion id
    static constexpr uint64_t kGolden = 0x9e3779b97f4a7c15; //!< Fibonacci hashing multiplier

    /// A record with its insertion-order links (or, when free, the free list in next)
    struct Node
    {
        Record rec;          //!< the record
        uint32_t prev{kNil}; //!< previous node in insertion order
        uint32_t next{kNil}; //!< next node in insertion order (or free list)
    };

    /// An entry of the deadline heap (16 bytes)
    struct Deadline
    {
        int64_t at;    //!< deadline (time steps)
        uint32_t id;   //!< record id (a stale entry if the node's id differs)
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

    Node& NodeAt(uint32_t n)
    {
        return m_slab.At(n);
    }

    const Node& NodeAt(uint32_t n) const
    {
        return m_slab.At(n);
    }

    /// \return the index slot holding key, or kNil
    uint32_t Find(const Key& key, uint32_t tag) const
    {
        const StoredKey& probe = KeyPacking::Pack(key);
        return m_index.Find(tag, [this, &probe](uint32_t ref) {
            return NodeAt(RefNode(ref)).rec.keys.stored[RefSide(ref)] == probe;
        });
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
    bool Holds(uint32_t n, uint32_t id) const
    {
        return n < m_slab.GetNNodes() && NodeAt(n).rec.id == id;
    }

    void RemoveStale(const Key& key)
    {
        uint32_t pos = Find(key, TagOf(key));
        if (pos != kNil)
        {
            Expire(RefNode(m_index.RefAt(pos)));
        }
    }

    /// \param node a live node \param side one of its keys \return that key's index slot
    uint32_t FindIn(const Node& node, Side side) const
    {
        const StoredKey& stored = node.rec.keys.stored[side];
        return m_index.Find(TagOf(KeyPacking::Unpack(stored)), [this, &stored](uint32_t ref) {
            return NodeAt(RefNode(ref)).rec.keys.stored[RefSide(ref)] == stored;
        });
    }

    /// Remove the record of node n from the index and the order, and free the node.
    void Remove(uint32_t n)
    {
        Node& node = NodeAt(n);
        m_index.Unplace(FindIn(node, FORWARD));
        if (!(node.rec.keys.stored[REVERSE] == node.rec.keys.stored[FORWARD]))
        {
            m_index.Unplace(FindIn(node, REVERSE));
        }
        Unlink(n);
        node.rec = Record();
        node.prev = kNil;
        m_slab.Free(n);
        --m_nRecords;
    }

    void Expire(uint32_t n)
    {
        uint32_t id = NodeAt(n).rec.id;
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

    void Arm(Time deadline, uint32_t id, uint32_t node)
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

    PairedStateIndex m_index;          //!< open-addressing index: key -> node, side
    PairedStateSlab<Node> m_slab;      //!< the records
    uint32_t m_head{kNil};             //!< oldest record
    uint32_t m_tail{kNil};             //!< newest record
    uint32_t m_nRecords{0};            //!< live records
    std::vector<Deadline> m_deadlines; //!< min-heap of (deadline, id), lazily refreshed
    EventId m_timer;                   //!< next expiry check
    Time m_timerAt;                    //!< when m_timer fires
    uint32_t m_lastId{0};              //!< last id handed out
    uint32_t m_capacity{0};            //!< max records, 0 = unlimited
    ExpireCallback m_onExpire;         //!< expiry notification
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_PAIRED_STATE_TABLE_H */
