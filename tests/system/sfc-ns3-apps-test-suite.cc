/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * System tests of ns-3's own applications through a chain: BulkSend (TCP)
 * and UdpEcho from the sources to the external hosts, steered by the
 * forwarders through fw -> dpi -> nat like the FlowClient's flows.
 */

#include "sfc-test-compat.h"

#include "ns3/app-flow-monitor.h"
#include "ns3/application-container.h"
#include "ns3/bulk-send-helper.h"
#include "ns3/data-rate.h"
#include "ns3/inet-socket-address.h"
#include "ns3/on-off-helper.h"
#include "ns3/packet-sink-helper.h"
#include "ns3/packet-sink.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/scaling-controller.h"
#include "ns3/scaling-helper.h"
#include "ns3/service-chain-helper.h"
#include "ns3/sfc-network-helper.h"
#include "ns3/sfc-topology.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/tcp-socket-factory.h"
#include "ns3/test.h"
#include "ns3/udp-echo-helper.h"
#include "ns3/uinteger.h"

#include <iostream>
#include <map>

using namespace ns3;
using namespace ns3::sfc;

namespace
{

/// The network and chain of a small run: 4 servers, 4 sources, 2 external hosts
struct AppRig
{
    SfcNetwork net;        //!< the network
    ChainDeployment chain; //!< the chain on it

    /**
     * \param policy load-balancing policy
     * \param functions chain, e.g. {"fw", "dpi", "nat"}
     * \param instances instances per function
     * \param events scaling schedule (ScalingEvent::Parse syntax; empty: none)
     */
    AppRig(const std::string& policy,
           const std::vector<std::string>& functions,
           uint32_t instances,
           const std::string& events = "")
    {
        std::vector<ScalingEvent> schedule;
        std::string error;
        NS_ABORT_MSG_UNLESS(ScalingEvent::Parse(events, schedule, error), error);
        for (auto& e : schedule)
        {
            NS_ABORT_MSG_UNLESS(e.Resolve(functions, error), error);
        }
        std::vector<uint32_t> spares =
            ScalingHelper::SparesNeeded(schedule,
                                        std::vector<uint32_t>(functions.size() + 1, instances));
        SfcTopology::LeafSpineParams tp;
        tp.racks = 2;
        tp.servers = 4;
        tp.sources = 4;
        tp.externals = 2;
        tp.controller = !schedule.empty();
        net = SfcNetworkHelper().Install(SfcTopology::LeafSpine(tp));
        ServiceChainHelper h;
        h.SetPolicy(policy);
        // The NAT picks ports whose return tuple the policy steers back to it
        // (else hash breaks NAT'd flows from their first SYN-ACK, scaling or not).
        h.SetNatPortAlignment(true);
        uint32_t index = 0;
        for (const auto& f : functions)
        {
            ++index;
            std::string type = f == "nat"  ? "ns3::sfc::SourceNat"
                               : f == "fw" ? "ns3::sfc::StatefulFirewall"
                                           : "ns3::sfc::DpiCounter";
            h.AddFunction(f, type, instances, spares[index]);
        }
        chain = h.Install(net);
        if (!schedule.empty())
        {
            ScalingHelper().Install(net.GetNode(net.controller), chain, schedule);
        }
        monitor = CreateObject<AppFlowMonitor>();
        monitor->WatchChain(chain.chain);
        for (const auto& f : chain.forwarders)
        {
            monitor->WatchSourceEdge(f);
        }
    }

    Ptr<AppFlowMonitor> monitor; //!< the flows' metrics
};

} // namespace

/// BulkSend from every source to a PacketSink on an external host: every byte arrives.
class BulkSendThroughChainTestCase : public TestCase
{
  public:
    BulkSendThroughChainTestCase()
        : TestCase("BulkSend (TCP) through fw-dpi-nat: the sink receives every byte")
    {
    }

  private:
    void DoRun() override
    {
        RngSeedManager::SetSeed(1);
        RngSeedManager::SetRun(1);
        AppRig rig("flow-table-df", {"fw", "dpi", "nat"}, 2);
        const uint16_t port = 5000;
        const uint32_t bytes = 200000;
        PacketSinkHelper sinkHelper("ns3::TcpSocketFactory",
                                    InetSocketAddress(Ipv4Address::GetAny(), port));
        ApplicationContainer sinks = sinkHelper.Install(rig.net.GetNodes(rig.net.externals));
        sinks.Start(Seconds(0));
        std::vector<Ipv4Address> ext = rig.net.GetExternalAddresses();
        ApplicationContainer senders;
        for (uint32_t i = 0; i < rig.net.sources.size(); ++i)
        {
            BulkSendHelper bulk("ns3::TcpSocketFactory",
                                InetSocketAddress(ext[i % ext.size()], port));
            bulk.SetAttribute("MaxBytes", UintegerValue(bytes));
            senders.Add(bulk.Install(rig.net.GetNode(rig.net.sources[i])));
        }
        senders.Start(Seconds(0.1));
        Simulator::Stop(Seconds(20));
        Simulator::Run();
        uint64_t received = 0;
        for (uint32_t i = 0; i < sinks.GetN(); ++i)
        {
            received += DynamicCast<PacketSink>(sinks.Get(i))->GetTotalRx();
        }
        nlohmann::ordered_json m = rig.monitor->Report();
        Simulator::Destroy();
        NS_TEST_EXPECT_MSG_EQ(received, uint64_t(bytes) * 4, "every byte of every BulkSend");
        NS_TEST_EXPECT_MSG_EQ(m["tcp_flows"].get<uint32_t>(), 4, "one TCP flow per source");
        NS_TEST_EXPECT_MSG_EQ(m["sticky_flows"].get<uint32_t>(), 4, "flow-table-df: all sticky");
        NS_TEST_EXPECT_MSG_EQ(m["rsts"].get<uint32_t>(), 0, "no RST");
        for (const auto& f : m["flows_detail"])
        {
            NS_TEST_EXPECT_MSG_EQ(f["translations"].get<uint32_t>(), 1, "one NAT translation");
            for (uint32_t fn = 0; fn < 3; ++fn)
            {
                // Every function saw the flow both ways, on one instance.
                NS_TEST_EXPECT_MSG_EQ(f["forward_instances"][fn].size(), 1, "forward " << fn);
                NS_TEST_EXPECT_MSG_EQ(f["reverse_instances"][fn],
                                      f["forward_instances"][fn],
                                      "reverse " << fn);
            }
        }
    }
};

/// UdpEcho and OnOff (UDP) from the sources: every echo comes back, every datagram arrives.
class UdpThroughChainTestCase : public TestCase
{
  public:
    UdpThroughChainTestCase()
        : TestCase("UdpEcho and OnOff (UDP) through fw-dpi-nat: every datagram and echo")
    {
    }

  private:
    void DoRun() override
    {
        RngSeedManager::SetSeed(1);
        RngSeedManager::SetRun(1);
        AppRig rig("flow-table-df", {"fw", "dpi", "nat"}, 2);
        std::vector<Ipv4Address> ext = rig.net.GetExternalAddresses();
        UdpEchoServerHelper echoServer(9);
        echoServer.Install(rig.net.GetNodes(rig.net.externals)).Start(Seconds(0));
        PacketSinkHelper sinkHelper("ns3::UdpSocketFactory",
                                    InetSocketAddress(Ipv4Address::GetAny(), 6000));
        ApplicationContainer sinks = sinkHelper.Install(rig.net.GetNodes(rig.net.externals));
        uint32_t echoes = 0;
        const uint32_t echoPackets = 20;
        for (uint32_t i = 0; i < rig.net.sources.size(); ++i)
        {
            Ptr<Node> src = rig.net.GetNode(rig.net.sources[i]);
            UdpEchoClientHelper echo(ext[i % ext.size()], 9);
            echo.SetAttribute("MaxPackets", UintegerValue(echoPackets));
            echo.SetAttribute("Interval", TimeValue(MilliSeconds(50)));
            echo.SetAttribute("PacketSize", UintegerValue(512));
            ApplicationContainer c = echo.Install(src);
            c.Get(0)->TraceConnectWithoutContext(
                "Rx",
                Callback<void, Ptr<const Packet>>([&echoes](Ptr<const Packet>) { ++echoes; }));
            c.Start(Seconds(0.1));
            OnOffHelper onoff("ns3::UdpSocketFactory",
                              InetSocketAddress(ext[(i + 1) % ext.size()], 6000));
            onoff.SetConstantRate(DataRate("1Mbps"), 500);
            onoff.SetAttribute("MaxBytes", UintegerValue(50000));
            onoff.Install(src).Start(Seconds(0.1));
        }
        Simulator::Stop(Seconds(5));
        Simulator::Run();
        uint64_t received = 0;
        for (uint32_t i = 0; i < sinks.GetN(); ++i)
        {
            received += DynamicCast<PacketSink>(sinks.Get(i))->GetTotalRx();
        }
        nlohmann::ordered_json m = rig.monitor->Report();
        Simulator::Destroy();
        NS_TEST_EXPECT_MSG_EQ(echoes, echoPackets * 4, "every echo came back");
        NS_TEST_EXPECT_MSG_EQ(received, 4 * 50000, "every OnOff datagram arrived");
        NS_TEST_EXPECT_MSG_EQ(m["udp_flows"].get<uint32_t>(), 8, "two UDP flows per source");
        NS_TEST_EXPECT_MSG_EQ(m["sticky_flows"].get<uint32_t>(), 8, "all sticky");
        for (const auto& f : m["flows_detail"])
        {
            NS_TEST_EXPECT_MSG_EQ(f["forward_instances"][2].size(), 1, "the NAT saw it");
        }
    }
};

/// What a scale-out of the NAT mid-flow does to ns-3 TCP: the run's outcome
struct TcpOutcome
{
    uint64_t delivered{0};        //!< bytes the sinks received
    uint32_t completed{0};        //!< BulkSends whose every byte arrived
    nlohmann::ordered_json flows; //!< the AppFlowMonitor's report
};

/**
 * \param policy load-balancing policy
 * \param events scaling schedule
 * \return 8 OnOff TCP senders of 1 MB (two per source, 0.1 s apart) through dpi-nat
 *         with 3 NAT instances, each limited to 4 Mb/s (so they still run at
 *         the events), after 8 s
 */
TcpOutcome
RunTcpAcrossScaling(const std::string& policy, const std::string& events)
{
    RngSeedManager::SetSeed(1);
    RngSeedManager::SetRun(3);
    AppRig rig(policy, {"dpi", "nat"}, 3, events);
    const uint16_t port = 5000;
    const uint32_t bytes = 1000000;
    PacketSinkHelper sinkHelper("ns3::TcpSocketFactory",
                                InetSocketAddress(Ipv4Address::GetAny(), port));
    ApplicationContainer sinks = sinkHelper.Install(rig.net.GetNodes(rig.net.externals));
    std::vector<Ipv4Address> ext = rig.net.GetExternalAddresses();
    std::map<Address, uint64_t> perPeer;
    for (uint32_t i = 0; i < sinks.GetN(); ++i)
    {
        sinks.Get(i)->TraceConnectWithoutContext(
            "Rx",
            Callback<void, Ptr<const Packet>, const Address&>(
                [&perPeer](Ptr<const Packet> p, const Address& from) {
                    perPeer[from] += p->GetSize();
                }));
    }
    for (uint32_t k = 0; k < 2 * rig.net.sources.size(); ++k)
    {
        OnOffHelper onoff("ns3::TcpSocketFactory", InetSocketAddress(ext[k % ext.size()], port));
        onoff.SetConstantRate(DataRate("4Mbps"), 1000);
        onoff.SetAttribute("MaxBytes", UintegerValue(bytes));
        ApplicationContainer a =
            onoff.Install(rig.net.GetNode(rig.net.sources[k % rig.net.sources.size()]));
        a.Start(Seconds(0.1 + 0.1 * k));
    }
    Simulator::Stop(Seconds(8));
    Simulator::Run();
    TcpOutcome o;
    for (uint32_t i = 0; i < sinks.GetN(); ++i)
    {
        o.delivered += DynamicCast<PacketSink>(sinks.Get(i))->GetTotalRx();
    }
    for (const auto& kv : perPeer)
    {
        o.completed += kv.second == bytes ? 1 : 0;
    }
    o.flows = rig.monitor->Report();
    Simulator::Destroy();
    return o;
}

/// A NAT scale-out mid-flow: hash breaks real TCP connections, flow-table-df does not.
class TcpAcrossScaleOutTestCase : public TestCase
{
  public:
    TcpAcrossScaleOutTestCase()
        : TestCase("NAT scale-out mid-flow: hash breaks ns-3 TCP connections, flow-table-df none")
    {
    }

  private:
    void DoRun() override
    {
        const std::string ev = "1s:nat:+1";
        TcpOutcome df = RunTcpAcrossScaling("flow-table-df", ev);
        TcpOutcome hash = RunTcpAcrossScaling("hash", ev);
        TcpOutcome still = RunTcpAcrossScaling("hash", "");
        std::cerr << "flow-table-df: " << df.delivered << " bytes, " << df.completed
                  << " completed, " << df.flows["broken_flows"] << " broken, "
                  << df.flows["tcp_retransmissions"] << " retransmissions, " << df.flows["rsts"]
                  << " RSTs\nhash: " << hash.delivered << " bytes, " << hash.completed
                  << " completed, " << hash.flows["broken_flows"] << " broken, "
                  << hash.flows["tcp_retransmissions"] << " retransmissions, " << hash.flows["rsts"]
                  << " RSTs" << std::endl;
        NS_TEST_EXPECT_MSG_EQ(df.completed, 8, "flow-table-df: every connection completes");
        NS_TEST_EXPECT_MSG_EQ(df.flows["broken_flows"].get<uint32_t>(), 0, "none broken");
        NS_TEST_EXPECT_MSG_EQ(df.flows["sticky_flows"].get<uint32_t>(), 8, "all sticky");
        NS_TEST_EXPECT_MSG_EQ(df.flows["rsts"].get<uint32_t>(), 0, "no RST");
        NS_TEST_EXPECT_MSG_EQ(still.completed, 8, "hash without scaling: every connection");
        NS_TEST_EXPECT_MSG_EQ(still.flows["broken_flows"].get<uint32_t>(), 0, "none broken");
        NS_TEST_EXPECT_MSG_GT(hash.flows["broken_flows"].get<uint32_t>(), 0, "hash breaks some");
        NS_TEST_EXPECT_MSG_LT(hash.completed, 8, "a broken connection does not complete");
        NS_TEST_EXPECT_MSG_GT(hash.flows["tcp_retransmissions"].get<uint32_t>(),
                              0,
                              "the sources retransmit into the lost state");
        NS_TEST_EXPECT_MSG_EQ(df.flows["tcp_retransmissions"].get<uint32_t>(), 0, "df: none");
        NS_TEST_EXPECT_MSG_LT(hash.delivered, df.delivered, "hash delivers less");
    }
};

/// The suite
class SfcNs3AppsTestSuite : public TestSuite
{
  public:
    SfcNs3AppsTestSuite()
        : TestSuite("sfc-ns3-apps", kSystemSuite)
    {
        AddTestCase(new BulkSendThroughChainTestCase, kQuickTest);
        AddTestCase(new UdpThroughChainTestCase, kQuickTest);
        AddTestCase(new TcpAcrossScaleOutTestCase, kQuickTest);
    }
};

/// Registers the suite
static SfcNs3AppsTestSuite g_sfcNs3AppsTestSuite;
