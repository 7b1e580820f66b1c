/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "owner-scenario.h"

#include "owner-results.h"
#include "scenario-traces.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/fault-helper.h"
#include "ns3/flow-client.h"
#include "ns3/flow-server.h"
#include "ns3/flow-traffic-helper.h"
#include "ns3/owner-control-endpoint.h"
#include "ns3/owner-helper.h"
#include "ns3/owner-monitor.h"
#include "ns3/pointer.h"
#include "ns3/results-schema.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/sfc-network-helper.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/time-text.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <iomanip>
#include <sstream>

namespace ns3
{
namespace sfc
{

namespace
{
/// \param text "5" or "host5" \param out index \return true if it parses
bool
ParseIndex(const std::string& text, uint32_t& out)
{
    std::string digits = text.rfind("host", 0) == 0 ? text.substr(4) : text;
    if (digits.empty() || digits.size() > 6 ||
        digits.find_first_not_of("0123456789") != std::string::npos)
    {
        return false;
    }
    out = static_cast<uint32_t>(std::stoul(digits));
    return true;
}

/// NetAnim layout: one row per role
std::vector<ScenarioTraces::AnimNode>
AnimLayout(const SfcNetwork& net)
{
    std::map<SfcTopology::Role, uint32_t> column;
    std::map<SfcTopology::Role, double> row = {{SfcTopology::Role::EXTERNAL, 0},
                                               {SfcTopology::Role::GATEWAY, 10},
                                               {SfcTopology::Role::CONTROLLER, 15},
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

} // namespace

std::vector<std::string>
OwnerScenario::ModeNames()
{
    return {"notify", "query", "central", "source-owner"};
}

OwnerScenario::Params&
OwnerScenario::GetParams()
{
    return m_p;
}

void
OwnerScenario::DeclareOptions(ScenarioOptions& o)
{
    Params& p = m_p;
    o.AddChoice("mode",
                "How owners of flows with no resolvable end are found: notify "
                "(forward-and-notify helper), query (query-response helper), central (one "
                "flow database at the controller), source-owner (the vPlane a packet enters)",
                p.mode,
                ModeNames());
    o.AddUint("vplanes", "Hosts, one vPlane each", p.vplanes, 1, 1024);
    o.AddUint("racks", "Top-of-rack switches", p.racks, 1, 256);
    o.AddUint("vms", "VMs (spread over the hosts)", p.vms, 1, 4096);
    o.AddUint("wanHosts", "WAN hosts behind the gateway", p.wanHosts, 1, 250);
    o.AddUint("portForwards", "Public addresses port-forwarded to VMs", p.portForwards, 1, 250);
    o.AddUint("flows",
              "Flows in total, split evenly over east-west, outbound NAT and inbound NAT",
              p.flows,
              3,
              10000000);
    o.AddDouble("flowRate", "Flow arrivals per second, all kinds", p.flowRate, 1e-6, 1e9);
    o.AddDouble("flowPackets", "Request segments per flow", p.flowPackets, 1, 1e6);
    o.AddTime("packetInterval",
              "Time between request segments of a flow",
              p.packetInterval,
              Seconds(0),
              Seconds(3600));
    o.AddUint("requestSize", "Request payload bytes", p.requestSize, 16, 1400);
    o.AddUint("responseSize", "Response payload bytes", p.responseSize, 16, 1400);
    o.AddString("events",
                "vPlanes joining or leaving helper service, TIME:join|leave:HOST,... e.g. "
                "1s:leave:2,2s:join:2 (HOST: index 0.. or host0..); a host whose first event "
                "is a join starts outside helper service",
                p.events);
    o.AddTime("controlDelay",
              "Mean delay before a vPlane receives a new subset map (uniform from 0 to twice the "
              "mean, per "
              "vPlane and map)",
              p.controlDelay,
              Seconds(0),
              Seconds(3600));
    o.AddDouble("controlLoss",
                "Probability that a control message (query, reply, register, map, ...) is lost",
                p.controlLoss,
                0,
                0.9);
    o.AddBool("registration",
              "Owners register NAT bindings with the helper of the translated key",
              p.registration);
    o.AddChoice("rebalance",
                "Associations of moved subsets: transfer (old helper hands them over) or "
                "reregister (owners register again)",
                p.rebalance,
                {"transfer", "reregister"});
    o.AddUint("queueLimit",
              "Query modes: packets of a flow queued while its query is outstanding (more are "
              "dropped)",
              p.queueLimit,
              0,
              100000);
    o.AddTime("queryTimeout",
              "Query modes: time before an unanswered query is sent again",
              p.queryTimeout,
              MicroSeconds(1),
              Seconds(60));
    o.AddTime("cacheTimeout",
              "Owner-cache idle timeout at the sources",
              p.cacheTimeout,
              MilliSeconds(1),
              Seconds(1e6));
    o.AddTime("lifetime",
              "Soft-state lifetime of a registration (refreshed every third)",
              p.lifetime,
              MilliSeconds(3),
              Seconds(1e6));
    o.AddUint("subsets", "Query subsets K", p.subsets, 1, 16384);
    o.AddChoice("subsetFields",
                "Header fields of the subset function",
                p.subsetFields,
                {"five-tuple", "addresses"});
    o.AddChoice("assignment",
                "Consistent hashing of subsets onto vPlanes",
                p.assignment,
                {"rendezvous", "maglev"});
    o.AddBool("preferHigher",
              "Both ends resolvable: the host with the higher (not lower) address owns",
              p.preferHigher);
    o.AddTime("processingDelay",
              "Service time per packet of each stateful function",
              p.processingDelay,
              Seconds(0),
              Seconds(1));
    o.AddTime("grace",
              "Time after the last flow opened (or last event) before the run ends",
              p.grace,
              Seconds(0),
              Seconds(1e6));
    ScenarioTraces::DeclareOptions(o, p.pcap, p.flowmon, p.netanim, p.netanimWindow);
    ScenarioFaults::DeclareOptions(o, p.faults, p.randomFaults);
    // Attributes Run() sets from these options: --ns3:: overrides of them are refused.
    o.SetsAttributes({
        {"mode", "ns3::sfc::VPlane::Mode"},
        {"registration", "ns3::sfc::VPlane::Registration"},
        {"lifetime", "ns3::sfc::VPlane::RegistrationLifetime"},
        {"rebalance", "ns3::sfc::VPlane::RebalancePolicy"},
        {"queueLimit", "ns3::sfc::VPlane::QueueLimit"},
        {"queryTimeout", "ns3::sfc::VPlane::QueryTimeout"},
        {"controlDelay", "ns3::sfc::OwnerController::ControlDelay"},
    });
}

std::string
OwnerScenario::Validate()
{
    if (m_p.vplanes < m_p.racks)
    {
        return "--vplanes must be at least --racks";
    }
    if (m_p.portForwards > m_p.vms)
    {
        return "--portForwards must be at most --vms";
    }
    m_events.clear();
    std::stringstream in(m_p.events);
    std::string item;
    while (std::getline(in, item, ','))
    {
        if (item.empty())
        {
            continue;
        }
        std::vector<std::string> parts;
        std::stringstream fields(item);
        std::string f;
        while (std::getline(fields, f, ':'))
        {
            parts.push_back(f);
        }
        Event e;
        if (parts.size() != 3 || !ParseTimeText(parts[0], e.time) || e.time.IsNegative() ||
            (parts[1] != "join" && parts[1] != "leave") || !ParseIndex(parts[2], e.host))
        {
            return "--events: '" + item + "' is not TIME:join|leave:HOST";
        }
        if (e.host >= m_p.vplanes)
        {
            return "--events: host " + parts[2] + " does not exist (0.." +
                   std::to_string(m_p.vplanes - 1) + ")";
        }
        e.join = parts[1] == "join";
        m_events.push_back(e);
    }
    std::stable_sort(m_events.begin(), m_events.end(), [](const Event& a, const Event& b) {
        return a.time < b.time;
    });
    return m_faults.Configure(m_p.faults,
                              m_p.randomFaults,
                              FaultHelper::TargetsOf(SfcTopology::LeafSpine(TopologyParams())));
}

SfcTopology::LeafSpineParams
OwnerScenario::TopologyParams() const
{
    SfcTopology::LeafSpineParams tp;
    tp.racks = m_p.racks;
    tp.servers = m_p.vplanes;
    tp.sources = m_p.vms;
    tp.externals = m_p.wanHosts;
    tp.controller = true;
    return tp;
}

nlohmann::ordered_json
OwnerScenario::Run()
{
    const Params& p = m_p;
    SfcNetwork net = SfcNetworkHelper().Install(SfcTopology::LeafSpine(TopologyParams()));

    // vPlanes, functions and controller.
    std::vector<std::string> modes = ModeNames();
    int mode = static_cast<int>(std::find(modes.begin(), modes.end(), p.mode) - modes.begin());
    OwnerHelper helper;
    helper.SetVplaneAttribute("Mode", EnumValue(mode));
    helper.SetVplaneAttribute("Registration", BooleanValue(p.registration));
    helper.SetVplaneAttribute("RegistrationLifetime", TimeValue(p.lifetime));
    helper.SetVplaneAttribute("RebalancePolicy", EnumValue(p.rebalance == "transfer" ? 0 : 1));
    helper.SetVplaneAttribute("QueueLimit", UintegerValue(p.queueLimit));
    helper.SetVplaneAttribute("QueryTimeout", TimeValue(p.queryTimeout));
    helper.SetControllerAttribute("ControlDelay",
                                  PointerValue(CreateObjectWithAttributes<UniformRandomVariable>(
                                      "Min",
                                      DoubleValue(0),
                                      "Max",
                                      DoubleValue(2 * ToSeconds(p.controlDelay)))));
    helper.SetControlAttribute("LossProbability", DoubleValue(p.controlLoss));
    helper.SetCacheAttribute("IdleTimeout", TimeValue(p.cacheTimeout));
    helper.SetRuleAttribute("PreferHigher", BooleanValue(p.preferHigher));
    helper.SetStoreAttribute("DefaultLifetime", TimeValue(p.lifetime));
    helper.SetServiceAttribute("ProcessingDelay", TimeValue(p.processingDelay));
    helper.SetAssignerAttribute("Algorithm", StringValue(p.assignment));
    helper.SetSubsetFunction(QuerySubsetFunction(p.subsets,
                                                 p.subsetFields == "addresses"
                                                     ? QuerySubsetFunction::ADDRESSES
                                                     : QuerySubsetFunction::FIVE_TUPLE));
    std::vector<Ipv4Address> publics;
    for (uint32_t j = 0; j < p.portForwards; ++j)
    {
        publics.emplace_back(Ipv4Address("192.0.2.1").Get() + j);
        helper.AddPortForward(publics.back(), 80, j * p.vms / p.portForwards, 80);
    }
    std::set<uint32_t> late;
    std::set<uint32_t> seen;
    for (const auto& e : m_events)
    {
        if (seen.insert(e.host).second && e.join)
        {
            late.insert(e.host);
        }
    }
    helper.SetLateHelpers(late);
    OwnerDeployment d = helper.Install(net);

    uint32_t stream = 3000;
    stream += d.controller->AssignStreams(stream);
    for (const auto& v : d.All())
    {
        stream += v->GetControl()->AssignStreams(stream);
    }
    d.controller->GetControl()->SetAttribute("LossProbability", DoubleValue(p.controlLoss));

    Ptr<OwnerMonitor> monitor = CreateObject<OwnerMonitor>();
    for (const auto& v : d.All())
    {
        monitor->WatchVplane(v);
    }
    Time lastEvent;
    for (const auto& e : m_events)
    {
        Ipv4Address v = d.hosts[e.host]->GetLocator();
        std::ostringstream label;
        label << (e.join ? "join host" : "leave host") << e.host;
        if (e.join)
        {
            d.controller->ScheduleJoin(e.time, v);
        }
        else
        {
            d.controller->ScheduleLeave(e.time, v);
        }
        monitor->AddEvent(e.time, label.str());
        lastEvent = std::max(lastEvent, e.time);
    }
    std::vector<uint32_t> moved;
    d.controller->GetAssigner()->TraceConnectWithoutContext(
        "MapChanged",
        Callback<void, const SubsetMap&, const SubsetMap&>(
            [&moved](const SubsetMap& before, const SubsetMap& after) {
                if (Simulator::Now().IsStrictlyPositive())
                {
                    moved.push_back(static_cast<uint32_t>(SubsetMap::Moved(before, after).size()));
                }
            }));

    // Traffic: the three kinds, a third of the flows (and of the rate) each.
    std::vector<Ipv4Address> vmAddresses;
    NodeContainer vmNodes = net.GetNodes(net.sources);
    for (uint32_t s : net.sources)
    {
        vmAddresses.push_back(net.address.at(s));
    }
    NodeContainer wanNodes = net.GetNodes(net.externals);

    struct Group
    {
        NodeContainer nodes;
        std::vector<Ipv4Address> destinations;
        OwnerMonitor::Kind kind;
        uint16_t firstPort;
        uint32_t idOffset;
    };

    std::vector<Group> groups{
        {vmNodes, vmAddresses, OwnerMonitor::EAST_WEST, 20000, 0},
        {vmNodes, net.GetExternalAddresses(), OwnerMonitor::OUTBOUND_NAT, 30000, 1u << 20},
        {wanNodes, publics, OwnerMonitor::INBOUND_NAT, 40000, 2u << 20}};
    ApplicationContainer clients;
    for (uint32_t g = 0; g < groups.size(); ++g)
    {
        uint32_t flows = p.flows / 3 + (g < p.flows % 3 ? 1 : 0);
        uint32_t n = groups[g].nodes.GetN();
        FlowTrafficHelper traffic;
        traffic.SetClientAttribute(
            "InterArrival",
            PointerValue(CreateObjectWithAttributes<ExponentialRandomVariable>(
                "Mean",
                DoubleValue(3.0 * n / p.flowRate))));
        traffic.SetClientAttribute("FlowSize",
                                   PointerValue(CreateObjectWithAttributes<ConstantRandomVariable>(
                                       "Constant",
                                       DoubleValue(p.flowPackets))));
        traffic.SetClientAttribute("PacketInterval", TimeValue(p.packetInterval));
        traffic.SetClientAttribute("RequestSize", UintegerValue(p.requestSize));
        traffic.SetClientAttribute("FirstPort", UintegerValue(groups[g].firstPort));
        traffic.SetClientAttribute("LastPort", UintegerValue(groups[g].firstPort + 9999));
        traffic.SetClientAttribute("FlowIdOffset", UintegerValue(groups[g].idOffset));
        for (uint32_t i = 0; i < n; ++i)
        {
            uint32_t share = flows / n + (i < flows % n ? 1 : 0);
            if (share == 0)
            {
                continue;
            }
            std::vector<Ipv4Address> dst = groups[g].destinations;
            if (groups[g].kind == OwnerMonitor::EAST_WEST && dst.size() > 1)
            {
                dst.erase(dst.begin() + i); // not to itself
            }
            traffic.SetClientAttribute("MaxFlows", UintegerValue(share));
            ApplicationContainer c =
                traffic.InstallClients(NodeContainer(groups[g].nodes.Get(i)), dst);
            monitor->WatchClient(DynamicCast<FlowClient>(c.Get(0)), groups[g].kind);
            clients.Add(c);
        }
    }
    FlowTrafficHelper servers;
    servers.SetServerAttribute("ResponseSize", UintegerValue(p.responseSize));
    ApplicationContainer sinks = servers.InstallServers(vmNodes);
    sinks.Add(servers.InstallServers(wanNodes));
    FlowTrafficHelper::AssignStreams(clients, 1000);
    clients.Start(Seconds(0.1));

    // The run ends a grace time after the last flow opened (or the last event).
    uint32_t opened = 0;
    uint32_t total = p.flows;
    Time lastOpen;
    for (uint32_t i = 0; i < clients.GetN(); ++i)
    {
        clients.Get(i)->TraceConnectWithoutContext(
            "FlowStart",
            Callback<void, uint64_t, const FlowKey&, uint32_t>(
                [&](uint64_t, const FlowKey&, uint32_t) {
                    if (++opened == total)
                    {
                        lastOpen = Simulator::Now();
                        Time stop = std::max(lastOpen, lastEvent) + p.grace;
                        Simulator::Schedule(stop - lastOpen, &Simulator::Stop);
                    }
                }));
    }

    ScenarioTraces traces(p.pcap, p.flowmon, p.netanim);
    traces.SetAnimWindow(p.netanimWindow);
    traces.WatchTraffic(clients);
    traces.WatchTraffic(sinks);
    traces.Enable([&net](const std::string& prefix) { SfcNetworkHelper::EnablePcap(prefix, net); },
                  AnimLayout(net));

    // Injected faults (--faults, --randomFaults), on the owner-control port too.
    FaultHelper faults;
    if (m_faults.IsEnabled())
    {
        faults.AddNetwork(net);
        TypeId::AttributeInformation port;
        OwnerControlEndpoint::GetTypeId().LookupAttributeByName("Port", &port);
        faults.SetControlPorts(
            {static_cast<uint16_t>(DynamicCast<const UintegerValue>(port.initialValue)->Get())});
        m_faults.Install(faults,
                         Seconds(0.1),
                         Seconds(double(p.flows) / p.flowRate) + lastEvent + p.grace);
    }
    Simulator::Run();
    Time end = Simulator::Now();
    OwnerMonitor::Summary s = monitor->Finalize();
    traces.Finish();

    nlohmann::ordered_json m = OwnerResults::Metrics(s, d, p.mode, moved, end);
    if (m_faults.IsEnabled())
    {
        m["faults"] = faults.Report();
    }

    traces.Close();
    Simulator::Destroy();
    return m;
}

void
OwnerScenario::PrintSummary(const nlohmann::ordered_json& m, std::ostream& os) const
{
    os << std::fixed << std::setprecision(3);
    os << "sfc-owner: mode=" << m_p.mode << ", " << m_p.vplanes << " vPlanes, " << m_p.vms
       << " VMs, RngRun=" << RngSeedManager::GetRun() << "\n"
       << "  flows                 " << m["flows"] << " (broken " << m["broken_flows"]
       << ", sticky " << m["sticky_flows"] << ")\n"
       << "  violations            " << m["stickiness_violations"] << "\n"
       << "  first-packet detour   " << m["first_packet_detour_links"].get<double>() << " links, "
       << m["first_packet_detour_latency_ms"].get<double>() << " ms\n"
       << "  helper load max/mean  " << m["helper_load_max"].get<double>() << " / "
       << m["helper_load_mean"].get<double>() << " (Jain " << m["helper_load_jain"].get<double>()
       << ")\n"
       << "  control msgs per flow " << m["control_messages_per_flow"].get<double>() << "\n";
}

void
OwnerScenario::PrintComparison(const std::vector<std::string>& modes,
                               const std::vector<nlohmann::ordered_json>& metrics,
                               std::ostream& os)
{
    OwnerResults::PrintComparison(modes, metrics, os);
}

} // namespace sfc
} // namespace ns3
