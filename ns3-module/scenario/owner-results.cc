/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "owner-results.h"

#include "ns3/results-schema.h"

#include <algorithm>
#include <iomanip>

namespace ns3
{
namespace sfc
{

namespace
{
/// Jain's fairness index of values (1 if all are equal or there are none)
double
Jain(const std::vector<double>& x)
{
    double sum = 0;
    double squares = 0;
    for (double v : x)
    {
        sum += v;
        squares += v * v;
    }
    return squares > 0 ? sum * sum / (x.size() * squares) : 1.0;
}
} // namespace

nlohmann::ordered_json
OwnerResults::Metrics(const OwnerMonitor::Summary& s,
                      const OwnerDeployment& d,
                      const std::string& mode,
                      const std::vector<uint32_t>& moved,
                      Time end)
{
    nlohmann::ordered_json m;
    const OwnerMonitor::KindSummary& a = s.all;
    m["flows"] = a.flows;
    m["completed_flows"] = a.completed;
    m["broken_flows"] = a.broken;
    m["broken_ratio"] = a.flows ? double(a.broken) / a.flows : 0.0;
    m["sticky_flows"] = a.sticky;
    m["stickiness_ratio"] = a.flows ? double(a.sticky) / a.flows : 0.0;
    m["stickiness_violations"] = a.violations;
    m["split_flows"] = a.split;
    m["first_packet_delivered_flows"] = a.firstDelivered;
    m["owner_processed_packets"] = a.processed;
    m["first_packet_detour_links"] = a.detourLinks;
    m["first_packet_detour_latency_ms"] = a.detourLatencyMs;
    for (uint32_t k = 0; k < OwnerMonitor::kKinds; ++k)
    {
        const OwnerMonitor::KindSummary& ks = s.kinds[k];
        std::string n = OwnerMonitor::KindName(static_cast<OwnerMonitor::Kind>(k));
        m[n + "_flows"] = ks.flows;
        m[n + "_broken"] = ks.broken;
        m[n + "_sticky"] = ks.sticky;
        m[n + "_violations"] = ks.violations;
        m[n + "_first_packet_delivered"] = ks.firstDelivered;
        m[n + "_detour_links"] = ks.detourLinks;
        m[n + "_detour_latency_ms"] = ks.detourLatencyMs;
    }
    // Helper load: per vPlane that ever helped (central: the controller alone).
    std::vector<double> load;
    if (mode == "central")
    {
        load.push_back(double(d.controller->GetDatabaseLoad()));
    }
    else if (mode != "source-owner")
    {
        for (const auto& v : d.hosts)
        {
            load.push_back(double(v->GetHelperLoad()));
        }
    }
    double loadMax = load.empty() ? 0 : *std::max_element(load.begin(), load.end());
    double loadSum = 0;
    for (double l : load)
    {
        loadSum += l;
    }
    m["helper_load_max"] = loadMax;
    m["helper_load_mean"] = load.empty() ? 0.0 : loadSum / load.size();
    m["helper_load_jain"] = Jain(load);
    uint64_t messages = d.controller->GetControl()->GetSent();
    uint64_t bytes = d.controller->GetControl()->GetSentBytes();
    uint64_t maps = d.controller->GetMapsSent();
    uint64_t lost = d.controller->GetControl()->GetLost();
    uint64_t retx = d.controller->GetControl()->GetRetransmissions();
    uint64_t malformed = d.controller->GetControl()->GetMalformed();
    uint32_t peakCache = 0;
    uint32_t peakAssoc = d.controller->GetDatabase()->GetStore()->GetPeakEntries();
    uint64_t registrations = 0;
    uint64_t transferred = 0;
    uint64_t queueDrops = 0;
    uint64_t unresolved = 0;
    uint32_t peakQueued = 0;
    for (const auto& v : d.All())
    {
        Ptr<OwnerControlEndpoint> c = v->GetControl();
        messages += c->GetSent();
        bytes += c->GetSentBytes();
        lost += c->GetLost();
        retx += c->GetRetransmissions();
        malformed += c->GetMalformed();
        peakCache = std::max(peakCache, v->GetOwnerCache()->GetPeakEntries());
        peakAssoc = std::max(peakAssoc, v->GetAssociationService()->GetStore()->GetPeakEntries());
        registrations += v->GetRegistrations();
        transferred += v->GetTransferred();
        queueDrops += v->GetQueueDrops();
        unresolved += v->GetUnresolvedDrops();
        peakQueued = std::max(peakQueued, v->GetPeakQueued());
    }
    m["control_messages"] = messages;
    m["control_bytes"] = bytes;
    m["control_messages_per_flow"] = a.flows ? double(messages - maps) / a.flows : 0.0;
    m["control_bytes_per_flow"] = a.flows ? double(bytes) / a.flows : 0.0;
    m["subset_map_messages"] = maps;
    m["control_lost"] = lost;
    m["control_retransmissions"] = retx;
    m["control_malformed"] = malformed;
    m["registrations"] = registrations;
    m["associations_transferred"] = transferred;
    m["peak_owner_cache_entries"] = peakCache;
    m["peak_association_entries"] = peakAssoc;
    m["query_queue_drops"] = queueDrops;
    m["unresolved_drops"] = unresolved;
    m["peak_queued_packets"] = peakQueued;
    EventMetrics events;
    uint64_t brokenAcross = 0;
    for (uint32_t i = 0; i < s.events.size(); ++i)
    {
        const OwnerMonitor::EventSummary& e = s.events[i];
        events.Add(e.timeS,
                   e.label,
                   e.active,
                   e.broken,
                   e.active ? double(e.broken) / e.active : 0.0);
        events.Set("subsets_moved", i < moved.size() ? moved[i] : 0u);
        brokenAcross += e.broken;
    }
    m["broken_across_events"] = brokenAcross;
    m["events"] = events.ToJson();
    m["duration_s"] = end.GetSeconds();

    return m;
}

void
OwnerResults::PrintComparison(const std::vector<std::string>& modes,
                              const std::vector<nlohmann::ordered_json>& metrics,
                              std::ostream& os)
{
    const std::vector<std::pair<std::string, std::string>> rows{
        {"flows", "flows"},
        {"broken_flows", "broken flows"},
        {"sticky_flows", "sticky flows"},
        {"stickiness_violations", "violations"},
        {"east_west_broken", "  east-west broken"},
        {"outbound_nat_broken", "  outbound NAT broken"},
        {"inbound_nat_broken", "  inbound NAT broken"},
        {"first_packet_detour_links", "first-packet detour links"},
        {"first_packet_detour_latency_ms", "first-packet detour ms"},
        {"helper_load_max", "helper load max"},
        {"helper_load_mean", "helper load mean"},
        {"helper_load_jain", "helper load Jain"},
        {"control_messages_per_flow", "control msgs / flow"},
        {"control_bytes_per_flow", "control bytes / flow"},
        {"peak_owner_cache_entries", "peak owner-cache entries"},
        {"peak_association_entries", "peak association entries"},
        {"broken_across_events", "broken across events"}};
    PrintSideBySide(os, modes, metrics, rows, 28, 14);
}

} // namespace sfc
} // namespace ns3
