/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * System tests of ns-3's own applications through a chain: BulkSend (TCP)
 * and UdpEcho from the sources to the external hosts, steered by the
 * forwarders through fw -> dpi -> nat like the FlowClient's flows.
 */

#include "ns3/app-flow-monitor.h"
#include "ns3/application-container.h"
#include "ns3/bulk-send-helper.h"
#include "ns3/inet-socket-address.h"
#include "ns3/packet-sink-helper.h"
#include "ns3/packet-sink.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/service-chain-helper.h"
#include "ns3/sfc-network-helper.h"
#include "ns3/sfc-topology.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/tcp-socket-factory.h"
#include "ns3/test.h"
#include "ns3/udp-echo-helper.h"
#include "ns3/uinteger.h"

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
     */
    AppRig(const std::string& policy, const std::vector<std::string>& functions, uint32_t instances)
    {
        SfcTopology::LeafSpineParams tp;
        tp.racks = 2;
        tp.servers = 4;
        tp.sources = 4;
        tp.externals = 2;
        net = SfcNetworkHelper().Install(SfcTopology::LeafSpine(tp));
        ServiceChainHelper h;
        h.SetPolicy(policy);
        for (const auto& f : functions)
        {
            std::string type = f == "nat"  ? "ns3::sfc::SourceNat"
                               : f == "fw" ? "ns3::sfc::StatefulFirewall"
                                           : "ns3::sfc::DpiCounter";
            h.AddFunction(f, type, instances);
        }
        chain = h.Install(net);
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

/// The suite
class SfcNs3AppsTestSuite : public TestSuite
{
  public:
    SfcNs3AppsTestSuite()
        : TestSuite("sfc-ns3-apps", SYSTEM)
    {
        AddTestCase(new BulkSendThroughChainTestCase, TestCase::QUICK);
    }
};

/// Registers the suite
static SfcNs3AppsTestSuite g_sfcNs3AppsTestSuite;
