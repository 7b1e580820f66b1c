/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * PairedStateTable on its own: both keys and their side, capacity, expiry
 * (order, refresh, callbacks that insert), and the flat storage behind it:
 * colliding hashes, deletion keeping probe chains intact, index growth,
 * stable record addresses, insertion order with reused nodes, and a
 * randomized comparison against a plain reference model.
 */

#include "sfc-test-util.h"

#include "ns3/nstime.h"
#include "ns3/paired-state-table.h"
#include "ns3/simulator.h"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <gtest/gtest.h>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <utility>
#include <vector>

using namespace ns3;
using namespace ns3::sfc;

namespace
{
using IntTable = PairedStateTable<int, std::string>;

/// A hash with few distinct values: long probe clusters that wrap around the index
struct FewHashes
{
    std::size_t operator()(int k) const
    {
        return static_cast<std::size_t>(k % 5);
    }
};

/// Every key hashes alike: one cluster, every probe compares keys
struct OneHash
{
    std::size_t operator()(int) const
    {
        return 42;
    }
};

using FewTable = PairedStateTable<int, int, FewHashes>;
using OneTable = PairedStateTable<int, int, OneHash>;

class PairedStateTableTest : public sfctest::SimulatorTest
{
};

/// The forward keys in ForEach() order
template <typename Table>
std::vector<int>
Order(const Table& t)
{
    std::vector<int> out;
    t.ForEach([&](const typename Table::Record& r) { out.push_back(r.keys[0]); });
    return out;
}
} // namespace

TEST_F(PairedStateTableTest, BothKeysFindTheRecordAndTellTheSide)
{
    IntTable t;
    ASSERT_NE(t.Insert(1, 2, "a", Seconds(1)), nullptr);
    IntTable::Side side = IntTable::REVERSE;
    IntTable::Record* r = t.Lookup(1, 10, &side);
    ASSERT_NE(r, nullptr);
    EXPECT_EQ(side, IntTable::FORWARD);
    EXPECT_EQ(r->value, "a");
    EXPECT_EQ(t.Lookup(2, 10, &side), r);
    EXPECT_EQ(side, IntTable::REVERSE);
    EXPECT_EQ(t.Lookup(3, 10, nullptr), nullptr);
    // Equal keys are indexed once.
    ASSERT_NE(t.Insert(5, 5, "self", Seconds(1)), nullptr);
    EXPECT_EQ(t.GetNRecords(), 2u);
    EXPECT_TRUE(t.Erase(5));
    EXPECT_FALSE(t.Erase(5));
    EXPECT_EQ(t.Lookup(5, 1, nullptr), nullptr);
    // Erasing by the reverse key removes both keys.
    EXPECT_TRUE(t.Erase(2));
    EXPECT_EQ(t.Peek(1), nullptr);
    EXPECT_EQ(t.GetNRecords(), 0u);
}

TEST_F(PairedStateTableTest, CapacityInRecordsAndZeroTimeout)
{
    IntTable t;
    t.SetCapacity(2);
    EXPECT_NE(t.Insert(1, 2, "a", Time(0)), nullptr);
    EXPECT_NE(t.Insert(3, 4, "b", Time(0)), nullptr);
    EXPECT_TRUE(t.IsFull());
    EXPECT_EQ(t.Insert(5, 6, "c", Time(0)), nullptr);
    EXPECT_EQ(t.Insert(7, 1, "d", Time(0)), nullptr);
    EXPECT_TRUE(Simulator::IsFinished()); // zero timeout: no timer
    t.SetCapacity(0);
    EXPECT_NE(t.Insert(5, 6, "c", Time(0)), nullptr);
    EXPECT_EQ(t.Insert(7, 1, "d", Time(0)), nullptr) << "key 1 is taken";
}

TEST_F(PairedStateTableTest, ExpiryCallbackMayInsertAndTheTableMayDieAfterwards)
{
    // An expiry callback that caches something new (re-arming the timer from
    // inside the timer event), then the table is destroyed: no live timer event
    // of the dead table may be left behind. (Before the fix, the timer armed by
    // the callback was overwritten without being cancelled and ran on the freed
    // table at 6 s: a heap-use-after-free that the SFC_SANITIZE=ON build and
    // valgrind report; the normal build may or may not crash.)
    auto t = std::make_unique<IntTable>();
    int expirations = 0;
    t->SetExpireCallback([&](const IntTable::Record& r) {
        ++expirations;
        if (r.keys[0] == 1)
        {
            t->Insert(10, 11, "again", Seconds(5));
        }
    });
    t->Insert(1, 2, "first", Seconds(1));
    Simulator::Schedule(Seconds(2), [&] { t.reset(); });
    Simulator::Run();
    EXPECT_EQ(expirations, 1);
}

TEST_F(PairedStateTableTest, ExpiryCallbackInsertKeepsExpiryWorking)
{
    IntTable t;
    std::vector<std::pair<Time, int>> expired;
    t.SetExpireCallback([&](const IntTable::Record& r) {
        expired.emplace_back(Simulator::Now(), r.keys[0]);
        if (r.keys[0] < 3)
        {
            t.Insert(r.keys[0] + 1, 200 + r.keys[0], "next", Seconds(1));
        }
    });
    t.Insert(1, 101, "first", Seconds(1));
    Simulator::Run();
    ASSERT_EQ(expired.size(), 3u);
    EXPECT_EQ(expired[0], std::make_pair(Seconds(1), 1));
    EXPECT_EQ(expired[1], std::make_pair(Seconds(2), 2));
    EXPECT_EQ(expired[2], std::make_pair(Seconds(3), 3));
}

TEST_F(PairedStateTableTest, CollidingKeysAreToldApartAndErasureKeepsChainsIntact)
{
    // All keys in one cluster; erase every third record, then all must still
    // be found by both keys (a broken backward shift loses the ones behind).
    OneTable t;
    for (int i = 0; i < 60; ++i)
    {
        ASSERT_NE(t.Insert(i, 1000 + i, i, Seconds(10)), nullptr) << i;
    }
    for (int i = 0; i < 60; i += 3)
    {
        EXPECT_TRUE(t.Erase(i % 2 ? i : 1000 + i)) << i;
    }
    for (int i = 0; i < 60; ++i)
    {
        bool kept = (i % 3 != 0);
        const OneTable::Record* f = t.Peek(i);
        const OneTable::Record* r = t.Peek(1000 + i);
        EXPECT_EQ(f != nullptr, kept) << i;
        EXPECT_EQ(f, r) << i;
        if (kept)
        {
            ASSERT_NE(f, nullptr);
            EXPECT_EQ(f->value, i);
        }
    }
    EXPECT_EQ(t.GetNRecords(), 40u);
    // The freed keys can be inserted again and are found.
    for (int i = 0; i < 60; i += 3)
    {
        ASSERT_NE(t.Insert(i, 1000 + i, -i, Seconds(10)), nullptr) << i;
    }
    for (int i = 0; i < 60; ++i)
    {
        ASSERT_NE(t.Peek(1000 + i), nullptr) << i;
        EXPECT_EQ(t.Peek(1000 + i)->value, i % 3 ? i : -i);
    }
}

TEST_F(PairedStateTableTest, GrowthKeepsRecordsInPlaceAndTheLoadBounded)
{
    IntTable t;
    EXPECT_EQ(t.GetIndexSize(), 0u);
    EXPECT_EQ(t.GetMemoryBytes(), 0u);
    IntTable::Record* first = t.Insert(0, -1, "zero", Seconds(10));
    ASSERT_NE(first, nullptr);
    for (int i = 1; i < 20000; ++i)
    {
        ASSERT_NE(t.Insert(i, -1 - i, std::to_string(i), Seconds(10)), nullptr);
        uint32_t size = t.GetIndexSize();
        ASSERT_EQ(size & (size - 1), 0u) << "power of two";
        ASSERT_LE(2.0 * (i + 1), 0.7 * size) << "load factor above 0.7";
    }
    // Records never move: pointers handed out stay valid through growth.
    EXPECT_EQ(t.Peek(-1), first);
    EXPECT_EQ(first->value, "zero");
    for (int i = 0; i < 20000; ++i)
    {
        const IntTable::Record* r = t.Peek(-1 - i);
        ASSERT_NE(r, nullptr) << i;
        ASSERT_EQ(r->keys[0], i);
    }
    EXPECT_GT(t.GetMemoryBytes(), 0u);
    t.Clear();
    EXPECT_EQ(t.GetNRecords(), 0u);
    EXPECT_EQ(t.GetMemoryBytes(), 0u);
    EXPECT_EQ(t.Peek(5), nullptr);
    EXPECT_NE(t.Insert(5, 6, "after", Seconds(1)), nullptr);
    EXPECT_EQ(Order(t), std::vector<int>{5});
}

TEST_F(PairedStateTableTest, ForEachAndEraseIfFollowInsertionOrderWithReusedNodes)
{
    FewTable t;
    for (int i = 1; i <= 6; ++i)
    {
        t.Insert(i, 100 + i, i, Seconds(10));
    }
    t.Erase(2);
    t.Erase(105);
    // New records reuse the freed nodes but come last in insertion order.
    t.Insert(7, 107, 7, Seconds(10));
    t.Insert(8, 108, 8, Seconds(10));
    t.Insert(9, 109, 9, Seconds(10));
    EXPECT_EQ(Order(t), (std::vector<int>{1, 3, 4, 6, 7, 8, 9}));
    std::vector<int> asked;
    uint32_t removed = t.EraseIf([&](const FewTable::Record& r) {
        asked.push_back(r.keys[0]);
        return r.value % 3 == 0;
    });
    EXPECT_EQ(removed, 3u);
    EXPECT_EQ(asked, (std::vector<int>{1, 3, 4, 6, 7, 8, 9}));
    EXPECT_EQ(Order(t), (std::vector<int>{1, 4, 7, 8}));
    EXPECT_EQ(t.Peek(103), nullptr);
    EXPECT_NE(t.Peek(108), nullptr);
}

TEST_F(PairedStateTableTest, EqualDeadlinesExpireInInsertionOrderNotNodeOrder)
{
    IntTable t;
    std::vector<std::pair<Time, int>> expired;
    t.SetExpireCallback(
        [&](const IntTable::Record& r) { expired.emplace_back(Simulator::Now(), r.keys[0]); });
    for (int i = 1; i <= 4; ++i)
    {
        t.Insert(i, -i, "", Seconds(5));
    }
    // Free nodes 1 and 3 (keys 1 and 3), then insert 10 and 11 at 1 s with a
    // 4 s timeout: they take the freed nodes in reverse (free-list) order and
    // share the 5 s deadline with 2 and 4.
    t.Erase(3);
    t.Erase(1);
    Simulator::Schedule(Seconds(1), [&] {
        t.Insert(10, -10, "", Seconds(4));
        t.Insert(11, -11, "", Seconds(4));
    });
    // Key 4 is refreshed at 2 s: it moves to 7 s (re-queued lazily at 5 s).
    Simulator::Schedule(Seconds(2), [&] { ASSERT_NE(t.Lookup(-4, 1, nullptr), nullptr); });
    Simulator::Run();
    std::vector<std::pair<Time, int>> want{{Seconds(5), 2},
                                           {Seconds(5), 10},
                                           {Seconds(5), 11},
                                           {Seconds(7), 4}};
    EXPECT_EQ(expired, want);
    EXPECT_EQ(t.GetNRecords(), 0u);
}

TEST_F(PairedStateTableTest, ExpiryCallbackMayEraseOrClear)
{
    IntTable t;
    int calls = 0;
    t.SetExpireCallback([&](const IntTable::Record& r) {
        ++calls;
        if (r.keys[0] == 1)
        {
            t.Erase(1); // its own record
        }
        else
        {
            t.Clear();
        }
    });
    t.Insert(1, 2, "a", Seconds(1));
    t.Insert(3, 4, "b", Seconds(2));
    t.Insert(5, 6, "c", Seconds(2));
    Simulator::Run();
    EXPECT_EQ(calls, 2);
    EXPECT_EQ(t.GetNRecords(), 0u);
    EXPECT_NE(t.Insert(1, 2, "again", Seconds(1)), nullptr);
}

TEST_F(PairedStateTableTest, LookupOfAStaleRecordExpiresItAndInsertReplacesIt)
{
    IntTable t;
    std::vector<int> expired;
    t.SetExpireCallback([&](const IntTable::Record& r) { expired.push_back(r.keys[0]); });
    // At exactly 1 s, before the timer event (scheduled later), the record is
    // already stale: a lookup misses and an insert expires it first.
    Simulator::Schedule(Seconds(1), [&] {
        EXPECT_EQ(t.Peek(2), nullptr);
        IntTable::Record* r = t.Insert(2, 1, "new", Seconds(1));
        ASSERT_NE(r, nullptr);
        EXPECT_EQ(r->keys[0], 2);
    });
    t.Insert(1, 2, "old", Seconds(1));
    Simulator::Stop(Seconds(1.5));
    Simulator::Run();
    EXPECT_EQ(expired, std::vector<int>{1});
    ASSERT_NE(t.Peek(1), nullptr);
    EXPECT_EQ(t.Peek(1)->value, "new");
}

TEST_F(PairedStateTableTest, RandomOperationsMatchAReferenceModel)
{
    // Inserts, erases by either key, lookups and EraseIf on a table with
    // colliding hashes, against a std::map model of the same records.
    FewTable t;
    std::map<int, std::pair<int, int>> model; // forward key -> (reverse key, value)
    std::map<int, int> owner;                 // either key -> forward key
    std::mt19937 rng(12345);
    for (int step = 0; step < 20000; ++step)
    {
        int op = static_cast<int>(rng() % 10);
        int k = static_cast<int>(rng() % 400);
        if (op < 5)
        {
            int rev = 1000 + k;
            bool free = owner.count(k) == 0 && owner.count(rev) == 0;
            FewTable::Record* r = t.Insert(k, rev, step, Time(0));
            ASSERT_EQ(r != nullptr, free) << step;
            if (free)
            {
                model[k] = {rev, step};
                owner[k] = k;
                owner[rev] = k;
            }
        }
        else if (op < 8)
        {
            int key = (op == 7) ? 1000 + k : k;
            bool present = owner.count(key) != 0;
            ASSERT_EQ(t.Erase(key), present) << step;
            if (present)
            {
                int fwd = owner[key];
                owner.erase(fwd);
                owner.erase(model[fwd].first);
                model.erase(fwd);
            }
        }
        else if (op < 9)
        {
            FewTable::Side side;
            int key = (k % 2) ? 1000 + k : k;
            FewTable::Record* r = t.Lookup(key, 1, &side);
            ASSERT_EQ(r != nullptr, owner.count(key) != 0) << step;
            if (r != nullptr)
            {
                EXPECT_EQ(r->value, model[owner[key]].second);
                EXPECT_EQ(side, (k % 2) ? FewTable::REVERSE : FewTable::FORWARD);
            }
        }
        else if (step % 50 == 0)
        {
            int m = 2 + k % 7;
            t.EraseIf([m](const FewTable::Record& r) { return r.value % m == 0; });
            for (auto it = model.begin(); it != model.end();)
            {
                if (it->second.second % m == 0)
                {
                    owner.erase(it->first);
                    owner.erase(it->second.first);
                    it = model.erase(it);
                }
                else
                {
                    ++it;
                }
            }
        }
        ASSERT_EQ(t.GetNRecords(), model.size()) << step;
    }
    // Every key of the model is found, every other key is not; ForEach is in
    // insertion order (the value is the insertion step).
    for (int k = 0; k < 1400; ++k)
    {
        const FewTable::Record* r = t.Peek(k);
        ASSERT_EQ(r != nullptr, owner.count(k) != 0) << k;
        if (r != nullptr)
        {
            EXPECT_EQ(r->keys[0], owner[k]);
        }
    }
    std::vector<int> values;
    t.ForEach([&](const FewTable::Record& r) { values.push_back(r.value); });
    EXPECT_TRUE(std::is_sorted(values.begin(), values.end()));
    EXPECT_EQ(values.size(), model.size());
}
