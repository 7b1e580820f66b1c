/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "stickiness-results.h"

#include "results-schema.h"

#include <algorithm>

namespace ns3
{
namespace sfc
{

namespace
{
/// metrics["events"] (results schema): one object per scaling event
nlohmann::ordered_json
EventsJson(const ChainMonitor::Summary& s)
{
    EventMetrics events;
    for (const auto& e : s.events)
    {
        events.Add(e.time.GetSeconds(), e.label, e.activeFlows, e.brokenFlows, e.brokenRatio)
            .Set("no_state_drops", e.noStateDrops);
    }
    return events.ToJson();
}

/// metrics["timeseries"] (results schema): per-interval counts, instances per function
nlohmann::ordered_json
TimeSeriesJson(const ChainMonitor::Summary& s,
               const std::vector<std::string>& names,
               const ForwarderTimeSeries* entries,
               bool flowColumns)
{
    using Bin = ChainMonitor::Bin;
    const auto& bins = s.timeseries;
    TimeSeriesTable ts(s.binWidth.GetSeconds(), TimeSeriesTable::Column(bins, [](const Bin& b) {
                           return b.start.GetSeconds();
                       }));
    if (flowColumns)
    {
        ts.Add("started_flows", TimeSeriesTable::Column(bins, &Bin::flowsStarted))
            .Add("completed_flows", TimeSeriesTable::Column(bins, &Bin::flowsCompleted))
            .Add("broken_flows", TimeSeriesTable::Column(bins, &Bin::flowsBroken))
            .Add("active_flows", TimeSeriesTable::Column(bins, &Bin::activeFlows));
    }
    ts.Add("no_state_drops", TimeSeriesTable::Column(bins, &Bin::noStateDrops));
    for (uint32_t f = 1; f <= names.size(); ++f)
    {
        ts.Add("instances",
               "f" + std::to_string(f) + "_" + names[f - 1],
               TimeSeriesTable::Column(bins, [f](const Bin& b) { return b.instances[f]; }));
    }
    for (std::size_t i = 0; entries != nullptr && i < entries->GetNames().size(); ++i)
    {
        ts.Add("flow_entries", entries->GetNames()[i], entries->GetColumn(i, bins.size()));
    }
    return ts.ToJson();
}

} // namespace

nlohmann::ordered_json
StickinessResults::Metrics(const ChainMonitor::Summary& s,
                           const std::vector<std::string>& names,
                           Time lastOpen,
                           Time end,
                           const ForwarderTimeSeries* entries)
{
    nlohmann::ordered_json m;
    m["flows"] = s.flows;
    m["sticky_flows"] = s.stickyFlows;
    m["broken_flows"] = s.brokenFlows;
    m["stickiness_ratio"] = s.stickinessRatio;
    m["broken_ratio"] = s.brokenRatio;
    m["broken_ratio_all"] = s.brokenRatioAll;
    m["flows_across_events"] = s.flowsAcrossEvents;
    m["broken_across_events"] = s.brokenAcrossEvents;
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
        j["packets"] = f.packets;
        j["df_for"] = f.dfFor;
        fwd.push_back(j);
    }
    m["forwarders"] = fwd;
    m["events"] = EventsJson(s);
    m["timeseries"] = TimeSeriesJson(s, names, entries, true);
    return m;
}

nlohmann::ordered_json
StickinessResults::AppMetrics(const ChainMonitor::Summary& s,
                              const std::vector<std::string>& names,
                              Time lastOpen,
                              Time end,
                              const nlohmann::ordered_json& app,
                              const ForwarderTimeSeries* entries)
{
    nlohmann::ordered_json chain = Metrics(s, names, lastOpen, end, entries);
    nlohmann::ordered_json m;
    for (const auto& [key, value] : app.items())
    {
        if (key != "per_event")
        {
            m[key] = value;
        }
    }
    // The chain's own counts: drops, flow-table state, forwarders.
    const char* const none[] = {"flows",
                                "sticky_flows",
                                "broken_flows",
                                "stickiness_ratio",
                                "broken_ratio",
                                "broken_ratio_all",
                                "flows_across_events",
                                "broken_across_events",
                                "completed_flows",
                                "failed_flows",
                                "open_flows",
                                "tuple_changed_flows",
                                "no_state_drops",
                                "path_stretch",
                                "path_stretch_max",
                                "mean_fct_s",
                                "response_loss_ratio",
                                "events",
                                "timeseries"};
    for (const auto& [key, value] : chain.items())
    {
        if (std::find(std::begin(none), std::end(none), key) == std::end(none))
        {
            m[key] = value;
        }
    }
    EventMetrics events;
    for (std::size_t e = 0; e < s.events.size(); ++e)
    {
        const auto& pe = app["per_event"][e];
        uint32_t active = pe["active_flows"].get<uint32_t>();
        uint32_t broken = pe["broken_flows"].get<uint32_t>();
        events.Add(s.events[e].time.GetSeconds(),
                   s.events[e].label,
                   active,
                   broken,
                   active ? double(broken) / active : 0.0);
    }
    m["events"] = events.ToJson();
    m["timeseries"] = TimeSeriesJson(s, names, entries, false);
    return m;
}

void
StickinessResults::WriteTimeSeriesCsv(std::ostream& os,
                                      const ChainMonitor::Summary& s,
                                      const std::vector<std::string>& names)
{
    os << "time_s,started_flows,completed_flows,broken_flows,active_flows,no_state_drops";
    for (const auto& n : names)
    {
        os << ",instances_" << n;
    }
    os << "\n";
    for (const auto& b : s.timeseries)
    {
        os << b.start.GetSeconds() << "," << b.flowsStarted << "," << b.flowsCompleted << ","
           << b.flowsBroken << "," << b.activeFlows << "," << b.noStateDrops;
        for (uint32_t f = 1; f <= names.size(); ++f)
        {
            os << "," << b.instances[f];
        }
        os << "\n";
    }
}

} // namespace sfc
} // namespace ns3
