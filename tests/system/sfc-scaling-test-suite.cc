/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * System tests of elastic scaling: long-lived flows through a NAT whose
 * instance count changes while they run, under every policy.
 */

#include "sfc-system-test-utils.h"
#include "sfc-test-compat.h"

#include "ns3/double.h"
#include "ns3/pointer.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/scaling-controller.h"
#include "ns3/scaling-helper.h"
#include "ns3/service-chain-helper.h"
#include "ns3/sfc-network-helper.h"
#include "ns3/sfc-topology.h"
#include "ns3/stickiness-scenario.h"
#include "ns3/test.h"

using namespace ns3;
using namespace ns3::sfc;
using namespace ns3::sfc::test;

namespace
{

/**
 * Long-lived flows (4 s each, all opened in the first ~2 s) through
 * dpi -> nat with 3 NAT instances; `events` changes the NAT instance count
 * at 3 s, while most flows opened so far are still running.
 */
nlohmann::ordered_json
RunScaling(const std::string& policy,
           const std::string& events,
           const std::string& chain = "dpi,nat",
           const std::string& natPorts = "aligned")
{
    return RunScenario<StickinessScenario>(
        [&](StickinessScenario::Params& p) {
            p.policy = policy;
            p.chain = chain;
            p.instances = 3;
            p.servers = 4;
            p.flows = 80;
            p.flowRate = 40;
            p.flowPackets = 100;
            p.packetInterval = MilliSeconds(40);
            p.events = events;
            p.natPorts = natPorts;
            p.grace = Seconds(8);
        },
        [](StickinessScenario::Params&) {},
        7);
}

double
EventRatio(const nlohmann::ordered_json& m)
{
    return m["events"][0]["broken_ratio"].get<double>();
}

} // namespace

/// One scale-out N -> N+1 of the NAT function under each policy.
class ScaleOutTestCase : public TestCase
{
  public:
    ScaleOutTestCase()
        : TestCase("scale-out of the NAT: flow-table none, hash most, consistent-hash few")
    {
    }

  private:
    void DoRun() override
    {
        const std::string ev = "3s:nat:+1";
        auto ftdf = RunScaling("flow-table-df", ev);
        auto ft = RunScaling("flow-table", ev);
        auto hash = RunScaling("hash", ev);
        auto consistent = RunScaling("consistent-hash", ev);
        auto pools = RunScaling("nat-pools", ev);
        uint32_t active = ftdf["events"][0]["active_flows"];
        NS_TEST_ASSERT_MSG_GT(active, 50u, "most flows are active across the event");
        for (const auto& m : {ftdf, ft, pools})
        {
            NS_TEST_ASSERT_MSG_EQ(m["events"][0]["active_flows"].get<uint32_t>(),
                                  active,
                                  "every policy sees the same flows");
            NS_TEST_ASSERT_MSG_EQ(m["broken_flows"].get<uint32_t>(),
                                  0u,
                                  "stateful policies break no flow on scale-out");
            NS_TEST_ASSERT_MSG_EQ(m["sticky_flows"].get<uint32_t>(),
                                  m["flows"].get<uint32_t>(),
                                  "and every flow stays sticky");
        }
        // hash mod N -> N+1 keeps a flow only if both its forward and its return
        // tuple keep their instance: about (1/(N+1))^2, so ~94% break for N = 3.
        double h = EventRatio(hash);
        NS_TEST_ASSERT_MSG_GT(h, 0.80, "hash breaks most flows across a scale-out");
        // Maglev moves ~1/(N+1) of each direction's keys: 1 - (N/(N+1))^2 ~ 44%.
        double c = EventRatio(consistent);
        NS_TEST_ASSERT_MSG_GT(c, 0.25, "consistent hashing still breaks the moved flows");
        NS_TEST_ASSERT_MSG_LT(c, 0.60, "consistent hashing breaks far fewer than hash");
        NS_TEST_ASSERT_MSG_LT(c, h - 0.3, "consistent hashing breaks far fewer than hash");
        // Flows opened after the event are fine with every policy (aligned NAT ports).
        NS_TEST_ASSERT_MSG_EQ(hash["broken_flows"].get<uint32_t>(),
                              hash["broken_across_events"].get<uint32_t>(),
                              "only flows across the event break");
    }
};

/// Scale-in of the NAT function: abrupt and draining.
class ScaleInTestCase : public TestCase
{
  public:
    ScaleInTestCase()
        : TestCase("scale-in of the NAT: the removed instance's flows break unless drained")
    {
    }

  private:
    void DoRun() override
    {
        auto poolsAbrupt = RunScaling("nat-pools", "3s:nat:-1");
        auto ftAbrupt = RunScaling("flow-table", "3s:nat:-1");
        auto poolsDrain = RunScaling("nat-pools", "3s:nat:-1:drain");
        auto ftDrain = RunScaling("flow-table-df", "3s:nat:-1:drain");
        for (const auto& m : {poolsAbrupt, ftAbrupt})
        {
            // The removed instance held about 1/N of the flows, N = 3.
            double r = EventRatio(m);
            NS_TEST_ASSERT_MSG_GT(r,
                                  0.15,
                                  "an abrupt scale-in breaks the removed instance's flows");
            NS_TEST_ASSERT_MSG_LT(r, 0.50, "and only those");
            NS_TEST_ASSERT_MSG_EQ(m["broken_flows"].get<uint32_t>(),
                                  m["broken_across_events"].get<uint32_t>(),
                                  "flows opened later are fine");
        }
        for (const auto& m : {poolsDrain, ftDrain})
        {
            NS_TEST_ASSERT_MSG_EQ(m["broken_flows"].get<uint32_t>(),
                                  0u,
                                  "a draining scale-in breaks nothing");
        }
    }
};

/**
 * Issue 13: forged membership updates (remove and drain an instance, sequence
 * 0xFFFFFFFF) from a source VM. Before the fix the control path took them:
 * flows through the removed instance broke and the real scale-out was
 * blocked. Signed updates (the default): every forged one is dropped as
 * malformed and the run is the same as without the rogue.
 */
class ForgedMembershipTestCase : public TestCase
{
  public:
    ForgedMembershipTestCase()
        : TestCase("forged membership updates are rejected when updates are signed")
    {
    }

  private:
    void DoRun() override
    {
        auto run = [](bool auth, bool rogue) {
            return RunScenario<StickinessScenario>(
                [&](StickinessScenario::Params& p) {
                    p.policy = "flow-table";
                    p.chain = "dpi,nat";
                    p.flows = 80;
                    p.flowRate = 40;
                    p.flowPackets = 100;
                    p.packetInterval = MilliSeconds(40);
                    p.events = "3s:nat:+1";
                    p.grace = Seconds(8);
                    p.controlAuth = auth;
                    p.rogue = rogue;
                    p.rogueAt = Seconds(1);
                },
                [](StickinessScenario::Params&) {},
                7);
        };
        auto clean = run(true, false);
        auto attacked = run(true, true);
        NS_TEST_ASSERT_MSG_GT(attacked["rogue_membership_updates"].get<uint64_t>(),
                              0u,
                              "the rogue sent");
        NS_TEST_ASSERT_MSG_EQ(attacked["forwarder_drops_malformed"].get<uint64_t>(),
                              clean["forwarder_drops_malformed"].get<uint64_t>() +
                                  attacked["rogue_membership_updates"].get<uint64_t>(),
                              "every forged update dropped");
        NS_TEST_ASSERT_MSG_EQ(attacked["broken_flows"].get<uint32_t>(),
                              clean["broken_flows"].get<uint32_t>(),
                              "no flow broken by the rogue");
        NS_TEST_ASSERT_MSG_EQ(attacked["sticky_flows"].get<uint32_t>(),
                              clean["sticky_flows"].get<uint32_t>(),
                              "stickiness unchanged");
        auto open = run(false, true);
        NS_TEST_ASSERT_MSG_GT(open["broken_flows"].get<uint32_t>(),
                              clean["broken_flows"].get<uint32_t>(),
                              "unsigned updates: the forged remove breaks flows");
    }
};

/// The commutative hash: sticky without translation, lost through a (black-box) NAT.
class SymmetricHashTestCase : public TestCase
{
  public:
    SymmetricHashTestCase()
        : TestCase("symmetric-hash: sticky without NAT, broken through a black-box NAT")
    {
    }

  private:
    void DoRun() override
    {
        auto noNat = RunScaling("symmetric-hash", "", "fw,dpi,fw", "sequential");
        NS_TEST_ASSERT_MSG_EQ(noNat["sticky_flows"].get<uint32_t>(),
                              noNat["flows"].get<uint32_t>(),
                              "both directions reach the same instances without NAT");
        NS_TEST_ASSERT_MSG_EQ(noNat["broken_flows"].get<uint32_t>(), 0u, "none broken");
        auto nat = RunScaling("symmetric-hash", "", "fw,nat", "sequential");
        // Return traffic after the NAT hashes a tuple the forward direction never had:
        // it finds the right NAT instance 1 time in N.
        double r = nat["broken_ratio"].get<double>();
        NS_TEST_ASSERT_MSG_GT(r, 0.45, "most flows are lost through the NAT");
        NS_TEST_ASSERT_MSG_GT(nat["no_state_drops"].get<uint64_t>(), 0u, "NAT misses");
        auto hash = RunScaling("hash", "", "fw,dpi,fw", "sequential");
        NS_TEST_ASSERT_MSG_GT(hash["broken_ratio"].get<double>(),
                              0.45,
                              "the plain hash loses flows even without NAT");
    }
};

/// The control path: forwarders learn of a membership change at different times.
class ControlPathTestCase : public TestCase
{
  public:
    ControlPathTestCase()
        : TestCase("membership changes reach every forwarder over the control path, each after "
                   "its own delay")
    {
    }

  private:
    void DoRun() override
    {
        RngSeedManager::SetSeed(1);
        RngSeedManager::SetRun(1);
        SfcTopology::LeafSpineParams tp;
        tp.controller = true;
        SfcNetwork net = SfcNetworkHelper().Install(SfcTopology::LeafSpine(tp));
        ServiceChainHelper helper;
        helper.SetPolicy("flow-table");
        helper.AddFunction("nat", "ns3::sfc::SourceNat", 2, 1);
        ChainDeployment d = helper.Install(net);
        std::vector<ScalingEvent> events;
        std::string err;
        NS_TEST_ASSERT_MSG_EQ(ScalingEvent::Parse("1s:nat:+1,3s:nat:-1", events, err), true, err);
        for (auto& e : events)
        {
            NS_TEST_ASSERT_MSG_EQ(e.Resolve({"nat"}, err), true, err);
        }
        ScalingHelper scaling;
        scaling.SetControllerAttribute(
            "ControlDelay",
            PointerValue(CreateObjectWithAttributes<UniformRandomVariable>("Min",
                                                                           DoubleValue(0),
                                                                           "Max",
                                                                           DoubleValue(0.2))));
        Ptr<ScalingController> c = scaling.Install(net.GetNode(net.controller), d, events);
        c->AssignStreams(5);
        std::vector<Ptr<Forwarder>> all = d.forwarders;
        all.push_back(d.gateway);
        std::map<uint32_t, std::vector<double>> added; // forwarder index -> ADD times
        uint32_t removes = 0;
        for (uint32_t i = 0; i < all.size(); ++i)
        {
            all[i]->TraceConnectWithoutContext(
                "MembershipUpdate",
                Callback<void, uint32_t, uint32_t, uint8_t>(
                    [&, i](uint32_t, uint32_t, uint8_t action) {
                        if (action == MembershipUpdateHeader::ADD)
                        {
                            added[i].push_back(Simulator::Now().GetSeconds());
                        }
                        removes += action == MembershipUpdateHeader::REMOVE ? 1 : 0;
                    }));
        }
        Simulator::Stop(Seconds(5));
        Simulator::Run();
        double first = 1e9;
        double last = 0;
        for (uint32_t i = 0; i < all.size(); ++i)
        {
            NS_TEST_ASSERT_MSG_EQ(added[i].size(), 1u, "every forwarder got the ADD");
            first = std::min(first, added[i][0]);
            last = std::max(last, added[i][0]);
            NS_TEST_ASSERT_MSG_EQ(all[i]->GetMembershipView()->GetInstances(1).size(),
                                  2u,
                                  "and the later REMOVE");
        }
        NS_TEST_ASSERT_MSG_GT(first, 1.0, "updates leave the controller at the event");
        NS_TEST_ASSERT_MSG_LT(last, 1.21, "within the configured delay");
        NS_TEST_ASSERT_MSG_GT(last - first, 0.02, "forwarders disagree for a while");
        NS_TEST_ASSERT_MSG_EQ(removes, all.size(), "one REMOVE per forwarder");
        NS_TEST_ASSERT_MSG_EQ(d.chain->GetMembership()->GetInstances(1).size(),
                              2u,
                              "the chain's own membership is back to two");
        Simulator::Destroy();
    }
};

/// Autoscaling: by load, and at random within bounds.
class AutoscaleTestCase : public TestCase
{
  public:
    AutoscaleTestCase()
        : TestCase("autoscaling adds NAT instances under load, removes them when idle, "
                   "stays within bounds")
    {
    }

  private:
    static nlohmann::ordered_json Run(const std::string& mode, uint32_t min, uint32_t max)
    {
        RngSeedManager::SetSeed(1);
        RngSeedManager::SetRun(3);
        StickinessScenario s;
        StickinessScenario::Params& p = s.GetParams();
        p.chain = "dpi,nat";
        p.instances = min;
        p.autoscale = "nat";
        p.autoscaleMode = mode;
        p.autoscaleMin = min;
        p.autoscaleMax = max;
        p.autoscalePeriod = MilliSeconds(500);
        p.processingDelay = MicroSeconds(150); // a NAT instance saturates near 6700 packets/s
        p.flows = 200;
        p.flowRate = 60;
        p.flowPackets = 60;
        p.packetInterval = MilliSeconds(20);
        p.grace = Seconds(6);
        p.tsInterval = MilliSeconds(500);
        std::string error = s.Validate();
        NS_ABORT_MSG_IF(!error.empty(), error);
        return s.Run();
    }

    void DoRun() override
    {
        auto load = Run("load", 1, 4);
        const auto& events = load["events"];
        NS_TEST_ASSERT_MSG_GT(events.size(), 1u, "load-driven scaling acted");
        NS_TEST_ASSERT_MSG_EQ(events[0]["event"].get<std::string>(),
                              "nat:+1",
                              "the first action adds an instance under load");
        NS_TEST_ASSERT_MSG_EQ(events.back()["event"].get<std::string>(),
                              "nat:-1:drain",
                              "the last removes one (draining) once the flows are gone");
        NS_TEST_ASSERT_MSG_EQ(load["sticky_flows"].get<uint32_t>(),
                              load["flows"].get<uint32_t>(),
                              "flow tables keep flows sticky across autoscaling");
        auto random = Run("random", 2, 3);
        NS_TEST_ASSERT_MSG_GT(random["events"].size(), 2u, "random scaling acted");
        for (uint32_t n : random["timeseries"]["instances"]["f2_nat"])
        {
            NS_TEST_ASSERT_MSG_EQ((n >= 2 && n <= 3), true, "instances stay within [2, 3]");
        }
    }
};

/// The elastic-scaling system tests
class SfcScalingTestSuite : public TestSuite
{
  public:
    SfcScalingTestSuite()
        : TestSuite("sfc-scaling", kSystemSuite)
    {
        AddTestCase(new ScaleOutTestCase(), kQuickTest);
        AddTestCase(new ScaleInTestCase(), kQuickTest);
        AddTestCase(new SymmetricHashTestCase(), kQuickTest);
        AddTestCase(new ControlPathTestCase(), kQuickTest);
        AddTestCase(new AutoscaleTestCase(), kQuickTest);
        AddTestCase(new ForgedMembershipTestCase(), kQuickTest);
    }
};

/// Static instance registering the suite
static SfcScalingTestSuite g_sfcScalingTestSuite;
