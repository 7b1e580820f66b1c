/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The pieces of PairedStateTable on their own: the open-addressing index
 * (probe, backward-shift deletion, growth from the tags alone), the record
 * slab (numbering across chunks, stable addresses, free-list reuse), the
 * huge-page array (alignment, value-initialization, moves) and the packed
 * keys of the flow, NAT and firewall tables.
 */

#include "sfc-test-util.h"

#include "ns3/flow-table.h"
#include "ns3/huge-page-array.h"
#include "ns3/paired-state-index.h"
#include "ns3/paired-state-slab.h"
#include "ns3/paired-state-table.h"
#include "ns3/simulator.h"

#include <cstdint>
#include <gtest/gtest.h>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

using namespace ns3;
using namespace ns3::sfc;

namespace
{
/// An index over integer keys: key k has reference k + 1 and the tag the caller chooses
class IndexModel
{
  public:
    explicit IndexModel(uint32_t (*tagOf)(uint32_t))
        : m_tagOf(tagOf)
    {
    }

    uint32_t Find(uint32_t key) const
    {
        return m_index.Find(m_tagOf(key), [key](uint32_t ref) { return ref == key + 1; });
    }

    void Insert(uint32_t key)
    {
        m_index.Reserve(1);
        m_index.Place({m_tagOf(key), key + 1});
    }

    void Erase(uint32_t key)
    {
        m_index.Unplace(Find(key));
    }

    PairedStateIndex m_index;

  private:
    uint32_t (*m_tagOf)(uint32_t);
};

uint32_t
SpreadTag(uint32_t k)
{
    return static_cast<uint32_t>((uint64_t(k) * 0x9e3779b97f4a7c15ull) >> 32);
}

/// Three tags for every key: long clusters that wrap around the end of the array
uint32_t
FewTags(uint32_t k)
{
    return 0xffffffffu - (k % 3);
}

struct SlabNode
{
    std::string payload;
    uint32_t prev{0};
    uint32_t next{0};
};
} // namespace

TEST(PairedStateIndexTest, FindsPlacedKeysAndMissesOthers)
{
    IndexModel m(&SpreadTag);
    EXPECT_EQ(m.Find(7), PairedStateIndex::kNotFound) << "an empty index finds nothing";
    for (uint32_t k = 0; k < 100; ++k)
    {
        m.Insert(k);
    }
    for (uint32_t k = 0; k < 100; ++k)
    {
        uint32_t pos = m.Find(k);
        ASSERT_NE(pos, PairedStateIndex::kNotFound) << k;
        EXPECT_EQ(m.m_index.RefAt(pos), k + 1);
    }
    EXPECT_EQ(m.Find(100), PairedStateIndex::kNotFound);
    EXPECT_EQ(m.m_index.GetUsed(), 100u);
}

TEST(PairedStateIndexTest, GrowthKeepsTheLoadBoundAndPowerOfTwoSize)
{
    IndexModel m(&SpreadTag);
    for (uint32_t k = 0; k < 5000; ++k)
    {
        m.Insert(k);
        uint32_t size = m.m_index.GetSize();
        ASSERT_EQ(size & (size - 1), 0u) << "a power of two";
        ASSERT_LE(uint64_t(m.m_index.GetUsed()) * 10, uint64_t(size) * 7) << "load at most 0.7";
    }
    EXPECT_EQ(m.m_index.GetMemoryBytes(), m.m_index.GetSize() * sizeof(PairedStateIndex::Slot));
    m.m_index.Clear();
    EXPECT_EQ(m.m_index.GetSize(), 0u);
    EXPECT_EQ(m.m_index.GetMemoryBytes(), 0u);
    EXPECT_EQ(m.Find(1), PairedStateIndex::kNotFound);
}

TEST(PairedStateIndexTest, BackwardShiftKeepsWrappingClustersIntact)
{
    // Random inserts and erases against a set, with three tags only: every
    // key lives in one of three clusters at the end of the array, wrapping
    // to its start, so each erase has to shift entries across the wrap.
    IndexModel m(&FewTags);
    std::set<uint32_t> present;
    std::mt19937 rng(5);
    for (int step = 0; step < 4000; ++step)
    {
        uint32_t k = rng() % 200;
        if (present.count(k) != 0)
        {
            m.Erase(k);
            present.erase(k);
        }
        else
        {
            m.Insert(k);
            present.insert(k);
        }
        if (step % 97 == 0)
        {
            for (uint32_t q = 0; q < 200; ++q)
            {
                ASSERT_EQ(m.Find(q) != PairedStateIndex::kNotFound, present.count(q) != 0)
                    << "key " << q << " at step " << step;
            }
        }
    }
    EXPECT_EQ(m.m_index.GetUsed(), present.size());
}

TEST(PairedStateSlabTest, NumbersNodesAcrossChunksAtStableAddresses)
{
    PairedStateSlab<SlabNode> slab;
    std::vector<SlabNode*> addresses;
    for (uint32_t i = 0; i < 1000; ++i)
    {
        uint32_t n = slab.Alloc();
        ASSERT_EQ(n, i) << "new nodes are numbered in order";
        slab.At(n).payload = std::to_string(i);
        addresses.push_back(&slab.At(n));
    }
    EXPECT_EQ(slab.GetNNodes(), 1000u);
    for (uint32_t i = 0; i < 1000; ++i)
    {
        EXPECT_EQ(&slab.At(i), addresses[i]) << "growth moved node " << i;
        EXPECT_EQ(slab.At(i).payload, std::to_string(i));
    }
    // 16 + 32 + ... + 512 = 1008 nodes in 6 chunks hold the 1000.
    EXPECT_GE(slab.GetMemoryBytes(), 1008 * sizeof(SlabNode));
    slab.Clear();
    EXPECT_EQ(slab.GetNNodes(), 0u);
    EXPECT_EQ(slab.Alloc(), 0u);
}

TEST(PairedStateSlabTest, FreedNodesAreReusedLastFreedFirst)
{
    PairedStateSlab<SlabNode> slab;
    for (int i = 0; i < 40; ++i)
    {
        slab.Alloc();
    }
    slab.Free(3);
    slab.Free(30);
    slab.Free(17);
    EXPECT_EQ(slab.Alloc(), 17u);
    EXPECT_EQ(slab.Alloc(), 30u);
    EXPECT_EQ(slab.Alloc(), 3u);
    EXPECT_EQ(slab.Alloc(), 40u) << "then new nodes again";
    EXPECT_EQ(slab.GetNNodes(), 41u);
}

TEST(HugePageArrayTest, AlignsSmallArraysToLinesAndLargeOnesToHugePages)
{
    HugePageArray<uint64_t> small(10);
    EXPECT_EQ(reinterpret_cast<uintptr_t>(&small[0]) % HugePageArray<uint64_t>::kCacheLine, 0u);
    HugePageArray<uint64_t> large(HugePageArray<uint64_t>::kHugePage / sizeof(uint64_t) + 1);
    EXPECT_EQ(reinterpret_cast<uintptr_t>(&large[0]) % HugePageArray<uint64_t>::kHugePage, 0u);
    for (std::size_t i = 0; i < large.size(); i += 4099)
    {
        ASSERT_EQ(large[i], 0u) << "value-initialized";
    }
    EXPECT_EQ(small.size(), 10u);
    EXPECT_FALSE(small.empty());
    EXPECT_TRUE(HugePageArray<int>().empty());
}

TEST(HugePageArrayTest, MovesAndSwapsOwnership)
{
    HugePageArray<std::string> a(3);
    a[0] = "zero";
    a[2] = "two";
    std::string* data = &a[0];
    HugePageArray<std::string> b(std::move(a));
    EXPECT_TRUE(a.empty());
    EXPECT_EQ(&b[0], data) << "a move keeps the elements where they are";
    EXPECT_EQ(b[2], "two");
    HugePageArray<std::string> c(1);
    c.swap(b);
    EXPECT_EQ(c.size(), 3u);
    EXPECT_EQ(b.size(), 1u);
    b = std::move(c);
    EXPECT_EQ(b[0], "zero");
    EXPECT_TRUE(c.empty());
}

namespace
{
class PackedKeyTableTest : public sfctest::SimulatorTest
{
};
} // namespace

TEST_F(PackedKeyTableTest, PackedKeysRoundTripAndFindTheirSide)
{
    FlowKey fwd(Ipv4Address("10.128.0.7"), Ipv4Address("203.0.113.9"), 40000, 443, 6);
    FlowKey translated(Ipv4Address("198.51.100.1"), fwd.dst, 1025, 443, 6);
    EXPECT_EQ(FlowKeyPacking::Unpack(FlowKeyPacking::Pack(fwd)), fwd);
    EXPECT_EQ(FlowKeyPacking::Unpack(FlowKeyPacking::Pack(FlowKey())), FlowKey())
        << "a default key (ns-3's unset address) survives packing";
    EXPECT_EQ(sizeof(PackedFlowKey), 16u);
    EXPECT_EQ(sizeof(PackedFlowTableKey), 20u);

    PairedStateTable<FlowKey, int, FlowKeyHash, FlowKeyPacking> t;
    std::vector<FlowKey> expired;
    t.SetExpireCallback([&](const auto& r) { expired.push_back(r.keys[1]); });
    ASSERT_NE(t.Insert(fwd, translated.Reverse(), 5, Seconds(1)), nullptr);
    EXPECT_EQ(t.Insert(fwd, fwd.Reverse(), 6, Seconds(1)), nullptr) << "forward key taken";
    decltype(t)::Side side;
    auto* r = t.Lookup(translated.Reverse(), 60, &side);
    ASSERT_NE(r, nullptr);
    EXPECT_EQ(side, decltype(t)::REVERSE);
    EXPECT_EQ(r->keys[0], fwd);
    EXPECT_EQ(r->keys[1], translated.Reverse());
    EXPECT_EQ(t.Lookup(fwd.Reverse(), 60, &side), nullptr) << "only the two keys given";
    Simulator::Stop(Seconds(2));
    Simulator::Run();
    ASSERT_EQ(expired.size(), 1u);
    EXPECT_EQ(expired[0], translated.Reverse()) << "the expiry callback sees unpacked keys";
    EXPECT_EQ(t.GetNRecords(), 0u);
}

TEST_F(PackedKeyTableTest, PackedKeysSortAsFlowKeys)
{
    // A small value range, so that equal fields (and equal keys) occur.
    std::mt19937 rng(7);
    auto key = [&rng]() {
        return FlowKey(Ipv4Address(rng() % 3),
                       Ipv4Address(rng() % 3),
                       static_cast<uint16_t>(rng() % 3),
                       static_cast<uint16_t>(rng() % 3),
                       static_cast<uint8_t>(rng() % 3));
    };
    for (int i = 0; i < 5000; ++i)
    {
        FlowKey a = key();
        FlowKey b = key();
        ASSERT_EQ(FlowKeyPacking::Pack(a) < FlowKeyPacking::Pack(b), a < b) << a << " " << b;
    }
}

TEST_F(PackedKeyTableTest, FlowTableKeysKeepChainBoundaryAndContext)
{
    FlowTableKey k{FlowKey(Ipv4Address("10.128.1.2"), Ipv4Address("203.0.113.1"), 5, 80, 17),
                   0xabcd,
                   7,
                   FlowTableKey::INGRESS};
    EXPECT_EQ(FlowTableKeyPacking::Unpack(FlowTableKeyPacking::Pack(k)), k);
    FlowTableKey other = k;
    other.context = FlowTableKey::EGRESS;
    EXPECT_FALSE(FlowTableKeyPacking::Pack(other) == FlowTableKeyPacking::Pack(k));
    other = k;
    other.chain = 0xabce;
    EXPECT_FALSE(FlowTableKeyPacking::Pack(other) == FlowTableKeyPacking::Pack(k));
    other = k;
    other.boundary = 8;
    EXPECT_FALSE(FlowTableKeyPacking::Pack(other) == FlowTableKeyPacking::Pack(k));
}
