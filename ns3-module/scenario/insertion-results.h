/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_INSERTION_RESULTS_H
#define SFC_INSERTION_RESULTS_H

#include "ns3/insertion-monitor.h"
#include "ns3/intrusion-prevention.h"
#include "ns3/lisp-mapping-system.h"
#include "ns3/nstime.h"
#include "ns3/vem-switch.h"

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
 * \brief The sfc-insertion results row: convergence, bypass and per-flow
 *        outcomes from the InsertionMonitor, control messages and bytes by
 *        LISP type from the switches' and the mapping system's counters,
 *        map-cache and flow-table state per switch, events.
 */
class InsertionResults
{
  public:
    /// What the metrics are computed from
    struct Inputs
    {
        Ptr<InsertionMonitor> monitor;        //!< the flows
        std::vector<Ptr<VemSwitch>> switches; //!< the switches, by server
        Ptr<LispMappingSystem> ms;            //!< the mapping system
        Ptr<IntrusionPrevention> ips;         //!< the inserted IPS
        Time insertAt;                        //!< insertion
        Time removeAt{Time::Max()};           //!< removal (Max: none)
        Time migrateAt{Time::Max()};          //!< firewall migration (Max: none)
        uint64_t migratedRx{0};               //!< packets at the firewall after it moved
        Time end;                             //!< end of the run
    };

    /// \param in the run \return the metrics object
    static nlohmann::ordered_json Metrics(const Inputs& in);
    /// \param m metrics \param os where to print a summary
    static void PrintSummary(const nlohmann::ordered_json& m, std::ostream& os);
    /// \param labels run labels \param metrics their metrics \param os where to print
    static void PrintComparison(const std::vector<std::string>& labels,
                                const std::vector<nlohmann::ordered_json>& metrics,
                                std::ostream& os);
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_INSERTION_RESULTS_H */
