/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * sfc-scale-benchmark: one sfc-stickiness run with N flows open at once, and
 * what it costs: wall and CPU time, events and link crossings per second,
 * peak RSS and bytes per concurrent flow.
 *
 * The N flows open within --window (Poisson arrivals at N / window per
 * second) and each stays open for two windows (one request segment, the FIN
 * two windows after it), so all N are open together around the end of the
 * window. The window is derived from N unless given: N / 100 000 seconds, at
 * least 1 s (the default leaf-spine carries 100 000 new flows per second; a
 * million flows opened within 1 s overload its links, and most do not finish
 * within the run). The source VMs and external hosts are derived from N unless given:
 * enough source VMs for N flows' ephemeral ports (FlowClient FirstPort..
 * LastPort each), enough destinations for the NAT's port pool per
 * destination, with a margin for the uneven split; a count given too small is
 * refused by the scenario's own check, naming the value needed. Run one size
 * per process (peak RSS is the process's); scripts/bench-scale.sh runs 10 k,
 * 100 k and 1 M and prints the growth exponents.
 *
 *   build/bin/sfc-scale-benchmark --flows=100000 --json=scale.jsonl
 */

#include "bench-measure.h"

#include "ns3/scenario-options.h"
#include "ns3/service-chain-helper.h"
#include "ns3/stickiness-scenario.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <sys/resource.h>
#include <unistd.h>

using namespace ns3;
using namespace ns3::sfc;
using namespace ns3::sfc::bench;

namespace
{

/// New flows per second the default leaf-spine carries without overload
constexpr double kFlowsPerSecond = 100000;

/// \return the resident set size now, in bytes
uint64_t
CurrentRss()
{
    unsigned long size = 0;
    unsigned long resident = 0;
    FILE* f = std::fopen("/proc/self/statm", "r");
    if (f != nullptr)
    {
        if (std::fscanf(f, "%lu %lu", &size, &resident) != 2)
        {
            resident = 0;
        }
        std::fclose(f);
    }
    return uint64_t(resident) * uint64_t(sysconf(_SC_PAGESIZE));
}

/// \return the peak resident set size of the process so far, in bytes
uint64_t
PeakRss()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return uint64_t(u.ru_maxrss) * 1024;
}

/// \return pools of `perUnit` for n flows with a 1/8 margin, at least `least`
uint32_t
Pools(uint32_t n, double perUnit, uint32_t least)
{
    return std::max<uint32_t>(least, uint32_t(std::ceil(1.125 * n / std::max(perUnit, 1.0))));
}

} // namespace

int
main(int argc, char* argv[])
{
    uint32_t flows = 10000;
    Time window = Seconds(0);
    std::string policy = "flow-table-df";
    std::string chain;
    uint32_t sources = 0;
    uint32_t destinations = 0;
    std::string json;
    ScenarioOptions opts("sfc-scale-benchmark",
                         "One sfc-stickiness run with N flows open at once: wall and CPU time, "
                         "events/s, link crossings/s, peak RSS, bytes per concurrent flow");
    opts.AddUint("flows", "Flows, all open at once", flows, 1, 10000000);
    opts.AddTime("window",
                 "Time within which the flows open",
                 window,
                 MilliSeconds(1),
                 Seconds(60));
    opts.AddChoice("policy", "Load-balancing policy", policy, ServiceChainHelper::GetPolicyNames());
    opts.AddString("chain", "Explicit chain, e.g. fw,dpi,nat (default: the scenario's)", chain);
    opts.AddUint("sources", "Source VMs (0: derived from --flows)", sources, 0, 4096);
    opts.AddUint("destinations", "External hosts (0: derived from --flows)", destinations, 0, 250);
    opts.AddOutput("json", "Append one JSON object with the figures to this file", json);
    opts.AddCheckOption();
    opts.Parse(argc, argv);

    if (window.IsZero())
    {
        window = Seconds(std::max(1.0, flows / kFlowsPerSecond));
    }
    StickinessScenario scenario;
    StickinessScenario::Params& p = scenario.GetParams();
    p.policy = policy;
    p.chain = chain;
    p.flows = flows;
    p.flowRate = flows / window.GetSeconds();
    p.flowPackets = 1;
    p.packetInterval = 2 * window;
    p.grace = 3 * window;
    // FlowClient's ephemeral ports per source VM and SourceNat's pool per
    // destination, as the attributes are now set (the scenario checks the same).
    p.sources = sources != 0
                    ? sources
                    : Pools(flows, double(StickinessScenario::GetClientPortsPerSource()), 4);
    p.destinations = destinations != 0
                         ? destinations
                         : Pools(flows, double(StickinessScenario::GetNatPortsPerDestination()), 2);
    std::string error = scenario.Validate();
    if (!error.empty())
    {
        opts.Fail(error);
    }
    if (opts.CheckOnly())
    {
        std::cout << "sources " << p.sources << ", destinations " << p.destinations << ", window "
                  << window.GetSeconds() << " s\n";
        return 0;
    }

    uint64_t rssBefore = CurrentRss();
    Measurement m;
    ArmMeasurement(m);
    double wall0 = WallSeconds();
    nlohmann::ordered_json metrics = scenario.Run();
    double wall = WallSeconds() - wall0;
    uint64_t peakRss = PeakRss();
    double perFlow =
        m.peakOpen > 0 ? double(peakRss - std::min(peakRss, rssBefore)) / m.peakOpen : 0.0;
    double cpu = std::max(m.Cpu(), 1e-9);

    nlohmann::ordered_json j;
    j["flows"] = flows;
    j["policy"] = policy;
    j["chain"] = chain.empty() ? "fw,dpi,nat" : chain;
    j["window_s"] = window.GetSeconds();
    j["sources"] = p.sources;
    j["destinations"] = p.destinations;
    j["peak_concurrent_flows"] = m.peakOpen;
    j["completed_flows"] = m.completed;
    j["failed_flows"] = m.failed;
    j["broken_flows"] = metrics.value("broken_flows", nlohmann::ordered_json());
    j["delivered"] = m.delivered;
    j["link_hops"] = m.hops;
    j["events"] = m.events;
    j["wall_s"] = wall;
    j["sim_wall_s"] = m.Wall();
    j["sim_cpu_s"] = m.Cpu();
    j["events_per_s"] = double(m.events) / cpu;
    j["hops_per_s"] = double(m.hops) / cpu;
    j["peak_rss_bytes"] = peakRss;
    j["rss_before_bytes"] = rssBefore;
    j["bytes_per_concurrent_flow"] = perFlow;

    std::cout << std::fixed << std::setprecision(1) << "sfc-scale-benchmark: " << flows
              << " flows (" << m.peakOpen << " open at once, " << m.completed << " completed, "
              << m.failed << " failed), " << policy << ", " << p.sources << " sources, "
              << p.destinations << " destinations\n"
              << "  wall " << wall << " s (simulation " << m.Wall() << " s, CPU " << m.Cpu()
              << " s), " << std::setprecision(0) << double(m.events) / cpu << " events/s, "
              << double(m.hops) / cpu << " link crossings/s, window " << window.GetSeconds()
              << " s\n"
              << "  peak RSS " << std::setprecision(1) << peakRss / 1048576.0 << " MiB, "
              << std::setprecision(0) << perFlow << " bytes per concurrent flow\n";
    if (m.completed < flows)
    {
        std::cout << "  warning: " << flows - m.completed
                  << " flows did not complete within the run (a longer --window lowers the "
                     "load)\n";
    }
    if (!json.empty() && !ScenarioOptions::AppendJsonLine(json, j))
    {
        opts.Fail("--json: cannot write " + json);
    }
    return 0;
}
