/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Speed and memory of the per-packet hot path, and of a whole simulation.
 * Run: build/bin/sfc-benchmarks (or scripts/bench.sh). Not part of the tests.
 */

#include "ns3/affinity-cache.h"
#include "ns3/flow-table.h"
#include "ns3/inner-packet.h"
#include "ns3/ipv4-header.h"
#include "ns3/load-balancing-policy.h"
#include "ns3/maglev-table.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/simulator.h"
#include "ns3/stickiness-scenario.h"

#include <algorithm>
#include <atomic>
#include <benchmark/benchmark.h>
#include <cstdlib>
#include <memory>
#include <new>
#include <string>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <utility>
#include <vector>

// Live heap bytes, counted by the replaced global operator new/delete below: the
// table benchmarks report what a table really holds (requested sizes, without
// the allocator's own per-block overhead).
namespace
{
std::atomic<int64_t> g_liveBytes{0};
} // namespace

void*
operator new(std::size_t size)
{
    // One header word in front of each block remembers its size.
    void* p = std::malloc(size + sizeof(std::max_align_t));
    if (p == nullptr)
    {
        throw std::bad_alloc();
    }
    *static_cast<std::size_t*>(p) = size;
    g_liveBytes += static_cast<int64_t>(size);
    return static_cast<char*>(p) + sizeof(std::max_align_t);
}

void
operator delete(void* p) noexcept
{
    if (p != nullptr)
    {
        void* block = static_cast<char*>(p) - sizeof(std::max_align_t);
        g_liveBytes -= static_cast<int64_t>(*static_cast<std::size_t*>(block));
        std::free(block);
    }
}

void
operator delete(void* p, std::size_t) noexcept
{
    operator delete(p);
}

// The over-aligned forms too (a table may align its large arrays): the size
// sits in the word just before the block, the block starts one alignment in.
void*
operator new(std::size_t size, std::align_val_t al)
{
    std::size_t a = std::max(static_cast<std::size_t>(al), sizeof(std::max_align_t));
    void* p = std::aligned_alloc(a, (size + 2 * a - 1) / a * a);
    if (p == nullptr)
    {
        throw std::bad_alloc();
    }
    char* block = static_cast<char*>(p) + a;
    reinterpret_cast<std::size_t*>(block)[-1] = size;
    g_liveBytes += static_cast<int64_t>(size);
    return block;
}

void
operator delete(void* p, std::align_val_t al) noexcept
{
    if (p != nullptr)
    {
        std::size_t a = std::max(static_cast<std::size_t>(al), sizeof(std::max_align_t));
        g_liveBytes -= static_cast<int64_t>(static_cast<std::size_t*>(p)[-1]);
        std::free(static_cast<char*>(p) - a);
    }
}

void
operator delete(void* p, std::size_t, std::align_val_t al) noexcept
{
    operator delete(p, al);
}

using namespace ns3;
using namespace ns3::sfc;

namespace
{
/// The key of flow i: 10.128.x.y:i -> 203.0.113.1:80, TCP (no text parsed per call,
/// so that a hit measures the table rather than Ipv4Address's parser)
FlowTableKey
Key(uint32_t i)
{
    return FlowTableKey{FlowKey(Ipv4Address(0x0a800000 + (i >> 16)),
                                Ipv4Address(0xcb007101),
                                static_cast<uint16_t>(i),
                                80,
                                6),
                        1,
                        1,
                        FlowTableKey::INGRESS};
}
} // namespace

/// Flow-table hit (lookup + refresh) with N flows cached: O(1), independent of N.
/// Counter bytes_per_pair: live heap bytes of the table divided by its pairs.
static void
BM_FlowTableHit(benchmark::State& state)
{
    const uint32_t n = static_cast<uint32_t>(state.range(0));
    int64_t before = g_liveBytes;
    Ptr<FlowTable> table = CreateObject<FlowTable>();
    for (uint32_t i = 0; i < n; ++i)
    {
        table->Insert(Key(i), FlowAction::ToServiceNode(1), FlowAction::ToEdge(0));
    }
    state.counters["bytes_per_pair"] = double(g_liveBytes - before) / n;
    state.counters["store_bytes_per_pair"] = double(table->GetStore().GetMemoryBytes()) / n;
    uint32_t i = 0;
    for (auto _ : state)
    {
        FlowTable::Hit h = table->Lookup(Key(i), 1000);
        benchmark::DoNotOptimize(h.action);
        i = (i + 7919) % n;
    }
    state.counters["entries"] = table->GetNEntries();
    table->Dispose();
}

BENCHMARK(BM_FlowTableHit)->Arg(1000)->Arg(100000)->Arg(1000000);

/// Flow-table hit on the reverse entry (a return packet) with N flows cached.
static void
BM_FlowTableHitReverse(benchmark::State& state)
{
    const uint32_t n = static_cast<uint32_t>(state.range(0));
    Ptr<FlowTable> table = CreateObject<FlowTable>();
    for (uint32_t i = 0; i < n; ++i)
    {
        table->Insert(Key(i), FlowAction::ToServiceNode(1), FlowAction::ToEdge(0));
    }
    uint32_t i = 0;
    for (auto _ : state)
    {
        FlowTable::Hit h = table->Lookup(Key(i).Reverse(), 1000);
        benchmark::DoNotOptimize(h.action);
        i = (i + 7919) % n;
    }
    table->Dispose();
}

BENCHMARK(BM_FlowTableHitReverse)->Arg(1000)->Arg(1000000);

/// Caching a new flow (forward + reverse entries).
static void
BM_FlowTableInsert(benchmark::State& state)
{
    Ptr<FlowTable> table = CreateObject<FlowTable>();
    uint32_t i = 0;
    for (auto _ : state)
    {
        table->Insert(Key(i++), FlowAction::ToServiceNode(1), FlowAction::ToEdge(0));
    }
    state.counters["bytes_per_entry_charged"] = FlowTable::kEntryBytes;
    table->Dispose();
}

BENCHMARK(BM_FlowTableInsert);

/// A miss (a key not cached) with N flows cached.
static void
BM_FlowTableMiss(benchmark::State& state)
{
    Ptr<FlowTable> table = CreateObject<FlowTable>();
    const uint32_t n = static_cast<uint32_t>(state.range(0));
    for (uint32_t i = 0; i < n; ++i)
    {
        table->Insert(Key(i), FlowAction::ToServiceNode(1), FlowAction::ToEdge(0));
    }
    uint32_t i = 0;
    for (auto _ : state)
    {
        FlowTable::Hit h = table->Lookup(Key(n + i), 1000);
        benchmark::DoNotOptimize(h.action);
        i = (i + 7919) % n;
    }
    table->Dispose();
}

BENCHMARK(BM_FlowTableMiss)->Arg(1000)->Arg(1000000);

/// Idle expiry of N pairs inserted at the same time: the table's timer removes
/// them all (time per pair, including the EntryExpired trace dispatch).
static void
BM_FlowTableExpiry(benchmark::State& state)
{
    const uint32_t n = static_cast<uint32_t>(state.range(0));
    for (auto _ : state)
    {
        state.PauseTiming();
        Ptr<FlowTable> table = CreateObject<FlowTable>();
        for (uint32_t i = 0; i < n; ++i)
        {
            table->Insert(Key(i),
                          FlowAction::ToServiceNode(1),
                          FlowAction::ToEdge(0),
                          MilliSeconds(1 + i % 16));
        }
        state.ResumeTiming();
        Simulator::Stop(Seconds(1));
        Simulator::Run();
        benchmark::DoNotOptimize(table->GetNEntries());
        state.PauseTiming();
        table->Dispose();
        state.ResumeTiming();
    }
    state.SetItemsProcessed(state.iterations() * n);
}

BENCHMARK(BM_FlowTableExpiry)->Arg(100000)->Unit(benchmark::kMillisecond);

/// Erase one pair by key and insert it again, with N pairs held (the store
/// directly: FlowTable has no erase by key).
static void
BM_FlowTableStoreEraseInsert(benchmark::State& state)
{
    FlowTable::Store store;
    const uint32_t n = static_cast<uint32_t>(state.range(0));
    FlowTable::Entry e{FlowAction::ToServiceNode(1), FlowAction::ToEdge(0)};
    for (uint32_t i = 0; i < n; ++i)
    {
        store.Insert(Key(i), Key(i).Reverse(), e, Seconds(30));
    }
    uint32_t i = 0;
    for (auto _ : state)
    {
        FlowTableKey k = Key(i);
        store.Erase(k);
        benchmark::DoNotOptimize(store.Insert(k, k.Reverse(), e, Seconds(30)));
        i = (i + 7919) % n;
    }
}

BENCHMARK(BM_FlowTableStoreEraseInsert)->Arg(1000)->Arg(1000000);

/// NAT-table layouts: the first one as the NAT stored its mappings before
/// (keys as they are, the original and translated tuple as the value again),
/// the second as SourceNat and DestinationNat store them (packed keys, an
/// empty value: the two tuples are the record's keys).
struct NatUnpackedLayout
{
    using Table = PairedStateTable<FlowKey, std::pair<FlowKey, FlowKey>, FlowKeyHash>;

    static std::pair<FlowKey, FlowKey> Value(const FlowKey& original, const FlowKey& translated)
    {
        return {original, translated};
    }
};

struct NatPackedLayout
{
    struct Empty
    {
    };

    using Table = PairedStateTable<FlowKey, Empty, FlowKeyHash, FlowKeyPacking>;

    static Empty Value(const FlowKey&, const FlowKey&)
    {
        return {};
    }
};

/// A NAT-shaped table (5-tuple keys: original and translated reversed) hit
/// with N mappings held, in one of the layouts above.
template <typename Layout>
static void
BM_NatTableHitT(benchmark::State& state)
{
    using NatTable = typename Layout::Table;
    const uint32_t n = static_cast<uint32_t>(state.range(0));
    int64_t before = g_liveBytes;
    auto table = std::make_unique<NatTable>();
    for (uint32_t i = 0; i < n; ++i)
    {
        FlowKey original = Key(i).tuple;
        FlowKey translated(Ipv4Address("198.51.100.1"),
                           original.dst,
                           static_cast<uint16_t>(1024 + i % 60000),
                           original.dport,
                           6);
        translated.src = Ipv4Address(0xc6336400 + i / 60000);
        table->Insert(original,
                      translated.Reverse(),
                      Layout::Value(original, translated),
                      Seconds(30));
    }
    state.counters["bytes_per_pair"] = double(g_liveBytes - before) / n;
    uint32_t i = 0;
    for (auto _ : state)
    {
        typename NatTable::Side side;
        benchmark::DoNotOptimize(table->Lookup(Key(i).tuple, 1000, &side));
        i = (i + 7919) % n;
    }
}

static void
BM_NatTableHit(benchmark::State& state)
{
    BM_NatTableHitT<NatUnpackedLayout>(state);
}

static void
BM_NatTablePackedHit(benchmark::State& state)
{
    BM_NatTableHitT<NatPackedLayout>(state);
}

BENCHMARK(BM_NatTableHit)->Arg(1000)->Arg(1000000);
BENCHMARK(BM_NatTablePackedHit)->Arg(1000)->Arg(1000000);

/// A firewall-shaped table (5-tuple keys, the admission time as the value)
/// hit with N connections held: keys as they are and both indexed
/// (FirewallTable), or as StatefulFirewall stores them, packed, the forward
/// key alone, indexed once under a direction-free hash (FirewallTablePacked).
template <typename FirewallTable>
static void
BM_FirewallTableHitT(benchmark::State& state)
{
    const uint32_t n = static_cast<uint32_t>(state.range(0));
    int64_t before = g_liveBytes;
    auto table = std::make_unique<FirewallTable>();
    for (uint32_t i = 0; i < n; ++i)
    {
        FlowKey k = Key(i).tuple;
        table->Insert(k, k.Reverse(), Seconds(0), Seconds(30));
    }
    state.counters["bytes_per_pair"] = double(g_liveBytes - before) / n;
    uint32_t i = 0;
    for (auto _ : state)
    {
        typename FirewallTable::Side side;
        benchmark::DoNotOptimize(table->Lookup(Key(i).tuple, 1000, &side));
        i = (i + 7919) % n;
    }
}

static void
BM_FirewallTableHit(benchmark::State& state)
{
    BM_FirewallTableHitT<PairedStateTable<FlowKey, Time, FlowKeyHash>>(state);
}

static void
BM_FirewallTablePackedHit(benchmark::State& state)
{
    BM_FirewallTableHitT<
        PairedStateTable<FlowKey, Time, FlowKeyUndirectedHash, FlowKeyPacking, true>>(state);
}

BENCHMARK(BM_FirewallTableHit)->Arg(1000)->Arg(1000000);
BENCHMARK(BM_FirewallTablePackedHit)->Arg(1000)->Arg(1000000);

/// A forwarding agent's affinity cache: LookupFixed hit with N fixed
/// affinities held, under one wildcard that supports them all.
static void
BM_AffinityCacheHit(benchmark::State& state)
{
    const uint32_t n = static_cast<uint32_t>(state.range(0));
    int64_t before = g_liveBytes;
    auto cache = std::make_unique<AffinityCache>();
    WildcardEntry w;
    w.affinity.ttlMs = 3600000;
    cache->UpdateWildcard(w, Seconds(0));
    for (uint32_t i = 0; i < n; ++i)
    {
        FixedEntry e;
        e.affinity.key = Key(i).tuple;
        e.affinity.ttlMs = 3600000;
        cache->UpdateFixed(e, Seconds(0));
    }
    state.counters["bytes_per_entry"] = double(g_liveBytes - before) / n;
    uint32_t i = 0;
    Time now = Seconds(1);
    for (auto _ : state)
    {
        benchmark::DoNotOptimize(cache->LookupFixed(Key(i).tuple, now));
        i = (i + 7919) % n;
    }
    state.counters["entries"] = cache->GetNFixed();
}

BENCHMARK(BM_AffinityCacheHit)->Arg(1000)->Arg(100000)->Arg(1000000);

/// The machine's floor for the tables: one dependent load at a random place
/// of a 256 MB array (a random cyclic permutation chased pointer by pointer),
/// with 4 KiB pages (arg 0) or transparent huge pages asked for by
/// madvise(MADV_HUGEPAGE) (arg 1).
static void
BM_MemoryLatency(benchmark::State& state)
{
    constexpr std::size_t kBytes = std::size_t(256) << 20;
    constexpr std::size_t kN = kBytes / sizeof(uint64_t);
    auto* a = static_cast<uint64_t*>(std::aligned_alloc(std::size_t(2) << 20, kBytes));
    if (state.range(0) != 0)
    {
        madvise(a, kBytes, MADV_HUGEPAGE);
    }
    for (std::size_t i = 0; i < kN; ++i)
    {
        a[i] = i;
    }
    // Sattolo's algorithm: one cycle through every slot.
    uint64_t x = 88172645463325252ULL;
    for (std::size_t i = kN - 1; i > 0; --i)
    {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        std::swap(a[i], a[x % i]);
    }
    uint64_t p = 0;
    for (auto _ : state)
    {
        p = a[p];
        benchmark::DoNotOptimize(p);
    }
    std::free(a);
}

BENCHMARK(BM_MemoryLatency)->Arg(0)->Arg(1);

/// Bounds-checked parse of an inner IPv4/TCP packet.
static void
BM_InnerPacketParse(benchmark::State& state)
{
    FlowPayloadHeader ph(1, 2, FlowPayloadHeader::REQUEST);
    FlowKey k(Ipv4Address("10.128.0.1"), Ipv4Address("203.0.113.1"), 1234, 80, 6);
    Ptr<Packet> p = InnerPacket::BuildTcpSegment(k, 0x18, 1, 1, ph, 1000);
    Ipv4Header ip;
    ip.SetSource(k.src);
    ip.SetDestination(k.dst);
    ip.SetProtocol(6);
    ip.SetPayloadSize(p->GetSize());
    p->AddHeader(ip);
    for (auto _ : state)
    {
        InnerPacketInfo info;
        benchmark::DoNotOptimize(InnerPacket::Parse(*p, info));
    }
}

BENCHMARK(BM_InnerPacketParse);

/// A policy's choice for one packet (Maglev: after the table is built).
static void
BM_PolicySelect(benchmark::State& state, const std::string& name)
{
    MembershipView view(1);
    for (uint32_t id = 1; id <= 8; ++id)
    {
        view.SetActive(1, id, true);
    }
    Ptr<LoadBalancingPolicy> p = LoadBalancingPolicy::CreateByName(name);
    uint16_t port = 0;
    for (auto _ : state)
    {
        FlowKey k(Ipv4Address("10.128.0.1"), Ipv4Address("203.0.113.1"), port++, 80, 6);
        benchmark::DoNotOptimize(p->Select(k, Direction::FORWARD, 1, view));
    }
}

BENCHMARK_CAPTURE(BM_PolicySelect, hash, std::string("hash"));
BENCHMARK_CAPTURE(BM_PolicySelect, symmetric_hash, std::string("symmetric-hash"));
BENCHMARK_CAPTURE(BM_PolicySelect, consistent_hash, std::string("consistent-hash"));

/// Rebuilding a Maglev table (M = 65537) for N instances: once per membership change.
static void
BM_MaglevBuild(benchmark::State& state)
{
    std::vector<uint32_t> ids;
    for (int64_t i = 0; i < state.range(0); ++i)
    {
        ids.push_back(static_cast<uint32_t>(i + 1));
    }
    MaglevTable t;
    for (auto _ : state)
    {
        t.BuildFromIds(ids);
        benchmark::DoNotOptimize(t.GetEntries().data());
    }
}

BENCHMARK(BM_MaglevBuild)->Arg(4)->Arg(16)->Arg(64)->Unit(benchmark::kMillisecond);

/// A whole simulation: the default chain, 200 flows of 10 requests, per policy.
static void
BM_StickinessRun(benchmark::State& state, const std::string& policy)
{
    uint64_t flows = 0;
    for (auto _ : state)
    {
        RngSeedManager::SetRun(1);
        StickinessScenario s;
        s.GetParams().policy = policy;
        s.Validate();
        auto m = s.Run();
        flows += m["flows"].get<uint64_t>();
    }
    state.counters["flows_per_s"] = benchmark::Counter(double(flows), benchmark::Counter::kIsRate);
}

BENCHMARK_CAPTURE(BM_StickinessRun, flow_table_df, std::string("flow-table-df"))
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_StickinessRun, hash, std::string("hash"))->Unit(benchmark::kMillisecond);

int
main(int argc, char** argv)
{
    // SFC_BENCH_NO_THP=1: no transparent huge pages for this process (to measure
    // what the tables' madvise(MADV_HUGEPAGE) brings).
    const char* noThp = std::getenv("SFC_BENCH_NO_THP");
    if (noThp != nullptr && std::string(noThp) == "1")
    {
        prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
    // Until the first Simulator::Run(), ns-3 records every Time object it creates
    // (so that a later SetResolution can convert them): run once, empty, so the
    // micro-benchmarks measure what a running simulation pays.
    Simulator::Run();
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
    {
        return 1;
    }
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
