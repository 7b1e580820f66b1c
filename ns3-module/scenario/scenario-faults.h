/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_SCENARIO_FAULTS_H
#define SFC_SCENARIO_FAULTS_H

#include "scenario-options.h"

#include "ns3/fault-helper.h"
#include "ns3/fault-schedule.h"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief The fault-injection options every scenario program has: --faults (a
 *        schedule, FaultSpec's text form) and --randomFaults (that many
 *        faults drawn from the run's seed), checked before the run,
 *        installed through a FaultHelper, reported under "faults".
 *
 * In a scenario: DeclareOptions() with its options; Configure() in its
 * Validate(), with the nodes and links it offers; in Run(), once the network
 * and applications are installed, Install(); Report() before
 * Simulator::Destroy(), only if IsEnabled() (a run without faults reports
 * nothing new).
 */
class ScenarioFaults
{
  public:
    /// First random stream: the random schedule, then the loss models
    static constexpr int64_t kStream = 5000;

    /**
     * \param opts the program's options
     * \param faults bound to --faults
     * \param randomFaults bound to --randomFaults
     */
    static void DeclareOptions(ScenarioOptions& opts, std::string& faults, uint32_t& randomFaults);

    /**
     * \brief Parse and check the schedule.
     * \param faults --faults
     * \param randomFaults --randomFaults
     * \param targets the scenario's nodes and links
     * \return an error message, empty if the schedule is valid
     */
    std::string Configure(const std::string& faults,
                          uint32_t randomFaults,
                          const FaultTargets& targets);

    /// \return true if any fault is configured
    bool IsEnabled() const;

    /**
     * \brief Draw the random faults (in [from, to)) and install every fault.
     * \param helper the helper, with the scenario's nodes, channels and control ports
     * \param from earliest random fault
     * \param to latest end of a random fault
     */
    void Install(FaultHelper& helper, Time from, Time to);

  private:
    std::vector<FaultSpec> m_faults; //!< --faults
    uint32_t m_random{0};            //!< --randomFaults
    FaultTargets m_targets;          //!< what faults can act on
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_SCENARIO_FAULTS_H */
