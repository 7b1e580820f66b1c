/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_PAIRED_STATE_TABLE_H
#define SFC_PAIRED_STATE_TABLE_H

#include "ns3/nstime.h"
#include "ns3/simulator.h"

#include <cstdint>
#include <functional>
#include <map>
#include <queue>
#include <unordered_map>
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
 * entry per flow), the NAT translation table (original and translated key)
 * and the firewall's connection table. Each record has two keys (its
 * "forward" and "reverse" side), a value, a last-use time and an idle
 * timeout; a record not used for its timeout is removed and the expiry
 * callback is called.
 *
 * Costs: lookup and refresh are O(1) (one hash lookup, one store); insert is
 * O(log n). Expiry is driven by one ns-3 event per table, scheduled at the
 * earliest deadline; a refreshed record is re-queued lazily when its old
 * deadline comes up, so a hit never touches the deadline queue.
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
        Time created;              //!< insertion time
        Time lastUsed;             //!< last Lookup() hit or Refresh()
        Time timeout;              //!< idle timeout (zero: never expires)
        uint64_t id{0};            //!< insertion sequence number
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
        return static_cast<uint32_t>(m_records.size());
    }

    /// \return true if no more record can be inserted
    bool IsFull() const
    {
        return m_capacity != 0 && m_records.size() >= m_capacity;
    }

    /**
     * \brief Find the record holding key, counting a hit on it.
     *
     * A record whose idle timeout has passed is expired here and not
     * returned, even if its timer event has not run yet.
     *
     * \param key the key to look up
     * \param bytes bytes to account to the hit
     * \param side set to the side the key belongs to (may be null)
     * \return the record, or nullptr on a miss
     */
    Record* Lookup(const Key& key, uint32_t bytes, Side* side)
    {
        auto it = m_index.find(key);
        if (it == m_index.end())
        {
            return nullptr;
        }
        Record* r = it->second;
        Time now = Simulator::Now();
        if (IsExpired(*r, now))
        {
            Expire(r->id);
            return nullptr;
        }
        Side s = (r->keys[FORWARD] == key) ? FORWARD : REVERSE;
        r->lastUsed = now;
        r->packets[s]++;
        r->bytes[s] += bytes;
        if (side != nullptr)
        {
            *side = s;
        }
        return r;
    }

    /**
     * \brief Find a record without counting a hit or refreshing it.
     * \param key the key
     * \return the record or nullptr
     */
    const Record* Peek(const Key& key) const
    {
        auto it = m_index.find(key);
        if (it == m_index.end() || IsExpired(*it->second, Simulator::Now()))
        {
            return nullptr;
        }
        return it->second;
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
        uint64_t id = ++m_lastId;
        Record& r = m_records[id];
        r.keys[FORWARD] = forward;
        r.keys[REVERSE] = reverse;
        r.value = value;
        r.created = Simulator::Now();
        r.lastUsed = r.created;
        r.timeout = timeout;
        r.id = id;
        m_index[forward] = &r;
        m_index[reverse] = &r;
        if (timeout.IsStrictlyPositive())
        {
            Arm(r.created + timeout, id);
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
        auto it = m_index.find(key);
        if (it == m_index.end())
        {
            return false;
        }
        Remove(it->second->id);
        return true;
    }

    /**
     * \brief Remove the records a predicate selects (no expiry callbacks).
     * \param predicate called with each record, in insertion order
     * \return number of records removed
     */
    uint32_t EraseIf(const std::function<bool(const Record&)>& predicate)
    {
        std::vector<uint64_t> doomed;
        for (const auto& kv : m_records)
        {
            if (predicate(kv.second))
            {
                doomed.push_back(kv.first);
            }
        }
        for (uint64_t id : doomed)
        {
            Remove(id);
        }
        return static_cast<uint32_t>(doomed.size());
    }

    /// Remove every record (no expiry callbacks).
    void Clear()
    {
        m_index.clear();
        m_records.clear();
        m_deadlines = DeadlineQueue();
        Simulator::Cancel(m_timer);
    }

    /// \param f called for every record, in insertion order
    void ForEach(const std::function<void(const Record&)>& f) const
    {
        for (const auto& kv : m_records)
        {
            f(kv.second);
        }
    }

  private:
    using Deadline = std::pair<Time, uint64_t>;
    using DeadlineQueue =
        std::priority_queue<Deadline, std::vector<Deadline>, std::greater<Deadline>>;

    static bool IsExpired(const Record& r, Time now)
    {
        return r.timeout.IsStrictlyPositive() && now - r.lastUsed >= r.timeout;
    }

    void RemoveStale(const Key& key)
    {
        auto it = m_index.find(key);
        if (it != m_index.end())
        {
            Expire(it->second->id);
        }
    }

    void Remove(uint64_t id)
    {
        auto it = m_records.find(id);
        if (it == m_records.end())
        {
            return;
        }
        m_index.erase(it->second.keys[FORWARD]);
        m_index.erase(it->second.keys[REVERSE]);
        m_records.erase(it);
    }

    void Expire(uint64_t id)
    {
        auto it = m_records.find(id);
        if (it == m_records.end())
        {
            return;
        }
        if (m_onExpire)
        {
            m_onExpire(it->second);
        }
        Remove(id);
    }

    void Arm(Time deadline, uint64_t id)
    {
        m_deadlines.emplace(deadline, id);
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
        while (!m_deadlines.empty() && m_deadlines.top().first <= now)
        {
            uint64_t id = m_deadlines.top().second;
            m_deadlines.pop();
            auto it = m_records.find(id);
            if (it == m_records.end())
            {
                continue;
            }
            Record& r = it->second;
            if (IsExpired(r, now))
            {
                Expire(id);
            }
            else
            {
                m_deadlines.emplace(r.lastUsed + r.timeout, id);
            }
        }
        if (!m_deadlines.empty())
        {
            // An expiry callback may have inserted a record and armed a timer
            // already: replace it rather than leave an event nobody cancels.
            Simulator::Cancel(m_timer);
            m_timerAt = m_deadlines.top().first;
            m_timer = Simulator::Schedule(m_timerAt - now, &PairedStateTable::OnTimer, this);
        }
    }

    std::unordered_map<Key, Record*, KeyHash> m_index; //!< key -> record
    std::map<uint64_t, Record> m_records;              //!< records by insertion id
    DeadlineQueue m_deadlines;                         //!< (deadline, id), lazily refreshed
    EventId m_timer;                                   //!< next expiry check
    Time m_timerAt;                                    //!< when m_timer fires
    uint64_t m_lastId{0};                              //!< last id handed out
    uint32_t m_capacity{0};                            //!< max records, 0 = unlimited
    ExpireCallback m_onExpire;                         //!< expiry notification
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_PAIRED_STATE_TABLE_H */
