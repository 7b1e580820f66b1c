/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "scenario-faults.h"

#include "ns3/random-variable-stream.h"

namespace ns3
{
namespace sfc
{

void
ScenarioFaults::DeclareOptions(ScenarioOptions& opts, std::string& faults, uint32_t& randomFaults)
{
    opts.AddString("faults",
                   "Faults to inject, comma-separated: link:A-B:START:END (link down), "
                   "loss:A-B=P:START:END, delay:A-B=TIME:START:END, crash:NODE:START:END, "
                   "control:A-B=P:START:END or control:*=P:START:END (control-message loss); "
                   "END optional (until the end); node names as in the results",
                   faults);
    opts.AddUint("randomFaults",
                 "Also inject this many random faults drawn from the run's seed",
                 randomFaults,
                 0,
                 1000);
}

std::string
ScenarioFaults::Configure(const std::string& faults,
                          uint32_t randomFaults,
                          const FaultTargets& targets)
{
    std::string error = FaultSchedule::Parse(faults, m_faults);
    if (error.empty())
    {
        error = targets.Check(m_faults);
    }
    if (!error.empty())
    {
        return "--faults: " + error;
    }
    m_random = randomFaults;
    m_targets = targets;
    return "";
}

bool
ScenarioFaults::IsEnabled() const
{
    return !m_faults.empty() || m_random > 0;
}

void
ScenarioFaults::Install(FaultHelper& helper, Time from, Time to)
{
    std::vector<FaultSpec> all = m_faults;
    if (m_random > 0)
    {
        Ptr<UniformRandomVariable> rng = CreateObject<UniformRandomVariable>();
        rng->SetStream(kStream);
        for (const FaultSpec& f :
             FaultSchedule::Random(rng, m_random, from, to, m_targets.links, m_targets.nodes))
        {
            all.push_back(f);
        }
    }
    helper.AssignStreams(kStream + 1);
    helper.Install(all);
}

} // namespace sfc
} // namespace ns3
