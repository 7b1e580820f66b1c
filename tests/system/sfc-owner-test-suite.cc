/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * System tests of seed 003 (owner selection among vPlanes): small complete
 * simulations of the sfc-owner scenario.
 */

#include "sfc-system-test-utils.h"

#include "ns3/owner-scenario.h"
#include "ns3/test.h"

using namespace ns3;
using namespace ns3::sfc;
using namespace ns3::sfc::test;

namespace
{

/// The three kinds of flows
const char* const kKinds[] = {"east_west", "outbound_nat", "inbound_nat"};

/// Run the owner scenario with small defaults and the given changes.
nlohmann::ordered_json
RunSmall(const std::function<void(OwnerScenario::Params&)>& change, uint32_t run = 1)
{
    return RunScenario<OwnerScenario>(
        [](OwnerScenario::Params& p) {
            p.flows = 90;
            p.flowRate = 150;
            p.vplanes = 4;
            p.vms = 8;
        },
        change,
        run);
}

/// \param m metrics \param key a count \return its value
uint64_t
Count(const nlohmann::ordered_json& m, const std::string& key)
{
    return m.at(key).get<uint64_t>();
}

} // namespace

/**
 * Every packet of both directions of every stateful flow is processed by one
 * vPlane, its owner, with the flow's state: east-west, outbound NAT and
 * inbound-to-NAT flows, in each mode that selects owners.
 */
class EveryPacketByItsOwnerTestCase : public TestCase
{
  public:
    /// \param mode notify, query or central \param preferHigher owner rule switch
    EveryPacketByItsOwnerTestCase(std::string mode, bool preferHigher)
        : TestCase("mode " + mode + (preferHigher ? " (higher address)" : "") +
                   ": every packet of both directions processed by its owner"),
          m_mode(mode),
          m_preferHigher(preferHigher)
    {
    }

  private:
    void DoRun() override
    {
        auto m = RunSmall([this](OwnerScenario::Params& p) {
            p.mode = m_mode;
            p.preferHigher = m_preferHigher;
        });
        for (const char* k : kKinds)
        {
            std::string kind(k);
            NS_TEST_ASSERT_MSG_EQ(Count(m, kind + "_flows"), 30, kind + " flows");
            NS_TEST_ASSERT_MSG_EQ(Count(m, kind + "_sticky"), 30, kind + ": one owner per flow");
            NS_TEST_ASSERT_MSG_EQ(Count(m, kind + "_violations"), 0, kind + ": no violation");
            NS_TEST_ASSERT_MSG_EQ(Count(m, kind + "_broken"), 0, kind + ": none broken");
        }
        NS_TEST_ASSERT_MSG_EQ(Count(m, "split_flows"), 0, "no flow processed by two vPlanes");
        // SYN, SYN-ACK, 5 requests, 5 responses, FIN, FIN-ACK, ACK: 15 per flow at least.
        NS_TEST_ASSERT_MSG_GT_OR_EQ(Count(m, "owner_processed_packets"),
                                    15u * 90u,
                                    "both directions went through the owner's functions");
    }

    std::string m_mode;  //!< mode
    bool m_preferHigher; //!< owner rule
};

/**
 * The source-owner baseline splits the two directions (east-west returns
 * enter at the other host, NAT returns at the gateway): the check above can
 * fail, and does here.
 */
class SourceOwnerSplitsTestCase : public TestCase
{
  public:
    SourceOwnerSplitsTestCase()
        : TestCase("source-owner baseline: returns processed without their state")
    {
    }

  private:
    void DoRun() override
    {
        auto m = RunSmall([](OwnerScenario::Params& p) { p.mode = "source-owner"; });
        NS_TEST_ASSERT_MSG_GT(Count(m, "stickiness_violations"), 0, "violations counted");
        NS_TEST_ASSERT_MSG_EQ(Count(m, "outbound_nat_broken"), 30, "every NAT return breaks");
        NS_TEST_ASSERT_MSG_EQ(Count(m, "inbound_nat_broken"), 30, "every DNAT return breaks");
        NS_TEST_ASSERT_MSG_GT(Count(m, "east_west_broken"), 0, "cross-host east-west breaks");
    }
};

/**
 * Both helper modes deliver the first packet: the first SYN of every flow
 * reaches its server and the SYN-ACK comes back before the client's first
 * retransmission timeout; notify mode pays in links (via the helper), query
 * mode in time (the query round trip).
 */
class FirstPacketTestCase : public TestCase
{
  public:
    /// \param mode notify or query
    explicit FirstPacketTestCase(std::string mode)
        : TestCase("mode " + mode + ": the first packet of every flow is delivered"),
          m_mode(mode)
    {
    }

  private:
    void DoRun() override
    {
        auto m = RunSmall([this](OwnerScenario::Params& p) { p.mode = m_mode; });
        NS_TEST_ASSERT_MSG_EQ(Count(m, "first_packet_delivered_flows"), 90, "all first packets");
        NS_TEST_ASSERT_MSG_EQ(Count(m, "query_queue_drops"), 0, "nothing dropped waiting");
        double links = m["inbound_nat_detour_links"].get<double>();
        double ms = m["inbound_nat_detour_latency_ms"].get<double>();
        if (m_mode == "notify")
        {
            NS_TEST_ASSERT_MSG_GT(links, 0.5, "the first inbound packet detours via the helper");
        }
        else
        {
            NS_TEST_ASSERT_MSG_EQ_TOL(links, 0.0, 1e-9, "query mode: no detour in links");
            NS_TEST_ASSERT_MSG_GT(ms, 0.005, "query mode: the first packet waits for the reply");
        }
        NS_TEST_ASSERT_MSG_EQ_TOL(m["east_west_detour_links"].get<double>(),
                                  0.0,
                                  1e-9,
                                  "east-west flows never ask a helper");
    }

    std::string m_mode; //!< mode
};

/**
 * Re-balancing while traffic runs: a helper leaves and joins again while
 * flows are open, and the sources' owner caches expire between packets, so
 * every packet of a flow with no resolvable end asks the helper of the
 * moment. TRANSFER hands the moved associations over, REREGISTER has the
 * owners register them again; either way every flow keeps its owner and none
 * breaks, by the mechanism the policy names.
 */
class RebalanceTestCase : public TestCase
{
  public:
    /// \param policy transfer or reregister
    explicit RebalanceTestCase(std::string policy)
        : TestCase("re-balancing with " + policy + ": existing flows keep their owner"),
          m_policy(policy)
    {
    }

  private:
    void DoRun() override
    {
        auto m = RunSmall([this](OwnerScenario::Params& p) {
            p.mode = "query";
            p.rebalance = m_policy;
            p.flows = 60;
            p.flowRate = 60;
            p.flowPackets = 30;
            p.cacheTimeout = MilliSeconds(5);
            p.controlDelay = MilliSeconds(2);
            p.events = "0.5s:leave:1,0.9s:join:1";
        });
        const auto& events = m["events"];
        NS_TEST_ASSERT_MSG_EQ(events.size(), 2, "two events");
        for (const auto& e : events)
        {
            NS_TEST_ASSERT_MSG_GT(e["active_flows"].get<uint64_t>(), 5, "flows open across it");
            NS_TEST_ASSERT_MSG_GT(e["subsets_moved"].get<uint64_t>(), 0, "subsets moved");
            NS_TEST_ASSERT_MSG_EQ(e["broken_flows"].get<uint64_t>(), 0, "none broken by it");
        }
        NS_TEST_ASSERT_MSG_EQ(Count(m, "sticky_flows"), 60, "every flow kept its owner");
        NS_TEST_ASSERT_MSG_EQ(Count(m, "broken_flows"), 0, "no flow broke");
        if (m_policy == "transfer")
        {
            NS_TEST_ASSERT_MSG_GT(Count(m, "associations_transferred"), 0, "handed over");
        }
        else
        {
            NS_TEST_ASSERT_MSG_EQ(Count(m, "associations_transferred"), 0, "nothing handed over");
        }
    }

    std::string m_policy; //!< policy
};

/**
 * With registration switched off, the return of a source-NATed flow (inbound
 * to the NAT binding) has no association: the helper answers NO_ASSOCIATION
 * (query mode) or has no owner to forward it to (notify mode), the return is
 * dropped and every outbound NAT flow fails. Flows that need no registration
 * (east-west: rules; port forwards: the helper selects the DNAT target's
 * host) are unaffected.
 */
class RegistrationOffTestCase : public TestCase
{
  public:
    /// \param mode notify or query
    explicit RegistrationOffTestCase(std::string mode)
        : TestCase("mode " + mode + ", registration off: NAT returns fail"),
          m_mode(mode)
    {
    }

  private:
    void DoRun() override
    {
        auto m = RunSmall([this](OwnerScenario::Params& p) {
            p.mode = m_mode;
            p.registration = false;
        });
        NS_TEST_ASSERT_MSG_EQ(Count(m, "east_west_broken"), 0, "east-west unaffected");
        NS_TEST_ASSERT_MSG_EQ(Count(m, "inbound_nat_broken"), 0, "port forwards unaffected");
        NS_TEST_ASSERT_MSG_EQ(Count(m, "registrations"), 0, "nothing registered");
        NS_TEST_ASSERT_MSG_EQ(Count(m, "outbound_nat_broken"), 30, "every NAT return lost");
        NS_TEST_ASSERT_MSG_GT(Count(m, "unresolved_drops"), 0, "dropped as unresolved");
        NS_TEST_ASSERT_MSG_EQ(Count(m, "stickiness_violations"), 0, "never without state");
    }

    std::string m_mode; //!< mode
};

/**
 * Control loss: with a fifth of the control datagrams lost, retransmission
 * (queries, registrations, maps) keeps every flow working.
 */
class ControlLossTestCase : public TestCase
{
  public:
    ControlLossTestCase()
        : TestCase("query mode with 20% control loss: retransmissions keep every flow")
    {
    }

  private:
    void DoRun() override
    {
        auto m = RunSmall([](OwnerScenario::Params& p) {
            p.mode = "query";
            p.controlLoss = 0.2;
            p.events = "0.3s:leave:2";
        });
        NS_TEST_ASSERT_MSG_GT(Count(m, "control_lost"), 0, "messages were lost");
        NS_TEST_ASSERT_MSG_GT(Count(m, "control_retransmissions"), 0, "and retransmitted");
        NS_TEST_ASSERT_MSG_EQ(Count(m, "stickiness_violations"), 0, "no violation");
        NS_TEST_ASSERT_MSG_EQ(Count(m, "broken_flows"), 0, "no flow broke");
    }
};

/// The owner system tests
class SfcOwnerTestSuite : public TestSuite
{
  public:
    SfcOwnerTestSuite()
        : TestSuite("sfc-owner", SYSTEM)
    {
        for (const char* mode : {"notify", "query", "central"})
        {
            AddTestCase(new EveryPacketByItsOwnerTestCase(mode, false), TestCase::QUICK);
        }
        AddTestCase(new EveryPacketByItsOwnerTestCase("notify", true), TestCase::QUICK);
        AddTestCase(new SourceOwnerSplitsTestCase(), TestCase::QUICK);
        AddTestCase(new FirstPacketTestCase("notify"), TestCase::QUICK);
        AddTestCase(new FirstPacketTestCase("query"), TestCase::QUICK);
        AddTestCase(new RebalanceTestCase("transfer"), TestCase::QUICK);
        AddTestCase(new RebalanceTestCase("reregister"), TestCase::QUICK);
        AddTestCase(new RegistrationOffTestCase("query"), TestCase::QUICK);
        AddTestCase(new RegistrationOffTestCase("notify"), TestCase::QUICK);
        AddTestCase(new ControlLossTestCase(), TestCase::QUICK);
    }
};

/// Static instance registering the suite
static SfcOwnerTestSuite g_sfcOwnerTestSuite;
