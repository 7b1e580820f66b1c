/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * FailureInjector on a point-to-point link: frames are dropped while a node
 * is failed, in both directions, and flow again after it recovers. Before the
 * LinkFaultErrorModel, the link-down model ignored Disable() (ns-3's
 * ErrorModel::IsCorrupt does not check IsEnabled(); subclasses must), so a
 * recovered node's point-to-point links stayed down for the rest of the run.
 */

#include "ns3/failure-injector.h"
#include "ns3/link-fault-error-model.h"
#include "ns3/node-container.h"
#include "ns3/packet.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/simulator.h"

#include <gtest/gtest.h>

using namespace ns3;
using namespace ns3::sfc;

TEST(FailureInjector, PointToPointLinksComeBackAfterRecovery)
{
    NodeContainer nodes;
    nodes.Create(2);
    NetDeviceContainer devs = PointToPointHelper().Install(nodes);
    uint32_t received[2] = {0, 0};
    for (uint32_t i = 0; i < 2; ++i)
    {
        devs.Get(i)->TraceConnectWithoutContext(
            "MacRx",
            Callback<void, Ptr<const Packet>>(
                [&received, i](Ptr<const Packet>) { ++received[i]; }));
    }
    auto sendBoth = [&devs]() {
        devs.Get(0)->Send(Create<Packet>(100), devs.Get(1)->GetAddress(), 0x0800);
        devs.Get(1)->Send(Create<Packet>(100), devs.Get(0)->GetAddress(), 0x0800);
    };
    Ptr<FailureInjector> injector = CreateObject<FailureInjector>();
    injector->Schedule(nodes.Get(0), Seconds(1), Seconds(2));
    Simulator::Schedule(Seconds(0.5), sendBoth); // before: delivered
    Simulator::Schedule(Seconds(1.5), sendBoth); // failed: dropped
    Simulator::Schedule(Seconds(2.5), sendBoth); // recovered: delivered
    Simulator::Run();
    EXPECT_EQ(received[0], 2U) << "node 0 receives before the failure and after the recovery";
    EXPECT_EQ(received[1], 2U) << "node 1 too";
    uint64_t dropped = 0;
    for (uint32_t i = 0; i < 2; ++i)
    {
        dropped +=
            LinkFaultErrorModel::Find(devs.Get(i))->GetDropped(LinkFaultErrorModel::NODE_DOWN);
    }
    EXPECT_EQ(dropped, 2U) << "the two frames sent while failed, counted";
    Simulator::Destroy();
}
