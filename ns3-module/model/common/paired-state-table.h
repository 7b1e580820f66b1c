/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_PAIRED_STATE_TABLE_H
#define SFC_PAIRED_STATE_TABLE_H

#include "paired-state-deadlines.h"
#include "paired-state-index.h"
#include "paired-state-keys.h"
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
 * - the deadline heap (PairedStateDeadlines) is a flat vector of 16-byte
 *   entries;
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
 * Reverse-derived keys (\p ReverseDerived true): for tables whose reverse
 * key is always the forward key's Reverse() (the forwarder's flow table, the
 * firewall, the owner caches), a record stores its forward key alone and is
 * indexed once, under a hash that is the same for a key and its Reverse()
 * (KeyHash must be such a hash); a lookup compares the stored key with the
 * probe and with the probe's Reverse(). That saves one stored key and one
 * index slot per record; behaviour, order and expiry are the same.
 *
 * Limits: at most 2^31 - 2 records at a time, and 2^32 - 1 insertions over a
 * table's life (insertion ids are 32-bit; the table aborts beyond).
 */
template <typename Key,
          typename Value,
          typename KeyHash = std::hash<Key>,
          typename KeyPacking = PairedStateIdentityKeys<Key>,
          bool ReverseDerived = false>
class PairedStateTable
{
  public:
    /// Which of its two keys a record was found by
    enum Side : uint8_t
    {
        FORWARD = 0, //!< found by the first key given to Insert()
        REVERSE = 1  //!< found by the second key given to Insert()
    };

    /// How the keys are stored, indexed and matched
    using Keys = PairedStateKeys<Key, KeyHash, KeyPacking, ReverseDerived>;

    /// The stored form of a key
    using StoredKey = typename Keys::Stored;

    /// The two keys of a record, stored packed; keys[side] gives one back as a Key
    using KeyPair = typename Keys::Pair;

    /// One record of state
    struct Record
    {
        KeyPair keys;              //!< forward and reverse key
        Value value;               //!< the state itself
        uint32_t id{0};            //!< insertion sequence number (0: free node)
        Time lastUsed;             //!< last Lookup() hit or Refresh() (insertion time at first)
        Time timeout;              //!< idle timeout (zero: never expires)
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
        Side s;
        uint32_t pos = Find(key, &s);
        if (pos == kNil)
        {
            return nullptr;
        }
        uint32_t node = RefNode(m_index.RefAt(pos));
        Record& r = NodeAt(node).rec;
        Time now = Simulator::Now();
        if (IsExpired(r, now))
        {
            Expire(node);
            return nullptr;
        }
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
        uint32_t pos = Find(key);
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
        if (IsFull())
        {
            return nullptr;
        }
        const StoredKey packed[2] = {KeyPacking::Pack(forward), KeyPacking::Pack(reverse)};
        if constexpr (ReverseDerived)
        {
            NS_ABORT_MSG_UNLESS(packed[REVERSE] == KeyPacking::Reverse(packed[FORWARD]),
                                "PairedStateTable: the reverse key must be forward.Reverse()");
        }
        // One probe per key (one in all if the reverse is derived): a live
        // record under either key is a conflict; a stale one (expired but not
        // yet collected) goes first.
        bool self = (packed[FORWARD] == packed[REVERSE]);
        int nKeys = (ReverseDerived || self) ? 1 : 2;
        bool stale = false;
        Time now = Simulator::Now();
        for (int k = 0; k < nKeys; ++k)
        {
            Side s;
            uint32_t pos = FindStored(packed[k], &s);
            if (pos != kNil)
            {
                if (!IsExpired(NodeAt(RefNode(m_index.RefAt(pos))).rec, now))
                {
                    return nullptr;
                }
                stale = true;
            }
        }
        if (stale)
        {
            RemoveStale(forward);
            RemoveStale(reverse);
        }
        m_index.Reserve((ReverseDerived || self) ? 1 : 2);
        NS_ABORT_MSG_IF(m_lastId == kMaxId, "PairedStateTable: insertion ids exhausted");
        uint32_t id = ++m_lastId;
        uint32_t node = m_slab.Alloc();
        Record& r = NodeAt(node).rec;
        for (int k = 0; k < Keys::kStored; ++k)
        {
            r.keys.stored[k] = packed[k];
        }
        r.value = value;
        r.lastUsed = now;
        r.timeout = timeout;
        r.id = id;
        LinkLast(node);
        m_index.Place({TagOf(packed[FORWARD]), Keys::MakeRef(node, FORWARD)});
        if (!ReverseDerived && !self)
        {
            m_index.Place({TagOf(packed[REVERSE]), Keys::MakeRef(node, REVERSE)});
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
        uint32_t pos = Find(key);
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
        m_deadlines.Clear();
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
        return m_index.GetMemoryBytes() + m_slab.GetMemoryBytes() + m_deadlines.GetMemoryBytes();
    }

    /// \return number of index slots (a power of two, or 0 before the first insert)
    uint32_t GetIndexSize() const
    {
        return m_index.GetSize();
    }

  private:
    static constexpr uint32_t kNil = 0xffffffff;   //!< no node / not found
    static constexpr uint32_t kMaxId = 0xffffffff; //!< last insertion id

    /// A record with its insertion-order links (or, when free, the free list in next)
    struct Node
    {
        Record rec;          //!< the record
        uint32_t prev{kNil}; //!< previous node in insertion order
        uint32_t next{kNil}; //!< next node in insertion order (or free list)
    };

    static bool IsExpired(const Record& r, Time now)
    {
        return r.timeout.IsStrictlyPositive() && now - r.lastUsed >= r.timeout;
    }

    static uint32_t TagOf(const StoredKey& key)
    {
        return Keys::TagOf(key);
    }

    static uint32_t RefNode(uint32_t ref)
    {
        return Keys::RefNode(ref);
    }

    Node& NodeAt(uint32_t n)
    {
        return m_slab.At(n);
    }

    const Node& NodeAt(uint32_t n) const
    {
        return m_slab.At(n);
    }

    /**
     * \param key a key
     * \param side set to the side key is of its record, if found
     * \return the index slot of key's record, or kNil
     */
    uint32_t Find(const Key& key, Side* side) const
    {
        return FindStored(KeyPacking::Pack(key), side);
    }

    /// \param key a key \return the index slot of key's record, or kNil
    uint32_t Find(const Key& key) const
    {
        Side s;
        return FindStored(KeyPacking::Pack(key), &s);
    }

    /**
     * \param probe a key in its stored form
     * \param side set to the side key is of its record, if found
     * \return the index slot of key's record, or kNil
     */
    // Inlined: the hot path of every lookup (GCC would otherwise call it).
    [[gnu::always_inline]] uint32_t FindStored(const StoredKey& probe, Side* side) const
    {
        uint8_t s = FORWARD;
        uint32_t pos = Keys::Find(
            m_index,
            probe,
            [this](uint32_t n) -> const KeyPair& { return NodeAt(n).rec.keys; },
            &s);
        *side = static_cast<Side>(s);
        return pos;
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
        uint32_t pos = Find(key);
        if (pos != kNil)
        {
            Expire(RefNode(m_index.RefAt(pos)));
        }
    }

    /// \param n a live node \param side one of its keys \return that key's index slot
    uint32_t SlotOf(uint32_t n, Side side) const
    {
        return Keys::SlotOf(m_index, NodeAt(n).rec.keys, n, side);
    }

    /// Remove the record of node n from the index and the order, and free the node.
    void Remove(uint32_t n)
    {
        Node& node = NodeAt(n);
        m_index.Unplace(SlotOf(n, FORWARD));
        if constexpr (!ReverseDerived)
        {
            if (!(node.rec.keys.stored[REVERSE] == node.rec.keys.stored[FORWARD]))
            {
                m_index.Unplace(SlotOf(n, REVERSE));
            }
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
        m_deadlines.Push({deadline.GetTimeStep(), id, node});
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
        while (!m_deadlines.IsEmpty() && m_deadlines.Top().at <= now.GetTimeStep())
        {
            PairedStateDeadlines::Entry d = m_deadlines.Pop();
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
                m_deadlines.Push({(r.lastUsed + r.timeout).GetTimeStep(), d.id, d.node});
            }
        }
        if (!m_deadlines.IsEmpty())
        {
            // An expiry callback may have inserted a record and armed a timer
            // already: replace it rather than leave an event nobody cancels.
            Simulator::Cancel(m_timer);
            m_timerAt = TimeStep(m_deadlines.Top().at);
            m_timer = Simulator::Schedule(m_timerAt - now, &PairedStateTable::OnTimer, this);
        }
    }

    PairedStateIndex m_index;         //!< open-addressing index: key -> node, side
    PairedStateSlab<Node> m_slab;     //!< the records
    uint32_t m_head{kNil};            //!< oldest record
    uint32_t m_tail{kNil};            //!< newest record
    uint32_t m_nRecords{0};           //!< live records
    PairedStateDeadlines m_deadlines; //!< (deadline, id) of armed records, lazily refreshed
    EventId m_timer;                  //!< next expiry check
    Time m_timerAt;                   //!< when m_timer fires
    uint32_t m_lastId{0};             //!< last id handed out
    uint32_t m_capacity{0};           //!< max records, 0 = unlimited
    ExpireCallback m_onExpire;        //!< expiry notification
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_PAIRED_STATE_TABLE_H */
