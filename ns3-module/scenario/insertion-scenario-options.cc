/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * InsertionScenario: its command-line options and their cross-checks. The
 * run itself is in insertion-scenario.cc.
 */

#include "insertion-scenario.h"

namespace ns3
{
namespace sfc
{

InsertionScenario::Params&
InsertionScenario::GetParams()
{
    return m_p;
}

void
InsertionScenario::DeclareOptions(ScenarioOptions& o)
{
    Params& p = m_p;
    o.AddUint("servers", "Servers, one virtual switch each, on one LAN", p.servers, 2, 64);
    o.AddUint("vms",
              "VMs, round robin over the servers; the first half open flows to the second half",
              p.vms,
              2,
              1024);
    o.AddUint("flows", "Flows in all, spread over the client VMs", p.flows, 1, 1000000);
    o.AddDouble("flowRate", "Flow arrivals per second, all clients", p.flowRate, 1e-3, 1e6);
    o.AddDouble("flowPackets", "Request segments per flow", p.flowPackets, 1, 1e6);
    o.AddTime("packetInterval",
              "Time between request segments of a flow",
              p.packetInterval,
              Seconds(0),
              Seconds(3600));
    o.AddTime("insertAt",
              "When the mapping system is re-programmed with the IPS in the chain",
              p.insertAt,
              Seconds(0),
              Seconds(1e6));
    o.AddTime("removeAt",
              "When the IPS is taken off the chain again; 0: never",
              p.removeAt,
              Seconds(0),
              Seconds(1e6));
    o.AddUint("ipsPosition",
              "Position of the IPS in the chain firewall, DPI: 0 first, 1 after the firewall, 2 "
              "last",
              p.ipsPosition,
              0,
              2);
    o.AddChoice("ips",
                "IPS mode: strict drops mid-connection packets of connections it never saw "
                "start, loose adopts them",
                p.ips,
                {"loose", "strict"});
    o.AddUint("ttl",
              "TTL of every mapping record, in seconds: the map-cache TTL unit is one second, "
              "non-standard, RFC 9301 counts minutes",
              p.ttl,
              1,
              86400);
    o.AddBool("smr",
              "The mapping system sends Solicit-Map-Requests to the switches that asked for a "
              "changed mapping",
              p.smr);
    o.AddTime("mapLatency",
              "Mapping-system lookup latency, between a Map-Request and its Map-Reply",
              p.mapLatency,
              Seconds(0),
              Seconds(60));
    o.AddUint("mapRequestRate",
              "Map-Requests a switch may send per EID prefix per second",
              p.mapRequestRate,
              1,
              1000000);
    o.AddTime("migrateAt",
              "When the agentless firewall moves to server migrateTo; 0: never",
              p.migrateAt,
              Seconds(0),
              Seconds(1e6));
    o.AddUint("migrateTo", "Server the firewall moves to", p.migrateTo, 0, 63);
    o.AddTime("grace",
              "Time after the last flow opened, or the last event, before the run ends",
              p.grace,
              Seconds(0),
              Seconds(1e6));
    o.AddOutput("pcap", "Write pcap traces of the LAN with this file prefix", p.pcap, true);
    // Attributes Run() sets from these options: --ns3:: overrides of them are refused.
    o.SetsAttributes({
        {"smr", "ns3::sfc::LispMappingSystem::SmrOnChange"},
        {"mapLatency", "ns3::sfc::LispMappingSystem::LookupLatency"},
        {"mapRequestRate", "ns3::sfc::LispMapCache::MapRequestsPerSecond"},
        {"ttl", "ns3::sfc::LispMapCache::TtlUnit"},
        {"ttl", "ns3::sfc::VemSwitch::RecordTtl"},
        {"ips", "ns3::sfc::IntrusionPrevention::Strict"},
    });
}

std::string
InsertionScenario::Validate() const
{
    const Params& p = m_p;
    if (p.removeAt.IsStrictlyPositive() && p.removeAt <= p.insertAt)
    {
        return "--removeAt must be later than --insertAt (or 0: never)";
    }
    if (p.migrateTo >= p.servers)
    {
        return "--migrateTo: server " + std::to_string(p.migrateTo) + " does not exist (0.." +
               std::to_string(p.servers - 1) + ")";
    }
    if (p.migrateAt.IsStrictlyPositive() && p.migrateTo == FirewallServer())
    {
        return "--migrateTo: the firewall is on server " + std::to_string(FirewallServer()) +
               " already";
    }
    if (p.vms < 2)
    {
        return "--vms must be at least 2";
    }
    return "";
}

uint32_t
InsertionScenario::FirewallServer() const
{
    return 1 % m_p.servers;
}

uint32_t
InsertionScenario::DpiServer() const
{
    return 2 % m_p.servers;
}

uint32_t
InsertionScenario::IpsServer() const
{
    return 3 % m_p.servers;
}

} // namespace sfc
} // namespace ns3
