/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "stickiness-results.h"

#include "results-schema.h"

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
TimeSeriesJson(const ChainMonitor::Summary& s, const std::vector<std::string>& names)
{
    using Bin = ChainMonitor::Bin;
    const auto& bins = s.timeseries;
    TimeSeriesTable ts(s.binWidth.GetSeconds(), TimeSeriesTable::Column(bins, [](const Bin& b) {
                           return b.start.GetSeconds();
                       }));
    ts.Add("started_flows", TimeSeriesTable::Column(bins, &Bin::flowsStarted))
        .Add("completed_flows", TimeSeriesTable::Column(bins, &Bin::flowsCompleted))
        .Add("broken_flows", TimeSeriesTable::Column(bins, &Bin::flowsBroken))
        .Add("active_flows", TimeSeriesTable::Column(bins, &Bin::activeFlows))
        .Add("no_state_drops", TimeSeriesTable::Column(bins, &Bin::noStateDrops));
    for (uint32_t f = 1; f <= names.size(); ++f)
    {
        ts.Add("instances",
               "f" + std::to_string(f) + "_" + names[f - 1],
               TimeSeriesTable::Column(bins, [f](const Bin& b) { return b.instances[f]; }));
    }
    return ts.ToJson();
}

} // namespace

nlohmann::ordered_json
StickinessResults::Metrics(const ChainMonitor::Summary& s,
                           const std::vector<std::string>& names,
                           Time lastOpen,
                           Time end)
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
    m["timeseries"] = TimeSeriesJson(s, names);
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
