/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "results-schema.h"

#include "ns3/abort.h"
#include "ns3/log.h"

#include <iomanip>

namespace ns3
{
namespace sfc
{

NS_LOG_COMPONENT_DEFINE("SfcResultsSchema");

namespace
{
/// Fields every event has, in their order
const char* const kEventFields[] = {"time_s",
                                    "event",
                                    "active_flows",
                                    "broken_flows",
                                    "broken_ratio"};
} // namespace

EventMetrics&
EventMetrics::Add(double timeS,
                  const std::string& label,
                  uint64_t activeFlows,
                  uint64_t brokenFlows,
                  double brokenRatio)
{
    NS_LOG_FUNCTION(this << timeS << label << activeFlows << brokenFlows << brokenRatio);
    nlohmann::ordered_json e;
    e["time_s"] = timeS;
    e["event"] = label;
    e["active_flows"] = activeFlows;
    e["broken_flows"] = brokenFlows;
    e["broken_ratio"] = brokenRatio;
    m_events.push_back(std::move(e));
    return *this;
}

EventMetrics&
EventMetrics::SetField(const std::string& name, nlohmann::ordered_json value)
{
    NS_LOG_FUNCTION(this << name);
    NS_ABORT_MSG_IF(m_events.empty(), "EventMetrics::Set before any Add");
    for (const char* f : kEventFields)
    {
        NS_ABORT_MSG_IF(name == f, "event field " << name << " is set by Add");
    }
    NS_ABORT_MSG_IF(m_events.back().contains(name), "event field " << name << " set twice");
    m_events.back()[name] = std::move(value);
    return *this;
}

nlohmann::ordered_json
EventMetrics::ToJson() const
{
    return m_events;
}

TimeSeriesTable::TimeSeriesTable(double intervalS, const std::vector<double>& timesS)
    : m_length(timesS.size())
{
    NS_LOG_FUNCTION(this << intervalS << timesS.size());
    m_json["interval_s"] = intervalS;
    m_json["time_s"] = timesS;
}

TimeSeriesTable&
TimeSeriesTable::AddColumn(const std::string& group,
                           const std::string& name,
                           nlohmann::ordered_json values,
                           std::size_t n)
{
    NS_LOG_FUNCTION(this << group << name << n);
    NS_ABORT_MSG_IF(n != m_length,
                    "time-series column " << group << (group.empty() ? "" : ".") << name << " has "
                                          << n << " values for " << m_length << " intervals");
    nlohmann::ordered_json& table = group.empty() ? m_json : m_json[group];
    NS_ABORT_MSG_IF(!table.is_null() && !table.is_object(),
                    "time-series group " << group << " is a column");
    NS_ABORT_MSG_IF(table.contains(name), "time-series column " << name << " added twice");
    table[name] = std::move(values);
    return *this;
}

nlohmann::ordered_json
TimeSeriesTable::ToJson() const
{
    return m_json;
}

void
PrintSideBySide(std::ostream& os,
                const std::vector<std::string>& labels,
                const std::vector<nlohmann::ordered_json>& metrics,
                const std::vector<std::pair<std::string, std::string>>& rows,
                int labelWidth,
                int columnWidth)
{
    os << std::fixed << std::setprecision(3) << std::left << std::setw(labelWidth) << "metric";
    for (const auto& l : labels)
    {
        os << std::right << std::setw(columnWidth) << l;
    }
    os << "\n";
    for (const auto& [key, label] : rows)
    {
        os << std::left << std::setw(labelWidth) << label;
        for (const auto& m : metrics)
        {
            os << std::right << std::setw(columnWidth);
            if (m[key].is_number_float())
            {
                os << m[key].get<double>();
            }
            else
            {
                os << m[key].dump();
            }
        }
        os << "\n";
    }
}

} // namespace sfc
} // namespace ns3
