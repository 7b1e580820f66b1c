/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * LispMappingSystem over a real link: a small client registers (signed),
 * asks and gets the registered RLOCs after the lookup latency; unsigned and
 * bad-key registrations are ignored; registrations expire; a re-programmed
 * mapping (an ELP chain) is answered afterwards, with SMRs to recent
 * requesters; unknown EIDs get negative replies; garbage is counted.
 */

#include "sfc-test-util.h"

#include "ns3/boolean.h"
#include "ns3/inet-socket-address.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/lisp-auth.h"
#include "ns3/lisp-ecm-header.h"
#include "ns3/lisp-map-register.h"
#include "ns3/lisp-map-reply.h"
#include "ns3/lisp-map-request.h"
#include "ns3/lisp-mapping-system.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/udp-socket-factory.h"

#include <gtest/gtest.h>
#include <string>
#include <vector>

using namespace ns3;
using namespace ns3::sfc;

namespace
{
const std::string kKey = "site-key";

/// A client node (an xTR stand-in on UDP 4342) and a mapping-system node
struct Bench
{
    NodeContainer nodes;
    Ipv4Address client, server;
    Ptr<Socket> socket;
    Ptr<LispMappingSystem> ms;
    std::vector<std::pair<Time, Ptr<Packet>>> received; //!< at the client

    explicit Bench(Time latency = MilliSeconds(50), Time timeout = Minutes(3), bool smr = false)
    {
        nodes.Create(2);
        InternetStackHelper().Install(nodes);
        PointToPointHelper p2p;
        p2p.SetDeviceAttribute("DataRate", StringValue("1Gbps"));
        p2p.SetChannelAttribute("Delay", StringValue("1ms"));
        Ipv4InterfaceContainer ifs =
            Ipv4AddressHelper("10.9.0.0", "255.255.255.0").Assign(p2p.Install(nodes));
        client = ifs.GetAddress(0);
        server = ifs.GetAddress(1);
        ms = CreateObject<LispMappingSystem>();
        ms->SetAttribute("LookupLatency", TimeValue(latency));
        ms->SetAttribute("RegistrationTimeout", TimeValue(timeout));
        ms->SetAttribute("AuthenticationKey", StringValue(kKey));
        ms->SetAttribute("SmrOnChange", BooleanValue(smr));
        nodes.Get(1)->AddApplication(ms);
        ms->SetStartTime(Seconds(0));
        socket = Socket::CreateSocket(nodes.Get(0), UdpSocketFactory::GetTypeId());
        socket->Bind(InetSocketAddress(Ipv4Address::GetAny(), 4342));
        socket->SetRecvCallback(MakeCallback(&Bench::Receive, this));
    }

    ~Bench()
    {
        socket->Close();
        Simulator::Destroy();
    }

    void Receive(Ptr<Socket> s)
    {
        while (Ptr<Packet> p = s->Recv())
        {
            received.emplace_back(Simulator::Now(), p);
        }
    }

    /// Send a header to the mapping system at time t
    void SendAt(Time t, const Header& h)
    {
        Ptr<Packet> p = Create<Packet>();
        p->AddHeader(h);
        SendAt(t, p);
    }

    void SendAt(Time t, Ptr<Packet> p)
    {
        Simulator::Schedule(t,
                            [this, p]() { socket->SendTo(p, 0, InetSocketAddress(server, 4342)); });
    }

    /// A Map-Register of 10.1.0.0/16 -> client RLOC, signed with key (none if empty)
    LispMapRegisterHeader Register(const std::string& key, bool wantNotify = false) const
    {
        LispMapRegisterHeader reg;
        reg.SetNonce(7);
        reg.SetFlag(LispMapRegisterHeader::kFlagWantNotify, wantNotify);
        LispMappingRecord r;
        r.ttl = 3;
        r.eidMaskLen = 16;
        r.eid = LispAddress::FromIpv4(Ipv4Address("10.1.0.0"));
        LispLocator l;
        l.priority = 1;
        l.weight = 100;
        l.rloc = LispAddress::FromIpv4(client);
        r.locators.push_back(l);
        reg.AddRecord(r);
        if (!key.empty())
        {
            LispAuth::Sign(reg, LispAuth::kKeyIdHmacSha256, {key.begin(), key.end()});
        }
        return reg;
    }

    /// A Map-Request for eid/32 from the client
    LispMapRequestHeader Request(const char* eid, uint64_t nonce) const
    {
        LispMapRequestHeader req;
        req.SetNonce(nonce);
        req.AddItrRloc(LispAddress::FromIpv4(client));
        LispEidRecord er;
        er.eid = LispAddress::FromIpv4(Ipv4Address(eid));
        er.eidMaskLen = 32;
        req.AddRecord(er);
        return req;
    }

    /// The Map-Replies received, in order
    std::vector<std::pair<Time, LispMapReplyHeader>> Replies() const
    {
        std::vector<std::pair<Time, LispMapReplyHeader>> out;
        for (const auto& tp : received)
        {
            LispMapReplyHeader h;
            if (tp.second->PeekHeader(h) > 0 && h.IsValid())
            {
                out.emplace_back(tp.first, h);
            }
        }
        return out;
    }
};

Ipv4Address
FirstRloc(const LispMapReplyHeader& r)
{
    return r.GetRecords().at(0).locators.at(0).rloc.GetIpv4();
}
} // namespace

TEST(LispMappingSystem, SignedRegisterThenRequestAnsweredAfterLatency)
{
    Bench b(MilliSeconds(50));
    b.SendAt(Seconds(0.1), b.Register(kKey, true));
    b.SendAt(Seconds(1), b.Request("10.1.2.3", 42));
    Simulator::Stop(Seconds(2));
    Simulator::Run();
    ASSERT_EQ(b.received.size(), 2u);
    LispMapNotifyHeader notify; // the Map-Notify asked for with M
    ASSERT_GT(b.received[0].second->PeekHeader(notify), 0u);
    EXPECT_EQ(notify.GetNonce(), 7u);
    EXPECT_TRUE(LispAuth::Verify(notify, {kKey.begin(), kKey.end()}));
    auto replies = b.Replies();
    ASSERT_EQ(replies.size(), 1u);
    const LispMapReplyHeader& r = replies[0].second;
    EXPECT_EQ(r.GetNonce(), 42u);
    ASSERT_EQ(r.GetRecords().size(), 1u);
    const LispMappingRecord& rec = r.GetRecords()[0];
    EXPECT_EQ(rec.eidMaskLen, 16);
    EXPECT_EQ(rec.eid.GetIpv4(), Ipv4Address("10.1.0.0"));
    EXPECT_EQ(rec.ttl, 3u);
    EXPECT_TRUE(rec.authoritative);
    EXPECT_EQ(FirstRloc(r), b.client);
    EXPECT_EQ(rec.locators[0].priority, 1);
    EXPECT_EQ(rec.locators[0].weight, 100);
    // two 1 ms link crossings plus the 50 ms lookup latency (and tiny transmission times)
    Time rtt = replies[0].first - Seconds(1);
    EXPECT_GE(rtt, MilliSeconds(52));
    EXPECT_LT(rtt, MilliSeconds(53));
    const LispMappingSystemCounters& c = b.ms->GetCounters();
    EXPECT_EQ(c.registersAccepted, 1u);
    EXPECT_EQ(c.rxMessages[LispMapRegisterHeader::kType], 1u);
    EXPECT_EQ(c.rxMessages[LispMapRequestHeader::kType], 1u);
    EXPECT_EQ(c.txMessages[LispMapReplyHeader::kType], 1u);
    EXPECT_EQ(c.txMessages[LispMapNotifyHeader::kType], 1u);
    EXPECT_EQ(c.txBytes[LispMapReplyHeader::kType], r.GetSerializedSize());
    EXPECT_EQ(c.positiveReplies, 1u);
}

TEST(LispMappingSystem, UnsignedAndBadKeyRegistrationsAreIgnored)
{
    Bench b;
    b.SendAt(Seconds(0.1), b.Register("", true));
    b.SendAt(Seconds(0.2), b.Register("wrong-key", true));
    b.SendAt(Seconds(1), b.Request("10.1.2.3", 1));
    Simulator::Stop(Seconds(2));
    Simulator::Run();
    EXPECT_EQ(b.ms->GetCounters().registersRejected, 2u);
    EXPECT_EQ(b.ms->GetCounters().registersAccepted, 0u);
    EXPECT_EQ(b.ms->GetRegistrationCount(), 0u);
    auto replies = b.Replies();
    ASSERT_EQ(b.received.size(), 1u); // no Map-Notify
    ASSERT_EQ(replies.size(), 1u);
    EXPECT_TRUE(replies[0].second.GetRecords().at(0).IsNegative());
}

TEST(LispMappingSystem, RegistrationExpiresAfterTimeout)
{
    Bench b(MilliSeconds(5), Seconds(3));
    b.SendAt(Seconds(0.1), b.Register(kKey));
    b.SendAt(Seconds(2), b.Request("10.1.2.3", 1));
    b.SendAt(Seconds(4), b.Request("10.1.2.3", 2));
    Simulator::Stop(Seconds(5));
    Simulator::Run();
    auto replies = b.Replies();
    ASSERT_EQ(replies.size(), 2u);
    EXPECT_FALSE(replies[0].second.GetRecords().at(0).IsNegative());
    EXPECT_TRUE(replies[1].second.GetRecords().at(0).IsNegative());
    EXPECT_EQ(b.ms->GetCounters().registrationsExpired, 1u);
    EXPECT_EQ(b.ms->GetRegistrationCount(), 0u);
}

TEST(LispMappingSystem, ReRegistrationRefreshesTheSoftState)
{
    Bench b(MilliSeconds(5), Seconds(3));
    for (double t : {0.1, 2.0, 4.0})
    {
        b.SendAt(Seconds(t), b.Register(kKey));
    }
    b.SendAt(Seconds(6.5), b.Request("10.1.2.3", 1));
    Simulator::Stop(Seconds(8));
    Simulator::Run();
    auto replies = b.Replies();
    ASSERT_EQ(replies.size(), 1u);
    EXPECT_FALSE(replies[0].second.GetRecords().at(0).IsNegative());
    EXPECT_EQ(b.ms->GetCounters().registrationsExpired, 1u); // expired at 7 s
}

TEST(LispMappingSystem, ReprogrammedChainIsAnsweredAndSolicited)
{
    Bench b(MilliSeconds(5), Minutes(3), true);
    b.SendAt(Seconds(0.1), b.Register(kKey));
    b.SendAt(Seconds(1), b.Request("10.1.2.3", 1));
    LispMappingRecord chain;
    chain.ttl = 5;
    chain.eidMaskLen = 16;
    chain.eid = LispAddress::FromIpv4(Ipv4Address("10.1.0.0"));
    std::vector<LispElpHop> hops(2);
    hops[0].ipv4 = Ipv4Address("192.0.2.7");
    hops[0].flags = LispElpHop::kStrict;
    hops[1].ipv4 = b.client;
    LispLocator l;
    l.rloc = LispAddress::FromElp(hops);
    chain.locators.push_back(l);
    Simulator::Schedule(Seconds(2), [&b, chain]() { EXPECT_TRUE(b.ms->SetMapping(chain)); });
    b.SendAt(Seconds(3), b.Request("10.1.2.3", 2));
    // a re-registration does not override the programmed chain
    b.SendAt(Seconds(3.5), b.Register(kKey));
    b.SendAt(Seconds(4), b.Request("10.1.2.3", 3));
    Simulator::Schedule(Seconds(5), [&b]() {
        EXPECT_TRUE(b.ms->RemoveMapping(LispEidPrefix::FromIpv4(Ipv4Address("10.1.0.0"), 16)));
    });
    b.SendAt(Seconds(6), b.Request("10.1.2.3", 4));
    Simulator::Stop(Seconds(7));
    Simulator::Run();
    auto replies = b.Replies();
    ASSERT_EQ(replies.size(), 4u);
    EXPECT_EQ(FirstRloc(replies[0].second), b.client);
    for (int i : {1, 2})
    {
        const LispAddress& elp = replies[i].second.GetRecords().at(0).locators.at(0).rloc;
        ASSERT_EQ(elp.GetElpHops().size(), 2u);
        EXPECT_EQ(elp.GetElpHops()[0].ipv4, Ipv4Address("192.0.2.7"));
        EXPECT_TRUE(elp.GetElpHops()[0].IsStrict());
        EXPECT_EQ(replies[i].second.GetRecords()[0].ttl, 5u);
    }
    EXPECT_EQ(FirstRloc(replies[3].second), b.client);
    // the SMRs at the change and at the removal, to the requester of 10.1.2.3
    std::vector<Time> smrs;
    for (const auto& tp : b.received)
    {
        LispMapRequestHeader smr;
        if (tp.second->PeekHeader(smr) > 0 && smr.IsValid())
        {
            EXPECT_TRUE(smr.IsSmr());
            EXPECT_EQ(smr.GetRecords().at(0).eid.GetIpv4(), Ipv4Address("10.1.2.3"));
            EXPECT_EQ(smr.GetItrRlocs().at(0).GetIpv4(), b.server);
            smrs.push_back(tp.first);
        }
    }
    ASSERT_EQ(smrs.size(), 2u);
    EXPECT_GE(smrs[0], Seconds(2));
    EXPECT_LT(smrs[0], Seconds(2.01));
    EXPECT_EQ(b.ms->GetCounters().smrsSent, 2u);
}

TEST(LispMappingSystem, UnknownEidGetsANegativeReplyForTheCoveringPrefix)
{
    Bench b(MilliSeconds(5));
    b.ms->SetAttribute("NegativeTtl", UintegerValue(2));
    b.SendAt(Seconds(0.1), b.Register(kKey));
    b.SendAt(Seconds(1), b.Request("10.2.3.4", 9));
    Simulator::Stop(Seconds(2));
    Simulator::Run();
    auto replies = b.Replies();
    ASSERT_EQ(replies.size(), 1u);
    const LispMappingRecord& rec = replies[0].second.GetRecords().at(0);
    EXPECT_TRUE(rec.IsNegative());
    EXPECT_EQ(rec.action, LispMappingRecord::kNativelyForward);
    EXPECT_EQ(rec.ttl, 2u);
    // the largest prefix around 10.2.3.4 not holding 10.1.0.0/16
    EXPECT_EQ(rec.eid.GetIpv4(), Ipv4Address("10.2.0.0"));
    EXPECT_EQ(rec.eidMaskLen, 15);
    EXPECT_EQ(b.ms->GetCounters().negativeReplies, 1u);
}

TEST(LispMappingSystem, EncapsulatedRequestIsAnsweredAtTheInnerPort)
{
    Bench b(MilliSeconds(5));
    b.SendAt(Seconds(0.1), b.Register(kKey));
    LispEcmHeader ecm;
    ecm.SetInner(b.client, Ipv4Address("10.1.2.3"), 4342, 4342);
    ecm.SetInnerMessage(b.Request("10.1.2.3", 77));
    b.SendAt(Seconds(1), ecm);
    Simulator::Stop(Seconds(2));
    Simulator::Run();
    auto replies = b.Replies();
    ASSERT_EQ(replies.size(), 1u);
    EXPECT_EQ(replies[0].second.GetNonce(), 77u);
    EXPECT_EQ(FirstRloc(replies[0].second), b.client);
    EXPECT_EQ(b.ms->GetCounters().rxMessages[LispEcmHeader::kType], 1u);
}

TEST(LispMappingSystem, GarbageIsCountedAndDropped)
{
    Bench b;
    uint32_t drops = 0;
    b.ms->TraceConnectWithoutContext("Drop",
                                     Callback<void, Ptr<const Packet>, const Address&>(
                                         [&drops](Ptr<const Packet>, const Address&) { ++drops; }));
    std::vector<uint8_t> req = sfctest::HeaderBytes(b.Request("10.1.2.3", 1));
    b.SendAt(Seconds(0.1), sfctest::FromBytes(req, req.size() - 3));      // truncated
    b.SendAt(Seconds(0.2), sfctest::FromBytes({0x30, 0x00, 0x00, 0x01})); // short register
    b.SendAt(Seconds(0.3), sfctest::FromBytes({0x80, 0x01}));             // short ECM
    b.SendAt(Seconds(0.4), sfctest::FromBytes({0xF0, 1, 2, 3, 4}));       // unknown type
    b.SendAt(Seconds(0.5), Create<Packet>());                             // empty
    Simulator::Stop(Seconds(1));
    Simulator::Run();
    EXPECT_EQ(b.ms->GetCounters().malformed, 5u);
    EXPECT_EQ(drops, 5u);
    EXPECT_TRUE(b.received.empty());
}

TEST(LispMappingSystem, MovedRegistrationSolicitsRequestersAndNotifyKeepsXtrId)
{
    Bench b(MilliSeconds(5), Minutes(3), true);
    uint32_t rx = 0;
    uint32_t tx = 0;
    b.ms->TraceConnectWithoutContext("Rx",
                                     Callback<void, Ptr<const Packet>, const Address&>(
                                         [&rx](Ptr<const Packet>, const Address&) { ++rx; }));
    b.ms->TraceConnectWithoutContext("Tx",
                                     Callback<void, Ptr<const Packet>, const Address&>(
                                         [&tx](Ptr<const Packet>, const Address&) { ++tx; }));
    b.SendAt(Seconds(0.1), b.Register(kKey));
    b.SendAt(Seconds(1), b.Request("10.1.2.3", 1));
    b.SendAt(Seconds(1.5), b.Register(kKey)); // same locators: no SMR
    // the EID moves: registered with another RLOC, with an xTR-ID and M
    std::array<uint8_t, LispMapRegisterBase::kXtrIdSize> xtrId{};
    xtrId[15] = 9;
    LispMappingRecord rec = b.Register("").GetRecords()[0];
    LispMapRegisterHeader reg;
    reg.SetNonce(8);
    reg.SetFlag(LispMapRegisterHeader::kFlagWantNotify, true);
    rec.locators[0].rloc = LispAddress::FromIpv4(Ipv4Address("192.0.2.9"));
    reg.AddRecord(rec);
    reg.SetXtrId(xtrId, 1234);
    LispAuth::Sign(reg, LispAuth::kKeyIdHmacSha1, {kKey.begin(), kKey.end()});
    b.SendAt(Seconds(2), reg);
    b.SendAt(Seconds(3), b.Request("10.1.2.3", 2));
    Simulator::Stop(Seconds(4));
    Simulator::Run();
    uint32_t smrs = 0;
    uint32_t notifies = 0;
    for (const auto& tp : b.received)
    {
        LispMapRequestHeader smr;
        LispMapNotifyHeader notify;
        if (tp.second->PeekHeader(smr) > 0 && smr.IsValid() && smr.IsSmr())
        {
            ++smrs;
            EXPECT_GE(tp.first, Seconds(2));
        }
        else if (tp.second->PeekHeader(notify) > 0 && notify.IsValid())
        {
            ++notifies;
            ASSERT_TRUE(notify.HasXtrId());
            EXPECT_EQ(notify.GetXtrId(), xtrId);
            EXPECT_EQ(notify.GetSiteId(), 1234u);
            EXPECT_EQ(notify.GetKeyId(), LispAuth::kKeyIdHmacSha1);
            EXPECT_TRUE(LispAuth::Verify(notify, {kKey.begin(), kKey.end()}));
        }
    }
    EXPECT_EQ(smrs, 1u);
    EXPECT_EQ(notifies, 1u);
    auto replies = b.Replies();
    ASSERT_EQ(replies.size(), 2u);
    EXPECT_EQ(FirstRloc(replies[1].second), Ipv4Address("192.0.2.9"));
    EXPECT_EQ(rx, 5u); // three registers, two requests
    EXPECT_EQ(tx, 4u); // two replies, one notify, one SMR
    const LispMappingSystemCounters& c = b.ms->GetCounters();
    EXPECT_EQ(c.txMessages[LispMapRequestHeader::kType], 1u);
    EXPECT_EQ(c.smrsSent, 1u);
}
