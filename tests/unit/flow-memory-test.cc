/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Memory follows concurrency: the flat per-flow store, and the traffic
 * applications' and the chain monitor's per-flow state released when flows
 * end, their aggregates still counted.
 */

#include "sfc-test-util.h"

#include "ns3/chain-monitor.h"
#include "ns3/double.h"
#include "ns3/flat-slot-map.h"
#include "ns3/flow-client.h"
#include "ns3/flow-server.h"
#include "ns3/flow-traffic-helper.h"
#include "ns3/forwarder.h"
#include "ns3/gateway.h"
#include "ns3/nstime.h"
#include "ns3/pointer.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/service-chain-helper.h"
#include "ns3/sfc-network-helper.h"
#include "ns3/sfc-topology.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <gtest/gtest.h>
#include <map>
#include <sstream>

using namespace ns3;
using namespace ns3::sfc;

// Inserts, lookups and erases (backward shift) agree with std::map, and
// erased slots are reused: the slots follow the peak number of records.
TEST(FlatSlotMap, AgreesWithStdMapAndReusesSlots)
{
    FlatSlotMap<uint64_t, uint32_t> store;
    std::map<uint64_t, uint32_t> ref;
    uint64_t x = 12345;
    uint32_t peak = 0;
    for (uint32_t step = 0; step < 20000; ++step)
    {
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        uint64_t key = (x >> 33) % 600; // collisions and long probe runs
        if ((x >> 20) % 3 == 0)
        {
            EXPECT_EQ(store.Erase(key), ref.erase(key) == 1);
        }
        else
        {
            store[key] = step;
            ref[key] = step;
        }
        peak = std::max<uint32_t>(peak, ref.size());
        ASSERT_EQ(store.GetSize(), ref.size());
    }
    for (uint64_t key = 0; key < 600; ++key)
    {
        const uint32_t* v = store.Find(key);
        auto it = ref.find(key);
        ASSERT_EQ(v != nullptr, it != ref.end()) << key;
        if (v != nullptr)
        {
            EXPECT_EQ(*v, it->second);
        }
    }
    EXPECT_EQ(store.GetSlotCount(), peak);
    uint32_t visited = 0;
    store.ForEach([&](uint64_t key, uint32_t v) {
        EXPECT_EQ(ref.at(key), v);
        ++visited;
    });
    EXPECT_EQ(visited, ref.size());
    store.Clear();
    EXPECT_EQ(store.GetSize(), 0u);
    EXPECT_FALSE(store.Contains(1));
}

// A record keeps its address while others are inserted.
TEST(FlatSlotMap, RecordsDoNotMove)
{
    FlatSlotMap<uint32_t, uint64_t> store;
    uint64_t* first = &store[7];
    *first = 99;
    for (uint32_t k = 100; k < 5000; ++k)
    {
        store[k] = k;
    }
    EXPECT_EQ(store.Find(7), first);
    EXPECT_EQ(*first, 99u);
}

namespace
{

class FlowMemoryTest : public sfctest::SimulatorTest
{
};

} // namespace

// 60 short flows, a few at a time, through fw -> nat on two servers: the
// client, the server and the monitor hold state for the flows alive (plus
// the monitor's RetireDelay), not for every flow; the metrics count all 60.
TEST_F(FlowMemoryTest, PerFlowStateIsReleasedAndStillCounted)
{
    RngSeedManager::SetSeed(1);
    RngSeedManager::SetRun(1);
    SfcTopology::LeafSpineParams tp;
    tp.spines = 1;
    tp.racks = 1;
    tp.servers = 3;
    tp.sources = 3;
    tp.externals = 1;
    SfcNetwork net = SfcNetworkHelper().Install(SfcTopology::LeafSpine(tp));
    ServiceChainHelper helper;
    helper.SetPolicy("flow-table");
    helper.AddFunction("fw", "ns3::sfc::StatefulFirewall", 2);
    helper.AddFunction("nat", "ns3::sfc::SourceNat", 2);
    ChainDeployment chain = helper.Install(net);

    const uint32_t flows = 60;
    FlowTrafficHelper traffic;
    traffic.SetClientAttribute("MaxFlows", UintegerValue(flows));
    traffic.SetClientAttribute(
        "FlowSize",
        PointerValue(
            CreateObjectWithAttributes<ConstantRandomVariable>("Constant", DoubleValue(3))));
    traffic.SetClientAttribute(
        "InterArrival",
        PointerValue(
            CreateObjectWithAttributes<ExponentialRandomVariable>("Mean", DoubleValue(0.05))));
    traffic.SetServerAttribute("Linger", TimeValue(MilliSeconds(200)));
    ApplicationContainer clients =
        traffic.InstallClients(net.GetNodes({net.sources[2]}), net.GetExternalAddresses());
    ApplicationContainer servers = traffic.InstallServers(net.GetNodes(net.externals));
    FlowTrafficHelper::AssignStreams(clients, 7);
    clients.Start(Seconds(0.1));
    Ptr<FlowClient> client = DynamicCast<FlowClient>(clients.Get(0));
    Ptr<FlowServer> server = DynamicCast<FlowServer>(servers.Get(0));

    Ptr<ChainMonitor> monitor =
        CreateObjectWithAttributes<ChainMonitor>("RetireDelay", TimeValue(MilliSeconds(100)));
    monitor->WatchChain(chain.chain);
    for (uint32_t i = 0; i < chain.forwarders.size(); ++i)
    {
        monitor->WatchForwarder(chain.forwarders[i], "server" + std::to_string(i));
    }
    monitor->WatchForwarder(chain.gateway, "gateway");
    monitor->WatchClient(client);
    monitor->WatchServer(server);
    monitor->SetPathModel(net.topology, net.NodeToVertex(), net.AddressToVertex());
    monitor->KeepFlowRecords(true);

    // Sample what is held while the flows come and go.
    uint32_t peakMonitor = 0;
    uint32_t peakClient = 0;
    uint32_t peakServer = 0;
    for (int i = 1; i < 500; ++i)
    {
        Simulator::Schedule(MilliSeconds(10 * i), [&]() {
            peakMonitor = std::max(peakMonitor, monitor->GetLiveFlows());
            peakClient = std::max(peakClient, client->GetOpenFlows());
            peakServer = std::max(peakServer, server->GetLiveTuples());
        });
    }
    Simulator::Stop(Seconds(6));
    Simulator::Run();

    ASSERT_EQ(client->GetFlowsStarted(), flows);
    ASSERT_EQ(client->GetFlowsCompleted(), flows);
    EXPECT_EQ(client->GetOpenFlows(), 0u);
    EXPECT_EQ(server->GetLiveConnections(), 0u) << "every connection lingered and was released";
    EXPECT_EQ(server->GetLiveTuples(), 0u) << "the measurement tuples go with them";
    EXPECT_GT(peakClient, 0u);
    EXPECT_LT(peakClient, flows / 2);
    EXPECT_LT(peakServer, flows / 2);
    EXPECT_LT(peakMonitor, flows / 2);
    EXPECT_GT(monitor->GetRetiredFlows(), flows / 2);
    EXPECT_EQ(monitor->GetLateEvents(), 0u);

    ChainMonitor::Summary s = monitor->Finalize();
    EXPECT_EQ(monitor->GetLiveFlows(), 0u);
    EXPECT_EQ(s.flows, flows);
    EXPECT_EQ(s.completedFlows, flows);
    EXPECT_EQ(s.stickyFlows, flows);
    EXPECT_EQ(s.brokenFlows, 0u);
    EXPECT_EQ(s.openFlows, 0u);
    EXPECT_GT(s.meanFctS, 0.0);
    EXPECT_GE(s.pathStretch, 1.0);
    uint32_t started = 0;
    uint32_t completed = 0;
    for (const auto& bin : s.timeseries)
    {
        started += bin.flowsStarted;
        completed += bin.flowsCompleted;
        EXPECT_LE(bin.activeFlows, peakClient + 1);
    }
    EXPECT_EQ(started, flows);
    EXPECT_EQ(completed, flows);
    EXPECT_EQ(monitor->Finalize().flows, flows) << "a second call gives the same";

    // One CSV line per flow, in flow-id order.
    std::ostringstream csv;
    monitor->WriteFlowsCsv(csv);
    std::istringstream lines(csv.str());
    std::string line;
    std::getline(lines, line); // header
    uint64_t previous = 0;
    uint32_t rows = 0;
    while (std::getline(lines, line))
    {
        uint64_t id = std::stoull(line.substr(0, line.find(',')));
        EXPECT_GT(id, previous);
        previous = id;
        ++rows;
    }
    EXPECT_EQ(rows, flows);
}
