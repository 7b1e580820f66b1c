/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ns3/config.h"
#include "ns3/names.h"
#include "ns3/node-container.h"
#include "ns3/scenario-traces.h"
#include "ns3/simulator.h"

#include <gtest/gtest.h>

using namespace ns3;
using namespace ns3::sfc;

namespace
{
/// Two nodes named as a scenario's layout names them
std::vector<ScenarioTraces::AnimNode>
Layout(const NodeContainer& nodes)
{
    return {{nodes.Get(0), 0, 0, "server0"}, {nodes.Get(1), 10, 0, "gateway"}};
}
} // namespace

// Issue 14: nodes had no ns-3 names (pcaps trace-4-1.pcap, no /Names/ Config paths).
TEST(ScenarioTraces, EnableNamesTheNodesAndCloseClearsTheNames)
{
    for (int run = 0; run < 2; ++run) // a second run in the process names them again
    {
        NodeContainer nodes;
        nodes.Create(2);
        ScenarioTraces traces("", "", "");
        std::string pcap = "unset";
        traces.Enable([&pcap](const std::string& prefix) { pcap = prefix; }, Layout(nodes));
        EXPECT_EQ(pcap, "unset") << "no pcap prefix, no pcap";
        EXPECT_EQ(Names::Find<Node>("server0"), nodes.Get(0));
        EXPECT_EQ(Names::FindName(nodes.Get(1)), "gateway");
        Config::MatchContainer m = Config::LookupMatches("/Names/gateway");
        ASSERT_EQ(m.GetN(), 1u);
        EXPECT_EQ(m.Get(0), nodes.Get(1));
        EXPECT_EQ(Config::LookupMatches("/Names/server0/ApplicationList/*").GetN(), 0u);
        traces.Close();
        EXPECT_EQ(Names::Find<Node>("server0"), nullptr);
        EXPECT_EQ(Names::FindName(nodes.Get(1)), "");
        Simulator::Destroy();
    }
}
