/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * ServiceMessageEndpoint without a network: what it signs, what Accept()
 * lets through, and the attributes its owners declare through it.
 */

#include "ns3/boolean.h"
#include "ns3/enum.h"
#include "ns3/forwarding-agent.h"
#include "ns3/packet.h"
#include "ns3/service-manager.h"
#include "ns3/service-message-endpoint.h"
#include "ns3/simulator.h"
#include "ns3/string.h"

#include <gtest/gtest.h>

using namespace ns3;
using namespace ns3::sfc;

namespace
{
const Ipv4Address kPeer("10.2.0.100");
const Ipv4Address kOther("10.2.0.101");
constexpr uint16_t kPort = ServiceMessageHeader::kUdpPort;
using Verdict = ServiceMessageEndpoint::Verdict;

ServiceMessage
Heartbeat()
{
    ServiceMessage m(ServiceMessageType::HEARTBEAT);
    m.Add(std::make_shared<HeartbeatSegment>());
    return m;
}

/// An endpoint with a key whose messages (no socket: not sent) are captured
struct Sender
{
    ServiceMessageEndpoint tx;               //!< the endpoint
    std::vector<Ptr<const Packet>> payloads; //!< what it sent, in order

    /// \param key HMAC key \param algorithm HMAC algorithm
    Sender(const std::string& key, uint8_t algorithm)
    {
        tx.SetSecurityKey(key);
        tx.SetSecurityAlgorithm(algorithm);
        tx.SetSendCallback(MakeCallback(&Sender::Record, this));
    }

    /// Send a heartbeat to kPeer
    void Heartbeat()
    {
        tx.Send(::Heartbeat(), kPeer, kPort);
    }

    /// The send callback
    void Record(Ptr<const Packet> p, uint8_t /* type */, Ipv4Address /* to */)
    {
        payloads.push_back(p);
    }
};

uint64_t
SequenceOf(Ptr<const Packet> p)
{
    ServiceMessage m;
    EXPECT_EQ(ServiceMessage::Parse(p, m), ParseStatus::OK);
    auto sec = m.Find<SecuritySegment>();
    return sec ? sec->sequence : 0;
}
} // namespace

TEST(ServiceMessageEndpoint, SignsWithIncreasingSequenceExceptIpPacketOnly)
{
    Sender c("k", SecuritySegment::HMAC_MD5);
    c.Heartbeat();
    c.Heartbeat();
    ServiceMessage only(ServiceMessageType::IP_PACKET_ONLY);
    auto ip = std::make_shared<IpPacketSegment>();
    ip->bytes.assign(20, 0x45);
    only.Add(ip);
    c.tx.Send(only, kPeer, kPort);
    ASSERT_EQ(c.payloads.size(), 3u);
    EXPECT_GT(SequenceOf(c.payloads[0]), 0u);
    EXPECT_GT(SequenceOf(c.payloads[1]), SequenceOf(c.payloads[0]));
    EXPECT_EQ(SequenceOf(c.payloads[2]), 0u) << "IP packet only messages are not signed";
    // The overhead is what signing adds.
    EXPECT_EQ(c.payloads[0]->GetSize(),
              Heartbeat().GetSerializedSize() + c.tx.GetSecurityOverhead());
    c.tx.SetSecurityKey("");
    EXPECT_EQ(c.tx.GetSecurityOverhead(), 0u);
}

TEST(ServiceMessageEndpoint, AcceptChecksFormKeyAndReplay)
{
    Sender c("secret", SecuritySegment::HMAC_SHA256);
    c.Heartbeat();
    c.Heartbeat();
    ServiceMessageEndpoint rx;
    rx.SetSecurityKey("secret");
    rx.SetRequireSecurity(true);
    ServiceMessage m;
    EXPECT_EQ(rx.Accept(Create<Packet>(3), kPeer, m), Verdict::MALFORMED);
    EXPECT_EQ(rx.Accept(Heartbeat().ToPacket(), kPeer, m), Verdict::UNAUTHENTICATED);
    EXPECT_EQ(rx.Accept(Heartbeat().ToPacket("wrong", SecuritySegment::HMAC_SHA256, 99), kPeer, m),
              Verdict::BAD_CODE);
    EXPECT_EQ(rx.Accept(c.payloads[1], kPeer, m), Verdict::ACCEPTED);
    EXPECT_EQ(m.GetType(), ServiceMessageType::HEARTBEAT);
    EXPECT_EQ(rx.Accept(c.payloads[1], kPeer, m), Verdict::REPLAY) << "the same message again";
    EXPECT_EQ(rx.Accept(c.payloads[0], kPeer, m), Verdict::REPLAY) << "an older one";
    EXPECT_EQ(rx.Accept(c.payloads[0], kOther, m), Verdict::ACCEPTED) << "windows per sender";
    rx.ResetReplayWindows();
    EXPECT_EQ(rx.Accept(c.payloads[1], kPeer, m), Verdict::ACCEPTED) << "forgotten after a reset";
    // Without RequireSecurity anything well-formed passes.
    rx.SetRequireSecurity(false);
    EXPECT_EQ(rx.Accept(Heartbeat().ToPacket(), kPeer, m), Verdict::ACCEPTED);
}

TEST(ServiceMessageEndpoint, SequenceNeverBelowTheClock)
{
    Sender c("k", SecuritySegment::HMAC_SHA256);
    c.Heartbeat();
    Simulator::Schedule(Seconds(2), [&]() { c.Heartbeat(); });
    Simulator::Run();
    Simulator::Destroy();
    ASSERT_EQ(c.payloads.size(), 2u);
    EXPECT_EQ(SequenceOf(c.payloads[0]), 1u);
    EXPECT_EQ(SequenceOf(c.payloads[1]), 2000000000u);
}

TEST(ServiceMessageEndpoint, OwnersDeclareItsSettingsAsAttributes)
{
    for (Ptr<Object> owner : {Ptr<Object>(CreateObject<ForwardingAgent>()),
                              Ptr<Object>(CreateObject<ServiceManager>())})
    {
        StringValue key;
        owner->GetAttribute("SecurityKey", key);
        EXPECT_EQ(key.Get(), "") << "default";
        EnumValue algorithm;
        owner->GetAttribute("SecurityAlgorithm", algorithm);
        EXPECT_EQ(algorithm.Get(), SecuritySegment::HMAC_SHA256) << "default";
        BooleanValue require;
        owner->GetAttribute("RequireSecurity", require);
        EXPECT_FALSE(require.Get()) << "default";

        owner->SetAttribute("SecurityKey", StringValue("abc"));
        owner->SetAttribute("SecurityAlgorithm", StringValue("HMAC-MD5"));
        owner->SetAttribute("RequireSecurity", BooleanValue(true));
        owner->GetAttribute("SecurityKey", key);
        owner->GetAttribute("SecurityAlgorithm", algorithm);
        owner->GetAttribute("RequireSecurity", require);
        EXPECT_EQ(key.Get(), "abc");
        EXPECT_EQ(algorithm.Get(), SecuritySegment::HMAC_MD5);
        EXPECT_TRUE(require.Get());
        EXPECT_FALSE(owner->SetAttributeFailSafe("SecurityAlgorithm", EnumValue(7)))
            << "the owner's checker still applies";
        owner->GetAttribute("SecurityAlgorithm", algorithm);
        EXPECT_EQ(algorithm.Get(), SecuritySegment::HMAC_MD5) << "unchanged";
    }
}
