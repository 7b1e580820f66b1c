/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_STICKINESS_RESULTS_H
#define SFC_STICKINESS_RESULTS_H

#include "ns3/chain-monitor.h"
#include "ns3/forwarder-time-series.h"
#include "ns3/nstime.h"

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief The results of one sfc-stickiness run, from the ChainMonitor's
 *        summary: the metrics object of the results row (SPEC names; per-event
 *        metrics and time series in the schema of results.rst) and the
 *        --timeseriesCsv table.
 */
class StickinessResults
{
  public:
    /**
     * \param s the monitor's summary
     * \param names the chain's function names, in order
     * \param lastOpen when the last flow was opened
     * \param end simulated time at the end of the run
     * \param entries per-forwarder flow-table entries (--forwarderSeries), or null:
     *        the time series' "flow_entries" group, one column per forwarder
     * \return the "metrics" object
     */
    static nlohmann::ordered_json Metrics(const ChainMonitor::Summary& s,
                                          const std::vector<std::string>& names,
                                          Time lastOpen,
                                          Time end,
                                          const ForwarderTimeSeries* entries = nullptr);

    /**
     * \brief The metrics of a run of ns-3 applications (--traffic=ns3-tcp, ns3-udp):
     *        the chain's metrics of Metrics(), with the flow metrics of AppTraffic
     *        instead of the FlowClient's (which saw no flow) and without those that
     *        need the FlowClient's payload header (path stretch, response loss,
     *        per-interval flow counts).
     * \param s the monitor's summary (its events: times and labels)
     * \param names the chain's function names, in order
     * \param lastOpen when the last flow was opened
     * \param end simulated time at the end of the run
     * \param app AppTraffic::Metrics() (per_event: one entry per event of s)
     * \param entries as for Metrics()
     * \return the "metrics" object
     */
    static nlohmann::ordered_json AppMetrics(const ChainMonitor::Summary& s,
                                             const std::vector<std::string>& names,
                                             Time lastOpen,
                                             Time end,
                                             const nlohmann::ordered_json& app,
                                             const ForwarderTimeSeries* entries = nullptr);

    /**
     * \brief One CSV line per time-series interval, with a header line.
     * \param os where to write
     * \param s the monitor's summary
     * \param names the chain's function names, in order
     */
    static void WriteTimeSeriesCsv(std::ostream& os,
                                   const ChainMonitor::Summary& s,
                                   const std::vector<std::string>& names);
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_STICKINESS_RESULTS_H */
