/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * sfc-insertion: live insertion of an IPS into a running service chain by
 * re-programming a LISP mapping system (seed 004, SPEC study 4). Servers
 * with a VEM/VPATH switch each, VMs, an agentless firewall and a DPI with an
 * agent; the IPS is put on the chain at --insertAt with no change to the
 * nodes or the VMs; convergence, bypass, control load and broken flows.
 *
 *   ./sfc-insertion --smr=false --ttl=5 --results=out.jsonl
 *   ./sfc-insertion --compare     # SMR on and off on the same flows, side by side
 */

#include "ns3/sfc-module.h"

#include <iostream>

using namespace ns3;
using namespace ns3::sfc;

int
main(int argc, char* argv[])
{
    InsertionScenario scenario;
    std::string results;
    bool quiet = false;
    bool compare = false;
    TraceSourceCatalog::Handle("sfc-insertion", argc, argv);
    ScenarioOptions opts("sfc-insertion",
                         "Live insertion of an IPS into a running chain through a LISP mapping "
                         "system (seed 004). Trace sources: listTraceSources prints them as JSON");
    scenario.DeclareOptions(opts);
    opts.AddResultsOptions(results, quiet);
    opts.AddBool("compare",
                 "Run with SMR on and off on the same flows (same RngRun) and print them side by "
                 "side; one results row each, the pcap prefix tagged smr-on and smr-off",
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
    std::vector<bool> smrs{scenario.GetParams().smr};
    if (compare)
    {
        smrs = {true, false};
    }
    const std::string pcap = scenario.GetParams().pcap;
    std::vector<std::string> labels;
    std::vector<nlohmann::ordered_json> all;
    for (bool smr : smrs)
    {
        InsertionScenario::Params& p = scenario.GetParams();
        p.smr = smr;
        labels.push_back(smr ? "smr-on" : "smr-off");
        if (compare)
        {
            p.pcap = ScenarioOptions::TaggedPath(pcap, labels.back());
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
        InsertionResults::PrintComparison(labels, all, std::cout);
    }
    return 0;
}
