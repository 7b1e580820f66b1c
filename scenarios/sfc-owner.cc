/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * sfc-owner: state-analysis owner selection among vPlanes (seed 003, SPEC
 * study 5). Hosts with a vPlane each, VMs, a gateway vPlane and a controller;
 * east-west flows (both ends resolvable), outbound source-NAT flows (one end)
 * and inbound flows to port-forwarded public addresses (neither end); the
 * owner of each flow runs its firewall and NAT for both directions.
 *
 *   ./sfc-owner --mode=query --vplanes=8 --events=1s:leave:2 --results=out.jsonl
 *   ./sfc-owner --compare      # every mode on the same flows, side by side
 */

#include "ns3/sfc-module.h"

#include <iostream>

using namespace ns3;
using namespace ns3::sfc;

int
main(int argc, char* argv[])
{
    OwnerScenario scenario;
    std::string results;
    bool quiet = false;
    bool compare = false;
    // Before the options: ns-3 lists attributes (--PrintAttributes), not trace sources.
    TraceSourceCatalog::Handle("sfc-owner", argc, argv);
    ScenarioOptions opts("sfc-owner",
                         "State-analysis owner selection among vPlanes (seed 003). Trace sources: "
                         "listTraceSources prints them as JSON");
    scenario.DeclareOptions(opts);
    opts.AddResultsOptions(results, quiet);
    opts.AddBool("compare",
                 "Run every mode on the same flows (same RngRun) and print them side by side; "
                 "one results row per mode, trace files per mode (mode in the file name)",
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
    std::vector<std::string> modes{scenario.GetParams().mode};
    if (compare)
    {
        modes = OwnerScenario::ModeNames();
    }
    OwnerScenario::Params outputs = scenario.GetParams();
    std::vector<nlohmann::ordered_json> all;
    for (const auto& mode : modes)
    {
        OwnerScenario::Params& p = scenario.GetParams();
        p.mode = mode;
        if (compare)
        {
            p.pcap = ScenarioOptions::TaggedPath(outputs.pcap, mode);
            p.flowmon = ScenarioOptions::TaggedPath(outputs.flowmon, mode);
            p.netanim = ScenarioOptions::TaggedPath(outputs.netanim, mode);
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
        OwnerScenario::PrintComparison(modes, all, std::cout);
    }
    return 0;
}
