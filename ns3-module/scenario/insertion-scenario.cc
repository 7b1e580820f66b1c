/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * InsertionScenario: the network, the chain, the traffic and the run. The
 * options are in insertion-scenario-options.cc, the results row in
 * insertion-results.cc.
 */

#include "insertion-scenario.h"

#include "insertion-results.h"

#include "ns3/boolean.h"
#include "ns3/config.h"
#include "ns3/csma-helper.h"
#include "ns3/double.h"
#include "ns3/dpi-counter.h"
#include "ns3/flow-client.h"
#include "ns3/flow-traffic-helper.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/intrusion-prevention.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/log.h"
#include "ns3/names.h"
#include "ns3/pointer.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/simulator.h"
#include "ns3/stateful-firewall.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"
#include "ns3/vpath-helper.h"

#include <algorithm>
#include <iomanip>

namespace ns3
{
namespace sfc
{

NS_LOG_COMPONENT_DEFINE("InsertionScenario");

namespace
{
const uint32_t kChain = 1;                 //!< the client VMs' policy (chain id)
const Ipv4Address kFirewall("100.64.0.1"); //!< hop EID of the firewall
const Ipv4Address kDpi("100.64.0.2");      //!< hop EID of the DPI
const Ipv4Address kIps("100.64.0.9");      //!< hop EID of the IPS
const uint32_t kVmBase = 0xc0a80001;       //!< 192.168.0.1: first VM EID
} // namespace

Ptr<InsertionMonitor>
InsertionScenario::GetMonitor() const
{
    return m_monitor;
}

nlohmann::ordered_json
InsertionScenario::Run()
{
    NS_LOG_FUNCTION(this);
    const Params& p = m_p;
    // The underlay's ARP must hold the packets a Map-Reply releases at once.
    Config::SetDefault("ns3::ArpCache::PendingQueueSize", UintegerValue(256));

    // Underlay: the mapping system (node 0) and the servers on one LAN.
    NodeContainer lan;
    lan.Create(1 + p.servers);
    NodeContainer servers;
    for (uint32_t i = 1; i <= p.servers; ++i)
    {
        servers.Add(lan.Get(i));
    }
    CsmaHelper csma;
    csma.SetChannelAttribute("DataRate", StringValue("10Gbps"));
    csma.SetChannelAttribute("Delay", StringValue("5us"));
    NetDeviceContainer lanDevs = csma.Install(lan);
    InternetStackHelper stack;
    stack.Install(lan);
    csma.AssignStreams(lanDevs, 100);
    stack.AssignStreams(lan, 200);
    Ipv4AddressHelper addr("10.0.0.0", "255.255.255.0");
    addr.Assign(lanDevs);
    // ns-3 names: pcap files read lan-server0-0.pcap (cleared after the run).
    Names::Add("mapping-system", lan.Get(0));
    for (uint32_t i = 0; i < p.servers; ++i)
    {
        Names::Add("server" + std::to_string(i), servers.Get(i));
    }

    VpathHelper helper;
    helper.SetAuthenticationKey("sfc-insertion");
    helper.SetMappingSystemAttribute("SmrOnChange", BooleanValue(p.smr));
    helper.SetMappingSystemAttribute("LookupLatency", TimeValue(p.mapLatency));
    helper.SetCacheAttribute("TtlUnit", TimeValue(Seconds(1)));
    helper.SetCacheAttribute("MapRequestsPerSecond", UintegerValue(p.mapRequestRate));
    helper.SetSwitchAttribute("RecordTtl", UintegerValue(p.ttl));
    helper.SetChainTtl(p.ttl);
    Ptr<LispMappingSystem> ms = helper.InstallMappingSystem(lan.Get(0));
    helper.InstallSwitches(servers);
    std::vector<Ptr<VemSwitch>> switches;
    for (uint32_t s = 0; s < p.servers; ++s)
    {
        switches.push_back(helper.GetSwitch(s));
    }

    // VMs round robin over the servers: the first half are clients (chain kChain).
    NodeContainer clients;
    NodeContainer sinks;
    std::vector<Ipv4Address> sinkEids;
    uint32_t nClients = p.vms / 2;
    for (uint32_t i = 0; i < p.vms; ++i)
    {
        Ptr<Node> vm = CreateObject<Node>();
        stack.Install(vm);
        Ipv4Address eid(kVmBase + i);
        bool client = i < nClients;
        helper.AddVm(vm, i % p.servers, eid, client ? kChain : 0);
        (client ? clients : sinks).Add(vm);
        if (!client)
        {
            sinkEids.push_back(eid);
        }
    }

    // The chain: an agentless firewall, a DPI with an agent; the IPS, agentless, waits.
    Ptr<StatefulFirewall> fw = CreateObject<StatefulFirewall>();
    CreateObject<Node>()->AddApplication(fw);
    helper.AttachAgentless(fw, FirewallServer(), kFirewall, kChain);
    Ptr<DpiCounter> dpi = CreateObject<DpiCounter>();
    CreateObject<Node>()->AddApplication(dpi);
    Ptr<VpathAgent> agent = helper.AttachAgent(dpi, DpiServer(), kDpi); // kept for the run
    Ptr<IntrusionPrevention> ips = CreateObject<IntrusionPrevention>();
    ips->SetAttribute("Strict", BooleanValue(p.ips == "strict"));
    CreateObject<Node>()->AddApplication(ips);
    Ptr<AgentlessAttachment> ipsAtt = helper.AttachAgentless(ips, IpsServer(), kIps, kChain);

    std::vector<Ipv4Address> base{kFirewall, kDpi};
    std::vector<Ipv4Address> inserted = base;
    inserted.insert(inserted.begin() + p.ipsPosition, kIps);
    helper.ProgramChain(kChain, base);
    helper.ScheduleChain(p.insertAt, kChain, inserted);
    bool removal = p.removeAt.IsStrictlyPositive();
    bool migration = p.migrateAt.IsStrictlyPositive();
    if (removal)
    {
        helper.ScheduleChain(p.removeAt, kChain, base);
    }
    if (migration)
    {
        helper.ScheduleMigration(p.migrateAt, kFirewall, p.migrateTo);
    }

    m_monitor =
        CreateObjectWithAttributes<InsertionMonitor>("InsertAt",
                                                     TimeValue(p.insertAt),
                                                     "RemoveAt",
                                                     TimeValue(removal ? p.removeAt : Time::Max()));
    m_monitor->WatchInserted(ipsAtt, ips);
    m_monitor->WatchNode(fw);
    m_monitor->WatchNode(dpi);
    for (const auto& s : switches)
    {
        m_monitor->WatchSwitch(s);
    }
    uint64_t fwAfterMove = 0;
    fw->TraceConnectWithoutContext("Rx",
                                   Callback<void, Ptr<const Packet>, Direction>(
                                       [&fwAfterMove, &p](Ptr<const Packet>, Direction) {
                                           fwAfterMove += Simulator::Now() >= p.migrateAt;
                                       }));

    // Traffic: TCP-like flows from the clients to the sinks.
    ApplicationContainer apps;
    uint32_t n = clients.GetN();
    for (uint32_t i = 0; i < n; ++i)
    {
        uint32_t share = p.flows / n + (i < p.flows % n ? 1 : 0);
        if (share == 0)
        {
            continue;
        }
        FlowTrafficHelper traffic;
        traffic.SetClientAttribute(
            "InterArrival",
            PointerValue(CreateObjectWithAttributes<ExponentialRandomVariable>(
                "Mean",
                DoubleValue(n / p.flowRate))));
        traffic.SetClientAttribute("FlowSize",
                                   PointerValue(CreateObjectWithAttributes<ConstantRandomVariable>(
                                       "Constant",
                                       DoubleValue(p.flowPackets))));
        traffic.SetClientAttribute("PacketInterval", TimeValue(p.packetInterval));
        traffic.SetClientAttribute("MaxFlows", UintegerValue(share));
        ApplicationContainer c = traffic.InstallClients(NodeContainer(clients.Get(i)), sinkEids);
        m_monitor->WatchClient(DynamicCast<FlowClient>(c.Get(0)));
        apps.Add(c);
    }
    FlowTrafficHelper().InstallServers(sinks);
    FlowTrafficHelper::AssignStreams(apps, 1000);
    apps.Start(Seconds(0.1));

    // The run ends a grace time after the last flow opened (or the last event).
    Time lastEvent = std::max({p.insertAt, p.removeAt, p.migrateAt});
    uint32_t opened = 0;
    for (uint32_t i = 0; i < apps.GetN(); ++i)
    {
        apps.Get(i)->TraceConnectWithoutContext(
            "FlowStart",
            Callback<void, uint64_t, const FlowKey&, uint32_t>(
                [&opened, &p, lastEvent](uint64_t, const FlowKey&, uint32_t) {
                    if (++opened == p.flows)
                    {
                        Time stop = std::max(Simulator::Now(), lastEvent) + p.grace;
                        Simulator::Schedule(stop - Simulator::Now(), &Simulator::Stop);
                    }
                }));
    }
    if (!p.pcap.empty())
    {
        csma.EnablePcap(p.pcap, lanDevs, false);
    }

    Simulator::Run();
    Time end = Simulator::Now();

    InsertionResults::Inputs in;
    in.monitor = m_monitor;
    in.switches = switches;
    in.ms = ms;
    in.ips = ips;
    in.insertAt = p.insertAt;
    in.removeAt = removal ? p.removeAt : Time::Max();
    in.migrateAt = migration ? p.migrateAt : Time::Max();
    in.migratedRx = migration ? fwAfterMove : 0;
    in.end = end;
    nlohmann::ordered_json m = InsertionResults::Metrics(in);
    Simulator::Destroy();
    Names::Clear(); // Simulator::Destroy() does not; a second run (--compare) adds them again
    return m;
}

void
InsertionScenario::PrintSummary(const nlohmann::ordered_json& m, std::ostream& os) const
{
    os << "sfc-insertion: " << m_p.servers << " servers, " << m_p.vms << " VMs, IPS " << m_p.ips
       << " at " << m_p.insertAt.GetSeconds() << " s, TTL " << m_p.ttl << " s, SMR "
       << (m_p.smr ? "on" : "off") << ", RngRun=" << RngSeedManager::GetRun() << "\n";
    InsertionResults::PrintSummary(m, os);
}

} // namespace sfc
} // namespace ns3
