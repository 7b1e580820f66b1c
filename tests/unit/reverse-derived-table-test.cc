/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * PairedStateTable with reverse-derived keys (one stored key, one index slot
 * per record, a direction-free hash) against the same table storing and
 * indexing both keys: the same operations must give the same answers, the
 * same sides, the same expiries in the same order and the same iteration
 * order, in less memory.
 */

#include "sfc-test-util.h"

#include "ns3/flow-key.h"
#include "ns3/flow-table.h"
#include "ns3/paired-state-table.h"
#include "ns3/simulator.h"

#include <cstdint>
#include <gtest/gtest.h>
#include <random>
#include <string>
#include <vector>

using namespace ns3;
using namespace ns3::sfc;

namespace
{
/// A direction-free hash with few values: most keys collide
struct FewUndirectedHashes
{
    std::size_t operator()(const PackedFlowKey& k) const
    {
        return FlowKeyUndirectedHash()(k) % 5;
    }
};

using TwoKeyTable = PairedStateTable<FlowKey, int, FlowKeyHash, FlowKeyPacking>;
using DerivedTable = PairedStateTable<FlowKey, int, FlowKeyUndirectedHash, FlowKeyPacking, true>;
using CollidingTable = PairedStateTable<FlowKey, int, FewUndirectedHashes, FlowKeyPacking, true>;

/// A small key space, so that reverse keys, self-reverse keys and conflicts all occur
FlowKey
RandomKey(std::mt19937& rng)
{
    return FlowKey(Ipv4Address(0x0a000000 + rng() % 4),
                   Ipv4Address(0x0a000000 + rng() % 4),
                   static_cast<uint16_t>(rng() % 6),
                   static_cast<uint16_t>(rng() % 6),
                   6);
}

/**
 * Apply one seeded sequence of operations (insert, lookup, peek, erase,
 * EraseIf) at advancing simulated times, with idle timeouts, and write
 * down every answer and every expiry.
 */
template <typename Table>
std::vector<std::string>
RunOperations(uint32_t seed)
{
    std::vector<std::string> log;
    Table t;
    t.SetCapacity(300);
    t.SetExpireCallback([&log](const typename Table::Record& r) {
        log.push_back("expire " + std::to_string(r.value) + " at " +
                      std::to_string(Simulator::Now().GetMicroSeconds()));
    });
    std::mt19937 rng(seed);
    for (int step = 0; step < 6000; ++step)
    {
        Simulator::Schedule(MicroSeconds(10 * step), [&t, &log, &rng, step]() {
            FlowKey k = RandomKey(rng);
            uint32_t op = rng() % 10;
            std::string s = std::to_string(step) + " ";
            if (op < 4)
            {
                Time timeout = MicroSeconds(50 + rng() % 3 * 400);
                s += t.Insert(k, k.Reverse(), step, timeout) != nullptr ? "ins" : "noins";
            }
            else if (op < 7)
            {
                typename Table::Side side;
                auto* r = t.Lookup(k, 10, &side);
                s += r == nullptr
                         ? std::string("miss")
                         : "hit " + std::to_string(r->value) + " side " + std::to_string(side) +
                               " pk " + std::to_string(r->packets[0]) + "/" +
                               std::to_string(r->packets[1]);
                if (r != nullptr)
                {
                    EXPECT_EQ(r->keys[side], k) << "keys[side] is the key looked up";
                }
            }
            else if (op < 8)
            {
                auto* r = t.Peek(k);
                s += r == nullptr ? std::string("nopeek") : "peek " + std::to_string(r->value);
            }
            else if (op < 9)
            {
                s += t.Erase(k) ? "erased" : "noerase";
            }
            else
            {
                uint32_t m = 3 + rng() % 5;
                s += "eraseif " + std::to_string(t.EraseIf([m](const typename Table::Record& r) {
                         return r.value % m == 0;
                     }));
            }
            log.push_back(s + " n " + std::to_string(t.GetNRecords()));
        });
    }
    Simulator::Schedule(MicroSeconds(10 * 6000), [&t, &log]() {
        t.ForEach([&log](const typename Table::Record& r) {
            log.push_back("left " + std::to_string(r.value));
        });
    });
    Simulator::Stop(MicroSeconds(10 * 6000 + 1));
    Simulator::Run();
    Simulator::Destroy();
    return log;
}

class ReverseDerivedTableTest : public sfctest::SimulatorTest
{
};
} // namespace

TEST_F(ReverseDerivedTableTest, UndirectedHashesAgreeForAKeyAndItsReverse)
{
    FlowKey k(Ipv4Address("10.0.0.1"), Ipv4Address("203.0.113.9"), 40000, 443, 6);
    EXPECT_EQ(FlowKeyUndirectedHash()(k), FlowKeyUndirectedHash()(k.Reverse()));
    FlowKey other(Ipv4Address("10.0.0.1"), Ipv4Address("203.0.113.9"), 443, 40000, 6);
    EXPECT_NE(FlowKeyUndirectedHash()(k), FlowKeyUndirectedHash()(other))
        << "ports are paired with their own address";
    FlowTableKey tk{k, 3, 1, FlowTableKey::INGRESS};
    EXPECT_EQ(FlowTableKeyUndirectedHash()(tk), FlowTableKeyUndirectedHash()(tk.Reverse()));
    FlowTableKey egress{k, 3, 1, FlowTableKey::EGRESS};
    EXPECT_NE(FlowTableKeyUndirectedHash()(tk), FlowTableKeyUndirectedHash()(egress));
}

TEST_F(ReverseDerivedTableTest, SameAnswersSidesExpiriesAndOrderAsTwoStoredKeys)
{
    for (uint32_t seed : {1u, 2u, 3u})
    {
        std::vector<std::string> two = RunOperations<TwoKeyTable>(seed);
        std::vector<std::string> derived = RunOperations<DerivedTable>(seed);
        std::vector<std::string> colliding = RunOperations<CollidingTable>(seed);
        ASSERT_EQ(two.size(), derived.size()) << seed;
        for (std::size_t i = 0; i < two.size(); ++i)
        {
            ASSERT_EQ(two[i], derived[i]) << "seed " << seed << " line " << i;
            ASSERT_EQ(two[i], colliding[i]) << "seed " << seed << " line " << i;
        }
        // The sequence exercised what it is meant to.
        auto count = [&two](const std::string& what) {
            std::size_t n = 0;
            for (const auto& s : two)
            {
                n += s.find(what) != std::string::npos;
            }
            return n;
        };
        EXPECT_GT(count(" side 1 "), 10u) << "reverse hits";
        EXPECT_GT(count(" noins"), 10u) << "conflicts (or a full table)";
        EXPECT_GT(count("expire"), 10u) << "expiries";
        EXPECT_GT(count("erased"), 10u);
    }
}

TEST_F(ReverseDerivedTableTest, OneIndexSlotAndOneStoredKeyPerRecord)
{
    TwoKeyTable two;
    DerivedTable derived;
    for (uint32_t i = 0; i < 5000; ++i)
    {
        FlowKey k(Ipv4Address(0x0a000000 + i), Ipv4Address("203.0.113.9"), 1000, 443, 6);
        ASSERT_NE(two.Insert(k, k.Reverse(), 0, Time(0)), nullptr);
        ASSERT_NE(derived.Insert(k, k.Reverse(), 0, Time(0)), nullptr);
    }
    EXPECT_EQ(derived.GetIndexSize() * 2, two.GetIndexSize());
    EXPECT_LT(sizeof(DerivedTable::Record), sizeof(TwoKeyTable::Record));
    EXPECT_LT(derived.GetMemoryBytes(), two.GetMemoryBytes());
}

TEST_F(ReverseDerivedTableTest, SelfReverseKeyIsFoundAsForward)
{
    DerivedTable t;
    FlowKey self(Ipv4Address("10.0.0.1"), Ipv4Address("10.0.0.1"), 7, 7, 17);
    ASSERT_EQ(self, self.Reverse());
    ASSERT_NE(t.Insert(self, self, 1, Time(0)), nullptr);
    DerivedTable::Side side;
    ASSERT_NE(t.Lookup(self, 1, &side), nullptr);
    EXPECT_EQ(side, DerivedTable::FORWARD);
    EXPECT_TRUE(t.Erase(self));
    EXPECT_EQ(t.GetNRecords(), 0u);
}
