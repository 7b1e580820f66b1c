/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Speed and memory of the per-packet hot path, and of a whole simulation.
 * Run: build/bin/sfc-benchmarks (or scripts/bench.sh). Not part of the tests.
 */

#include "ns3/flow-table.h"
#include "ns3/inner-packet.h"
#include "ns3/ipv4-header.h"
#include "ns3/load-balancing-policy.h"
#include "ns3/maglev-table.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/simulator.h"
#include "ns3/stickiness-scenario.h"

#include <benchmark/benchmark.h>
#include <vector>

using namespace ns3;
using namespace ns3::sfc;

namespace
{
FlowTableKey
Key(uint32_t i)
{
    return FlowTableKey{FlowKey(Ipv4Address(0x0a800000 + (i >> 16)),
                                Ipv4Address("203.0.113.1"),
                                static_cast<uint16_t>(i),
                                80,
                                6),
                        1,
                        1,
                        FlowTableKey::INGRESS};
}
} // namespace

/// Flow-table hit (lookup + refresh) with N flows cached: O(1), independent of N.
static void
BM_FlowTableHit(benchmark::State& state)
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
        FlowTable::Hit h = table->Lookup(Key(i), 1000);
        benchmark::DoNotOptimize(h.action);
        i = (i + 7919) % n;
    }
    state.counters["entries"] = table->GetNEntries();
    table->Dispose();
}

BENCHMARK(BM_FlowTableHit)->Arg(1000)->Arg(100000)->Arg(1000000);

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
