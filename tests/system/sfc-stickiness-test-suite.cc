/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * System tests of the stickiness study: small complete simulations.
 */

#include "sfc-system-test-utils.h"
#include "sfc-test-compat.h"

#include "ns3/rng-seed-manager.h"
#include "ns3/scenario-options.h"
#include "ns3/stickiness-scenario.h"
#include "ns3/test.h"

#include <cstdio>

using namespace ns3;
using namespace ns3::sfc;
using namespace ns3::sfc::test;

namespace
{

/// Run the stickiness scenario with small defaults and the given changes.
nlohmann::ordered_json
RunSmall(const std::function<void(StickinessScenario::Params&)>& change, uint32_t run = 1)
{
    return RunScenario<StickinessScenario>(
        [](StickinessScenario::Params& p) {
            p.flows = 80;
            p.flowRate = 200;
            p.servers = 4;
            p.instances = 3;
            p.functions = 3;
        },
        change,
        run);
}

} // namespace

/**
 * The seed's method through a NAT chain on several servers, with and without
 * designated forwarders: every flow sticky, none broken.
 */
class FlowTableStickyTestCase : public TestCase
{
  public:
    /// \param df use designated forwarders
    explicit FlowTableStickyTestCase(bool df)
        : TestCase(df ? "flow-table with DF and NDF: all flows sticky through NAT"
                      : "flow-table without DF: all flows sticky through NAT"),
          m_df(df)
    {
    }

  private:
    void DoRun() override
    {
        auto m = RunSmall([this](StickinessScenario::Params& p) {
            p.policy = m_df ? "flow-table-df" : "flow-table";
        });
        uint32_t flows = m["flows"];
        NS_TEST_ASSERT_MSG_EQ(flows, 80u, "every flow was opened");
        NS_TEST_ASSERT_MSG_EQ(m["sticky_flows"].get<uint32_t>(), flows, "every flow is sticky");
        NS_TEST_ASSERT_MSG_EQ(m["broken_flows"].get<uint32_t>(), 0u, "no flow is broken");
        NS_TEST_ASSERT_MSG_EQ(m["completed_flows"].get<uint32_t>(), flows, "every flow completes");
        NS_TEST_ASSERT_MSG_EQ(m["no_state_drops"].get<uint64_t>(), 0u, "no no-state drop");
        NS_TEST_ASSERT_MSG_EQ(m["tuple_changed_flows"].get<uint32_t>(), 0u, "one tuple per flow");
        double stretch = m["path_stretch"];
        if (m_df)
        {
            // The DF detour: some flows cross more links than their instances need.
            NS_TEST_ASSERT_MSG_GT(stretch, 1.05, "designated forwarders lengthen paths");
        }
        else
        {
            NS_TEST_ASSERT_MSG_EQ_TOL(stretch, 1.0, 1e-9, "no detour without DF");
        }
        NS_TEST_ASSERT_MSG_GT(m["peak_flow_entries"].get<uint32_t>(), 0u, "entries were cached");
    }

    bool m_df; //!< use DF
};

/**
 * The stateless hash baseline: return packets reach NAT (and firewall)
 * instances without the flow's state, so flows break.
 */
class HashBreaksTestCase : public TestCase
{
  public:
    HashBreaksTestCase()
        : TestCase("hash: return packets reach instances without state")
    {
    }

  private:
    void DoRun() override
    {
        auto m = RunSmall([](StickinessScenario::Params& p) { p.policy = "hash"; });
        uint32_t flows = m["flows"];
        NS_TEST_ASSERT_MSG_EQ(flows, 80u, "every flow was opened");
        NS_TEST_ASSERT_MSG_GT(m["no_state_drops"].get<uint64_t>(), 0u, "no-state drops happen");
        NS_TEST_ASSERT_MSG_GT(m["broken_flows"].get<uint32_t>(), flows / 2, "most flows break");
        NS_TEST_ASSERT_MSG_LT(m["sticky_flows"].get<uint32_t>(), flows / 2, "few flows are sticky");
        NS_TEST_ASSERT_MSG_EQ(m["peak_flow_entries"].get<uint32_t>(), 0u, "hash caches nothing");
    }
};

/**
 * Same RngRun, same results file, byte for byte; another RngRun, other flows.
 */
class DeterminismTestCase : public TestCase
{
  public:
    DeterminismTestCase()
        : TestCase("same RngRun gives a byte-identical results file")
    {
    }

  private:
    std::string RunToFile(uint32_t run, const std::string& name)
    {
        RngSeedManager::SetSeed(1);
        RngSeedManager::SetRun(run);
        StickinessScenario s;
        ScenarioOptions opts("sfc-stickiness", "test");
        s.DeclareOptions(opts);
        s.GetParams().flows = 60;
        s.GetParams().flowSize = "exponential";
        std::string path = CreateTempDirFilename(name);
        std::remove(path.c_str());
        nlohmann::ordered_json row = opts.ResultsRow();
        row["metrics"] = s.Run();
        NS_TEST_EXPECT_MSG_EQ(ScenarioOptions::AppendJsonLine(path, row), true, "written");
        return ReadFile(path);
    }

    void DoRun() override
    {
        std::string a = RunToFile(3, "run3a.jsonl");
        std::string b = RunToFile(3, "run3b.jsonl");
        std::string c = RunToFile(4, "run4.jsonl");
        NS_TEST_ASSERT_MSG_EQ(a.empty(), false, "results were written");
        NS_TEST_ASSERT_MSG_EQ(a, b, "same RngRun, same bytes");
        NS_TEST_ASSERT_MSG_NE(a, c, "another RngRun gives other results");
    }
};

/**
 * A pcap written by the simulator dissects in tshark as VXLAN-GPE + NSH +
 * IPv4 + TCP, with the inner flow visible.
 */
class PcapDissectsTestCase : public TestCase
{
  public:
    PcapDissectsTestCase()
        : TestCase("written pcap dissects as VXLAN-GPE, NSH, IPv4, TCP in tshark")
    {
    }

  private:
    void DoRun() override
    {
        if (!HaveTshark())
        {
            return;
        }
        std::string prefix = CreateTempDirFilename("sfc");
        RunSmall([&](StickinessScenario::Params& p) {
            p.flows = 10;
            p.pcap = prefix;
        });
        // The gateway's uplink to the spine carries overlay traffic; the files are
        // named by the nodes' ns-3 names (ns3::Names), not their ids.
        std::string pcap = prefix + "-gateway-1.pcap";
        std::string fields =
            Capture("tshark -r " + pcap +
                    " -Y 'vxlan && nsh && ip.proto == 17 && tcp' -T fields -e vxlan.next_proto"
                    " -e nsh.spi -e nsh.si -e tcp.srcport 2>&1 | head -5");
        NS_TEST_ASSERT_MSG_NE(fields, "", "tshark found overlay packets in " + pcap);
        NS_TEST_ASSERT_MSG_NE(fields.find("\t2\t"),
                              std::string::npos,
                              "NSH SPI 2 (chain 1, forward) dissected: " + fields);
        std::string summary = Capture("tshark -r " + pcap + " 2>&1 | head -3");
        NS_TEST_ASSERT_MSG_EQ(summary.find("malformed"),
                              std::string::npos,
                              "no malformed packet: " + summary);
        NS_TEST_ASSERT_MSG_EQ(summary.find("Malformed"),
                              std::string::npos,
                              "no malformed packet: " + summary);
        // An external host's link carries plain IPv4/TCP with the translated source.
        std::string wan =
            Capture("tshark -r " + prefix +
                    "-gateway-2.pcap -Y tcp -T fields -e ip.src -e tcp.flags.str 2>&1 "
                    "| head -3");
        NS_TEST_ASSERT_MSG_NE(wan.find("198.51.100.1"),
                              std::string::npos,
                              "NAT'd traffic on the WAN link: " + wan);
    }
};

/// The stickiness system tests
class SfcStickinessTestSuite : public TestSuite
{
  public:
    SfcStickinessTestSuite()
        : TestSuite("sfc-stickiness", kSystemSuite)
    {
        AddTestCase(new FlowTableStickyTestCase(true), kQuickTest);
        AddTestCase(new FlowTableStickyTestCase(false), kQuickTest);
        AddTestCase(new HashBreaksTestCase(), kQuickTest);
        AddTestCase(new DeterminismTestCase(), kQuickTest);
        AddTestCase(new PcapDissectsTestCase(), kQuickTest);
    }
};

/// Static instance registering the suite
static SfcStickinessTestSuite g_sfcStickinessTestSuite;
