/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * sfc-bare-benchmark: the module's data path against plain ns-3 IPv4
 * forwarding, side by side, in one invocation.
 *
 * Both sides build the same leaf-spine (SfcTopology::LeafSpine: the same link
 * rates, delays and queues) and send the same flows (FlowClient/FlowServer,
 * same random streams, so the same packet counts):
 *
 *  - module: a StickinessScenario run (gateway -> forwarders -> service
 *    nodes -> ...) for each policy given (default hash, flow-table,
 *    flow-table-df);
 *  - bare: every node an IPv4 router with ns-3's global routing, every link
 *    numbered, no forwarder and no chain: the packets take the shortest path.
 *
 * Each configuration runs --repetitions times, the configurations
 * alternating (bare, hash, ..., bare, hash, ...), so that a change of the
 * machine's load hits them alike. It reports, per configuration, packets
 * delivered to the applications, link crossings (frames received on a
 * point-to-point device), links crossed per delivered packet, and the
 * process CPU time of the simulation (from its first event to the end of the
 * run; setup excluded) per link crossing, its ratio to bare (median of the
 * per-repetition ratios) and CPU per delivered packet. The CPU clock is read
 * here only; no result of the module depends on it.
 *
 *   build/bin/sfc-bare-benchmark --repetitions=5 --flows=1000
 *   build/bin/sfc-bare-benchmark --json=out.jsonl     # one JSON object per configuration
 */

#include "bench-measure.h"

#include "ns3/command-line.h"
#include "ns3/config.h"
#include "ns3/flow-client.h"
#include "ns3/flow-server.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/ipv4-global-routing-helper.h"
#include "ns3/sfc-network-helper.h"
#include "ns3/sfc-topology.h"
#include "ns3/simulator.h"
#include "ns3/stickiness-scenario.h"
#include "ns3/traffic-control-helper.h"

#include <algorithm>
#include <ctime>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

using namespace ns3;
using namespace ns3::sfc;
using namespace ns3::sfc::bench;

namespace
{

/// Plain ns-3: every node routes with global routing, every link is numbered.
struct BareNetwork
{
    NodeContainer sources;                      //!< source nodes, vertex order
    NodeContainer externals;                    //!< external hosts, vertex order
    std::vector<Ipv4Address> externalAddresses; //!< their addresses, vertex order
};

BareNetwork
InstallBare(const SfcTopology& topology)
{
    BareNetwork bare;
    NodeContainer nodes;
    nodes.Create(topology.GetNNodes());
    InternetStackHelper stack;
    Ipv4GlobalRoutingHelper globalRouting;
    stack.SetRoutingHelper(globalRouting);
    stack.Install(nodes);
    Ipv4AddressHelper addresses("10.0.0.0", "255.255.255.252");
    std::vector<Ipv4Address> endpointAddress(topology.GetNNodes());
    const SfcTopology::Graph& g = topology.GetGraph();
    for (auto ep = boost::edges(g); ep.first != ep.second; ++ep.first)
    {
        uint32_t a = static_cast<uint32_t>(boost::source(*ep.first, g));
        uint32_t b = static_cast<uint32_t>(boost::target(*ep.first, g));
        const SfcTopology::LinkProps& link = g[*ep.first];
        NetDeviceContainer devs =
            SfcNetworkHelper::LinkHelper(link).Install(nodes.Get(a), nodes.Get(b));
        Ipv4InterfaceContainer ifs = addresses.Assign(devs);
        addresses.NewNetwork();
        // As in SfcNetworkHelper: the device queue is the only buffer.
        TrafficControlHelper::Default().Uninstall(devs);
        endpointAddress[a] = ifs.GetAddress(0);
        endpointAddress[b] = ifs.GetAddress(1);
    }
    for (uint32_t v = 0; v < topology.GetNNodes(); ++v)
    {
        SfcTopology::Role role = topology.GetNode(v).role;
        if (role == SfcTopology::Role::SOURCE)
        {
            bare.sources.Add(nodes.Get(v));
        }
        else if (role == SfcTopology::Role::EXTERNAL)
        {
            bare.externals.Add(nodes.Get(v));
            bare.externalAddresses.push_back(endpointAddress[v]);
        }
    }
    Ipv4GlobalRoutingHelper::PopulateRoutingTables();
    return bare;
}

/// The flows of StickinessScenario::Run on plain ns-3 (same attributes, same streams).
void
RunBare(const StickinessScenario::Params& p, Measurement& m)
{
    ArmMeasurement(m);
    StickinessScenario scenario; // its leaf-spine, without a controller (no scaling here)
    scenario.GetParams() = p;
    BareNetwork net = InstallBare(SfcTopology::LeafSpine(scenario.TopologyParams()));
    ApplicationContainer clients;
    ApplicationContainer servers;
    StickinessScenario::InstallFlows(p,
                                     net.sources,
                                     net.externals,
                                     net.externalAddresses,
                                     clients,
                                     servers);
    // The same end as the scenario's: a grace time after the last flow opened.
    uint32_t opened = 0;
    for (uint32_t i = 0; i < clients.GetN(); ++i)
    {
        clients.Get(i)->TraceConnectWithoutContext(
            "FlowStart",
            Callback<void, uint64_t, const FlowKey&, uint32_t>(
                [&](uint64_t, const FlowKey&, uint32_t) {
                    if (++opened == p.flows)
                    {
                        Simulator::Schedule(p.grace, &Simulator::Stop);
                    }
                }));
    }
    Simulator::Run();
    Simulator::Destroy();
}

/// One StickinessScenario run with the policy.
void
RunModule(const StickinessScenario::Params& p, const std::string& policy, Measurement& m)
{
    StickinessScenario scenario;
    scenario.GetParams() = p;
    scenario.GetParams().policy = policy;
    std::string error = scenario.Validate();
    if (!error.empty())
    {
        std::cerr << "sfc-bare-benchmark: " << error << "\n";
        std::exit(2);
    }
    ArmMeasurement(m);
    scenario.Run();
}

/// Median of a non-empty list.
double
Median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    std::size_t n = v.size();
    return n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

std::vector<std::string>
Split(const std::string& s)
{
    std::vector<std::string> out;
    std::stringstream ss(s);
    std::string item;
    while (std::getline(ss, item, ','))
    {
        if (!item.empty())
        {
            out.push_back(item);
        }
    }
    return out;
}

} // namespace

int
main(int argc, char* argv[])
{
    StickinessScenario::Params p;
    uint32_t repetitions = 3;
    std::string policies = "hash,flow-table,flow-table-df";
    std::string json;
    CommandLine cmd(__FILE__);
    cmd.Usage("The module's data path against plain ns-3 IPv4 forwarding on the same "
              "leaf-spine and flows: CPU per link crossed, links per delivered packet.");
    cmd.AddValue("flows", "Flows per run", p.flows);
    cmd.AddValue("flowPackets", "Request segments per flow", p.flowPackets);
    cmd.AddValue("flowRate", "Flow arrivals per second", p.flowRate);
    cmd.AddValue("instances", "Instances per function (module runs)", p.instances);
    cmd.AddValue("chain", "Chain, e.g. fw,dpi,nat (module runs)", p.chain);
    cmd.AddValue("servers", "Servers", p.servers);
    cmd.AddValue("racks", "Top-of-rack switches", p.racks);
    cmd.AddValue("sources", "Source VMs", p.sources);
    cmd.AddValue("destinations", "External hosts", p.destinations);
    cmd.AddValue("grace", "Run time after the last flow opened", p.grace);
    cmd.AddValue("policies", "Module policies, comma-separated", policies);
    cmd.AddValue("repetitions", "Runs per configuration (alternating)", repetitions);
    cmd.AddValue("json", "Also write one JSON object per configuration to this file", json);
    cmd.Parse(argc, argv);
    std::vector<std::string> configs{"bare"};
    for (const auto& pol : Split(policies))
    {
        configs.push_back(pol);
    }
    if (repetitions == 0 || p.flows == 0 || p.sources == 0 || p.destinations == 0)
    {
        std::cerr << "sfc-bare-benchmark: --repetitions, --flows, --sources and --destinations "
                     "must be at least 1\n";
        return 2;
    }

    // runs[c][r]: configuration c, repetition r; alternating order.
    std::vector<std::vector<Measurement>> runs(configs.size(),
                                               std::vector<Measurement>(repetitions));
    for (uint32_t r = 0; r < repetitions; ++r)
    {
        for (std::size_t c = 0; c < configs.size(); ++c)
        {
            if (configs[c] == "bare")
            {
                RunBare(p, runs[c][r]);
            }
            else
            {
                RunModule(p, configs[c], runs[c][r]);
            }
        }
    }

    std::ostringstream chain;
    chain << (p.chain.empty() ? "fw,dpi,nat" : p.chain);
    std::cout << "sfc-bare-benchmark: " << p.flows << " flows x " << p.flowPackets
              << " requests, chain " << chain.str() << ", " << p.instances << " instances, "
              << p.servers << " servers / " << p.racks << " racks, " << repetitions
              << " alternating repetitions\n";
    std::cout << std::left << std::setw(15) << "config" << std::right << std::setw(10)
              << "completed" << std::setw(11) << "delivered" << std::setw(11) << "link_hops"
              << std::setw(11) << "links/pkt" << std::setw(11) << "cpu_s" << std::setw(11)
              << "ns/hop" << std::setw(11) << "hop_ratio" << std::setw(11) << "us/pkt"
              << std::setw(11) << "pkt_ratio"
              << "\n";
    std::ofstream jout;
    if (!json.empty())
    {
        jout.open(json, std::ios::app);
    }
    const std::vector<Measurement>& bare = runs[0];
    for (std::size_t c = 0; c < configs.size(); ++c)
    {
        const std::vector<Measurement>& rs = runs[c];
        std::vector<double> cpu;
        std::vector<double> perHop;
        std::vector<double> perPkt;
        std::vector<double> hopRatio;
        std::vector<double> pktRatio;
        for (uint32_t r = 0; r < repetitions; ++r)
        {
            const Measurement& m = rs[r];
            const Measurement& b = bare[r];
            double hop = m.Cpu() / double(std::max<uint64_t>(m.hops, 1));
            double pkt = m.Cpu() / double(std::max<uint64_t>(m.delivered, 1));
            double bHop = b.Cpu() / double(std::max<uint64_t>(b.hops, 1));
            double bPkt = b.Cpu() / double(std::max<uint64_t>(b.delivered, 1));
            cpu.push_back(m.Cpu());
            perHop.push_back(hop);
            perPkt.push_back(pkt);
            hopRatio.push_back(bHop > 0 ? hop / bHop : 0);
            pktRatio.push_back(bPkt > 0 ? pkt / bPkt : 0);
        }
        // Packet counts do not depend on the repetition (same flows, same seed).
        const Measurement& m = rs[0];
        double linksPerPkt = double(m.hops) / double(std::max<uint64_t>(m.delivered, 1));
        std::cout << std::left << std::setw(15) << configs[c] << std::right << std::setw(10)
                  << m.completed << std::setw(11) << m.delivered << std::setw(11) << m.hops
                  << std::fixed << std::setprecision(3) << std::setw(11) << linksPerPkt
                  << std::setw(11) << Median(cpu) << std::setprecision(1) << std::setw(11)
                  << 1e9 * Median(perHop) << std::setprecision(3) << std::setw(11)
                  << Median(hopRatio) << std::setprecision(2) << std::setw(11)
                  << 1e6 * Median(perPkt) << std::setprecision(3) << std::setw(11)
                  << Median(pktRatio) << "\n";
        if (jout.is_open())
        {
            nlohmann::ordered_json j;
            j["config"] = configs[c];
            j["flows"] = p.flows;
            j["repetitions"] = repetitions;
            j["delivered"] = m.delivered;
            j["completed_flows"] = m.completed;
            j["link_hops"] = m.hops;
            j["links_per_delivered"] = linksPerPkt;
            j["cpu_s"] = cpu;
            j["cpu_ns_per_hop"] = 1e9 * Median(perHop);
            j["cpu_per_hop_ratio_to_bare"] = Median(hopRatio);
            j["cpu_us_per_delivered"] = 1e6 * Median(perPkt);
            j["cpu_per_delivered_ratio_to_bare"] = Median(pktRatio);
            jout << j.dump() << "\n";
        }
    }
    return 0;
}
