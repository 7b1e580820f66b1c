/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * FlowTable: hits and misses, the reverse entry, idle timeouts, expiry order,
 * capacity and overflow (the store itself: paired-state-table-test.cc).
 */

#include "sfc-test-util.h"

#include "ns3/boolean.h"
#include "ns3/flow-table.h"
#include "ns3/nstime.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <functional>
#include <gtest/gtest.h>
#include <sstream>
#include <string>
#include <vector>

using namespace ns3;
using namespace ns3::sfc;

namespace
{

FlowTableKey
TableKey(uint16_t sport,
         uint8_t boundary = 1,
         uint8_t context = FlowTableKey::EGRESS,
         uint16_t chain = 1)
{
    FlowTableKey k;
    k.tuple = FlowKey(Ipv4Address("10.128.0.1"), Ipv4Address("203.0.113.1"), sport, 80, 6);
    k.chain = chain;
    k.boundary = boundary;
    k.context = context;
    return k;
}

Ptr<FlowTable>
MakeTable(Time idle = Seconds(10), uint32_t capacity = 0)
{
    return CreateObjectWithAttributes<FlowTable>("IdleTimeout",
                                                 TimeValue(idle),
                                                 "Capacity",
                                                 UintegerValue(capacity));
}

/// Records FlowTable trace events with their time
struct TableEvents
{
    std::vector<std::pair<Time, FlowTableKey>> created;
    std::vector<std::pair<Time, FlowTableKey>> expired;
    std::vector<FlowTable::Entry> expiredEntries;
    std::vector<FlowTableKey> overflows;
    std::vector<uint32_t> entries;

    void Connect(Ptr<FlowTable> t)
    {
        t->TraceConnectWithoutContext("EntryCreated", MakeCallback(&TableEvents::OnCreated, this));
        t->TraceConnectWithoutContext("EntryExpired", MakeCallback(&TableEvents::OnExpired, this));
        t->TraceConnectWithoutContext("Overflow", MakeCallback(&TableEvents::OnOverflow, this));
        t->TraceConnectWithoutContext("Entries", MakeCallback(&TableEvents::OnEntries, this));
    }

    void OnCreated(const FlowTableKey& k, const FlowTable::Entry&)
    {
        created.emplace_back(Simulator::Now(), k);
    }

    void OnExpired(const FlowTableKey& k, const FlowTable::Entry& e)
    {
        expired.emplace_back(Simulator::Now(), k);
        expiredEntries.push_back(e);
    }

    void OnOverflow(const FlowTableKey& k)
    {
        overflows.push_back(k);
    }

    void OnEntries(uint32_t, uint32_t now)
    {
        entries.push_back(now);
    }
};

const FlowAction kFwd = FlowAction::RouteLookup();
const FlowAction kRev = FlowAction::ToServiceNode(7);

/// Run the simulator until t (absolute), then call f
void
At(Time t, std::function<void()> f)
{
    Simulator::Schedule(t - Simulator::Now(), f);
}

class FlowTableTest : public sfctest::SimulatorTest
{
};

} // namespace

// ---------------------------------------------------------------------------
// Actions and keys

TEST(FlowAction, FactoriesAndEquality)
{
    FlowAction f = FlowAction::ToForwarder(Ipv4Address("10.0.0.5"), FlowTableKey::INGRESS, 9);
    EXPECT_EQ(f.kind, FlowAction::TO_FORWARDER);
    EXPECT_EQ(f.forwarder, Ipv4Address("10.0.0.5"));
    EXPECT_EQ(f.context, FlowTableKey::INGRESS);
    EXPECT_EQ(f.instance, 9u);
    EXPECT_FALSE(f == FlowAction::ToForwarder(Ipv4Address("10.0.0.5"), FlowTableKey::EGRESS, 9));
    EXPECT_FALSE(f == FlowAction::ToForwarder(Ipv4Address("10.0.0.6"), FlowTableKey::INGRESS, 9));
    EXPECT_TRUE(f == FlowAction::ToForwarder(Ipv4Address("10.0.0.5"), FlowTableKey::INGRESS, 9));
    EXPECT_EQ(FlowAction::ToEdge(3).port, 3u);
    EXPECT_EQ(FlowAction::ToServiceNode(4).instance, 4u);
    EXPECT_FALSE(FlowAction::ToServiceNode(4) == FlowAction::ToServiceNode(5));
    EXPECT_FALSE(FlowAction::ToEdge(4) == FlowAction::ToServiceNode(4));
    std::ostringstream os;
    os << f << " " << FlowAction::RouteLookup() << " " << FlowAction::ToEdge(2) << " "
       << FlowAction::ToServiceNode(4) << " " << FlowAction();
    EXPECT_EQ(os.str(), "forwarder(10.0.0.5,ingress,9) route-lookup edge(2) service-node(4) none");
}

TEST(FlowTableKey, ReverseKeepsThePosition)
{
    FlowTableKey k = TableKey(1000, 2, FlowTableKey::INGRESS, 5);
    FlowTableKey r = k.Reverse();
    EXPECT_EQ(r.tuple, k.tuple.Reverse());
    EXPECT_EQ(r.chain, 5);
    EXPECT_EQ(r.boundary, 2);
    EXPECT_EQ(r.context, FlowTableKey::INGRESS);
    EXPECT_TRUE(r.Reverse() == k);
    EXPECT_FALSE(r == k);
}

// ---------------------------------------------------------------------------
// Hits, misses and the reverse entry

TEST_F(FlowTableTest, MissThenHitOnBothEntries)
{
    Ptr<FlowTable> t = MakeTable();
    FlowTableKey k = TableKey(1000);
    EXPECT_EQ(t->Lookup(k, 100).action, nullptr);
    EXPECT_EQ(t->Lookup(k.Reverse(), 100).action, nullptr);

    ASSERT_EQ(t->Insert(k, kFwd, kRev), FlowTable::INSERTED);
    EXPECT_EQ(t->GetNEntries(), 2u);
    EXPECT_EQ(t->GetBytes(), 2u * FlowTable::kEntryBytes);

    FlowTable::Hit fwd = t->Lookup(k, 100);
    ASSERT_NE(fwd.action, nullptr);
    EXPECT_FALSE(fwd.reverse);
    EXPECT_TRUE(*fwd.action == kFwd);

    FlowTable::Hit rev = t->Lookup(k.Reverse(), 60);
    ASSERT_NE(rev.action, nullptr);
    EXPECT_TRUE(rev.reverse);
    EXPECT_TRUE(*rev.action == kRev);

    // Counters per side.
    const FlowTable::Store::Record* r = t->GetStore().Peek(k);
    ASSERT_NE(r, nullptr);
    EXPECT_EQ(r->packets[0], 1u);
    EXPECT_EQ(r->bytes[0], 100u);
    EXPECT_EQ(r->packets[1], 1u);
    EXPECT_EQ(r->bytes[1], 60u);
    EXPECT_EQ(t->GetStore().Peek(k.Reverse()), r);
}

TEST_F(FlowTableTest, PositionIsPartOfTheKey)
{
    Ptr<FlowTable> t = MakeTable();
    FlowTableKey k = TableKey(1000, 1, FlowTableKey::EGRESS, 1);
    ASSERT_EQ(t->Insert(k, kFwd, kRev), FlowTable::INSERTED);
    // Same tuple at another boundary, context or chain: a different entry.
    EXPECT_EQ(t->Lookup(TableKey(1000, 2, FlowTableKey::EGRESS, 1), 1).action, nullptr);
    EXPECT_EQ(t->Lookup(TableKey(1000, 1, FlowTableKey::INGRESS, 1), 1).action, nullptr);
    EXPECT_EQ(t->Lookup(TableKey(1000, 1, FlowTableKey::EGRESS, 2), 1).action, nullptr);
    EXPECT_EQ(t->Lookup(TableKey(1001, 1, FlowTableKey::EGRESS, 1), 1).action, nullptr);
    // ... which can be cached beside it.
    EXPECT_EQ(t->Insert(TableKey(1000, 1, FlowTableKey::INGRESS, 1),
                        FlowAction::ToServiceNode(3),
                        FlowAction::ToEdge(0)),
              FlowTable::INSERTED);
    EXPECT_EQ(t->GetNEntries(), 4u);
    FlowTable::Hit h = t->Lookup(TableKey(1000, 1, FlowTableKey::INGRESS, 1).Reverse(), 1);
    ASSERT_NE(h.action, nullptr);
    EXPECT_TRUE(*h.action == FlowAction::ToEdge(0));
}

TEST_F(FlowTableTest, ConflictingKeysAreNotOverwritten)
{
    Ptr<FlowTable> t = MakeTable();
    FlowTableKey k = TableKey(1000);
    ASSERT_EQ(t->Insert(k, kFwd, kRev), FlowTable::INSERTED);
    // The same forward key, or a flow whose forward key is this flow's reverse key.
    EXPECT_EQ(t->Insert(k, FlowAction::ToEdge(1), FlowAction::ToEdge(2)), FlowTable::CONFLICT);
    EXPECT_EQ(t->Insert(k.Reverse(), FlowAction::ToEdge(1), FlowAction::ToEdge(2)),
              FlowTable::CONFLICT);
    EXPECT_EQ(t->GetOverflows(), 0u);
    EXPECT_EQ(t->GetNEntries(), 2u);
    EXPECT_TRUE(*t->Lookup(k, 1).action == kFwd);
    EXPECT_TRUE(*t->Lookup(k.Reverse(), 1).action == kRev);
}

TEST_F(FlowTableTest, ClearRemovesEverythingWithoutExpiryEvents)
{
    Ptr<FlowTable> t = MakeTable(Seconds(1));
    TableEvents ev;
    ev.Connect(t);
    t->Insert(TableKey(1), kFwd, kRev);
    t->Insert(TableKey(2), kFwd, kRev);
    t->Clear();
    EXPECT_EQ(t->GetNEntries(), 0u);
    EXPECT_EQ(t->Lookup(TableKey(1), 1).action, nullptr);
    Simulator::Run();
    EXPECT_TRUE(ev.expired.empty());
    EXPECT_EQ(t->GetPeakEntries(), 4u);
}

// ---------------------------------------------------------------------------
// Idle timeout

TEST_F(FlowTableTest, PairExpiresAfterTheIdleTimeout)
{
    Ptr<FlowTable> t = MakeTable(Seconds(10));
    TableEvents ev;
    ev.Connect(t);
    FlowTableKey k = TableKey(1000);
    At(Seconds(1), [&] { t->Insert(k, kFwd, kRev); });
    // Peek does not refresh: the pair is still there just before its deadline...
    At(Seconds(11) - NanoSeconds(1), [&] {
        EXPECT_NE(t->GetStore().Peek(k), nullptr);
        EXPECT_EQ(t->GetNEntries(), 2u);
    });
    // ... and gone at it.
    At(Seconds(11) + NanoSeconds(1), [&] {
        EXPECT_EQ(t->GetStore().Peek(k), nullptr);
        EXPECT_EQ(t->GetStore().Peek(k.Reverse()), nullptr);
        EXPECT_EQ(t->GetNEntries(), 0u);
        EXPECT_EQ(t->Lookup(k.Reverse(), 1).action, nullptr);
    });
    Simulator::Run();
    ASSERT_EQ(ev.expired.size(), 1u);
    EXPECT_EQ(ev.expired[0].first, Seconds(11));
    EXPECT_TRUE(ev.expired[0].second == k);
    EXPECT_TRUE(ev.expiredEntries[0].forward == kFwd);
    EXPECT_TRUE(ev.expiredEntries[0].reverse == kRev);
    // The Entries traced value followed: 2 on insert, 0 on expiry.
    ASSERT_GE(ev.entries.size(), 2u);
    EXPECT_EQ(ev.entries.front(), 2u);
    EXPECT_EQ(ev.entries.back(), 0u);
}

TEST_F(FlowTableTest, HitOnEitherEntryRefreshesBoth)
{
    Ptr<FlowTable> t = MakeTable(Seconds(10));
    TableEvents ev;
    ev.Connect(t);
    FlowTableKey k = TableKey(1000);
    At(Seconds(0), [&] { t->Insert(k, kFwd, kRev); });
    // Only return traffic at 6 s: keeps the forward entry alive too.
    At(Seconds(6), [&] { ASSERT_NE(t->Lookup(k.Reverse(), 1).action, nullptr); });
    At(Seconds(12), [&] {
        EXPECT_NE(t->GetStore().Peek(k), nullptr);
        // Only forward traffic at 12 s: keeps the reverse entry alive.
        ASSERT_NE(t->Lookup(k, 1).action, nullptr);
    });
    At(Seconds(21), [&] {
        FlowTable::Hit h = t->Lookup(k.Reverse(), 1);
        ASSERT_NE(h.action, nullptr);
        EXPECT_TRUE(h.reverse);
    });
    Simulator::Run();
    ASSERT_EQ(ev.expired.size(), 1u);
    EXPECT_EQ(ev.expired[0].first, Seconds(31));
}

TEST_F(FlowTableTest, PerPairTimeoutOverridesTheDefault)
{
    Ptr<FlowTable> t = MakeTable(Seconds(30));
    TableEvents ev;
    ev.Connect(t);
    At(Seconds(0), [&] {
        t->Insert(TableKey(1), kFwd, kRev);              // default 30 s
        t->Insert(TableKey(2), kFwd, kRev, Seconds(3));  // 3 s
        t->Insert(TableKey(3), kFwd, kRev, Seconds(45)); // 45 s
        t->Insert(TableKey(4), kFwd, kRev, Time(0));     // zero: the default
    });
    Simulator::Run();
    ASSERT_EQ(ev.expired.size(), 4u);
    EXPECT_EQ(ev.expired[0].first, Seconds(3));
    EXPECT_EQ(ev.expired[0].second.tuple.sport, 2);
    EXPECT_EQ(ev.expired[1].first, Seconds(30));
    EXPECT_EQ(ev.expired[1].second.tuple.sport, 1);
    EXPECT_EQ(ev.expired[2].first, Seconds(30));
    EXPECT_EQ(ev.expired[2].second.tuple.sport, 4);
    EXPECT_EQ(ev.expired[3].first, Seconds(45));
    EXPECT_EQ(ev.expired[3].second.tuple.sport, 3);
}

TEST_F(FlowTableTest, ZeroIdleTimeoutNeverExpires)
{
    Ptr<FlowTable> t = MakeTable(Time(0));
    TableEvents ev;
    ev.Connect(t);
    FlowTableKey k = TableKey(1000);
    t->Insert(k, kFwd, kRev);
    // No expiry timer at all: the event list is empty.
    EXPECT_TRUE(Simulator::IsFinished());
    At(Seconds(1e6), [&] { EXPECT_NE(t->Lookup(k.Reverse(), 1).action, nullptr); });
    Simulator::Run();
    EXPECT_TRUE(ev.expired.empty());
    EXPECT_EQ(t->GetNEntries(), 2u);
}

TEST_F(FlowTableTest, LookupAtTheDeadlineExpiresBeforeTheTimer)
{
    // A lookup scheduled for the very instant of the deadline, and ordered
    // before the table's timer event, must already miss, and expire the pair
    // (trace and entry count) itself.
    Ptr<FlowTable> t = MakeTable(Seconds(5));
    TableEvents ev;
    ev.Connect(t);
    FlowTableKey k = TableKey(1000);
    bool missed = false;
    Simulator::Schedule(Seconds(5), [&] {
        missed = t->Lookup(k, 1).action == nullptr;
        EXPECT_EQ(t->GetNEntries(), 0u);
    });
    t->Insert(k, kFwd, kRev);
    Simulator::Run();
    EXPECT_TRUE(missed);
    ASSERT_EQ(ev.expired.size(), 1u);
    EXPECT_EQ(ev.expired[0].first, Seconds(5));
    EXPECT_EQ(ev.entries.back(), 0u);
}

TEST_F(FlowTableTest, ExpiredKeyCanBeCachedAgain)
{
    Ptr<FlowTable> t = MakeTable(Seconds(2));
    FlowTableKey k = TableKey(1000);
    At(Seconds(0), [&] { EXPECT_EQ(t->Insert(k, kFwd, kRev), FlowTable::INSERTED); });
    At(Seconds(3), [&] {
        EXPECT_EQ(t->Insert(k, FlowAction::ToEdge(1), kRev), FlowTable::INSERTED);
        EXPECT_TRUE(*t->Lookup(k, 1).action == FlowAction::ToEdge(1));
    });
    Simulator::Run();
}

TEST_F(FlowTableTest, ExpiryOrderIsDeadlineThenInsertionOrder)
{
    // Many pairs with the same deadline expire in insertion order, not in the
    // order of any hash table; earlier deadlines first; a refreshed pair moves
    // behind.
    Ptr<FlowTable> t = MakeTable(Seconds(5));
    TableEvents ev;
    ev.Connect(t);
    std::vector<uint16_t> ports;
    for (uint32_t i = 0; i < 64; ++i)
    {
        ports.push_back(static_cast<uint16_t>((i * 7919u) % 60000 + 1)); // scrambled
    }
    At(Seconds(0), [&] {
        for (uint16_t p : ports)
        {
            t->Insert(TableKey(p), kFwd, kRev);
        }
        t->Insert(TableKey(65000), kFwd, kRev, Seconds(2));
    });
    // Refresh the first pair at 1 s: its deadline becomes 6 s.
    At(Seconds(1), [&] { t->Lookup(TableKey(ports[0]).Reverse(), 1); });
    Simulator::Run();
    ASSERT_EQ(ev.expired.size(), ports.size() + 1);
    EXPECT_EQ(ev.expired[0].second.tuple.sport, 65000);
    EXPECT_EQ(ev.expired[0].first, Seconds(2));
    for (std::size_t i = 1; i < ports.size(); ++i)
    {
        EXPECT_EQ(ev.expired[i].second.tuple.sport, ports[i]) << "position " << i;
        EXPECT_EQ(ev.expired[i].first, Seconds(5));
    }
    EXPECT_EQ(ev.expired.back().second.tuple.sport, ports[0]);
    EXPECT_EQ(ev.expired.back().first, Seconds(6));

    // ForEach visits in insertion order too.
    Ptr<FlowTable> u = MakeTable();
    for (uint16_t p : ports)
    {
        u->Insert(TableKey(p), kFwd, kRev);
    }
    std::vector<uint16_t> seen;
    u->GetStore().ForEach(
        [&](const FlowTable::Store::Record& r) { seen.push_back(r.keys[0].tuple.sport); });
    EXPECT_EQ(seen, ports);
}

// ---------------------------------------------------------------------------
// Capacity

TEST_F(FlowTableTest, CapacityCountsTwoEntriesPerFlow)
{
    Ptr<FlowTable> t = MakeTable(Seconds(10), 4);
    TableEvents ev;
    ev.Connect(t);
    EXPECT_EQ(t->GetCapacity(), 4u);
    EXPECT_EQ(t->Insert(TableKey(1), kFwd, kRev), FlowTable::INSERTED);
    EXPECT_EQ(t->Insert(TableKey(2), kFwd, kRev), FlowTable::INSERTED);
    EXPECT_EQ(t->GetNEntries(), 4u);
    // Full: a new flow is an overflow (counted, traced), not a conflict.
    EXPECT_EQ(t->Insert(TableKey(3), kFwd, kRev), FlowTable::FULL);
    EXPECT_EQ(t->Insert(TableKey(4), kFwd, kRev), FlowTable::FULL);
    EXPECT_EQ(t->GetOverflows(), 2u);
    ASSERT_EQ(ev.overflows.size(), 2u);
    EXPECT_TRUE(ev.overflows[0] == TableKey(3));
    EXPECT_TRUE(ev.overflows[1] == TableKey(4));
    EXPECT_EQ(ev.created.size(), 2u);
    EXPECT_EQ(t->GetNEntries(), 4u);
    EXPECT_EQ(t->Lookup(TableKey(3), 1).action, nullptr);
    // The cached flows still work.
    EXPECT_NE(t->Lookup(TableKey(2).Reverse(), 1).action, nullptr);
    EXPECT_EQ(t->GetOverflowPolicy(), FlowTable::OVERFLOW_DROP);
}

TEST_F(FlowTableTest, CapacityIsNeverExceeded)
{
    // Capacity is in entries and a flow takes two: whatever the capacity
    // (odd ones included), the table never holds more entries than it.
    for (uint32_t cap = 1; cap <= 9; ++cap)
    {
        Ptr<FlowTable> t = MakeTable(Seconds(10), cap);
        uint32_t inserted = 0;
        for (uint16_t p = 1; p <= 10; ++p)
        {
            inserted += t->Insert(TableKey(p), kFwd, kRev) == FlowTable::INSERTED ? 1 : 0;
        }
        EXPECT_LE(t->GetNEntries(), cap) << "capacity " << cap;
        EXPECT_LE(t->GetPeakEntries(), cap) << "capacity " << cap;
        EXPECT_EQ(inserted, cap / 2) << "capacity " << cap;
        EXPECT_EQ(t->GetOverflows(), 10u - cap / 2) << "capacity " << cap;
        t->Dispose();
    }
}

TEST_F(FlowTableTest, ExpiryFreesCapacityAndPeakIsKept)
{
    Ptr<FlowTable> t = MakeTable(Seconds(10), 6);
    At(Seconds(0), [&] {
        EXPECT_EQ(t->Insert(TableKey(1), kFwd, kRev, Seconds(2)), FlowTable::INSERTED);
        EXPECT_EQ(t->Insert(TableKey(2), kFwd, kRev, Seconds(2)), FlowTable::INSERTED);
        EXPECT_EQ(t->Insert(TableKey(3), kFwd, kRev), FlowTable::INSERTED);
        EXPECT_EQ(t->Insert(TableKey(4), kFwd, kRev), FlowTable::FULL);
        EXPECT_EQ(t->GetPeakEntries(), 6u);
    });
    At(Seconds(3), [&] {
        EXPECT_EQ(t->GetNEntries(), 2u);
        EXPECT_EQ(t->Insert(TableKey(4), kFwd, kRev), FlowTable::INSERTED);
        EXPECT_EQ(t->GetNEntries(), 4u);
        EXPECT_EQ(t->GetPeakEntries(), 6u);
        EXPECT_EQ(t->GetOverflows(), 1u);
    });
    Simulator::Run();
}

TEST(FlowTableAttributes, OverflowPolicyAttribute)
{
    Ptr<FlowTable> t =
        CreateObjectWithAttributes<FlowTable>("OverflowPolicy", StringValue("Bypass"));
    EXPECT_EQ(t->GetOverflowPolicy(), FlowTable::OVERFLOW_BYPASS);
    t->Dispose();
}
