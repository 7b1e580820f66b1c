/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * FailoverScenario's options and their checks (the run itself is in
 * failover-scenario.cc).
 */

#include "failover-scenario.h"

#include "ns3/host-selection-policy.h"
#include "ns3/time-text.h"

namespace ns3
{
namespace sfc
{

namespace
{
/// \return what faults can act on: every node; client links, LAN attachments ("X-lan")
FaultTargets
FaultTargetsOf(const FailoverScenario::Params& p)
{
    FaultTargets t;
    std::vector<std::string> lan;
    for (uint32_t j = 0; j < p.agents; ++j)
    {
        lan.push_back("agent" + std::to_string(j));
    }
    if (p.rogue)
    {
        lan.emplace_back("rogue");
    }
    for (uint32_t m = 0; m < 1 + p.backups; ++m)
    {
        lan.push_back(FailoverScenario::ManagerName(m));
    }
    for (uint32_t k = 0; k < p.hosts; ++k)
    {
        lan.push_back("host" + std::to_string(k));
    }
    for (uint32_t i = 0; i < p.clients; ++i)
    {
        t.nodes.push_back("client" + std::to_string(i));
        t.links.emplace_back(t.nodes.back(), "agent" + std::to_string(i % p.agents));
    }
    for (const auto& n : lan)
    {
        t.nodes.push_back(n);
        t.links.emplace_back(n, "lan");
    }
    return t;
}

} // namespace

void
FailoverScenario::DeclareOptions(ScenarioOptions& o)
{
    Params& p = m_p;
    o.AddUint("clients", "Client nodes", p.clients, 1, 254);
    o.AddUint("agents", "Forwarding agents (the clients' routers)", p.agents, 1, 98);
    o.AddUint("hosts", "Real hosts behind the virtual IP", p.hosts, 1, 126);
    o.AddUint("backups", "Backup service managers", p.backups, 0, 27);
    o.AddBool("partitioned",
              "Backups partition the client domain (a power of two of them)",
              p.partitioned);
    o.AddBool("replication", "The primary sends replication packets to its backups", p.replication);
    o.AddChoice("failNode",
                "Which node fails",
                p.failNode,
                {"primary", "backup", "agent", "host", "none"});
    o.AddTime("failAt", "When the node fails", p.failAt, MilliSeconds(1), Seconds(1e6));
    o.AddTime("recoverAt", "When it recovers (0 = never)", p.recoverAt, Seconds(0), Seconds(1e6));
    o.AddTime("heartbeat",
              "Heartbeat interval of the active manager",
              p.heartbeat,
              MilliSeconds(1),
              Seconds(3600));
    o.AddUint("missCount", "Heartbeats a backup misses before it takes over", p.missCount, 1, 1000);
    o.AddTime("ttl", "Time to live of fixed affinities", p.ttl, MilliSeconds(1), Seconds(3600));
    o.AddTime("wildcardTtl",
              "Time to live of wildcard affinities",
              p.wildcardTtl,
              MilliSeconds(3),
              Seconds(3600));
    o.AddTime("tolerance",
              "How much longer managers keep affinities than agents",
              p.tolerance,
              Seconds(0),
              Seconds(3600));
    o.AddTime("sticky",
              "How long affinities are kept after a FIN or RST",
              p.sticky,
              MilliSeconds(1),
              Seconds(3600));
    o.AddTime("slack",
              "How much longer a backup keeps a replicated affinity",
              p.slack,
              Seconds(0),
              Seconds(3600));
    o.AddBool("cancel",
              "On takeover the backup deletes the primary's wildcards on the agents",
              p.cancel);
    o.AddBool("cancelFixed",
              "... and each replicated fixed affinity of the primary",
              p.cancelFixed);
    o.AddDouble("replicationLoss",
                "Probability that a replication packet is lost",
                p.replicationLoss,
                0,
                1);
    o.AddChoice("policy",
                "How managers choose a host for a new flow",
                p.policy,
                HostSelectionPolicy::GetNames());
    o.AddBool("security", "HMAC security segments, required by agents and managers", p.security);
    o.AddString("keySeed",
                "Secret the managers' and agents' keys derive from (empty: from RngSeed "
                "and RngRun)",
                p.keySeed);
    o.AddChoice("algorithm",
                "HMAC of the security segment",
                p.algorithm,
                {"HMAC-SHA256", "HMAC-MD5"});
    o.AddBool("rogue", "Add a rogue manager and an attacker that do not know the keys", p.rogue);
    o.AddTime("rogueAt", "When the rogue starts", p.rogueAt, Seconds(0), Seconds(1e6));
    o.AddBool("multicast",
              "Send wildcards to a multicast group (else unicast to each agent)",
              p.multicast);
    o.AddUint("flows", "Long-lived flows, opened at the start", p.flows, 0, 100000);
    o.AddTime("duration", "Duration of the traffic", p.duration, Seconds(1.5), Seconds(1e5));
    o.AddTime("packetInterval",
              "Time between requests of a long-lived flow",
              p.packetInterval,
              MilliSeconds(1),
              Seconds(3600));
    o.AddDouble("newFlowRate",
                "New short flows per second, all clients together",
                p.newFlowRate,
                0,
                1e6);
    o.AddUint("newFlowPackets", "Requests per short flow", p.newFlowPackets, 1, 1000000);
    o.AddUint("requestSize", "Request payload bytes", p.requestSize, 16, 1400);
    o.AddUint("responseSize", "Response payload bytes", p.responseSize, 16, 1400);
    o.AddTime("grace",
              "Time after the traffic before the run ends",
              p.grace,
              Seconds(0),
              Seconds(1e6));
    o.AddOutput("flowsCsv", "Write one CSV line per flow to this file", p.flowsCsv);
    ScenarioTraces::DeclareOptions(o, p.pcap, p.flowmon, p.netanim, p.netanimWindow);
    ScenarioFaults::DeclareOptions(o, p.faults, p.randomFaults);
    // Attributes Run() sets from these options: --ns3:: overrides of them are refused.
    o.SetsAttributes({
        {"heartbeat", "ns3::sfc::ServiceManager::HeartbeatInterval"},
        {"missCount", "ns3::sfc::ServiceManager::HeartbeatMissCount"},
        {"ttl", "ns3::sfc::ServiceManager::AffinityTtl"},
        {"wildcardTtl", "ns3::sfc::ServiceManager::WildcardTtl"},
        {"wildcardTtl", "ns3::sfc::ServiceManager::WildcardRefresh"},
        {"tolerance", "ns3::sfc::ServiceManager::ExpiryTolerance"},
        {"sticky", "ns3::sfc::ServiceManager::StickyTime"},
        {"slack", "ns3::sfc::ServiceManager::ReplicationSlack"},
        {"replication", "ns3::sfc::ServiceManager::Replication"},
        {"cancel", "ns3::sfc::ServiceManager::CancelOnTakeover"},
        {"cancelFixed", "ns3::sfc::ServiceManager::CancelFixedOnTakeover"},
        {"replicationLoss", "ns3::sfc::ServiceManager::ReplicationLossProbability"},
        {"security", "ns3::sfc::ServiceManager::RequireSecurity"},
        {"security", "ns3::sfc::ForwardingAgent::RequireSecurity"},
        {"algorithm", "ns3::sfc::ServiceManager::SecurityAlgorithm"},
        {"algorithm", "ns3::sfc::ForwardingAgent::SecurityAlgorithm"},
        {"keySeed", "ns3::sfc::ServiceManager::SecurityKey"},
        {"keySeed", "ns3::sfc::ForwardingAgent::SecurityKey"},
        {"packetInterval", "ns3::sfc::FlowClient::PacketInterval"},
        {"requestSize", "ns3::sfc::FlowClient::RequestSize"},
        {"responseSize", "ns3::sfc::FlowServer::ResponseSize"},
    });
}

std::string
FailoverScenario::Validate()
{
    const Params& p = m_p;
    if (p.partitioned && (p.backups == 0 || (p.backups & (p.backups - 1)) != 0))
    {
        return "--partitioned needs a power of two of --backups";
    }
    if (p.failNode == "backup" && p.backups == 0)
    {
        return "--failNode=backup needs --backups of at least 1";
    }
    if (!p.recoverAt.IsZero() && p.recoverAt <= p.failAt)
    {
        return "--recoverAt must be 0 (never) or after --failAt";
    }
    if (p.failNode != "none" && p.failAt >= p.duration + p.grace)
    {
        return "--failAt must fall before the end of the run (--duration + --grace)";
    }
    if (p.recoverAt >= p.duration + p.grace || (p.rogue && p.rogueAt >= p.duration + p.grace))
    {
        return "--recoverAt and --rogueAt must fall before the end of the run (--duration + "
               "--grace)";
    }
    if (p.wildcardTtl < MilliSeconds(3))
    {
        return "--wildcardTtl is too short";
    }
    if (p.flows == 0 && p.newFlowRate == 0)
    {
        return "no traffic: --flows and --newFlowRate are both 0";
    }
    return m_faults.Configure(p.faults, p.randomFaults, FaultTargetsOf(p));
}

} // namespace sfc
} // namespace ns3
