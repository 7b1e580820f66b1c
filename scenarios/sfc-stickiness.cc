/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * sfc-stickiness: bi-directional flow stickiness of a service chain whose
 * last function does NAT, with its instances spread over several servers.
 *
 *   sources (VMs on servers) -> fw -> dpi -> ... -> nat -> gateway -> external hosts
 *
 * Flows are TCP-like connections opened by the sources (Poisson arrivals);
 * the run reports how many stayed on one instance per function in both
 * directions (sticky) and how many broke, plus path stretch and table state.
 * One JSON object per run is appended to --results.
 *
 *   ./sfc-stickiness --policy=hash --instances=4 --results=out.jsonl
 */

#include "ns3/sfc-module.h"

#include <iostream>

using namespace ns3;
using namespace ns3::sfc;

int
main(int argc, char* argv[])
{
    StickinessScenario scenario;
    std::string results;
    bool quiet = false;
    bool compare = false;
    // Before the options: ns-3 lists attributes (--PrintAttributes), not trace sources.
    TraceSourceCatalog::Handle("sfc-stickiness", argc, argv);
    ScenarioOptions opts("sfc-stickiness",
                         "Bi-directional flow stickiness through a NAT service chain. Trace "
                         "sources: listTraceSources prints them as JSON");
    scenario.DeclareOptions(opts);
    opts.AddResultsOptions(results, quiet);
    opts.AddBool("compare",
                 "Run every policy on the same flows (same RngRun) and print them side by "
                 "side; one results row per policy, trace and table files per policy "
                 "(policy in the file name)",
                 compare);
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

    std::vector<std::string> policies{scenario.GetParams().policy};
    if (compare)
    {
        policies = ServiceChainHelper::GetPolicyNames();
    }
    // With --compare every policy writes its own trace and table files, the
    // policy in their names (flows.csv -> flows-hash.csv, ...).
    StickinessScenario::Params outputs = scenario.GetParams();
    std::vector<nlohmann::ordered_json> all;
    for (const auto& policy : policies)
    {
        StickinessScenario::Params& p = scenario.GetParams();
        p.policy = policy;
        if (compare)
        {
            p.flowsCsv = ScenarioOptions::TaggedPath(outputs.flowsCsv, policy);
            p.timeseriesCsv = ScenarioOptions::TaggedPath(outputs.timeseriesCsv, policy);
            p.pcap = ScenarioOptions::TaggedPath(outputs.pcap, policy);
            p.flowmon = ScenarioOptions::TaggedPath(outputs.flowmon, policy);
            p.netanim = ScenarioOptions::TaggedPath(outputs.netanim, policy);
        }
        nlohmann::ordered_json row = opts.ResultsRow();
        row["metrics"] = scenario.Run();
        opts.WriteResults(results, row);
        if (!quiet && !compare)
        {
            scenario.PrintSummary(row["metrics"], std::cout);
        }
        all.push_back(row["metrics"]);
    }
    if (!quiet && compare)
    {
        StickinessScenario::PrintComparison(policies, all, std::cout);
    }
    return 0;
}
