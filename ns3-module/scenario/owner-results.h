/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_OWNER_RESULTS_H
#define SFC_OWNER_RESULTS_H

#include "ns3/nstime.h"
#include "ns3/owner-helper.h"
#include "ns3/owner-monitor.h"

#include <cstdint>
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
 * \brief The sfc-owner results row: metrics from the monitor's summary and
 *        the deployment's counters, and the side-by-side table of modes.
 */
class OwnerResults
{
  public:
    /**
     * \param s the monitor's summary \param d the deployment (its counters)
     * \param mode the mode \param moved subsets moved per event \param end end of the run
     * \return the metrics object
     */
    static nlohmann::ordered_json Metrics(const OwnerMonitor::Summary& s,
                                          const OwnerDeployment& d,
                                          const std::string& mode,
                                          const std::vector<uint32_t>& moved,
                                          Time end);
    /// \param modes modes \param metrics their metrics \param os where to print the table
    static void PrintComparison(const std::vector<std::string>& modes,
                                const std::vector<nlohmann::ordered_json>& metrics,
                                std::ostream& os);
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_OWNER_RESULTS_H */
