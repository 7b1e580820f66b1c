/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * sfc-stickiness: bi-directional flow stickiness of a service chain whose
 * last function does NAT, with its instances spread over several servers.
 *
 *   sources (VMs on servers) -> fw -> dpi -> ... -> nat -> gateway -> external hosts
 *
 * Flows are TCP-like connections opened by the sources (Poisson arrivals);
 * the run reports how many stayed on one instance per function in both
 * directions (sticky) and how many broke, plus path stretch and table state.
 * One JSON object per run is appended to --results.
 */

#include "ns3/core-module.h"
#include "ns3/flow-monitor-helper.h"
#include "ns3/mobility-helper.h"
#include "ns3/netanim-module.h"
#include "ns3/network-module.h"
#include "ns3/sfc-module.h"

#include <fstream>
#include <iomanip>
#include <iostream>

using namespace ns3;
using namespace ns3::sfc;

namespace
{

/// Scenario parameters (defaults = the main job's single run)
struct Params
{
    std::string policy{"flow-table"};
    bool df{true};
    uint32_t functions{3};
    bool nat{true};
    uint32_t instances{3};
    uint32_t servers{4};
    uint32_t racks{2};
    uint32_t sources{4};
    uint32_t destinations{2};
    uint32_t flows{200};
    double flowRate{100};
    double flowPackets{10};
    std::string flowSize{"constant"};
    double packetInterval{0.01};
    uint32_t requestSize{200};
    uint32_t responseSize{1000};
    double idleTimeout{30};
    uint32_t tableCapacity{0};
    std::string overflow{"drop"};
    double processingDelayUs{5};
    double grace{20};
    std::string results;
    std::string flowsCsv;
    std::string pcap;
    std::string flowmon;
    std::string netanim;
    bool quiet{false};
};

/// Function i (1-based) of a chain of n: the last is NAT when nat is set, the others
/// alternate between a stateful firewall and a stateless DPI counter.
std::pair<std::string, std::string>
FunctionOf(uint32_t i, uint32_t n, bool nat)
{
    if (nat && i == n)
    {
        return {"nat", "ns3::sfc::SourceNat"};
    }
    return (i % 2 == 1) ? std::make_pair(std::string("fw"), std::string("ns3::sfc::StatefulFirewall"))
                        : std::make_pair(std::string("dpi"), std::string("ns3::sfc::DpiCounter"));
}

void
PlaceForNetAnim(const SfcNetwork& net)
{
    MobilityHelper mobility;
    mobility.SetMobilityModel("ns3::ConstantPositionMobilityModel");
    mobility.Install(net.nodes);
    std::map<SfcTopology::Role, uint32_t> column;
    std::map<SfcTopology::Role, double> row = {{SfcTopology::Role::EXTERNAL, 0},
                                               {SfcTopology::Role::GATEWAY, 10},
                                               {SfcTopology::Role::SPINE, 20},
                                               {SfcTopology::Role::TOR, 30},
                                               {SfcTopology::Role::SERVER, 40},
                                               {SfcTopology::Role::SOURCE, 50}};
    for (uint32_t v = 0; v < net.nodes.GetN(); ++v)
    {
        SfcTopology::Role r = net.topology.GetNode(v).role;
        AnimationInterface::SetConstantPosition(net.nodes.Get(v), 10.0 * column[r]++, row[r]);
    }
}

} // namespace

int
main(int argc, char* argv[])
{
    Params p;
    ScenarioOptions opts("sfc-stickiness",
                         "Bi-directional flow stickiness through a NAT service chain");
    opts.AddChoice("policy", "Load-balancing policy", p.policy, LoadBalancingPolicy::GetNames());
    opts.AddBool("df", "Use designated forwarders (flow-table policies)", p.df);
    opts.AddUint("functions", "Functions in the chain", p.functions, 1, 64);
    opts.AddBool("nat", "The last function is a source NAT", p.nat);
    opts.AddUint("instances", "Instances per function", p.instances, 1, 256);
    opts.AddUint("servers", "Servers", p.servers, 1, 1024);
    opts.AddUint("racks", "Top-of-rack switches", p.racks, 1, 256);
    opts.AddUint("sources", "Source VMs (spread over the servers)", p.sources, 1, 4096);
    opts.AddUint("destinations", "External hosts", p.destinations, 1, 250);
    opts.AddUint("flows", "Flows to open in total", p.flows, 1, 10000000);
    opts.AddDouble("flowRate", "Flow arrivals per second, all sources together", p.flowRate, 1e-6, 1e9);
    opts.AddDouble("flowPackets", "Request segments per flow (mean)", p.flowPackets, 1, 1e6);
    opts.AddChoice("flowSize", "Distribution of request segments per flow", p.flowSize,
                   {"constant", "exponential"});
    opts.AddDouble("packetInterval", "Seconds between request segments of a flow",
                   p.packetInterval, 0, 3600);
    opts.AddUint("requestSize", "Request payload bytes", p.requestSize, 16, 1400);
    opts.AddUint("responseSize", "Response payload bytes", p.responseSize, 16, 1400);
    opts.AddDouble("idleTimeout", "Flow-table idle timeout (s)", p.idleTimeout, 0, 1e6);
    opts.AddUint("tableCapacity", "Flow-table capacity in entries per forwarder (0 = unlimited)",
                 p.tableCapacity);
    opts.AddChoice("overflow", "What a full flow table does with a new flow", p.overflow,
                   {"drop", "bypass"});
    opts.AddDouble("processingDelayUs", "Service time per packet of an instance (us)",
                   p.processingDelayUs, 0, 1e6);
    opts.AddDouble("grace", "Seconds after the last flow opened before the run ends", p.grace,
                   0, 1e6);
    opts.AddString("results", "Append one JSON line with parameters and metrics to this file",
                   p.results);
    opts.AddString("flowsCsv", "Write one CSV line per flow to this file", p.flowsCsv);
    opts.AddString("pcap", "Write pcap traces with this file prefix", p.pcap);
    opts.AddString("flowmon", "Write FlowMonitor XML to this file", p.flowmon);
    opts.AddString("netanim", "Write a NetAnim trace to this file", p.netanim);
    opts.AddBool("quiet", "Do not print the summary", p.quiet);
    opts.Parse(argc, argv);
    if (p.servers < p.racks)
    {
        opts.Fail("--servers must be at least --racks");
    }

    // Topology and network.
    SfcTopology::LeafSpineParams tp;
    tp.racks = p.racks;
    tp.servers = p.servers;
    tp.sources = p.sources;
    tp.externals = p.destinations;
    SfcNetwork net = SfcNetworkHelper().Install(SfcTopology::LeafSpine(tp));

    // The chain.
    ServiceChainHelper chainHelper;
    chainHelper.SetPolicy(p.policy);
    chainHelper.SetForwarderAttribute("DesignatedForwarding", BooleanValue(p.df));
    chainHelper.SetFlowTableAttribute("IdleTimeout", TimeValue(Seconds(p.idleTimeout)));
    chainHelper.SetFlowTableAttribute("Capacity", UintegerValue(p.tableCapacity));
    chainHelper.SetFlowTableAttribute("OverflowPolicy",
                                      StringValue(p.overflow == "drop" ? "Drop" : "Bypass"));
    for (uint32_t i = 1; i <= p.functions; ++i)
    {
        auto fn = FunctionOf(i, p.functions, p.nat);
        uint32_t f = chainHelper.AddFunction(fn.first, fn.second, p.instances);
        chainHelper.SetFunctionAttribute(f, "ProcessingDelay",
                                         TimeValue(MicroSeconds(p.processingDelayUs)));
    }
    ChainDeployment chain = chainHelper.Install(net);

    // Traffic: the flows are the same for every policy (fixed streams).
    FlowTrafficHelper traffic;
    double meanGap = double(p.sources) / p.flowRate;
    traffic.SetClientAttribute(
        "InterArrival",
        PointerValue(CreateObjectWithAttributes<ExponentialRandomVariable>("Mean", DoubleValue(meanGap))));
    Ptr<RandomVariableStream> size;
    if (p.flowSize == "constant")
    {
        size = CreateObjectWithAttributes<ConstantRandomVariable>("Constant",
                                                                  DoubleValue(p.flowPackets));
    }
    else
    {
        size = CreateObjectWithAttributes<ExponentialRandomVariable>("Mean",
                                                                     DoubleValue(p.flowPackets));
    }
    traffic.SetClientAttribute("FlowSize", PointerValue(size));
    traffic.SetClientAttribute("PacketInterval", TimeValue(Seconds(p.packetInterval)));
    traffic.SetClientAttribute("RequestSize", UintegerValue(p.requestSize));
    traffic.SetServerAttribute("ResponseSize", UintegerValue(p.responseSize));
    ApplicationContainer clients;
    for (uint32_t i = 0; i < p.sources; ++i)
    {
        // Split the flows over the sources; the first ones take the remainder.
        uint32_t share = p.flows / p.sources + (i < p.flows % p.sources ? 1 : 0);
        if (share == 0)
        {
            continue;
        }
        traffic.SetClientAttribute("MaxFlows", UintegerValue(share));
        clients.Add(traffic.InstallClients(net.GetNodes({net.sources[i]}),
                                           net.GetExternalAddresses()));
    }
    ApplicationContainer servers = traffic.InstallServers(net.GetNodes(net.externals));
    FlowTrafficHelper::AssignStreams(clients, 1000);
    clients.Start(Seconds(0.1));

    // Metrics.
    Ptr<ChainMonitor> monitor = CreateObject<ChainMonitor>();
    monitor->WatchChain(chain.chain);
    for (uint32_t i = 0; i < chain.forwarders.size(); ++i)
    {
        monitor->WatchForwarder(chain.forwarders[i], net.topology.GetNode(net.servers[i]).name);
    }
    monitor->WatchForwarder(chain.gateway, "gateway");
    for (uint32_t i = 0; i < clients.GetN(); ++i)
    {
        monitor->WatchClient(DynamicCast<FlowClient>(clients.Get(i)));
    }
    for (uint32_t i = 0; i < servers.GetN(); ++i)
    {
        monitor->WatchServer(DynamicCast<FlowServer>(servers.Get(i)));
    }
    monitor->SetPathModel(net.topology, net.NodeToVertex(), net.AddressToVertex());

    // The run ends a grace time after the last flow has been opened.
    uint32_t opened = 0;
    Time lastOpen;
    for (uint32_t i = 0; i < clients.GetN(); ++i)
    {
        clients.Get(i)->TraceConnectWithoutContext(
            "FlowStart",
            Callback<void, uint64_t, const FlowKey&, uint32_t>(
                [&](uint64_t, const FlowKey&, uint32_t) {
                    if (++opened == p.flows)
                    {
                        lastOpen = Simulator::Now();
                        Simulator::Schedule(Seconds(p.grace), &Simulator::Stop);
                    }
                }));
    }

    // Optional ns-3 traces.
    if (!p.pcap.empty())
    {
        SfcNetworkHelper::EnablePcap(p.pcap, net);
    }
    FlowMonitorHelper flowmonHelper;
    if (!p.flowmon.empty())
    {
        flowmonHelper.InstallAll();
    }
    std::unique_ptr<AnimationInterface> anim;
    if (!p.netanim.empty())
    {
        PlaceForNetAnim(net);
        anim = std::make_unique<AnimationInterface>(p.netanim);
        for (uint32_t v = 0; v < net.nodes.GetN(); ++v)
        {
            anim->UpdateNodeDescription(net.nodes.Get(v), net.topology.GetNode(v).name);
        }
    }

    Simulator::Run();
    Time end = Simulator::Now();
    ChainMonitor::Summary s = monitor->Finalize();
    if (!p.flowmon.empty())
    {
        flowmonHelper.SerializeToXmlFile(p.flowmon, false, false);
    }

    nlohmann::ordered_json row;
    row["scenario"] = "sfc-stickiness";
    row["parameters"] = opts.Parameters();
    nlohmann::ordered_json m;
    m["flows"] = s.flows;
    m["sticky_flows"] = s.stickyFlows;
    m["broken_flows"] = s.brokenFlows;
    m["stickiness_ratio"] = s.stickinessRatio;
    m["broken_ratio"] = s.brokenRatio;
    m["completed_flows"] = s.completedFlows;
    m["failed_flows"] = s.failedFlows;
    m["open_flows"] = s.openFlows;
    m["tuple_changed_flows"] = s.tupleChangedFlows;
    m["no_state_drops"] = s.noStateDrops;
    for (uint32_t r = 0; r < kNumDropReasons; ++r)
    {
        if (static_cast<DropReason>(r) != DropReason::NO_STATE)
        {
            m[std::string("instance_drops_") + ToString(static_cast<DropReason>(r))] =
                s.instanceDrops[r];
        }
        m[std::string("forwarder_drops_") + ToString(static_cast<DropReason>(r))] =
            s.forwarderDrops[r];
    }
    m["path_stretch"] = s.pathStretch;
    m["path_stretch_max"] = s.pathStretchMax;
    m["peak_flow_entries"] = s.peakFlowEntries;
    m["peak_flow_entries_total"] = s.peakFlowEntriesTotal;
    m["peak_flow_table_bytes"] = s.peakFlowTableBytes;
    m["mean_fct_s"] = s.meanFctS;
    m["response_loss_ratio"] = s.responseLossRatio;
    m["last_flow_open_s"] = lastOpen.GetSeconds();
    m["sim_time_s"] = end.GetSeconds();
    nlohmann::ordered_json fwd = nlohmann::ordered_json::array();
    for (const auto& f : s.forwarders)
    {
        nlohmann::ordered_json j;
        j["name"] = f.name;
        j["peak_flow_entries"] = f.peakEntries;
        j["peak_flow_table_bytes"] = f.peakBytes;
        j["hits"] = f.hits;
        j["misses"] = f.misses;
        j["drops"] = f.drops;
        fwd.push_back(j);
    }
    m["forwarders"] = fwd;
    row["metrics"] = m;

    if (!p.results.empty() && !ScenarioOptions::AppendJsonLine(p.results, row))
    {
        opts.Fail("cannot write " + p.results);
    }
    if (!p.flowsCsv.empty())
    {
        std::ofstream csv(p.flowsCsv);
        monitor->WriteFlowsCsv(csv);
    }
    if (!p.quiet)
    {
        std::cout << std::fixed << std::setprecision(3);
        std::cout << "sfc-stickiness: policy=" << p.policy
                  << (p.policy == "flow-table" ? (p.df ? " (designated forwarders)" : " (no DF)") : "")
                  << ", chain=";
        for (uint32_t i = 1; i <= p.functions; ++i)
        {
            std::cout << (i > 1 ? "-" : "") << FunctionOf(i, p.functions, p.nat).first;
        }
        std::cout << ", " << p.instances << " instances/function on " << p.servers
                  << " servers, RngRun=" << RngSeedManager::GetRun() << "\n";
        std::cout << "  flows                 " << s.flows << "\n"
                  << "  sticky flows          " << s.stickyFlows << "  (stickiness ratio "
                  << s.stickinessRatio << ")\n"
                  << "  broken flows          " << s.brokenFlows << "  (broken ratio "
                  << s.brokenRatio << ")\n"
                  << "  completed / failed    " << s.completedFlows << " / " << s.failedFlows
                  << "\n"
                  << "  no-state drops        " << s.noStateDrops << "\n"
                  << "  path stretch          " << s.pathStretch << " mean, " << s.pathStretchMax
                  << " max\n"
                  << "  peak flow entries     " << s.peakFlowEntries << " (largest forwarder), "
                  << s.peakFlowEntriesTotal << " (all forwarders)\n"
                  << "  mean completion time  " << s.meanFctS << " s\n"
                  << "  simulated time        " << end.GetSeconds() << " s\n";
        std::cout << "  per forwarder: ";
        for (const auto& f : s.forwarders)
        {
            std::cout << f.name << "=" << f.peakEntries << " ";
        }
        std::cout << "(peak entries)\n";
    }
    Simulator::Destroy();
    return 0;
}
