/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "insertion-results.h"

#include "ns3/lisp-map-register.h"
#include "ns3/lisp-map-reply.h"
#include "ns3/lisp-map-request.h"
#include "ns3/results-schema.h"

#include <algorithm>
#include <iomanip>

namespace ns3
{
namespace sfc
{

namespace
{
/// \param flows the flows \param t a time \param label event label \param events where
void
AddEvent(const std::vector<InsertionMonitor::FlowRecord>& flows,
         Time t,
         const std::string& label,
         EventMetrics& events)
{
    uint64_t active = 0;
    uint64_t broken = 0;
    for (const auto& f : flows)
    {
        if (InsertionMonitor::ActiveAt(f, t))
        {
            ++active;
            broken += InsertionMonitor::IsBroken(f) ? 1 : 0;
        }
    }
    events.Add(t.GetSeconds(), label, active, broken, active ? double(broken) / active : 0.0);
}
} // namespace

nlohmann::ordered_json
InsertionResults::Metrics(const Inputs& in)
{
    const auto& flows = in.monitor->GetFlows();
    nlohmann::ordered_json m;
    uint64_t completed = 0;
    uint64_t failed = 0;
    uint64_t broken = 0;
    uint64_t sticky = 0;
    uint64_t bypass[2] = {0, 0};
    uint64_t atIps = 0;
    uint32_t ipsFlows = 0;
    uint32_t oneDirection = 0;
    uint32_t onChain = 0;
    uint32_t unconverged = 0;
    uint32_t newFlows = 0;
    uint32_t newBypassed = 0;
    uint64_t noState = 0;
    Time convergence = Time(0);
    for (const auto& f : flows)
    {
        completed += f.completed ? 1 : 0;
        failed += f.failed ? 1 : 0;
        broken += InsertionMonitor::IsBroken(f) ? 1 : 0;
        sticky += (f.noStateDrops == 0 && !f.bypassAfterNode) ? 1 : 0;
        noState += f.noStateDrops;
        bypass[0] += f.bypass[0];
        bypass[1] += f.bypass[1];
        atIps += f.atNode[0] + f.atNode[1];
        ipsFlows += (f.atNode[0] + f.atNode[1]) > 0 ? 1 : 0;
        oneDirection += ((f.atNode[0] > 0) != (f.atNode[1] > 0)) ? 1 : 0;
        if (f.start >= in.insertAt && f.start < in.removeAt)
        {
            ++newFlows;
            newBypassed += (f.bypass[0] + f.bypass[1]) > 0 ? 1 : 0;
        }
        if (f.delivered[0] + f.delivered[1] == 0)
        {
            continue;
        }
        ++onChain;
        for (uint32_t d = 0; d < 2; ++d)
        {
            if (f.bypass[d] > 0)
            {
                convergence = std::max(convergence, f.lastBypass[d] - in.insertAt);
            }
        }
        Time at;
        unconverged += in.monitor->ConvergedAt(f, at) ? 0 : 1;
    }
    m["flows"] = flows.size();
    m["completed_flows"] = completed;
    m["failed_flows"] = failed;
    m["broken_flows"] = broken;
    m["broken_ratio"] = flows.empty() ? 0.0 : double(broken) / flows.size();
    m["sticky_flows"] = sticky;
    m["stickiness_ratio"] = flows.empty() ? 0.0 : double(sticky) / flows.size();
    m["no_state_drops"] = noState;
    // From the insertion to the last delivery that bypassed the IPS: after it every packet of
    // every flow, both directions, went through it.
    m["convergence_time_s"] = convergence.GetSeconds();
    m["flows_on_chain"] = onChain;
    m["unconverged_flows"] = unconverged;
    m["bypass_packets"] = bypass[0] + bypass[1];
    m["bypass_packets_forward"] = bypass[0];
    m["bypass_packets_reverse"] = bypass[1];
    m["new_flows"] = newFlows;
    m["new_flows_bypassed"] = newBypassed;
    m["ips_packets"] = atIps;
    m["ips_flows"] = ipsFlows;
    m["one_direction_flows"] = oneDirection;
    m["ips_started_connections"] = in.ips->GetStarted();
    m["ips_adopted_connections"] = in.ips->GetAdopted();
    m["ips_mid_flow_drops"] = in.ips->GetMidFlowDrops();
    Time lastAtIps = in.monitor->GetLastAtNode();
    m["removal_convergence_s"] =
        in.removeAt == Time::Max() ? 0.0 : std::max(Time(0), lastAtIps - in.removeAt).GetSeconds();

    // Control plane, by LISP message type: switches send Map-Requests (SMR-invoked
    // ones included) and Map-Registers; the mapping system Map-Replies, Map-Notifies, SMRs.
    const LispMappingSystemCounters& msc = in.ms->GetCounters();
    uint64_t requests = 0;
    uint64_t requestBytes = 0;
    uint64_t registers = 0;
    uint64_t registerBytes = 0;
    uint64_t smrInvoked = 0;
    uint64_t rateLimited = 0;
    nlohmann::ordered_json peakCache = nlohmann::ordered_json::array();
    uint32_t peakCacheMax = 0;
    uint32_t peakFlows = 0;
    std::vector<uint64_t> drops(kNumVemDropReasons, 0);
    for (const auto& s : in.switches)
    {
        const VemSwitchCounters& c = s->GetCounters();
        requests += c.controlTx[LispMapRequestHeader::kType];
        requestBytes += c.controlTxBytes[LispMapRequestHeader::kType];
        registers += c.controlTx[LispMapRegisterHeader::kType];
        registerBytes += c.controlTxBytes[LispMapRegisterHeader::kType];
        smrInvoked += c.smrInvoked;
        rateLimited += s->GetMapCache()->GetRateLimited();
        peakCache.push_back(s->GetMapCache()->GetPeakSize());
        peakCacheMax = std::max(peakCacheMax, s->GetMapCache()->GetPeakSize());
        peakFlows = std::max(peakFlows, s->GetFlowTable().GetPeakSize());
        for (uint32_t r = 0; r < kNumVemDropReasons; ++r)
        {
            drops[r] += c.drops[r];
        }
    }
    uint64_t replies = msc.txMessages[LispMapReplyHeader::kType];
    uint64_t replyBytes = msc.txBytes[LispMapReplyHeader::kType];
    uint64_t notifies = msc.txMessages[LispMapNotifyHeader::kType];
    uint64_t notifyBytes = msc.txBytes[LispMapNotifyHeader::kType];
    uint64_t smrs = msc.smrsSent;
    uint64_t smrBytes = msc.txBytes[LispMapRequestHeader::kType]; // the MS sends only SMRs
    uint64_t messages = requests + registers + replies + notifies + smrs;
    uint64_t bytes = requestBytes + registerBytes + replyBytes + notifyBytes + smrBytes;
    m["control_messages"] = messages;
    m["control_bytes"] = bytes;
    m["control_messages_per_flow"] = flows.empty() ? 0.0 : double(messages) / flows.size();
    m["map_request_messages"] = requests;
    m["map_request_bytes"] = requestBytes;
    m["smr_invoked_requests"] = smrInvoked;
    m["map_reply_messages"] = replies;
    m["map_reply_bytes"] = replyBytes;
    m["map_register_messages"] = registers;
    m["map_register_bytes"] = registerBytes;
    m["map_notify_messages"] = notifies;
    m["map_notify_bytes"] = notifyBytes;
    m["smr_messages"] = smrs;
    m["smr_bytes"] = smrBytes;
    m["rate_limited_requests"] = rateLimited;
    m["peak_map_cache_entries"] = peakCacheMax;
    m["peak_map_cache_entries_per_switch"] = peakCache;
    m["peak_flow_entries"] = peakFlows;
    nlohmann::ordered_json dropObj;
    for (uint32_t r = 0; r < kNumVemDropReasons; ++r)
    {
        dropObj[ToString(static_cast<VemDropReason>(r))] = drops[r];
    }
    m["switch_drops"] = dropObj;

    // Migration of the firewall: packets it got after the move, packets sent to its old place.
    const std::vector<Time>& notHosted = in.monitor->GetNotHostedDrops();
    m["migrated_node_packets_after"] = in.migratedRx;
    m["not_hosted_drops"] = notHosted.size();
    m["migration_convergence_s"] =
        (in.migrateAt == Time::Max() || notHosted.empty())
            ? 0.0
            : std::max(Time(0), notHosted.back() - in.migrateAt).GetSeconds();

    std::vector<std::pair<Time, std::string>> times{{in.insertAt, "insert ips"}};
    if (in.removeAt != Time::Max())
    {
        times.emplace_back(in.removeAt, "remove ips");
    }
    if (in.migrateAt != Time::Max())
    {
        times.emplace_back(in.migrateAt, "migrate fw");
    }
    std::stable_sort(times.begin(), times.end(), [](const auto& a, const auto& b) {
        return a.first < b.first;
    });
    EventMetrics events;
    for (const auto& [t, label] : times)
    {
        AddEvent(flows, t, label, events);
    }
    m["events"] = events.ToJson();
    m["duration_s"] = in.end.GetSeconds();
    return m;
}

void
InsertionResults::PrintSummary(const nlohmann::ordered_json& m, std::ostream& os)
{
    os << std::fixed << std::setprecision(3);
    os << "  flows                  " << m["flows"] << " (broken " << m["broken_flows"]
       << ", sticky " << m["sticky_flows"] << ")\n"
       << "  convergence            " << m["convergence_time_s"].get<double>()
       << " s (unconverged flows " << m["unconverged_flows"] << ")\n"
       << "  bypass packets         " << m["bypass_packets"] << " (forward "
       << m["bypass_packets_forward"] << ", reverse " << m["bypass_packets_reverse"] << ")\n"
       << "  one-direction flows    " << m["one_direction_flows"] << "\n"
       << "  IPS mid-flow drops     " << m["ips_mid_flow_drops"] << "\n"
       << "  control messages       " << m["control_messages"] << " (" << m["control_bytes"]
       << " bytes): map-request " << m["map_request_messages"] << ", map-reply "
       << m["map_reply_messages"] << ", map-register " << m["map_register_messages"]
       << ", map-notify " << m["map_notify_messages"] << ", smr " << m["smr_messages"] << "\n"
       << "  peak map-cache entries " << m["peak_map_cache_entries_per_switch"].dump() << "\n";
}

void
InsertionResults::PrintComparison(const std::vector<std::string>& labels,
                                  const std::vector<nlohmann::ordered_json>& metrics,
                                  std::ostream& os)
{
    const std::vector<std::pair<std::string, std::string>> rows{
        {"flows", "flows"},
        {"broken_flows", "broken flows"},
        {"convergence_time_s", "convergence s"},
        {"unconverged_flows", "unconverged flows"},
        {"bypass_packets", "bypass packets"},
        {"new_flows_bypassed", "new flows bypassed"},
        {"one_direction_flows", "one-direction flows"},
        {"control_messages", "control messages"},
        {"control_bytes", "control bytes"},
        {"map_request_messages", "  map-request"},
        {"map_reply_messages", "  map-reply"},
        {"map_register_messages", "  map-register"},
        {"map_notify_messages", "  map-notify"},
        {"smr_messages", "  smr"},
        {"peak_map_cache_entries", "peak map-cache entries"}};
    PrintSideBySide(os, labels, metrics, rows, 24, 12);
}

} // namespace sfc
} // namespace ns3
