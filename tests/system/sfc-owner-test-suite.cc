/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * System tests of seed 003 (owner selection among vPlanes): small complete
 * simulations of the sfc-owner scenario.
 */

#include "sfc-system-test-utils.h"
#include "sfc-test-compat.h"

#include "ns3/inet-socket-address.h"
#include "ns3/inner-packet.h"
#include "ns3/nsh-overlay-port.h"
#include "ns3/owner-helper.h"
#include "ns3/owner-scenario.h"
#include "ns3/random-variable-stream.h"
#include "ns3/sfc-network-helper.h"
#include "ns3/simulator.h"
#include "ns3/test.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/vxlan-gpe-header.h"

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

/**
 * Anything from the wire is dropped and counted, never trusted or fatal: a
 * vPlane receives random control datagrams, well-formed messages naming no
 * vPlane as owner, answers to queries it never asked, random overlay
 * datagrams, a NOTIFY from a node that is no helper, and a well-formed
 * overlay packet with an unknown purpose; it counts them and caches nothing.
 */
class WireInputTestCase : public TestCase
{
  public:
    WireInputTestCase()
        : TestCase("a vPlane drops and counts malformed control and overlay input")
    {
    }

  private:
    void DoRun() override
    {
        RngSeedManager::SetSeed(1);
        RngSeedManager::SetRun(1);
        SfcTopology::LeafSpineParams tp;
        tp.servers = 2;
        tp.sources = 2;
        tp.externals = 1;
        tp.controller = true;
        SfcNetwork net = SfcNetworkHelper().Install(SfcTopology::LeafSpine(tp));
        OwnerHelper helper;
        helper.AddPortForward(Ipv4Address("192.0.2.1"), 80, 0, 80);
        OwnerDeployment d = helper.Install(net);
        Ptr<VPlane> v = d.hosts[0];
        Ptr<Node> attacker = net.GetNode(static_cast<uint32_t>(net.controller));
        Ptr<Socket> s = Socket::CreateSocket(attacker, UdpSocketFactory::GetTypeId());
        s->Bind();
        InetSocketAddress control(v->GetLocator(), v->GetControl()->GetPort());
        InetSocketAddress overlay(v->GetLocator(), VxlanGpeHeader::kUdpPort);
        Ptr<UniformRandomVariable> rnd = CreateObject<UniformRandomVariable>();
        rnd->SetStream(77);
        const uint32_t kRandom = 200;
        for (uint32_t i = 0; i < kRandom; ++i)
        {
            std::vector<uint8_t> bytes(rnd->GetInteger(0, 60));
            for (auto& b : bytes)
            {
                b = static_cast<uint8_t>(rnd->GetInteger(0, 255));
            }
            bytes.resize(std::max<size_t>(bytes.size(), 2));
            bytes[0] = 1; // version 1, so the type and fields are what gets checked
            Ptr<Packet> p = Create<Packet>(bytes.data(), bytes.size());
            Simulator::Schedule(MilliSeconds(10 + i % 50), [s, p, control, overlay, i]() {
                s->SendTo(p->Copy(), 0, control);
                if (i % 2 == 0)
                {
                    s->SendTo(p->Copy(), 0, overlay);
                }
            });
        }
        VnetFlowKey key(0, FlowKey(Ipv4Address("203.0.113.1"), Ipv4Address("192.0.2.1"), 5, 80, 6));
        std::vector<std::pair<OwnerMessageHeader::Type, Ipv4Address>> forged{
            {OwnerMessageHeader::NOTIFY, Ipv4Address::GetAny()},    // names no vPlane
            {OwnerMessageHeader::NOTIFY, Ipv4Address("10.0.0.77")}, // not from a helper
            {OwnerMessageHeader::REPLY, Ipv4Address("10.0.0.77")}}; // never asked
        for (const auto& [type, owner] : forged)
        {
            OwnerMessageHeader h;
            h.SetType(type);
            h.SetKey(key);
            h.SetTransaction(4242);
            h.SetOwner(owner);
            Ptr<Packet> p = Create<Packet>();
            p->AddHeader(h);
            Simulator::Schedule(MilliSeconds(80), [s, p, control]() { s->SendTo(p, 0, control); });
        }
        // A well-formed overlay packet with an unknown purpose (SPI 9).
        Ptr<NshOverlayPort> port = CreateObject<NshOverlayPort>();
        Simulator::Schedule(MilliSeconds(90), [port, attacker, v, &net]() {
            port->Open(attacker, net.locator.at(static_cast<uint32_t>(net.controller)));
            OverlayMeta meta;
            meta.peer = v->GetLocator();
            meta.spi = 9;
            meta.si = 255;
            meta.ttl = 8;
            meta.instance = 1;
            FlowKey k(Ipv4Address("10.128.0.9"), Ipv4Address("10.128.0.1"), 1, 80, 6);
            port->Send(
                InnerPacket::BuildTcpSegment(k,
                                             0x02,
                                             1,
                                             0,
                                             FlowPayloadHeader(1, 0, FlowPayloadHeader::CONTROL),
                                             16),
                meta);
        });
        Simulator::Stop(Seconds(1));
        Simulator::Run();
        uint64_t malformedControl = v->GetControl()->GetMalformed();
        uint64_t malformedData = v->GetDrops(DropReason::MALFORMED);
        uint32_t cached = v->GetOwnerCache()->GetNEntries();
        uint64_t misdirected = v->GetDrops(DropReason::MISDIRECTED);
        port->Close();
        Simulator::Destroy();
        NS_TEST_ASSERT_MSG_GT(malformedControl, kRandom * 9 / 10, "random datagrams rejected");
        NS_TEST_ASSERT_MSG_GT(malformedData, kRandom / 4, "overlay garbage dropped and counted");
        NS_TEST_ASSERT_MSG_EQ(cached, 0, "no owner learned from the attacker");
        NS_TEST_ASSERT_MSG_GT_OR_EQ(misdirected, 1u, "a NOTIFY not from a helper, dropped");
    }
};

/// The owner system tests
class SfcOwnerTestSuite : public TestSuite
{
  public:
    SfcOwnerTestSuite()
        : TestSuite("sfc-owner", kSystemSuite)
    {
        for (const char* mode : {"notify", "query", "central"})
        {
            AddTestCase(new EveryPacketByItsOwnerTestCase(mode, false), kQuickTest);
        }
        AddTestCase(new EveryPacketByItsOwnerTestCase("notify", true), kQuickTest);
        AddTestCase(new SourceOwnerSplitsTestCase(), kQuickTest);
        AddTestCase(new FirstPacketTestCase("notify"), kQuickTest);
        AddTestCase(new FirstPacketTestCase("query"), kQuickTest);
        AddTestCase(new RebalanceTestCase("transfer"), kQuickTest);
        AddTestCase(new RebalanceTestCase("reregister"), kQuickTest);
        AddTestCase(new RegistrationOffTestCase("query"), kQuickTest);
        AddTestCase(new RegistrationOffTestCase("notify"), kQuickTest);
        AddTestCase(new ControlLossTestCase(), kQuickTest);
        AddTestCase(new WireInputTestCase(), kQuickTest);
    }
};

/// Static instance registering the suite
static SfcOwnerTestSuite g_sfcOwnerTestSuite;
