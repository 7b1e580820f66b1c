/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "stickiness-scenario.h"

#include "flow-traffic-helper.h"
#include "service-chain-helper.h"
#include "sfc-network-helper.h"

#include "ns3/boolean.h"
#include "ns3/chain-monitor.h"
#include "ns3/double.h"
#include "ns3/flow-client.h"
#include "ns3/flow-monitor-helper.h"
#include "ns3/flow-server.h"
#include "ns3/load-balancing-policy.h"
#include "ns3/mobility-helper.h"
#include "ns3/animation-interface.h"
#include "ns3/pointer.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <fstream>
#include <iomanip>
#include <memory>

namespace ns3
{
namespace sfc
{

namespace
{
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

std::string
FunctionType(const std::string& name)
{
    if (name == "nat")
    {
        return "ns3::sfc::SourceNat";
    }
    return name == "fw" ? "ns3::sfc::StatefulFirewall" : "ns3::sfc::DpiCounter";
}
} // namespace

StickinessScenario::Params&
StickinessScenario::GetParams()
{
    return m_p;
}

std::string
StickinessScenario::FunctionName(uint32_t i) const
{
    if (m_p.nat && i == m_p.functions)
    {
        return "nat";
    }
    return (i % 2 == 1) ? "fw" : "dpi";
}

void
StickinessScenario::DeclareOptions(ScenarioOptions& o)
{
    Params& p = m_p;
    o.AddChoice("policy", "Load-balancing policy", p.policy, LoadBalancingPolicy::GetNames());
    o.AddBool("df", "Use designated forwarders (flow-table policies)", p.df);
    o.AddUint("functions", "Functions in the chain", p.functions, 1, 64);
    o.AddBool("nat", "The last function is a source NAT", p.nat);
    o.AddUint("instances", "Instances per function", p.instances, 1, 256);
    o.AddUint("servers", "Servers", p.servers, 1, 1024);
    o.AddUint("racks", "Top-of-rack switches", p.racks, 1, 256);
    o.AddUint("sources", "Source VMs (spread over the servers)", p.sources, 1, 4096);
    o.AddUint("destinations", "External hosts", p.destinations, 1, 250);
    o.AddUint("flows", "Flows to open in total", p.flows, 1, 10000000);
    o.AddDouble("flowRate", "Flow arrivals per second, all sources together", p.flowRate, 1e-6, 1e9);
    o.AddDouble("flowPackets", "Request segments per flow (mean)", p.flowPackets, 1, 1e6);
    o.AddChoice("flowSize", "Distribution of request segments per flow", p.flowSize,
                {"constant", "exponential"});
    o.AddDouble("packetInterval", "Seconds between request segments of a flow", p.packetInterval,
                0, 3600);
    o.AddUint("requestSize", "Request payload bytes", p.requestSize, 16, 1400);
    o.AddUint("responseSize", "Response payload bytes", p.responseSize, 16, 1400);
    o.AddDouble("idleTimeout", "Flow-table idle timeout (s)", p.idleTimeout, 0, 1e6);
    o.AddUint("tableCapacity", "Flow-table capacity in entries per forwarder (0 = unlimited)",
              p.tableCapacity);
    o.AddChoice("overflow", "What a full flow table does with a new flow", p.overflow,
                {"drop", "bypass"});
    o.AddDouble("processingDelayUs", "Service time per packet of an instance (us)",
                p.processingDelayUs, 0, 1e6);
    o.AddDouble("grace", "Seconds after the last flow opened before the run ends", p.grace, 0,
                1e6);
    o.AddString("flowsCsv", "Write one CSV line per flow to this file", p.flowsCsv);
    o.AddString("pcap", "Write pcap traces with this file prefix", p.pcap);
    o.AddString("flowmon", "Write FlowMonitor XML to this file", p.flowmon);
    o.AddString("netanim", "Write a NetAnim trace to this file", p.netanim);
}

std::string
StickinessScenario::Validate() const
{
    if (m_p.servers < m_p.racks)
    {
        return "--servers must be at least --racks";
    }
    return "";
}

nlohmann::ordered_json
StickinessScenario::Run()
{
    const Params& p = m_p;
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
        std::string name = FunctionName(i);
        uint32_t f = chainHelper.AddFunction(name, FunctionType(name), p.instances);
        chainHelper.SetFunctionAttribute(f,
                                         "ProcessingDelay",
                                         TimeValue(MicroSeconds(p.processingDelayUs)));
    }
    ChainDeployment chain = chainHelper.Install(net);

    // Traffic: the flows are the same for every policy (fixed streams).
    FlowTrafficHelper traffic;
    traffic.SetClientAttribute("InterArrival",
                               PointerValue(CreateObjectWithAttributes<ExponentialRandomVariable>(
                                   "Mean",
                                   DoubleValue(double(p.sources) / p.flowRate))));
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
        clients.Add(
            traffic.InstallClients(net.GetNodes({net.sources[i]}), net.GetExternalAddresses()));
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
    if (!p.flowsCsv.empty())
    {
        std::ofstream csv(p.flowsCsv);
        monitor->WriteFlowsCsv(csv);
    }

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
        auto reason = static_cast<DropReason>(r);
        if (reason != DropReason::NO_STATE)
        {
            m[std::string("instance_drops_") + ToString(reason)] = s.instanceDrops[r];
        }
        m[std::string("forwarder_drops_") + ToString(reason)] = s.forwarderDrops[r];
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

    anim.reset();
    Simulator::Destroy();
    return m;
}

void
StickinessScenario::PrintSummary(const nlohmann::ordered_json& m, std::ostream& os) const
{
    const Params& p = m_p;
    os << std::fixed << std::setprecision(3);
    os << "sfc-stickiness: policy=" << p.policy;
    if (LoadBalancingPolicy::CreateByName(p.policy)->IsStateful())
    {
        os << (p.df ? " (designated forwarders)" : " (no DF)");
    }
    os << ", chain=";
    for (uint32_t i = 1; i <= p.functions; ++i)
    {
        os << (i > 1 ? "-" : "") << FunctionName(i);
    }
    os << ", " << p.instances << " instances/function on " << p.servers
       << " servers, RngRun=" << RngSeedManager::GetRun() << "\n";
    os << "  flows                 " << m["flows"] << "\n"
       << "  sticky flows          " << m["sticky_flows"] << "  (stickiness ratio "
       << m["stickiness_ratio"].get<double>() << ")\n"
       << "  broken flows          " << m["broken_flows"] << "  (broken ratio "
       << m["broken_ratio"].get<double>() << ")\n"
       << "  completed / failed    " << m["completed_flows"] << " / " << m["failed_flows"] << "\n"
       << "  no-state drops        " << m["no_state_drops"] << "\n"
       << "  path stretch          " << m["path_stretch"].get<double>() << " mean, "
       << m["path_stretch_max"].get<double>() << " max\n"
       << "  peak flow entries     " << m["peak_flow_entries"] << " (largest forwarder), "
       << m["peak_flow_entries_total"] << " (all forwarders)\n"
       << "  mean completion time  " << m["mean_fct_s"].get<double>() << " s\n"
       << "  simulated time        " << m["sim_time_s"].get<double>() << " s\n"
       << "  peak entries per forwarder:";
    for (const auto& f : m["forwarders"])
    {
        os << " " << f["name"].get<std::string>() << "=" << f["peak_flow_entries"];
    }
    os << "\n";
}

} // namespace sfc
} // namespace ns3
