/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "stickiness-scenario.h"

#include "app-traffic.h"
#include "input-checks.h"
#include "scenario-traces.h"
#include "stickiness-results.h"

#include "ns3/app-flow-monitor.h"
#include "ns3/boolean.h"
#include "ns3/chain-monitor.h"
#include "ns3/double.h"
#include "ns3/flow-client.h"
#include "ns3/flow-server.h"
#include "ns3/flow-traffic-helper.h"
#include "ns3/forwarder-time-series.h"
#include "ns3/inet-socket-address.h"
#include "ns3/load-balancing-policy.h"
#include "ns3/pointer.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/scaling-helper.h"
#include "ns3/security-segment.h"
#include "ns3/service-chain-helper.h"
#include "ns3/sfc-network-helper.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/time-text.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"

#include <fstream>
#include <iomanip>
#include <memory>
#include <sstream>

namespace ns3
{
namespace sfc
{

namespace
{
/// NetAnim layout: one row per role, nodes of a role side by side
std::vector<ScenarioTraces::AnimNode>
AnimLayout(const SfcNetwork& net)
{
    std::map<SfcTopology::Role, uint32_t> column;
    std::map<SfcTopology::Role, double> row = {{SfcTopology::Role::EXTERNAL, 0},
                                               {SfcTopology::Role::GATEWAY, 10},
                                               {SfcTopology::Role::SPINE, 20},
                                               {SfcTopology::Role::TOR, 30},
                                               {SfcTopology::Role::SERVER, 40},
                                               {SfcTopology::Role::SOURCE, 50}};
    std::vector<ScenarioTraces::AnimNode> nodes;
    for (uint32_t v = 0; v < net.nodes.GetN(); ++v)
    {
        const auto& n = net.topology.GetNode(v);
        nodes.push_back({net.nodes.Get(v), 10.0 * column[n.role]++, row[n.role], n.name});
    }
    return nodes;
}

/// The ns-3 applications' traffic of the scenario's parameters
AppTraffic::Params
AppParams(const StickinessScenario::Params& p)
{
    AppTraffic::Params a;
    a.tcp = p.traffic == "ns3-tcp";
    a.flows = p.flows;
    a.flowRate = p.flowRate;
    a.flowPackets = p.flowPackets;
    a.exponentialSize = p.flowSize == "exponential";
    a.packetInterval = p.packetInterval;
    a.requestSize = p.requestSize;
    return a;
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

std::vector<std::string>
StickinessScenario::FunctionNames() const
{
    std::vector<std::string> names;
    if (!m_p.chain.empty())
    {
        std::stringstream ss(m_p.chain);
        std::string item;
        while (std::getline(ss, item, ','))
        {
            names.push_back(item);
        }
        return names;
    }
    for (uint32_t i = 1; i <= m_p.functions; ++i)
    {
        names.push_back((m_p.nat && i == m_p.functions) ? "nat" : (i % 2 == 1 ? "fw" : "dpi"));
    }
    return names;
}

void
StickinessScenario::InstallFlows(const Params& p,
                                 const NodeContainer& sources,
                                 const NodeContainer& externals,
                                 const std::vector<Ipv4Address>& externalAddresses,
                                 ApplicationContainer& clients,
                                 ApplicationContainer& servers)
{
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
    traffic.SetClientAttribute("PacketInterval", TimeValue(p.packetInterval));
    traffic.SetClientAttribute("RequestSize", UintegerValue(p.requestSize));
    traffic.SetServerAttribute("ResponseSize", UintegerValue(p.responseSize));
    for (uint32_t i = 0; i < p.sources; ++i)
    {
        // Split the flows over the sources; the first ones take the remainder.
        uint32_t share = p.flows / p.sources + (i < p.flows % p.sources ? 1 : 0);
        if (share == 0)
        {
            continue;
        }
        traffic.SetClientAttribute("MaxFlows", UintegerValue(share));
        clients.Add(traffic.InstallClients(NodeContainer(sources.Get(i)), externalAddresses));
    }
    servers = traffic.InstallServers(externals);
    FlowTrafficHelper::AssignStreams(clients, 1000);
    clients.Start(Seconds(0.1));
}

nlohmann::ordered_json
StickinessScenario::Run()
{
    const Params& p = m_p;
    // Topology and network.
    bool scaling = !m_events.empty() || m_autoscaleFunction != 0;
    SfcNetwork net = SfcNetworkHelper().Install(SfcTopology::LeafSpine(TopologyParams()));

    // The chain.
    ServiceChainHelper chainHelper;
    chainHelper.SetPolicy(p.policy);
    chainHelper.SetNatPortAlignment(p.natPorts == "aligned");
    chainHelper.SetFlowTableAttribute("IdleTimeout", TimeValue(p.idleTimeout));
    chainHelper.SetFlowTableAttribute("Capacity", UintegerValue(p.tableCapacity));
    chainHelper.SetFlowTableAttribute("OverflowPolicy",
                                      StringValue(p.overflow == "drop" ? "Drop" : "Bypass"));
    std::vector<std::string> names = FunctionNames();
    std::vector<uint32_t> spares =
        ScalingHelper::SparesNeeded(m_events, std::vector<uint32_t>(names.size() + 1, p.instances));
    if (m_autoscaleFunction != 0 && p.autoscaleMax > p.instances)
    {
        spares[m_autoscaleFunction] =
            std::max(spares[m_autoscaleFunction], p.autoscaleMax - p.instances);
    }
    for (uint32_t i = 1; i <= names.size(); ++i)
    {
        uint32_t f = chainHelper.AddFunction(names[i - 1],
                                             FunctionType(names[i - 1]),
                                             p.instances,
                                             spares[i]);
        chainHelper.SetFunctionAttribute(f, "ProcessingDelay", TimeValue(p.processingDelay));
    }
    ChainDeployment chain = chainHelper.Install(net);

    // Elastic scaling: a controller executes the schedule and informs the forwarders.
    Ptr<ScalingController> controller;
    Time lastEvent;
    if (scaling)
    {
        ScalingHelper scaler;
        scaler.SetControllerAttribute(
            "ControlDelay",
            PointerValue(CreateObjectWithAttributes<UniformRandomVariable>(
                "Min",
                DoubleValue(0),
                "Max",
                DoubleValue(2 * ToSeconds(p.controlDelay)))));
        scaler.SetControllerAttribute("DrainIdle", TimeValue(p.drainIdle));
        scaler.SetControllerAttribute("DrainTimeout", TimeValue(p.drainTimeout));
        scaler.SetControllerAttribute("AutoscaleFunction", UintegerValue(m_autoscaleFunction));
        scaler.SetControllerAttribute("AutoscaleMode",
                                      StringValue(p.autoscaleMode == "load" ? "Load" : "Random"));
        scaler.SetControllerAttribute("AutoscalePeriod", TimeValue(p.autoscalePeriod));
        scaler.SetControllerAttribute("HighUtilization", DoubleValue(p.autoscaleHigh));
        scaler.SetControllerAttribute("LowUtilization", DoubleValue(p.autoscaleLow));
        scaler.SetControllerAttribute("MinInstances", UintegerValue(p.autoscaleMin));
        scaler.SetControllerAttribute("MaxInstances", UintegerValue(p.autoscaleMax));
        std::string seed = !p.keySeed.empty()
                               ? p.keySeed
                               : "sfc-stickiness/" + std::to_string(RngSeedManager::GetSeed()) +
                                     "/" + std::to_string(RngSeedManager::GetRun());
        scaler.SetControllerAttribute(
            "ControlKey",
            StringValue(p.controlAuth ? SecuritySegment::DeriveKey(seed, "controller") : ""));
        controller = scaler.Install(net.GetNode(net.controller), chain, m_events);
        controller->AssignStreams(2000);
        lastEvent = m_events.empty() ? Time(0) : m_events.back().time;
    }

    // The rogue: forged membership updates, without the key, from a process on
    // the controller's node (the control network).
    uint64_t forged = 0;
    if (p.rogue && controller)
    {
        std::vector<Ipv4Address> targets;
        for (const auto& f : chain.forwarders)
        {
            targets.push_back(f->GetLocator());
        }
        targets.push_back(chain.gateway->GetLocator());
        Ptr<Node> vm = net.GetNode(net.controller);
        Ptr<ServiceChain> sc = chain.chain;
        Simulator::Schedule(p.rogueAt, [vm, sc, targets, &forged]() {
            Ptr<Socket> s = Socket::CreateSocket(vm, UdpSocketFactory::GetTypeId());
            s->Bind();
            // The last function (the NAT, if any): its flows' state is lost.
            uint32_t f = sc->GetNFunctions();
            std::vector<uint32_t> victims = sc->GetMembership()->GetInstances(f);
            for (Ipv4Address to : targets)
            {
                for (std::size_t k = 0; k < victims.size() && k < 2; ++k)
                {
                    MembershipUpdateHeader u;
                    u.SetChain(sc->GetChainId());
                    u.SetSequence(0xFFFFFFFF); // would block every later update
                    u.SetFunction(static_cast<uint8_t>(f));
                    u.SetAction(k == 0 ? MembershipUpdateHeader::REMOVE
                                       : MembershipUpdateHeader::DRAIN);
                    u.SetInstance(victims[k]);
                    u.SetLocator(sc->GetInstance(victims[k])->locator);
                    Ptr<Packet> pkt = Create<Packet>();
                    pkt->AddHeader(u);
                    s->SendTo(pkt, 0, InetSocketAddress(to, 30790));
                    forged++;
                }
            }
            s->Close();
        });
    }

    // The run ends a grace time after the last flow has been opened (or the last
    // scaling event, if later).
    uint32_t opened = 0;
    Time lastOpen;
    auto onOpen = [&]() {
        if (++opened == p.flows)
        {
            lastOpen = Simulator::Now();
            Time stop = std::max(lastOpen, lastEvent) + p.grace;
            Simulator::Schedule(stop - lastOpen, &Simulator::Stop);
        }
    };

    // Traffic: the flows are the same for every policy (fixed streams).
    ApplicationContainer clients;
    ApplicationContainer servers;
    std::unique_ptr<AppTraffic> apps;
    Ptr<AppFlowMonitor> appMonitor;
    if (p.traffic != "tcp-like")
    {
        apps = std::make_unique<AppTraffic>(AppParams(p));
        apps->SetOpenCallback(onOpen);
        apps->Install(net.GetNodes(net.sources),
                      net.GetNodes(net.externals),
                      net.GetExternalAddresses(),
                      Seconds(0.1),
                      1000);
        servers = apps->GetServers();
        appMonitor = CreateObject<AppFlowMonitor>();
        appMonitor->WatchChain(chain.chain);
        for (const auto& f : chain.forwarders)
        {
            appMonitor->WatchSourceEdge(f);
        }
    }
    else
    {
        InstallFlows(p,
                     net.GetNodes(net.sources),
                     net.GetNodes(net.externals),
                     net.GetExternalAddresses(),
                     clients,
                     servers);
        for (uint32_t i = 0; i < clients.GetN(); ++i)
        {
            clients.Get(i)->TraceConnectWithoutContext(
                "FlowStart",
                Callback<void, uint64_t, const FlowKey&, uint32_t>(
                    [&](uint64_t, const FlowKey&, uint32_t) { onOpen(); }));
        }
    }

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
    for (uint32_t i = 0; i < servers.GetN() && !apps; ++i)
    {
        monitor->WatchServer(DynamicCast<FlowServer>(servers.Get(i)));
    }
    monitor->SetPathModel(net.topology, net.NodeToVertex(), net.AddressToVertex());
    monitor->SetTimeSeriesInterval(p.tsInterval);
    monitor->KeepFlowRecords(!p.flowsCsv.empty());
    if (controller)
    {
        monitor->WatchController(controller);
    }
    Ptr<ForwarderTimeSeries> entries;
    if (p.forwarderSeries)
    {
        entries =
            CreateObjectWithAttributes<ForwarderTimeSeries>("Interval", TimeValue(p.tsInterval));
        for (uint32_t i = 0; i < chain.forwarders.size(); ++i)
        {
            entries->Watch(chain.forwarders[i], net.topology.GetNode(net.servers[i]).name);
        }
        entries->Watch(chain.gateway, "gateway");
        entries->Start();
    }

    // Optional ns-3 traces.
    ScenarioTraces traces(p.pcap, p.flowmon, p.netanim);
    traces.SetAnimWindow(p.netanimWindow);
    traces.WatchTraffic(clients);
    traces.WatchTraffic(servers);
    traces.Enable([&net](const std::string& prefix) { SfcNetworkHelper::EnablePcap(prefix, net); },
                  AnimLayout(net));

    // Injected faults (--faults, --randomFaults), on the control path's port too.
    FaultHelper faults;
    if (m_faults.IsEnabled())
    {
        faults.AddNetwork(net);
        UintegerValue controlPort;
        chain.forwarders.front()->GetAttribute("ControlPort", controlPort);
        faults.SetControlPorts({static_cast<uint16_t>(controlPort.Get())});
        Time horizon = Seconds(double(p.flows) / p.flowRate) + std::max(lastEvent, p.grace);
        m_faults.Install(faults, Seconds(0.1), horizon);
    }

    Simulator::Run();
    Time end = Simulator::Now();
    ChainMonitor::Summary s = monitor->Finalize();
    if (monitor->GetLateEvents() > 0)
    {
        std::cerr << "warning: " << monitor->GetLateEvents()
                  << " packet events of flows ended more than "
                     "ns3::sfc::ChainMonitor::RetireDelay ago were not counted\n";
    }
    if (entries)
    {
        entries->Complete(s.timeseries.size());
    }
    traces.Finish();
    if (!p.flowsCsv.empty())
    {
        std::ofstream csv(p.flowsCsv);
        monitor->WriteFlowsCsv(csv);
    }
    if (!p.timeseriesCsv.empty())
    {
        std::ofstream csv(p.timeseriesCsv);
        StickinessResults::WriteTimeSeriesCsv(csv, s, names);
    }

    nlohmann::ordered_json m;
    if (apps)
    {
        std::vector<Time> times;
        for (const auto& e : s.events)
        {
            times.push_back(e.time);
        }
        m = StickinessResults::AppMetrics(s,
                                          names,
                                          lastOpen,
                                          end,
                                          apps->Metrics(*appMonitor, times, end),
                                          PeekPointer(entries));
    }
    else
    {
        m = StickinessResults::Metrics(s, names, lastOpen, end, PeekPointer(entries));
    }
    if (m_faults.IsEnabled())
    {
        m["faults"] = faults.Report();
    }
    if (p.rogue)
    {
        m["rogue_membership_updates"] = forged;
    }

    traces.Close();
    Simulator::Destroy();
    return m;
}

void
StickinessScenario::PrintSummary(const nlohmann::ordered_json& m, std::ostream& os) const
{
    const Params& p = m_p;
    os << std::fixed << std::setprecision(3);
    os << "sfc-stickiness: policy=" << p.policy << ", chain=";
    std::vector<std::string> names = FunctionNames();
    for (uint32_t i = 0; i < names.size(); ++i)
    {
        os << (i > 0 ? "-" : "") << names[i];
    }
    os << ", " << p.instances << " instances/function on " << p.servers
       << " servers, RngRun=" << RngSeedManager::GetRun() << "\n";
    if (m.contains("completion_times_s"))
    {
        // ns-3 applications (--traffic=ns3-tcp, ns3-udp)
        const auto& ct = m["completion_times_s"];
        auto seconds = [](const nlohmann::ordered_json& v) {
            std::ostringstream t;
            t << std::fixed << std::setprecision(3);
            v.is_number() ? (t << v.get<double>() << " s") : (t << "-");
            return t.str();
        };
        os << "  traffic               " << p.traffic << ": " << m["app_flows"] << " applications, "
           << m["flows"] << " flows seen by 5-tuple\n"
           << "  sticky flows          " << m["sticky_flows"] << "  (stickiness ratio "
           << m["stickiness_ratio"].get<double>() << ")\n"
           << "  broken flows          " << m["broken_flows"] << "  (broken ratio "
           << m["broken_ratio_all"].get<double>() << ")\n"
           << "  completed / failed    " << m["completed_flows"] << " / " << m["failed_flows"]
           << "\n"
           << "  completion time       " << seconds(ct["mean"]) << " mean, " << seconds(ct["p50"])
           << " median, " << seconds(ct["p99"]) << " p99\n"
           << "  mean goodput          " << m["mean_goodput_bps"].get<double>() / 1e6 << " Mb/s\n"
           << "  TCP retransmissions   " << m["tcp_retransmissions"] << ", RSTs " << m["rsts"]
           << "\n"
           << "  no-state drops        " << m["no_state_drops"] << "\n"
           << "  simulated time        " << m["sim_time_s"].get<double>() << " s\n";
        return;
    }
    os << "  flows                 " << m["flows"] << "\n"
       << "  sticky flows          " << m["sticky_flows"] << "  (stickiness ratio "
       << m["stickiness_ratio"].get<double>() << ")\n"
       << "  broken flows          " << m["broken_flows"] << "  (broken ratio "
       << m["broken_ratio_all"].get<double>() << ")\n"
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
    for (const auto& e : m["events"])
    {
        os << "  event " << e["time_s"].get<double>() << "s " << e["event"].get<std::string>()
           << ": " << e["broken_flows"] << " of " << e["active_flows"]
           << " flows active across it broke (broken ratio " << e["broken_ratio"].get<double>()
           << "), " << e["no_state_drops"] << " no-state drops after it\n";
    }
}

void
StickinessScenario::PrintComparison(const std::vector<std::string>& policies,
                                    const std::vector<nlohmann::ordered_json>& metrics,
                                    std::ostream& os)
{
    std::vector<std::pair<std::string, std::string>> rows = {
        {"flows", "flows"},
        {"sticky_flows", "sticky flows"},
        {"stickiness_ratio", "stickiness ratio"},
        {"broken_flows", "broken flows"},
        {"broken_ratio_all", "broken ratio (all flows)"},
        {"flows_across_events", "flows across events"},
        {"broken_across_events", "broken across events"},
        {"broken_ratio", "broken ratio (across events)"},
        {"no_state_drops", "no-state drops"},
        {"path_stretch", "path stretch"},
        {"peak_flow_entries", "peak flow entries"},
        {"mean_fct_s", "mean completion time (s)"}};
    if (!metrics.empty() && metrics[0].contains("mean_goodput_bps"))
    {
        rows.insert(rows.end(),
                    {{"mean_goodput_bps", "mean goodput (b/s)"},
                     {"tcp_retransmissions", "TCP retransmissions"},
                     {"rsts", "RSTs"}});
    }
    const int w0 = 30;
    const int w = 16;
    os << std::left << std::setw(w0) << "metric";
    for (const auto& pol : policies)
    {
        os << std::right << std::setw(w) << pol;
    }
    os << "\n";
    auto cell = [&](const nlohmann::ordered_json& v) {
        std::ostringstream c;
        if (v.is_string())
        {
            c << v.get<std::string>();
        }
        else if (v.is_number_float())
        {
            c << std::fixed << std::setprecision(3) << v.get<double>();
        }
        else
        {
            c << v;
        }
        os << std::right << std::setw(w) << c.str();
    };
    for (const auto& r : rows)
    {
        os << std::left << std::setw(w0) << r.second;
        for (const auto& m : metrics)
        {
            cell(m.contains(r.first) ? m[r.first] : nlohmann::ordered_json("-"));
        }
        os << "\n";
    }
    if (metrics.empty())
    {
        return;
    }
    for (std::size_t e = 0; e < metrics[0]["events"].size(); ++e)
    {
        std::string label = "event " + metrics[0]["events"][e]["event"].get<std::string>();
        os << std::left << std::setw(w0) << (label + " broken/active");
        for (const auto& m : metrics)
        {
            const auto& ev = m["events"][e];
            os << std::right << std::setw(w)
               << (std::to_string(ev["broken_flows"].get<uint32_t>()) + "/" +
                   std::to_string(ev["active_flows"].get<uint32_t>()));
        }
        os << "\n";
    }
}

} // namespace sfc
} // namespace ns3
