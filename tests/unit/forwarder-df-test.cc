/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Designated / non-designated forwarders (claim 1 of the seed), checked on
 * the flow tables of a tiny network built with the real helpers: one NAT
 * function with an instance on each of two servers, a source on a third
 * server, one external host.
 */

#include "sfc-test-util.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/flow-client.h"
#include "ns3/flow-server.h"
#include "ns3/flow-traffic-helper.h"
#include "ns3/forwarder.h"
#include "ns3/gateway.h"
#include "ns3/pointer.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/service-chain-helper.h"
#include "ns3/sfc-network-helper.h"
#include "ns3/sfc-topology.h"
#include "ns3/simulator.h"
#include "ns3/source-nat.h"
#include "ns3/uinteger.h"

#include <gtest/gtest.h>
#include <map>
#include <vector>

using namespace ns3;
using namespace ns3::sfc;

namespace
{

using Record = FlowTable::Store::Record;

/// Everything a run produced
struct Run
{
    SfcNetwork net;
    ChainDeployment chain;
    Ptr<FlowClient> client;
    std::map<uint64_t, FlowKey> flowKey;                 //!< flow id -> tuple at the source
    std::map<FlowKey, std::pair<uint32_t, FlowKey>> nat; //!< original -> (instance, translated)
    std::map<uint32_t, uint32_t> noStateDrops;           //!< instance -> NO_STATE drops

    /// \param f a forwarder \return the records of its flow table, in insertion order
    std::vector<Record> Records(Ptr<Forwarder> f) const
    {
        std::vector<Record> out;
        f->GetFlowTable()->GetStore().ForEach([&](const Record& r) { out.push_back(r); });
        return out;
    }

    Ipv4Address Locator(uint32_t server) const
    {
        return chain.GetForwarder(server)->GetLocator();
    }
};

/// Find the record of a forward key (nullptr if none)
const Record*
Find(const std::vector<Record>& records, const FlowKey& tuple, uint8_t boundary, uint8_t context)
{
    for (const auto& r : records)
    {
        const FlowTableKey& k = r.keys[0];
        if (k.tuple == tuple && k.boundary == boundary && k.context == context)
        {
            return &r;
        }
    }
    return nullptr;
}

/**
 * Build and run: servers 0 and 1 host NAT instances 1 and 2 (server 0 is the
 * function's DF), the source is on server 2.
 * \param df DesignatedForwarding
 * \param flows flows to open
 * \param holdOutDfInstance keep instance 1 (on the DF's server) out of service,
 *        so that every flow goes through the NDF's instance
 */
std::unique_ptr<Run>
RunChain(bool df, uint32_t flows, bool holdOutDfInstance)
{
    RngSeedManager::SetSeed(1);
    RngSeedManager::SetRun(1);
    auto run = std::make_unique<Run>();
    SfcTopology::LeafSpineParams tp;
    tp.spines = 1;
    tp.racks = 1;
    tp.servers = 3;
    tp.sources = 3;
    tp.externals = 1;
    run->net = SfcNetworkHelper().Install(SfcTopology::LeafSpine(tp));

    ServiceChainHelper helper;
    helper.SetPolicy("flow-table");
    helper.SetForwarderAttribute("DesignatedForwarding", BooleanValue(df));
    helper.AddFunction("nat", "ns3::sfc::SourceNat", 2);
    run->chain = helper.Install(run->net);
    EXPECT_EQ(run->chain.dfServer.at(1), 0u);
    EXPECT_EQ(run->chain.chain->GetDesignatedForwarder(1), run->Locator(0));
    EXPECT_EQ(run->chain.chain->GetInstance(1)->server, 0u);
    EXPECT_EQ(run->chain.chain->GetInstance(2)->server, 1u);
    if (holdOutDfInstance)
    {
        run->chain.instances[0]->SetStartTime(Seconds(1000));
    }
    for (const auto& sn : run->chain.instances)
    {
        uint32_t id = sn->GetInstanceId();
        Run* r = run.get();
        sn->TraceConnectWithoutContext("NewTranslation",
                                       Callback<void, const FlowKey&, const FlowKey&>(
                                           [r, id](const FlowKey& o, const FlowKey& t) {
                                               r->nat[o] = {id, t};
                                           }));
        sn->TraceConnectWithoutContext("Drop",
                                       Callback<void, Ptr<const Packet>, Direction, DropReason>(
                                           [r, id](Ptr<const Packet>, Direction, DropReason why) {
                                               r->noStateDrops[id] +=
                                                   why == DropReason::NO_STATE ? 1 : 0;
                                           }));
    }

    FlowTrafficHelper traffic;
    traffic.SetClientAttribute("MaxFlows", UintegerValue(flows));
    traffic.SetClientAttribute(
        "FlowSize",
        PointerValue(
            CreateObjectWithAttributes<ConstantRandomVariable>("Constant", DoubleValue(3))));
    traffic.SetClientAttribute(
        "InterArrival",
        PointerValue(
            CreateObjectWithAttributes<ExponentialRandomVariable>("Mean", DoubleValue(0.02))));
    ApplicationContainer clients = traffic.InstallClients(run->net.GetNodes({run->net.sources[2]}),
                                                          run->net.GetExternalAddresses());
    traffic.InstallServers(run->net.GetNodes(run->net.externals));
    FlowTrafficHelper::AssignStreams(clients, 7);
    clients.Start(Seconds(0.1));
    run->client = DynamicCast<FlowClient>(clients.Get(0));
    Run* r = run.get();
    run->client->TraceConnectWithoutContext(
        "FlowStart",
        Callback<void, uint64_t, const FlowKey&, uint32_t>(
            [r](uint64_t id, const FlowKey& k, uint32_t) { r->flowKey[id] = k; }));
    // Well before the flow-table idle timeout (30 s): every entry is still there.
    Simulator::Stop(Seconds(5));
    Simulator::Run();
    return run;
}

class DesignatedForwarderTest : public sfctest::SimulatorTest
{
};

} // namespace

TEST_F(DesignatedForwarderTest, NdfRelaysToTheDfAndBackToItsInstance)
{
    auto run = RunChain(true, 1, true);
    ASSERT_EQ(run->client->GetFlowsStarted(), 1u);
    EXPECT_EQ(run->client->GetFlowsCompleted(), 1u);
    EXPECT_EQ(run->client->GetFlowsFailed(), 0u);
    ASSERT_EQ(run->flowKey.size(), 1u);
    const FlowKey original = run->flowKey.begin()->second;
    ASSERT_EQ(run->nat.count(original), 1u);
    ASSERT_EQ(run->nat[original].first, 2u) << "instance 1 is out of service";
    const FlowKey translated = run->nat[original].second;
    EXPECT_EQ(run->noStateDrops[2], 0u);
    EXPECT_EQ(run->chain.instances[0]->GetProcessedPackets(), 0u);
    EXPECT_GT(run->chain.instances[1]->GetProcessedPackets(), 0u);

    const Ipv4Address dfLoc = run->Locator(0);
    const Ipv4Address ndfLoc = run->Locator(1);
    const Ipv4Address srcLoc = run->Locator(2);
    const uint16_t chainId = run->chain.chain->GetChainId();
    Ptr<Forwarder> df = run->chain.GetForwarder(0);
    Ptr<Forwarder> ndf = run->chain.GetForwarder(1);
    EXPECT_TRUE(df->IsDesignatedForwarding());
    EXPECT_TRUE(df->IsDesignatedForwarder(1));
    EXPECT_FALSE(ndf->IsDesignatedForwarder(1));

    // The NDF: the egress entry after the function sends forward traffic to the
    // DF and return traffic to the local instance. It caches nothing else (the
    // DF chose the instance and named it; the NDF only delivered).
    std::vector<Record> ndfRecords = run->Records(ndf);
    ASSERT_EQ(ndfRecords.size(), 1u);
    const Record* e = Find(ndfRecords, translated, 1, FlowTableKey::EGRESS);
    ASSERT_NE(e, nullptr);
    EXPECT_EQ(e->keys[0].chain, chainId);
    EXPECT_TRUE(e->value.forward == FlowAction::ToForwarder(dfLoc, FlowTableKey::EGRESS, 0))
        << e->value.forward;
    EXPECT_TRUE(e->value.reverse == FlowAction::ToServiceNode(2)) << e->value.reverse;
    EXPECT_GT(e->packets[0], 0u) << "forward traffic used the entry";
    EXPECT_GT(e->packets[1], 0u) << "return traffic came back through the NDF";

    // The DF: after the last function, a route lookup forward and the NDF as
    // the previous hop; before the function, the chosen instance (named to its
    // server's forwarder) and the source's forwarder as the previous hop.
    std::vector<Record> dfRecords = run->Records(df);
    EXPECT_EQ(dfRecords.size(), 2u);
    const Record* out = Find(dfRecords, translated, 1, FlowTableKey::EGRESS);
    ASSERT_NE(out, nullptr);
    EXPECT_TRUE(out->value.forward == FlowAction::RouteLookup()) << out->value.forward;
    EXPECT_TRUE(out->value.reverse == FlowAction::ToForwarder(ndfLoc, FlowTableKey::EGRESS))
        << out->value.reverse;
    EXPECT_GT(out->packets[1], 0u);
    const Record* in = Find(dfRecords, original, 0, FlowTableKey::INGRESS);
    ASSERT_NE(in, nullptr);
    EXPECT_TRUE(in->value.forward == FlowAction::ToForwarder(ndfLoc, FlowTableKey::INGRESS, 2))
        << in->value.forward;
    EXPECT_TRUE(in->value.reverse == FlowAction::ToForwarder(srcLoc, FlowTableKey::EGRESS))
        << in->value.reverse;
    EXPECT_GT(in->packets[1], 0u) << "return traffic walked back DF -> source";

    // The gateway got the flow from the DF, never from the NDF.
    std::vector<Record> gw = run->Records(run->chain.gateway);
    ASSERT_EQ(gw.size(), 1u);
    const Record* g = Find(gw, translated, 1, FlowTableKey::INGRESS);
    ASSERT_NE(g, nullptr);
    EXPECT_TRUE(g->value.forward == FlowAction::RouteLookup());
    EXPECT_TRUE(g->value.reverse == FlowAction::ToForwarder(dfLoc, FlowTableKey::EGRESS))
        << g->value.reverse;

    // The source's forwarder sends the flow to the function's DF.
    std::vector<Record> src = run->Records(run->chain.GetForwarder(2));
    ASSERT_EQ(src.size(), 1u);
    const Record* s = Find(src, original, 0, FlowTableKey::EGRESS);
    ASSERT_NE(s, nullptr);
    EXPECT_TRUE(s->value.forward == FlowAction::ToForwarder(dfLoc, FlowTableKey::INGRESS))
        << s->value.forward;
    EXPECT_TRUE(s->value.reverse.kind == FlowAction::TO_EDGE);
}

TEST_F(DesignatedForwarderTest, FlowsOnTheDfsOwnInstanceAndOnTheNdfs)
{
    auto run = RunChain(true, 12, false);
    ASSERT_EQ(run->flowKey.size(), 12u);
    EXPECT_EQ(run->client->GetFlowsCompleted(), 12u);
    EXPECT_EQ(run->noStateDrops[1] + run->noStateDrops[2], 0u);
    std::vector<Record> dfRecords = run->Records(run->chain.GetForwarder(0));
    std::vector<Record> ndfRecords = run->Records(run->chain.GetForwarder(1));
    const Ipv4Address dfLoc = run->Locator(0);
    const Ipv4Address ndfLoc = run->Locator(1);
    uint32_t onDf = 0;
    uint32_t onNdf = 0;
    for (const auto& kv : run->flowKey)
    {
        ASSERT_EQ(run->nat.count(kv.second), 1u);
        uint32_t instance = run->nat[kv.second].first;
        const FlowKey translated = run->nat[kv.second].second;
        const Record* out = Find(dfRecords, translated, 1, FlowTableKey::EGRESS);
        ASSERT_NE(out, nullptr) << "every flow leaves the function through its DF";
        EXPECT_TRUE(out->value.forward == FlowAction::RouteLookup());
        if (instance == 1)
        {
            ++onDf;
            EXPECT_TRUE(out->value.reverse == FlowAction::ToServiceNode(1)) << out->value.reverse;
            EXPECT_EQ(Find(ndfRecords, translated, 1, FlowTableKey::EGRESS), nullptr);
        }
        else
        {
            ++onNdf;
            EXPECT_TRUE(out->value.reverse ==
                        FlowAction::ToForwarder(ndfLoc, FlowTableKey::EGRESS));
            const Record* e = Find(ndfRecords, translated, 1, FlowTableKey::EGRESS);
            ASSERT_NE(e, nullptr);
            EXPECT_TRUE(e->value.forward ==
                        FlowAction::ToForwarder(dfLoc, FlowTableKey::EGRESS, 0));
            EXPECT_TRUE(e->value.reverse == FlowAction::ToServiceNode(2));
        }
    }
    // With this seed the flows are spread over both instances.
    EXPECT_GT(onDf, 0u);
    EXPECT_GT(onNdf, 0u);
    // Table state: the DF holds two entry pairs per flow, the NDF one per flow of its instance.
    EXPECT_EQ(dfRecords.size(), 2u * 12u);
    EXPECT_EQ(ndfRecords.size(), onNdf);
}

TEST_F(DesignatedForwarderTest, WithoutDfNothingGoesToTheDf)
{
    auto run = RunChain(false, 1, true);
    EXPECT_EQ(run->client->GetFlowsCompleted(), 1u);
    ASSERT_EQ(run->flowKey.size(), 1u);
    const FlowKey original = run->flowKey.begin()->second;
    ASSERT_EQ(run->nat.count(original), 1u);
    const FlowKey translated = run->nat[original].second;
    const Ipv4Address dfLoc = run->Locator(0);
    const Ipv4Address ndfLoc = run->Locator(1);
    Ptr<Forwarder> ndf = run->chain.GetForwarder(1);
    EXPECT_FALSE(ndf->IsDesignatedForwarding());

    // No forwarder anywhere caches an action towards the would-be DF, which hosts
    // no instance in service: nothing detours through it.
    std::vector<Ptr<Forwarder>> all = run->chain.forwarders;
    all.push_back(run->chain.gateway);
    for (const auto& f : all)
    {
        for (const auto& r : run->Records(f))
        {
            for (const FlowAction* a : {&r.value.forward, &r.value.reverse})
            {
                EXPECT_FALSE(a->kind == FlowAction::TO_FORWARDER && a->forwarder == dfLoc)
                    << f->GetLocator() << ": " << *a;
            }
        }
    }
    EXPECT_TRUE(run->Records(run->chain.GetForwarder(0)).empty());
    // The instance's server sends what leaves the function straight out.
    std::vector<Record> ndfRecords = run->Records(ndf);
    const Record* e = Find(ndfRecords, translated, 1, FlowTableKey::EGRESS);
    ASSERT_NE(e, nullptr);
    EXPECT_TRUE(e->value.forward == FlowAction::RouteLookup()) << e->value.forward;
    EXPECT_TRUE(e->value.reverse == FlowAction::ToServiceNode(2)) << e->value.reverse;
    std::vector<Record> gw = run->Records(run->chain.gateway);
    const Record* g = Find(gw, translated, 1, FlowTableKey::INGRESS);
    ASSERT_NE(g, nullptr);
    EXPECT_TRUE(g->value.reverse == FlowAction::ToForwarder(ndfLoc, FlowTableKey::EGRESS));
}
