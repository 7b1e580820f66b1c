/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * NshOverlayPort: what one forwarder's overlay port sends, another's
 * decodes (VXLAN-GPE + NSH over a real link), and what it rejects.
 */

#include "sfc-test-util.h"

#include "ns3/inet-socket-address.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/nsh-header.h"
#include "ns3/nsh-overlay-port.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/simulator.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/vxlan-gpe-header.h"

#include <gtest/gtest.h>
#include <vector>

using namespace ns3;
using namespace ns3::sfc;

namespace
{
/// Two nodes on one link, each with an overlay port
struct Pair
{
    NodeContainer nodes;
    Ipv4Address a, b;
    Ptr<NshOverlayPort> pa, pb;
    std::vector<std::pair<uint32_t, OverlayMeta>> received; //!< inner size, meta (at b)
    std::vector<DropReason> rejected;                       //!< at b

    Pair()
    {
        nodes.Create(2);
        InternetStackHelper().Install(nodes);
        PointToPointHelper p2p;
        NetDeviceContainer devs = p2p.Install(nodes);
        Ipv4AddressHelper addr("10.9.0.0", "255.255.255.0");
        Ipv4InterfaceContainer ifs = addr.Assign(devs);
        a = ifs.GetAddress(0);
        b = ifs.GetAddress(1);
        pa = CreateObject<NshOverlayPort>();
        pb = CreateObject<NshOverlayPort>();
        pa->Open(nodes.Get(0), a);
        pb->Open(nodes.Get(1), b);
        pb->SetReceiveCallback(Callback<void, Ptr<Packet>, const OverlayMeta&>(
            [this](Ptr<Packet> p, const OverlayMeta& m) {
                received.emplace_back(p->GetSize(), m);
            }));
        pb->SetDropCallback(Callback<void, Ptr<const Packet>, DropReason>(
            [this](Ptr<const Packet>, DropReason r) { rejected.push_back(r); }));
    }

    ~Pair()
    {
        pa->Close();
        pb->Close();
        Simulator::Destroy();
    }

    /// Send raw UDP bytes to b's overlay port from a plain socket on a
    void SendRaw(Ptr<Packet> p)
    {
        Ptr<Socket> s = Socket::CreateSocket(nodes.Get(0), UdpSocketFactory::GetTypeId());
        s->Bind();
        s->SendTo(p, 0, InetSocketAddress(b, VxlanGpeHeader::kUdpPort));
    }
};
} // namespace

TEST(NshOverlayPort, CarriesEveryFieldAcrossALink)
{
    Pair pair;
    OverlayMeta m;
    m.peer = pair.b;
    m.spi = 0x123456;
    m.si = 254;
    m.ttl = 40;
    m.context = 1;
    m.instance = 0xABCDEF;
    Ptr<Packet> inner =
        sfctest::MakeUdp(FlowKey{Ipv4Address("10.1.0.2"), Ipv4Address("10.3.0.100"), 1234, 80, 17},
                         100);
    uint32_t innerSize = inner->GetSize();
    Simulator::Schedule(Seconds(1), [&]() { pair.pa->Send(inner, m); });
    Simulator::Run();
    ASSERT_EQ(pair.received.size(), 1u);
    const OverlayMeta& r = pair.received[0].second;
    EXPECT_EQ(pair.received[0].first, innerSize) << "the inner packet, headers removed";
    EXPECT_EQ(r.peer, pair.a);
    EXPECT_EQ(r.spi, m.spi);
    EXPECT_EQ(r.si, m.si);
    EXPECT_EQ(r.ttl, m.ttl);
    EXPECT_EQ(r.context, m.context);
    EXPECT_EQ(r.instance, m.instance);
    EXPECT_EQ(r.hops, 1u) << "one link crossed";
    EXPECT_TRUE(pair.rejected.empty());
}

TEST(NshOverlayPort, RejectsWhatIsNotVxlanGpeNshIpv4AndFlagsAMissingContext)
{
    Pair pair;
    // Garbage: not VXLAN-GPE.
    Ptr<Packet> junk = Create<Packet>(30);
    // VXLAN-GPE announcing Ethernet instead of NSH.
    Ptr<Packet> eth = Create<Packet>(40);
    VxlanGpeHeader v;
    v.SetNextProtocol(VxlanGpeHeader::kNextEthernet);
    eth->AddHeader(v);
    // VXLAN-GPE + NSH without the context TLV.
    Ptr<Packet> noCtx = Create<Packet>(40);
    NshHeader nsh;
    nsh.SetSpi(5);
    nsh.SetSi(255);
    nsh.SetTtl(63);
    nsh.SetNextProtocol(NshHeader::kNextIpv4);
    noCtx->AddHeader(nsh);
    VxlanGpeHeader v2;
    v2.SetNextProtocol(VxlanGpeHeader::kNextNsh);
    noCtx->AddHeader(v2);
    Simulator::Schedule(Seconds(1), [&]() {
        pair.SendRaw(junk);
        pair.SendRaw(eth);
        pair.SendRaw(noCtx);
    });
    Simulator::Run();
    EXPECT_EQ(pair.rejected,
              (std::vector<DropReason>{DropReason::MALFORMED, DropReason::MALFORMED}));
    ASSERT_EQ(pair.received.size(), 1u);
    EXPECT_EQ(pair.received[0].second.context, OverlayMeta::kNoContext);
    EXPECT_EQ(pair.received[0].second.spi, 5u);
}
