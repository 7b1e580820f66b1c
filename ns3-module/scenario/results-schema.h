/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_RESULTS_SCHEMA_H
#define SFC_RESULTS_SCHEMA_H

#include <cstdint>
#include <functional>
#include <iterator>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief Builds metrics["events"] of a results row: one object per event.
 *
 * The results schema (ns3-module/doc/results.rst): every event has, in this
 * order, time_s (number), event (a label such as "nat:+1" or
 * "fail:primary"), active_flows (flows active across the event),
 * broken_flows (broken among them) and broken_ratio, then optional extra
 * numeric fields. Every scenario with events writes them through this class,
 * so the analysis toolkit reads them without knowing the scenario.
 *
 * \code
 *   EventMetrics events;
 *   events.Add(1.0, "nat:+1", 40, 2, 0.05).Set("no_state_drops", 7);
 *   metrics["events"] = events.ToJson();
 * \endcode
 */
class EventMetrics
{
  public:
    /**
     * \brief Append an event with the required fields.
     * \param timeS when it happened (simulated seconds)
     * \param label what happened
     * \param activeFlows flows active across it
     * \param brokenFlows broken among them
     * \param brokenRatio brokenFlows / activeFlows as the scenario defines it
     * \return this, for Set() on the new event
     */
    EventMetrics& Add(double timeS,
                      const std::string& label,
                      uint64_t activeFlows,
                      uint64_t brokenFlows,
                      double brokenRatio);

    /**
     * \brief Add an extra numeric field to the last event added.
     * \param name the field (not one of the required ones, not set before)
     * \param value a number
     * \return this
     */
    template <typename T>
    EventMetrics& Set(const std::string& name, T value)
    {
        static_assert(std::is_arithmetic_v<T> && !std::is_same_v<T, bool>,
                      "extra event fields are numbers");
        return SetField(name, nlohmann::ordered_json(value));
    }

    /// \return the events as a JSON array (empty if none)
    nlohmann::ordered_json ToJson() const;

  private:
    /// \param name field \param value number \return this
    EventMetrics& SetField(const std::string& name, nlohmann::ordered_json value);

    nlohmann::ordered_json m_events = nlohmann::ordered_json::array(); //!< the events
};

/**
 * \ingroup sfc
 * \brief Builds metrics["timeseries"] of a results row: per-interval counts.
 *
 * The results schema (ns3-module/doc/results.rst): an object with
 * interval_s (number), time_s (the start of every interval, an array) and
 * named arrays of the same length, in the order added; a group is a nested
 * object of such arrays (e.g. "instances": one array per function). A
 * column of another length is a programming error (the program aborts).
 *
 * \code
 *   TimeSeriesTable ts(0.25, TimeSeriesTable::Column(bins, [](const Bin& b) {
 *       return b.start.GetSeconds(); }));
 *   ts.Add("broken_flows", TimeSeriesTable::Column(bins, &Bin::flowsBroken));
 *   metrics["timeseries"] = ts.ToJson();
 * \endcode
 */
class TimeSeriesTable
{
  public:
    /**
     * \param intervalS width of an interval (s)
     * \param timesS start of every interval (s)
     */
    TimeSeriesTable(double intervalS, const std::vector<double>& timesS);

    /**
     * \brief Add a named column.
     * \param name its name (not interval_s, time_s or a name used before)
     * \param values one number per interval
     * \return this
     */
    template <typename T>
    TimeSeriesTable& Add(const std::string& name, const std::vector<T>& values)
    {
        static_assert(std::is_arithmetic_v<T> && !std::is_same_v<T, bool>,
                      "time-series columns are numbers");
        return AddColumn("", name, nlohmann::ordered_json(values), values.size());
    }

    /**
     * \brief Add a column to a group (a nested object, created on first use).
     * \param group the group's name
     * \param name the column's name in the group
     * \param values one number per interval
     * \return this
     */
    template <typename T>
    TimeSeriesTable& Add(const std::string& group,
                         const std::string& name,
                         const std::vector<T>& values)
    {
        static_assert(std::is_arithmetic_v<T> && !std::is_same_v<T, bool>,
                      "time-series columns are numbers");
        return AddColumn(group, name, nlohmann::ordered_json(values), values.size());
    }

    /**
     * \brief A column from rows, one value per row.
     * \param rows the intervals, in time order
     * \param get row -> number: a data member pointer (&Bin::flowsBroken) or a callable
     * \return the values
     */
    template <typename Rows, typename Get>
    static auto Column(const Rows& rows, Get get)
    {
        std::vector<std::decay_t<decltype(std::invoke(get, *std::begin(rows)))>> values;
        values.reserve(rows.size());
        for (const auto& r : rows)
        {
            values.push_back(std::invoke(get, r));
        }
        return values;
    }

    /// \return the table as a JSON object
    nlohmann::ordered_json ToJson() const;

  private:
    /**
     * \param group "" for a top-level column
     * \param name column name
     * \param values JSON array
     * \param n its length
     * \return this
     */
    TimeSeriesTable& AddColumn(const std::string& group,
                               const std::string& name,
                               nlohmann::ordered_json values,
                               std::size_t n);

    std::size_t m_length;          //!< intervals
    nlohmann::ordered_json m_json; //!< the table
};

/**
 * \ingroup sfc
 * \brief Prints the metrics of several runs side by side (--compare): a header
 *        of run labels, then one line per metric, numbers with 3 decimals.
 * \param os where to print
 * \param labels the runs' labels (column headers)
 * \param metrics the runs' metrics objects, in the labels' order
 * \param rows (metric key, row label) pairs, in print order
 * \param labelWidth width of the row-label column
 * \param columnWidth width of each run's column
 */
void PrintSideBySide(std::ostream& os,
                     const std::vector<std::string>& labels,
                     const std::vector<nlohmann::ordered_json>& metrics,
                     const std::vector<std::pair<std::string, std::string>>& rows,
                     int labelWidth,
                     int columnWidth);

} // namespace sfc
} // namespace ns3

#endif /* SFC_RESULTS_SCHEMA_H */
