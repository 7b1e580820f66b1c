/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * StickinessScenario's options and their checks (the run itself is in
 * stickiness-scenario.cc).
 */

#include "input-checks.h"
#include "stickiness-scenario.h"

#include "ns3/fault-helper.h"
#include "ns3/scaling-helper.h"
#include "ns3/service-chain-helper.h"
#include "ns3/time-text.h"
#include "ns3/uinteger.h"

#include <cmath>

namespace ns3
{
namespace sfc
{

namespace
{

/// \return the initial value of an unsigned attribute of a type (--ns3:: overrides included)
uint64_t
UintAttributeDefault(const std::string& type, const std::string& attribute)
{
    TypeId::AttributeInformation info;
    TypeId::LookupByName(type).LookupAttributeByName(attribute, &info);
    return DynamicCast<const UintegerValue>(info.initialValue)->Get();
}

/**
 * \brief Check that about `concurrent` flows fit `units` pools of `perUnit` ports.
 * \param concurrent flows open at once
 * \param perUnit ports per pool
 * \param units pools (source VMs or destinations) given
 * \param option the option counting the pools
 * \param what what a pool is, for the message
 * \return an error naming the option and the value it needs, or ""
 */
std::string
PortCapacity(double concurrent,
             uint64_t perUnit,
             uint32_t units,
             const std::string& option,
             const std::string& what)
{
    double need = std::ceil(concurrent / double(std::max<uint64_t>(perUnit, 1)));
    if (need <= units)
    {
        return "";
    }
    return "--" + option + ": about " + std::to_string(uint64_t(concurrent)) +
           " concurrent flows (--flowRate x --flowPackets x --packetInterval, at most "
           "--flows) need more than the " +
           std::to_string(perUnit) + " ports of " + std::to_string(units) + " " + what +
           "; raise --" + option + " to at least " + std::to_string(uint64_t(need));
}

} // namespace

void
StickinessScenario::DeclareOptions(ScenarioOptions& o)
{
    Params& p = m_p;
    o.AddChoice("policy", "Load-balancing policy", p.policy, ServiceChainHelper::GetPolicyNames());
    o.AddChoice("traffic",
                "The flows: tcp-like (FlowClient and FlowServer, TCP segments over raw "
                "sockets), ns3-tcp (a BulkSend, or an OnOff over TCP when packetInterval is "
                "not 0, to a PacketSink, per flow) or ns3-udp (a UdpEchoClient to a "
                "UdpEchoServer per flow), with the same arrival process and sizes",
                p.traffic,
                {"tcp-like", "ns3-tcp", "ns3-udp"});
    o.AddBool("forwarderSeries",
              "Add every forwarder's flow-table entries to the time series (its flow_entries "
              "group), sampled at the start of every tsInterval",
              p.forwarderSeries);
    o.AddUint("functions", "Functions in the chain", p.functions, 1, 64);
    o.AddBool("nat", "The last function is a source NAT", p.nat);
    o.AddString("chain",
                "Explicit chain, e.g. fw,dpi,nat (functions: fw = stateful firewall, dpi = "
                "stateless counter, nat = source NAT); overrides the functions and nat options",
                p.chain);
    o.AddString("events",
                "Scaling schedule, comma-separated TIME:FUNCTION:DELTA or TIME:FUNCTION:DELTA:MODE "
                "items (MODE drain or abrupt), e.g. 10s:nat:+1,20s:fw:-1:drain (FUNCTION: name or "
                "f1, f2, ...)",
                p.events);
    o.AddString("eventsFile",
                "Scaling schedule file, one event per line (# comments)",
                p.eventsFile);
    o.AddTime("controlDelay",
              "Mean delay before a forwarder learns a membership change (uniform from 0 to "
              "twice the mean, per forwarder)",
              p.controlDelay,
              Seconds(0),
              Seconds(3600));
    o.AddBool("controlAuth",
              "Membership updates carry an HMAC-SHA256 of the controller's key, checked by "
              "every forwarder",
              p.controlAuth);
    o.AddString("keySeed",
                "Secret the controller's key derives from (empty: from RngSeed and RngRun)",
                p.keySeed);
    o.AddBool("rogue",
              "A rogue on the control network sends forged membership updates (remove, "
              "drain, sequence 0xFFFFFFFF) to every forwarder at rogueAt; needs scaling",
              p.rogue);
    o.AddTime("rogueAt", "When the forged updates are sent", p.rogueAt, Seconds(0), Seconds(1e6));
    o.AddTime("drainIdle",
              "A draining instance stops after being idle this long",
              p.drainIdle,
              Seconds(0),
              Seconds(1e6));
    o.AddTime("drainTimeout",
              "A draining instance stops after this long at most",
              p.drainTimeout,
              Seconds(0),
              Seconds(1e6));
    o.AddChoice("natPorts",
                "NAT port allocation: sequential (a black-box NAT) or aligned (the NAT picks "
                "ports whose return tuple the policy steers back to it)",
                p.natPorts,
                {"sequential", "aligned"});
    o.AddString("autoscale",
                "Autoscale this function (name or f1, f2, ...): see autoscaleMode",
                p.autoscale);
    o.AddChoice("autoscaleMode",
                "load: add above autoscaleHigh, remove (draining) below autoscaleLow mean "
                "utilization of the instances; random: a random change per period",
                p.autoscaleMode,
                {"load", "random"});
    o.AddTime("autoscalePeriod",
              "Time between autoscaling decisions",
              p.autoscalePeriod,
              MilliSeconds(1),
              Seconds(1e6));
    o.AddDouble("autoscaleHigh",
                "Utilization above which an instance is added",
                p.autoscaleHigh,
                0,
                1);
    o.AddDouble("autoscaleLow",
                "Utilization below which an instance is removed",
                p.autoscaleLow,
                0,
                1);
    o.AddUint("autoscaleMin", "Fewest instances autoscaling keeps", p.autoscaleMin, 1, 256);
    o.AddUint("autoscaleMax", "Most instances autoscaling runs", p.autoscaleMax, 1, 256);
    o.AddTime("tsInterval", "Time-series interval", p.tsInterval, MilliSeconds(1), Seconds(1e6));
    o.AddOutput("timeseriesCsv", "Write the time series as CSV to this file", p.timeseriesCsv);
    o.AddUint("instances", "Instances per function", p.instances, 1, 256);
    o.AddUint("servers", "Servers", p.servers, 1, 1024);
    o.AddUint("racks", "Top-of-rack switches", p.racks, 1, 256);
    o.AddUint("sources", "Source VMs (spread over the servers)", p.sources, 1, 4096);
    o.AddUint("destinations", "External hosts", p.destinations, 1, 250);
    o.AddUint("flows", "Flows to open in total", p.flows, 1, 10000000);
    o.AddDouble("flowRate",
                "Flow arrivals per second, all sources together",
                p.flowRate,
                1e-6,
                1e9);
    o.AddDouble("flowPackets", "Request segments per flow (mean)", p.flowPackets, 1, 1e6);
    o.AddChoice("flowSize",
                "Distribution of request segments per flow",
                p.flowSize,
                {"constant", "exponential"});
    o.AddTime("packetInterval",
              "Time between request segments of a flow",
              p.packetInterval,
              Seconds(0),
              Seconds(3600));
    o.AddUint("requestSize", "Request payload bytes", p.requestSize, 16, 1400);
    o.AddUint("responseSize", "Response payload bytes", p.responseSize, 16, 1400);
    o.AddTime("idleTimeout", "Flow-table idle timeout", p.idleTimeout, Seconds(0), Seconds(1e6));
    o.AddUint("tableCapacity",
              "Flow-table capacity in entries per forwarder (0 = unlimited)",
              p.tableCapacity);
    o.AddChoice("overflow",
                "What a full flow table does with a new flow",
                p.overflow,
                {"drop", "bypass"});
    o.AddTime("processingDelay",
              "Service time per packet of an instance",
              p.processingDelay,
              Seconds(0),
              Seconds(1));
    o.AddTime("grace",
              "Time after the last flow opened before the run ends",
              p.grace,
              Seconds(0),
              Seconds(1e6));
    o.AddOutput("flowsCsv", "Write one CSV line per flow to this file", p.flowsCsv);
    ScenarioTraces::DeclareOptions(o, p.pcap, p.flowmon, p.netanim, p.netanimWindow);
    ScenarioFaults::DeclareOptions(o, p.faults, p.randomFaults);
    // Attributes Run() sets from these options: --ns3:: overrides of them are refused.
    o.SetsAttributes({
        {"processingDelay", "ns3::sfc::ServiceNode::ProcessingDelay"},
        {"idleTimeout", "ns3::sfc::FlowTable::IdleTimeout"},
        {"tableCapacity", "ns3::sfc::FlowTable::Capacity"},
        {"overflow", "ns3::sfc::FlowTable::OverflowPolicy"},
        {"controlDelay", "ns3::sfc::ScalingController::ControlDelay"},
        {"drainIdle", "ns3::sfc::ScalingController::DrainIdle"},
        {"drainTimeout", "ns3::sfc::ScalingController::DrainTimeout"},
        {"autoscale", "ns3::sfc::ScalingController::AutoscaleFunction"},
        {"autoscaleMode", "ns3::sfc::ScalingController::AutoscaleMode"},
        {"autoscalePeriod", "ns3::sfc::ScalingController::AutoscalePeriod"},
        {"autoscaleHigh", "ns3::sfc::ScalingController::HighUtilization"},
        {"autoscaleLow", "ns3::sfc::ScalingController::LowUtilization"},
        {"autoscaleMin", "ns3::sfc::ScalingController::MinInstances"},
        {"autoscaleMax", "ns3::sfc::ScalingController::MaxInstances"},
        {"flowRate", "ns3::sfc::FlowClient::InterArrival"},
        {"flowSize", "ns3::sfc::FlowClient::FlowSize"},
        {"packetInterval", "ns3::sfc::FlowClient::PacketInterval"},
        {"requestSize", "ns3::sfc::FlowClient::RequestSize"},
        {"flows", "ns3::sfc::FlowClient::MaxFlows"},
        {"responseSize", "ns3::sfc::FlowServer::ResponseSize"},
    });
}

SfcTopology::LeafSpineParams
StickinessScenario::TopologyParams() const
{
    SfcTopology::LeafSpineParams tp;
    tp.racks = m_p.racks;
    tp.servers = m_p.servers;
    tp.sources = m_p.sources;
    tp.externals = m_p.destinations;
    tp.controller = !m_events.empty() || m_autoscaleFunction != 0;
    return tp;
}

std::string
StickinessScenario::Validate()
{
    if (m_p.servers < m_p.racks)
    {
        return "--servers must be at least --racks";
    }
    std::vector<std::string> names = FunctionNames();
    if (names.empty() || names.size() > 64)
    {
        return "--chain must list 1 to 64 functions";
    }
    for (const auto& n : names)
    {
        if (n != "fw" && n != "dpi" && n != "nat")
        {
            return "--chain: unknown function '" + n + "' (fw, dpi, nat)";
        }
    }
    std::string spec = m_p.events;
    if (!m_p.eventsFile.empty())
    {
        std::string text;
        std::string err = InputChecks::ReadFile("eventsFile",
                                                m_p.eventsFile,
                                                InputChecks::kMaxInputFileBytes,
                                                text);
        if (!err.empty())
        {
            return err;
        }
        spec += (spec.empty() ? "" : "\n") + text;
    }
    std::string error;
    if (!ScalingEvent::Parse(spec, m_events, error))
    {
        return error;
    }
    for (auto& e : m_events)
    {
        if (!e.Resolve(names, error))
        {
            return error;
        }
    }
    error = InputChecks::ScalingSchedule(m_p.eventsFile.empty() ? "events" : "events/--eventsFile",
                                         m_events,
                                         names.size(),
                                         m_p.instances);
    // The run lasts until a grace time after the last flow opened (about flows / flowRate,
    // twice that to be safe) or the last scaling event.
    double opening = 0.1 + 2.0 * m_p.flows / m_p.flowRate;
    double lastEvent = m_events.empty() ? 0.0 : ToSeconds(m_events.back().time);
    if (error.empty())
    {
        error = InputChecks::SeriesLength(std::max(opening, lastEvent) + ToSeconds(m_p.grace),
                                          m_p.tsInterval,
                                          "--flows/--flowRate, --events, --grace");
    }
    if (!error.empty())
    {
        return error;
    }
    m_autoscaleFunction = 0;
    if (!m_p.autoscale.empty())
    {
        ScalingEvent target;
        target.function = m_p.autoscale;
        if (!target.Resolve(names, error))
        {
            return "--autoscale: " + error;
        }
        if (m_p.autoscaleMin > m_p.autoscaleMax || m_p.autoscaleLow > m_p.autoscaleHigh)
        {
            return "--autoscaleMin/Low must not exceed --autoscaleMax/High";
        }
        m_autoscaleFunction = target.index;
    }
    if (m_p.rogue && m_events.empty() && m_autoscaleFunction == 0)
    {
        return "--rogue needs a control path: --events or --autoscale";
    }
    if (m_p.traffic != "tcp-like" && (!m_p.flowsCsv.empty() || !m_p.flowmon.empty()))
    {
        // Both follow the FlowClient's flow ids, which ns-3's applications do not carry.
        return "--flowsCsv and --flowmon follow the TCP-like flows' ids: they need "
               "--traffic=tcp-like (with ns-3 applications, use --pcap)";
    }
    error = CheckPortCapacity();
    if (!error.empty())
    {
        return error;
    }
    return m_faults.Configure(m_p.faults,
                              m_p.randomFaults,
                              FaultHelper::TargetsOf(SfcTopology::LeafSpine(TopologyParams())));
}

uint64_t
StickinessScenario::GetClientPortsPerSource()
{
    uint64_t first = UintAttributeDefault("ns3::sfc::FlowClient", "FirstPort");
    uint64_t last = UintAttributeDefault("ns3::sfc::FlowClient", "LastPort");
    return std::max(first, last) - std::min(first, last) + 1;
}

uint64_t
StickinessScenario::GetNatPortsPerDestination()
{
    uint64_t lo = UintAttributeDefault("ns3::sfc::SourceNat", "PortMin");
    uint64_t hi = UintAttributeDefault("ns3::sfc::SourceNat", "PortMax");
    return hi >= lo ? hi - lo + 1 : 0;
}

std::string
StickinessScenario::CheckPortCapacity() const
{
    // Little's law: flows arriving at flowRate, each open for at least its
    // request segments' intervals, are about this many at once.
    double concurrent = std::min(double(m_p.flows),
                                 m_p.flowRate * m_p.flowPackets * m_p.packetInterval.GetSeconds());
    std::string error;
    if (m_p.traffic == "tcp-like")
    {
        // Every source VM's FlowClient has FirstPort..LastPort (a port is reused
        // only once its flow closed); the flows split evenly over the sources.
        error = PortCapacity(concurrent,
                             GetClientPortsPerSource(),
                             m_p.sources,
                             "sources",
                             "source VMs");
    }
    std::vector<std::string> names = FunctionNames();
    if (error.empty() && std::find(names.begin(), names.end(), "nat") != names.end())
    {
        // A NAT translates to one public address: its whole pool PortMin..PortMax
        // per destination, shared by its instances (a necessary condition only).
        error = PortCapacity(concurrent,
                             GetNatPortsPerDestination(),
                             m_p.destinations,
                             "destinations",
                             "destinations' NAT port pools");
    }
    return error;
}

} // namespace sfc
} // namespace ns3
