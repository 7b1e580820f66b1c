/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * System tests of fault injection (--faults, --randomFaults) in both
 * scenarios: each kind of fault drops what it should and is reported; random
 * faults over many seeds never crash or hang a run, and the flow accounting
 * stays whole; the same seed gives the same run.
 */

#include "sfc-system-test-utils.h"
#include "sfc-test-compat.h"

#include "ns3/failover-scenario.h"
#include "ns3/owner-scenario.h"
#include "ns3/stickiness-scenario.h"
#include "ns3/test.h"

using namespace ns3;
using namespace ns3::sfc;
using namespace ns3::sfc::test;

namespace
{

/// A short stickiness run
nlohmann::ordered_json
RunStickiness(const std::string& faults, uint32_t randomFaults, uint32_t run)
{
    return RunScenario<StickinessScenario>(
        [](StickinessScenario::Params& p) {
            p.flows = 60;
            p.flowRate = 60;
            p.flowPackets = 20;
            p.grace = Seconds(3);
            p.events = "0.5s:nat:+1";
        },
        [&](StickinessScenario::Params& p) {
            p.faults = faults;
            p.randomFaults = randomFaults;
        },
        run);
}

/// A short failover run
nlohmann::ordered_json
RunFailover(const std::string& faults, uint32_t randomFaults, uint32_t run)
{
    return RunScenario<FailoverScenario>(
        [](FailoverScenario::Params& p) {
            p.flows = 12;
            p.newFlowRate = 10;
            p.duration = Seconds(6);
            p.failAt = Seconds(3);
            p.grace = Seconds(12);
        },
        [&](FailoverScenario::Params& p) {
            p.faults = faults;
            p.randomFaults = randomFaults;
        },
        run);
}

/// A default owner run (seed 003) in the given mode
nlohmann::ordered_json
RunOwner(const std::string& mode, uint32_t randomFaults, uint32_t run)
{
    return RunScenario<OwnerScenario>([](OwnerScenario::Params&) {},
                                      [&](OwnerScenario::Params& p) {
                                          p.mode = mode;
                                          p.randomFaults = randomFaults;
                                      },
                                      run);
}

/// \return the faults report's row of a link (null if absent)
nlohmann::ordered_json
LinkRow(const nlohmann::ordered_json& m, const std::string& link)
{
    for (const auto& l : m["faults"]["links"])
    {
        if (l["link"] == link)
        {
            return l;
        }
    }
    return nullptr;
}

} // namespace

/**
 * Each fault kind drops what it should, counted under its link and reason; a
 * run without faults reports none.
 */
class FaultKindsTestCase : public TestCase
{
  public:
    FaultKindsTestCase()
        : TestCase("each fault kind drops what it should and is reported")
    {
    }

  private:
    void DoRun() override
    {
        nlohmann::ordered_json clean = RunStickiness("", 0, 1);
        NS_TEST_ASSERT_MSG_EQ(clean.contains("faults"), false, "no faults, no report");

        // The link under server0 down for half a second while flows run.
        nlohmann::ordered_json down = RunStickiness("link:tor0-server0:0.3s:0.8s", 0, 1);
        nlohmann::ordered_json row = LinkRow(down, "tor0-server0");
        NS_TEST_ASSERT_MSG_EQ(row.is_null(), false, "the link is reported");
        NS_TEST_EXPECT_MSG_GT(row["link_down"].get<uint64_t>(), 0, "frames lost while down");
        NS_TEST_EXPECT_MSG_EQ(row["loss"].get<uint64_t>(), 0, "no random loss");
        NS_TEST_EXPECT_MSG_EQ(down["faults"]["dropped_frames"]["link_down"],
                              row["link_down"],
                              "totals add up");

        // Random loss on a fabric link, and total loss of control messages:
        // the scale-out's membership updates never arrive.
        nlohmann::ordered_json lossy =
            RunStickiness("loss:spine0-tor0=0.2:0s,control:*=1:0s", 0, 1);
        NS_TEST_EXPECT_MSG_GT(LinkRow(lossy, "spine0-tor0")["loss"].get<uint64_t>(),
                              0,
                              "random loss counted");
        NS_TEST_EXPECT_MSG_GT(lossy["faults"]["dropped_frames"]["control_loss"].get<uint64_t>(),
                              0,
                              "membership updates lost");

        // A longer delay on the WAN side lengthens completion times.
        nlohmann::ordered_json slow = RunStickiness("delay:gateway-external0=50ms:0s", 0, 1);
        NS_TEST_EXPECT_MSG_GT(slow["mean_fct_s"].get<double>(),
                              clean["mean_fct_s"].get<double>(),
                              "a slower link is slower");

        // A crashed host behind the VIP: its flows fail, its links drop frames.
        nlohmann::ordered_json crash = RunFailover("crash:host0:1s", 0, 1);
        NS_TEST_EXPECT_MSG_GT(crash["faults"]["dropped_frames"]["node_down"].get<uint64_t>(),
                              0,
                              "frames to the crashed host dropped");
        NS_TEST_EXPECT_MSG_EQ(crash["faults"]["crashes"].get<uint32_t>(), 1, "one crash");
        nlohmann::ordered_json base = RunFailover("", 0, 1);
        NS_TEST_EXPECT_MSG_GT(crash["failed_flows"].get<uint32_t>(),
                              base["failed_flows"].get<uint32_t>(),
                              "flows to a dead host fail");

        // An agent's LAN attachment down: nothing crosses it, in either direction.
        nlohmann::ordered_json lan = RunFailover("link:agent0-lan:2s:4s", 0, 1);
        NS_TEST_EXPECT_MSG_GT(LinkRow(lan, "agent0-lan")["link_down"].get<uint64_t>(),
                              0,
                              "the agent's LAN frames dropped");
    }
};

/**
 * Random faults over many seeds: every run ends, every flow is accounted for
 * (completed + failed + open = flows), and a seed replays byte for byte.
 */
class RandomFaultsTestCase : public TestCase
{
  public:
    RandomFaultsTestCase()
        : TestCase("random faults over seeds: no crash, no hang, flows accounted for")
    {
    }

  private:
    void DoRun() override
    {
        for (uint32_t run = 1; run <= 8; ++run)
        {
            nlohmann::ordered_json s = RunStickiness("", 12, run);
            NS_TEST_ASSERT_MSG_EQ(s["faults"]["faults"].get<uint32_t>(), 12, "faults drawn");
            NS_TEST_EXPECT_MSG_EQ(s["completed_flows"].get<uint32_t>() +
                                      s["failed_flows"].get<uint32_t>() +
                                      s["open_flows"].get<uint32_t>(),
                                  s["flows"].get<uint32_t>(),
                                  "stickiness run " << run << ": flows accounted for");
            nlohmann::ordered_json f = RunFailover("", 12, run);
            NS_TEST_EXPECT_MSG_EQ(f["completed_flows"].get<uint32_t>() +
                                      f["failed_flows"].get<uint32_t>() +
                                      f["open_flows"].get<uint32_t>(),
                                  f["flows"].get<uint32_t>(),
                                  "failover run " << run << ": flows accounted for");
        }
        for (uint32_t run = 1; run <= 4; ++run)
        {
            for (const char* mode : {"notify", "query"})
            {
                nlohmann::ordered_json o = RunOwner(mode, 12, run);
                NS_TEST_EXPECT_MSG_EQ(o["faults"]["faults"].get<uint32_t>(), 12, "faults drawn");
                NS_TEST_EXPECT_MSG_LT_OR_EQ(o["completed_flows"].get<uint32_t>(),
                                            o["flows"].get<uint32_t>(),
                                            "owner run " << run << " " << mode);
                NS_TEST_EXPECT_MSG_LT_OR_EQ(o["broken_flows"].get<uint32_t>(),
                                            o["flows"].get<uint32_t>(),
                                            "owner run " << run << " " << mode);
            }
        }
        NS_TEST_EXPECT_MSG_EQ(RunStickiness("", 12, 5).dump(),
                              RunStickiness("", 12, 5).dump(),
                              "same seed, same run");
        nlohmann::ordered_json a = RunFailover("", 12, 6);
        // The drawn schedule, given back as --faults, is the same run.
        nlohmann::ordered_json b = RunFailover(a["faults"]["schedule"].get<std::string>(), 0, 6);
        NS_TEST_EXPECT_MSG_EQ(a["faults"]["dropped_frames"].dump(),
                              b["faults"]["dropped_frames"].dump(),
                              "a random schedule replays from its text");
    }
};

/// The fault-injection system tests
class SfcFaultsTestSuite : public TestSuite
{
  public:
    SfcFaultsTestSuite()
        : TestSuite("sfc-faults", kSystemSuite)
    {
        AddTestCase(new FaultKindsTestCase(), kQuickTest);
        AddTestCase(new RandomFaultsTestCase(), kQuickTest);
    }
};

/// Static instance registering the suite
static SfcFaultsTestSuite g_sfcFaultsTestSuite;
