/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "failover-scenario.h"

#include "failover-rogue.h"
#include "results-schema.h"
#include "scenario-traces.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/failover-helper.h"
#include "ns3/failover-monitor.h"
#include "ns3/failure-injector.h"
#include "ns3/fault-helper.h"
#include "ns3/flow-client.h"
#include "ns3/flow-server.h"
#include "ns3/flow-traffic-helper.h"
#include "ns3/forwarding-agent.h"
#include "ns3/host-selection-policy.h"
#include "ns3/pointer.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/service-manager.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/time-text.h"
#include "ns3/uinteger.h"

#include <cmath>
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
/// Multicast group of the wildcard registrations (link-local scope)
const char* const kWildcardGroup = "224.0.0.250";
/// What the rogue guesses
const char* const kRogueKey = "guessed key";
/// Categories of control messages reported
const char* const kCategories[] =
    {"wildcard", "fixed", "interest_match", "replication", "heartbeat", "deny", "ip_packet"};

/// NetAnim layout: columns of clients, agents, managers (and the rogue), hosts
std::vector<ScenarioTraces::AnimNode>
AnimLayout(const FailoverNetwork& net, const std::vector<std::string>& managerNames)
{
    std::vector<ScenarioTraces::AnimNode> nodes;
    for (uint32_t i = 0; i < net.clients.GetN(); ++i)
    {
        nodes.push_back({net.clients.Get(i), 0, 10.0 * i, "client" + std::to_string(i)});
    }
    for (uint32_t i = 0; i < net.agents.GetN(); ++i)
    {
        nodes.push_back({net.agents.Get(i), 25, 10.0 * i, "agent" + std::to_string(i)});
    }
    for (uint32_t i = 0; i < net.managers.GetN(); ++i)
    {
        nodes.push_back({net.managers.Get(i), 50, 10.0 * i, managerNames[i]});
    }
    for (uint32_t i = 0; i < net.hosts.GetN(); ++i)
    {
        nodes.push_back({net.hosts.Get(i), 75, 10.0 * i, "host" + std::to_string(i)});
    }
    if (net.rogue)
    {
        nodes.push_back({net.rogue, 50, 10.0 * net.managers.GetN(), "rogue"});
    }
    return nodes;
}

nlohmann::ordered_json
OrNull(bool valid, double value)
{
    return valid ? nlohmann::ordered_json(value) : nlohmann::ordered_json(nullptr);
}
} // namespace

FailoverScenario::Params&
FailoverScenario::GetParams()
{
    return m_p;
}

namespace
{
/// Names the network's nodes and LAN as FaultTargetsOf() does
void
NameForFaults(FaultHelper& faults, const FailoverNetwork& net)
{
    for (uint32_t i = 0; i < net.clients.GetN(); ++i)
    {
        faults.AddNode("client" + std::to_string(i), net.clients.Get(i));
    }
    for (uint32_t j = 0; j < net.agents.GetN(); ++j)
    {
        faults.AddNode("agent" + std::to_string(j), net.agents.Get(j));
    }
    for (uint32_t m = 0; m < net.managers.GetN(); ++m)
    {
        faults.AddNode(FailoverScenario::ManagerName(m), net.managers.Get(m));
    }
    for (uint32_t k = 0; k < net.hosts.GetN(); ++k)
    {
        faults.AddNode("host" + std::to_string(k), net.hosts.Get(k));
    }
    if (net.rogue)
    {
        faults.AddNode("rogue", net.rogue);
    }
    faults.AddChannel("lan", net.lanDevices.Get(0)->GetChannel());
}
} // namespace

std::string
FailoverScenario::ManagerName(uint32_t m)
{
    return m == 0 ? "primary" : "backup" + std::to_string(m);
}

nlohmann::ordered_json
FailoverScenario::Run()
{
    const Params& p = m_p;
    FailoverNetwork net =
        FailoverNetworkHelper().Install(p.clients, p.agents, p.hosts, 1 + p.backups, p.rogue);

    // Hosts answer like TCP servers; so does the rogue, should it win flows.
    FlowTrafficHelper servers;
    servers.SetServerAttribute("ResponseSize", UintegerValue(p.responseSize));
    ApplicationContainer hostServers = servers.InstallServers(net.hosts);
    if (p.rogue)
    {
        hostServers.Add(servers.InstallServers(NodeContainer(net.rogue)));
    }

    // Agents and managers.
    SecuritySegment::Algorithm algorithm =
        p.algorithm == "HMAC-MD5" ? SecuritySegment::HMAC_MD5 : SecuritySegment::HMAC_SHA256;
    // Per-role keys from one secret: an agent's key cannot sign a manager's message.
    std::string seed = !p.keySeed.empty()
                           ? p.keySeed
                           : "sfc-failover/" + std::to_string(RngSeedManager::GetSeed()) + "/" +
                                 std::to_string(RngSeedManager::GetRun());
    std::string managerKey = p.security ? SecuritySegment::DeriveKey(seed, "manager") : "";
    std::string agentKey = p.security ? SecuritySegment::DeriveKey(seed, "agent") : "";
    FailoverHelper fo;
    fo.SetPolicy(p.policy);
    fo.SetAgentAttribute("SecurityKey", StringValue(agentKey));
    fo.SetAgentAttribute("ManagerKey", StringValue(managerKey));
    fo.SetAgentAttribute("RequireSecurity", BooleanValue(p.security));
    fo.SetAgentAttribute("SecurityAlgorithm", EnumValue(algorithm));
    fo.SetManagerAttribute("SecurityKey", StringValue(managerKey));
    fo.SetManagerAttribute("AgentKey", StringValue(agentKey));
    fo.SetManagerAttribute("RequireSecurity", BooleanValue(p.security));
    fo.SetManagerAttribute("SecurityAlgorithm", EnumValue(algorithm));
    fo.SetManagerAttribute("HeartbeatInterval", TimeValue(p.heartbeat));
    fo.SetManagerAttribute("HeartbeatMissCount", UintegerValue(p.missCount));
    fo.SetManagerAttribute("AffinityTtl", TimeValue(p.ttl));
    fo.SetManagerAttribute("WildcardTtl", TimeValue(p.wildcardTtl));
    // A third of the time to live, rounded to the nearest time step.
    fo.SetManagerAttribute("WildcardRefresh", TimeValue(p.wildcardTtl / 3.0));
    fo.SetManagerAttribute("ExpiryTolerance", TimeValue(p.tolerance));
    fo.SetManagerAttribute("StickyTime", TimeValue(p.sticky));
    fo.SetManagerAttribute("ReplicationSlack", TimeValue(p.slack));
    fo.SetManagerAttribute("Replication", BooleanValue(p.replication));
    fo.SetManagerAttribute("CancelOnTakeover", BooleanValue(p.cancel));
    fo.SetManagerAttribute("CancelFixedOnTakeover", BooleanValue(p.cancelFixed));
    fo.SetManagerAttribute("ReplicationLossProbability", DoubleValue(p.replicationLoss));
    fo.SetManagerAttribute(
        "WildcardGroup",
        Ipv4AddressValue(p.multicast ? Ipv4Address(kWildcardGroup) : Ipv4Address::GetAny()));
    ApplicationContainer agents = fo.InstallAgents(net);
    ApplicationContainer managers = fo.InstallManagers(net, p.partitioned);
    Ptr<ServiceManager> rogue;
    Ptr<FailoverRogue> attacker;
    if (p.rogue)
    {
        rogue = fo.InstallRogue(net, p.security ? kRogueKey : "");
        rogue->SetStartTime(p.rogueAt);
        attacker = CreateObject<FailoverRogue>();
        attacker->SetTargets(net.managerAddresses, net.agentAddresses);
        // A client address no client has (10.1.200.1), so forged flows are apart.
        attacker->SetService(Ipv4Address(net.clientNetwork.Get() + 0xC801), net.vip, 80);
        if (p.recoverAt.IsStrictlyPositive())
        {
            attacker->SetRestart(p.recoverAt);
        }
        net.rogue->AddApplication(attacker);
        attacker->SetStartTime(p.rogueAt);
        attacker->SetStopTime(p.duration);
    }
    for (uint32_t m = 0; m < managers.GetN(); ++m)
    {
        DynamicCast<ServiceManager>(managers.Get(m))->AssignStreams(2000 + 10 * m);
    }

    // Traffic: long-lived flows opened at the start, short flows all along.
    std::vector<Ipv4Address> vip{net.vip};
    uint32_t longRequests = static_cast<uint32_t>(
        std::max(1.0, std::round((ToSeconds(p.duration) - 1.0) / ToSeconds(p.packetInterval))));
    FlowTrafficHelper longTraffic;
    longTraffic.SetClientAttribute("FlowSize",
                                   PointerValue(CreateObjectWithAttributes<ConstantRandomVariable>(
                                       "Constant",
                                       DoubleValue(longRequests))));
    longTraffic.SetClientAttribute("PacketInterval", TimeValue(p.packetInterval));
    longTraffic.SetClientAttribute("RequestSize", UintegerValue(p.requestSize));
    longTraffic.SetClientAttribute("FirstPort", UintegerValue(40000));
    longTraffic.SetClientAttribute("LastPort", UintegerValue(65535));
    FlowTrafficHelper shortTraffic;
    shortTraffic.SetClientAttribute("FlowSize",
                                    PointerValue(CreateObjectWithAttributes<ConstantRandomVariable>(
                                        "Constant",
                                        DoubleValue(p.newFlowPackets))));
    shortTraffic.SetClientAttribute("PacketInterval", TimeValue(MilliSeconds(10)));
    shortTraffic.SetClientAttribute("RequestSize", UintegerValue(p.requestSize));
    shortTraffic.SetClientAttribute("FirstPort", UintegerValue(10000));
    shortTraffic.SetClientAttribute("LastPort", UintegerValue(39999));
    shortTraffic.SetClientAttribute("FlowIdOffset", UintegerValue(1u << 30));
    if (p.newFlowRate > 0)
    {
        shortTraffic.SetClientAttribute(
            "InterArrival",
            PointerValue(CreateObjectWithAttributes<ExponentialRandomVariable>(
                "Mean",
                DoubleValue(p.clients / p.newFlowRate))));
    }
    ApplicationContainer longClients;
    ApplicationContainer shortClients;
    for (uint32_t i = 0; i < p.clients; ++i)
    {
        NodeContainer node(net.clients.Get(i));
        uint32_t share = p.flows / p.clients + (i < p.flows % p.clients ? 1 : 0);
        if (share > 0)
        {
            longTraffic.SetClientAttribute("MaxFlows", UintegerValue(share));
            longTraffic.SetClientAttribute(
                "InterArrival",
                PointerValue(CreateObjectWithAttributes<ExponentialRandomVariable>(
                    "Mean",
                    DoubleValue(0.5 / share))));
            longClients.Add(longTraffic.InstallClients(node, vip));
        }
        if (p.newFlowRate > 0)
        {
            shortClients.Add(shortTraffic.InstallClients(node, vip));
        }
    }
    FlowTrafficHelper::AssignStreams(longClients, 1000);
    FlowTrafficHelper::AssignStreams(shortClients, 1500);
    longClients.Start(Seconds(0.5));
    shortClients.Start(Seconds(0.5));
    shortClients.Stop(p.duration);

    // Failure.
    Ptr<Node> failing;
    if (p.failNode == "primary")
    {
        failing = net.managers.Get(0);
    }
    else if (p.failNode == "backup")
    {
        failing = net.managers.Get(1);
    }
    else if (p.failNode == "agent")
    {
        failing = net.agents.Get(0);
    }
    else if (p.failNode == "host")
    {
        failing = net.hosts.Get(0);
    }
    Ptr<FailureInjector> injector = CreateObject<FailureInjector>();
    if (failing)
    {
        injector->Schedule(failing, p.failAt, p.recoverAt > p.failAt ? p.recoverAt : Time(0));
    }

    // Metrics.
    Ptr<FailoverMonitor> monitor = CreateObject<FailoverMonitor>();
    if (failing)
    {
        monitor->SetFailure(p.failAt, p.failNode == "primary");
    }
    for (ApplicationContainer* c : {&longClients, &shortClients})
    {
        for (uint32_t i = 0; i < c->GetN(); ++i)
        {
            monitor->WatchClient(DynamicCast<FlowClient>(c->Get(i)));
        }
    }
    for (uint32_t j = 0; j < agents.GetN(); ++j)
    {
        monitor->WatchAgent(DynamicCast<ForwardingAgent>(agents.Get(j)),
                            "agent" + std::to_string(j));
    }
    std::vector<std::string> managerNames;
    for (uint32_t m = 0; m < managers.GetN(); ++m)
    {
        managerNames.push_back(ManagerName(m));
        monitor->WatchManager(DynamicCast<ServiceManager>(managers.Get(m)),
                              managerNames.back(),
                              m == 0);
    }
    if (rogue)
    {
        monitor->WatchRogue(rogue);
        monitor->WatchHijackTarget(net.rogue);
    }

    // Optional ns-3 traces.
    ScenarioTraces traces(p.pcap, p.flowmon, p.netanim);
    traces.SetAnimWindow(p.netanimWindow);
    traces.WatchTraffic(longClients);
    traces.WatchTraffic(shortClients);
    traces.WatchTraffic(hostServers);
    traces.Enable(
        [&net](const std::string& prefix) { FailoverNetworkHelper::EnablePcap(prefix, net); },
        AnimLayout(net, managerNames));

    // Injected faults (--faults, --randomFaults), through the same injector.
    FaultHelper faults;
    faults.SetInjector(injector);
    if (m_faults.IsEnabled())
    {
        NameForFaults(faults, net);
        UintegerValue port;
        agents.Get(0)->GetAttribute("Port", port);
        faults.SetControlPorts({static_cast<uint16_t>(port.Get())});
        m_faults.Install(faults, Seconds(0.5), p.duration + p.grace);
    }

    Time end = p.duration + p.grace;
    Simulator::Stop(end);
    Simulator::Run();
    FailoverMonitor::Summary s = monitor->Finalize(end);
    traces.Finish();
    if (!p.flowsCsv.empty())
    {
        std::ofstream csv(p.flowsCsv);
        monitor->WriteFlowsCsv(csv);
    }

    nlohmann::ordered_json m;
    m["flows"] = s.flows;
    m["completed_flows"] = s.completedFlows;
    m["failed_flows"] = s.failedFlows;
    m["open_flows"] = s.openFlows;
    m["broken_flows"] = s.brokenFlows;
    m["flows_active_at_failure"] = s.activeAtFailure;
    m["broken_active_flows"] = s.brokenActive;
    m["broken_ratio"] = s.brokenRatio;
    m["renewed_decisions"] = s.renewedDecisions;
    m["renewed_decision_differs"] = s.renewedDiffers;
    m["broken_renewed_differs"] = s.brokenRenewedDiffers;
    m["takeover_time_s"] = OrNull(s.takeover, s.takeoverTimeS);
    m["detection_time_s"] = OrNull(s.detected, s.detectionTimeS);
    m["takeover_window_flows"] = s.windowFlows;
    m["takeover_window_failed_flows"] = s.windowFailedFlows;
    m["mean_setup_s"] = s.meanSetupS;
    m["takeover_window_mean_setup_s"] = s.meanWindowSetupS;
    m["control_messages"] = s.controlMessages;
    m["control_bytes"] = s.controlBytes;
    m["control_messages_per_flow"] = s.flows ? double(s.controlMessages) / s.flows : 0.0;
    m["control_bytes_per_flow"] = s.flows ? double(s.controlBytes) / s.flows : 0.0;
    for (const char* c : kCategories)
    {
        m[std::string("control_messages_") + c] = s.messages[c];
    }
    for (const char* c : kCategories)
    {
        m[std::string("control_bytes_") + c] = s.bytes[c];
    }
    for (const char* c : kCategories)
    {
        m[std::string("control_messages_per_flow_") + c] =
            s.flows ? double(s.messages[c]) / s.flows : 0.0;
    }
    for (const char* c : kCategories)
    {
        m[std::string("control_bytes_per_flow_") + c] =
            s.flows ? double(s.bytes[c]) / s.flows : 0.0;
    }
    m["peak_fixed_affinities"] = s.peakFixed;
    m["peak_affinity_entries"] = s.peakEntries;
    m["peak_affinity_entries_total"] = s.peakEntriesTotal;
    m["peak_affinity_cache_bytes"] = s.peakCacheBytes;
    uint32_t peakManager = 0;
    for (const auto& kv : s.peakManager)
    {
        peakManager = std::max(peakManager, kv.second);
    }
    m["peak_manager_affinities"] = peakManager;
    m["auth_rejections"] = s.rejectedAuth;
    m["malformed_messages"] = s.rejectedMalformed;
    m["denies"] = s.denies;
    m["fixed_discarded"] = s.discardedFixed;
    m["deletion_messages"] = s.deletions;
    m["replications_stored"] = s.replicationsStored;
    m["replications_lost"] = s.replicationsLost;
    m["hijacked_flows"] = s.hijackedFlows;
    m["rogue_messages"] = s.rogueMessages;
    for (const auto& kv : s.rejections)
    {
        m["rejections_" + kv.first] = kv.second;
    }
    m["oversize_drops"] = s.oversizeDrops;
    for (uint32_t a = 0; a < FailoverRogue::kNumAttacks; ++a)
    {
        auto attack = static_cast<FailoverRogue::Attack>(a);
        m[std::string("rogue_") + FailoverRogue::ToString(attack)] =
            attacker ? attacker->GetSent(attack) : 0;
    }
    m["sim_time_s"] = end.GetSeconds();
    nlohmann::ordered_json mj = nlohmann::ordered_json::array();
    for (std::size_t i = 0; i < s.peakManager.size(); ++i)
    {
        nlohmann::ordered_json j;
        j["name"] = s.peakManager[i].first;
        j["peak_affinities"] = s.peakManager[i].second;
        j["affinities_at_end"] = s.endManager[i].second;
        j["last_expiry_s"] = s.lastExpiryS[i].second;
        auto mgr = DynamicCast<ServiceManager>(managers.Get(i));
        j["state_at_end"] = ServiceManager::ToString(mgr->GetState());
        j["new_decisions"] = mgr->GetDecisions(ServiceManager::DecisionKind::NEW);
        j["replicated_decisions"] = mgr->GetDecisions(ServiceManager::DecisionKind::REPLICATED);
        mj.push_back(j);
    }
    m["managers"] = mj;
    // Results schema: the failure is the run's one event (none without a failure)
    EventMetrics events;
    if (failing)
    {
        events.Add(p.failAt.GetSeconds(),
                   "fail:" + p.failNode,
                   s.activeAtFailure,
                   s.brokenActive,
                   s.brokenRatio);
    }
    m["events"] = events.ToJson();
    if (m_faults.IsEnabled())
    {
        m["faults"] = faults.Report();
    }

    traces.Close();
    Simulator::Destroy();
    return m;
}

void
FailoverScenario::PrintSummary(const nlohmann::ordered_json& m, std::ostream& os) const
{
    const Params& p = m_p;
    auto num = [](const nlohmann::ordered_json& v) {
        std::ostringstream o;
        o << std::fixed << std::setprecision(3);
        if (v.is_null())
        {
            o << "n/a";
        }
        else
        {
            o << v.get<double>();
        }
        return o.str();
    };
    os << std::fixed << std::setprecision(3);
    os << "sfc-failover: " << p.hosts << " hosts behind a VIP, " << p.agents << " agents, "
       << p.clients << " clients, primary + " << p.backups << " backup(s)"
       << (p.partitioned ? " (partitioned)" : "") << ", replication "
       << (p.replication ? "on" : "off") << ", policy " << p.policy
       << ", RngRun=" << RngSeedManager::GetRun() << "\n";
    os << "  failure               " << p.failNode;
    if (p.failNode != "none")
    {
        os << " at " << ToSeconds(p.failAt) << " s"
           << (p.recoverAt.IsStrictlyPositive() ? ", recovers" : "");
    }
    os << "; heartbeat " << ToSeconds(p.heartbeat) << " s x " << p.missCount << ", fixed TTL "
       << ToSeconds(p.ttl) << " s\n";
    os << "  flows                 " << m["flows"] << " (" << m["completed_flows"] << " completed, "
       << m["failed_flows"] << " failed, " << m["open_flows"] << " open)\n"
       << "  active at failure     " << m["flows_active_at_failure"] << ", broken "
       << m["broken_active_flows"] << "  (broken ratio " << m["broken_ratio"].get<double>() << ")\n"
       << "  renewed decisions     " << m["renewed_decisions"] << ", to another host "
       << m["renewed_decision_differs"] << "\n"
       << "  detection / takeover  " << num(m["detection_time_s"]) << " s / "
       << num(m["takeover_time_s"]) << " s\n"
       << "  takeover window       " << m["takeover_window_flows"] << " new flows, "
       << m["takeover_window_failed_flows"] << " failed, mean setup "
       << m["takeover_window_mean_setup_s"].get<double>() << " s\n"
       << "  control messages      " << m["control_messages"] << " ("
       << m["control_messages_per_flow"].get<double>() << " per flow), bytes " << m["control_bytes"]
       << " (" << m["control_bytes_per_flow"].get<double>() << " per flow)\n"
       << "    by type:";
    for (const char* c : kCategories)
    {
        os << " " << c << "=" << m[std::string("control_messages_") + c];
    }
    os << "\n"
       << "  peak affinity cache   " << m["peak_affinity_entries"] << " entries ("
       << m["peak_fixed_affinities"] << " fixed, " << m["peak_affinity_cache_bytes"]
       << " bytes) at one agent; managers:";
    for (const auto& j : m["managers"])
    {
        os << " " << j["name"].get<std::string>() << "=" << j["peak_affinities"];
    }
    os << "\n";
    if (p.rogue)
    {
        os << "  rogue                 " << m["rogue_messages"] << " messages, "
           << m["auth_rejections"] << " rejected by agents, " << m["hijacked_flows"]
           << " flows hijacked\n"
           << "  rejections            ";
        for (const auto& kv : m.items())
        {
            if (kv.key().rfind("rejections_", 0) == 0 && kv.value().get<uint64_t>() > 0)
            {
                os << " " << kv.key().substr(11) << "=" << kv.value();
            }
        }
        os << "; oversize dropped " << m["oversize_drops"] << "\n";
    }
}

} // namespace sfc
} // namespace ns3
