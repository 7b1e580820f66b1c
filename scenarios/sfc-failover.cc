/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * sfc-failover: stateful failover of service managers (seed 002).
 *
 *   clients -> forwarding agents (their routers) -> LAN -> hosts behind a virtual IP
 *                                                      -> primary + backup service managers
 *
 * The agents send the first packet of every flow to the managing service
 * manager, which picks a host and returns the packet with a fixed affinity;
 * the primary replicates every affinity it sends or renews to its backup.
 * A node (by default the primary manager) fails at --failAt. The run reports
 * how many flows active at the failure broke, how long the backup took to set
 * up a new flow, control traffic per flow by message type and affinity-cache
 * sizes. One JSON object per run is appended to --results.
 *
 *   ./sfc-failover --replication=false --heartbeat=0.2 --results=out.jsonl
 */

#include "ns3/sfc-module.h"

#include <iostream>

using namespace ns3;
using namespace ns3::sfc;

int
main(int argc, char* argv[])
{
    FailoverScenario scenario;
    std::string results;
    bool quiet = false;
    // Before the options: ns-3 lists attributes (--PrintAttributes), not trace sources.
    TraceSourceCatalog::Handle("sfc-failover", argc, argv);
    ScenarioOptions opts("sfc-failover",
                         "Stateful failover of service managers (seed 002). Trace sources: "
                         "listTraceSources prints them as JSON");
    scenario.DeclareOptions(opts);
    opts.AddResultsOptions(results, quiet);
    opts.AddCheckOption();
    opts.Parse(argc, argv);
    std::string error = scenario.Validate();
    if (!error.empty())
    {
        opts.Fail(error);
    }
    if (opts.CheckOnly())
    {
        return 0;
    }

    nlohmann::ordered_json row = opts.ResultsRow();
    row["metrics"] = scenario.Run();
    opts.WriteResults(results, row);
    if (!quiet)
    {
        scenario.PrintSummary(row["metrics"], std::cout);
    }
    return 0;
}
