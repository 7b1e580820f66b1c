/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * ServiceMessageEndpoint without a network: what it signs, what Accept()
 * lets through, and the attributes its owners declare through it.
 */

#include "ns3/boolean.h"
#include "ns3/enum.h"
#include "ns3/forwarding-agent.h"
#include "ns3/ipv4-header.h"
#include "ns3/packet.h"
#include "ns3/service-manager.h"
#include "ns3/service-message-endpoint.h"
#include "ns3/sfc-ns3-compat.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/tcp-header.h"

#include <gtest/gtest.h>

using namespace ns3;
using namespace ns3::sfc;

namespace
{
const Ipv4Address kPeer("10.2.0.100");
const Ipv4Address kOther("10.2.0.101");
const Ipv4Address kSelf("10.2.0.1");
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

    /// \param key HMAC key \param algorithm HMAC algorithm \param role key id
    Sender(const std::string& key,
           uint8_t algorithm,
           uint8_t role = SecuritySegment::MANAGER_KEY,
           Ipv4Address id = kPeer)
        : tx(role)
    {
        tx.SetSecurityKey(key);
        tx.SetSecurityAlgorithm(algorithm);
        tx.SetIdentity(id);
        tx.SetSendCallback(MakeCallback(&Sender::Record, this));
    }

    /// Send a heartbeat to a receiver
    void Heartbeat(Ipv4Address to = kSelf)
    {
        tx.Send(::Heartbeat(), to, kPort);
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

ServiceMessage
IpPacketOnly(uint32_t bytes = 20)
{
    ServiceMessage only(ServiceMessageType::IP_PACKET_ONLY);
    auto ip = std::make_shared<IpPacketSegment>();
    ip->bytes.assign(bytes, 0x45);
    only.Add(ip);
    return only;
}

/// An IP packet only message with a TCP SYN to the default VIP, `bytes` long
ServiceMessage
SynOnly(uint32_t bytes = 40)
{
    Ptr<Packet> p = Create<Packet>(bytes - 40);
    TcpHeader tcp;
    tcp.SetSourcePort(40000);
    tcp.SetDestinationPort(80);
    tcp.SetFlags(TcpHeader::SYN);
    p->AddHeader(tcp);
    Ipv4Header ip;
    ip.SetSource(Ipv4Address("10.1.200.1"));
    ip.SetDestination(Ipv4Address("10.3.0.100"));
    ip.SetProtocol(6);
    ip.SetPayloadSize(p->GetSize());
    ip.SetTtl(64);
    p->AddHeader(ip);
    ServiceMessage m(ServiceMessageType::IP_PACKET_ONLY);
    m.Add(std::make_shared<IpPacketSegment>(p));
    return m;
}

/// A receiving endpoint of a role, its address kSelf
void
Receiver(ServiceMessageEndpoint& rx, const std::string& key)
{
    rx.SetSecurityKey(key);
    rx.AddLocalAddress(kSelf);
}
} // namespace

TEST(ServiceMessageEndpoint, SignsEverythingWithIncreasingSequence)
{
    // Before issue 13, IP packet only messages went unsigned (sequence 0).
    Sender c("k", SecuritySegment::HMAC_MD5);
    c.Heartbeat();
    c.Heartbeat();
    c.tx.Send(IpPacketOnly(), kPeer, kPort);
    ASSERT_EQ(c.payloads.size(), 3u);
    EXPECT_GT(SequenceOf(c.payloads[0]), 0u);
    EXPECT_GT(SequenceOf(c.payloads[1]), SequenceOf(c.payloads[0]));
    EXPECT_GT(SequenceOf(c.payloads[2]), SequenceOf(c.payloads[1]))
        << "IP packet only messages are signed too";
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
    Receiver(rx, "secret");
    rx.SetRequireSecurity(true);
    ServiceMessage m;
    EXPECT_EQ(rx.Accept(Create<Packet>(3), kPeer, m), Verdict::MALFORMED);
    EXPECT_EQ(rx.Accept(Heartbeat().ToPacket(), kPeer, m), Verdict::UNAUTHENTICATED);
    Sender wrong("wrong", SecuritySegment::HMAC_SHA256);
    wrong.Heartbeat();
    EXPECT_EQ(rx.Accept(wrong.payloads[0], kPeer, m), Verdict::BAD_CODE);
    EXPECT_EQ(rx.Accept(c.payloads[1], kPeer, m), Verdict::ACCEPTED);
    EXPECT_EQ(m.GetType(), ServiceMessageType::HEARTBEAT);
    EXPECT_EQ(rx.Accept(c.payloads[1], kPeer, m), Verdict::REPLAY) << "the same message again";
    EXPECT_EQ(rx.Accept(c.payloads[0], kPeer, m), Verdict::REPLAY) << "an older one";
    // Without a key and without RequireSecurity anything well-formed passes.
    ServiceMessageEndpoint open;
    EXPECT_FALSE(open.GetRequireSecurity());
    EXPECT_EQ(open.Accept(Heartbeat().ToPacket(), kPeer, m), Verdict::ACCEPTED);
}

TEST(ServiceMessageEndpoint, RequireSecurityFollowsTheKey)
{
    // Before issue 13 a node with a key but RequireSecurity false accepted forgeries.
    ServiceMessageEndpoint rx;
    Receiver(rx, "secret");
    rx.SetRequireSecurity(false);
    EXPECT_TRUE(rx.GetRequireSecurity()) << "a key means security is required";
    ServiceMessage m;
    EXPECT_EQ(rx.Accept(Heartbeat().ToPacket(), kPeer, m), Verdict::UNAUTHENTICATED);
    // IP packet only messages too (an agent's received from a manager).
    ServiceMessageEndpoint agent(SecuritySegment::AGENT_KEY);
    Receiver(agent, "secret");
    EXPECT_EQ(agent.Accept(IpPacketOnly().ToPacket(), kPeer, m), Verdict::UNAUTHENTICATED);
    Sender c("secret", SecuritySegment::HMAC_SHA256);
    c.tx.Send(IpPacketOnly(), kSelf, kPort);
    EXPECT_EQ(agent.Accept(c.payloads[0], kPeer, m), Verdict::ACCEPTED);
}

TEST(ServiceMessageEndpoint, ReplayWindowIsTheSignedSendersNotTheAddress)
{
    // Before issue 13 the window was per UDP source: a replay from kOther passed.
    Sender c("secret", SecuritySegment::HMAC_SHA256);
    c.Heartbeat();
    ServiceMessageEndpoint rx;
    Receiver(rx, "secret");
    ServiceMessage m;
    EXPECT_EQ(rx.Accept(c.payloads[0], kPeer, m), Verdict::ACCEPTED);
    EXPECT_EQ(rx.Accept(c.payloads[0], kOther, m), Verdict::REPLAY) << "from another address";
    // The sender is inside the code: rewriting it breaks the code.
    std::vector<uint8_t> b(c.payloads[0]->GetSize());
    c.payloads[0]->CopyData(b.data(), static_cast<uint32_t>(b.size()));
    b[SecuritySegment::kCodeOffset - 5] ^= 1; // last byte of the sender
    EXPECT_EQ(rx.Accept(Create<Packet>(b.data(), b.size()), kOther, m), Verdict::BAD_CODE);
}

TEST(ServiceMessageEndpoint, MessageForAnotherReceiverIsRejected)
{
    // Before issue 13 the receiver was not signed: a message to one agent replayed to another.
    Sender c("secret", SecuritySegment::HMAC_SHA256);
    c.Heartbeat(kOther);
    c.Heartbeat(Ipv4Address("224.0.0.250"));
    ServiceMessageEndpoint rx;
    Receiver(rx, "secret");
    ServiceMessage m;
    EXPECT_EQ(rx.Accept(c.payloads[0], kPeer, m), Verdict::WRONG_RECEIVER);
    EXPECT_EQ(rx.Accept(c.payloads[1], kPeer, m), Verdict::ACCEPTED) << "a group";
}

TEST(ServiceMessageEndpoint, WindowsAndEpochSurviveRestarts)
{
    // Before issue 13 a crash cleared the windows: every old message was valid again.
    Sender c("secret", SecuritySegment::HMAC_SHA256);
    c.Heartbeat();
    ServiceMessageEndpoint rx;
    Receiver(rx, "secret");
    ServiceMessage m;
    EXPECT_EQ(rx.Accept(c.payloads[0], kPeer, m), Verdict::ACCEPTED);
    rx.Close();
    rx.Restart();
    EXPECT_EQ(rx.Accept(c.payloads[0], kPeer, m), Verdict::REPLAY)
        << "after the receiver's restart";
    // The sender restarts: a new epoch, so even a lower sequence would be fresh,
    // and its messages of the old epoch are replays.
    c.Heartbeat();
    c.tx.Restart();
    EXPECT_EQ(c.tx.GetEpoch(), 1u);
    c.Heartbeat();
    ServiceMessage n;
    ASSERT_EQ(ServiceMessage::Parse(c.payloads[2], n), ParseStatus::OK);
    EXPECT_EQ(n.Find<SecuritySegment>()->epoch, 1u);
    EXPECT_EQ(rx.Accept(c.payloads[2], kPeer, m), Verdict::ACCEPTED);
    EXPECT_EQ(rx.Accept(c.payloads[1], kPeer, m), Verdict::REPLAY) << "the old epoch";
}

TEST(ServiceMessageEndpoint, WithheldMessageIsStaleLater)
{
    // A message captured on its way to a failed node and delivered after its
    // recovery: fresh for the window (never seen) but older than MaxMessageAge.
    Sender c("secret", SecuritySegment::HMAC_SHA256);
    c.Heartbeat();
    ServiceMessageEndpoint rx;
    Receiver(rx, "secret");
    Verdict late = Verdict::ACCEPTED;
    Simulator::Schedule(Seconds(2), [&]() {
        ServiceMessage m;
        late = rx.Accept(c.payloads[0], kPeer, m);
    });
    Simulator::Run();
    Simulator::Destroy();
    EXPECT_EQ(late, Verdict::STALE);
}

TEST(ServiceMessageEndpoint, AlgorithmIsPinned)
{
    // Before issue 13 a node set to HMAC-SHA256 accepted HMAC-MD5.
    Sender md5("secret", SecuritySegment::HMAC_MD5);
    md5.Heartbeat();
    ServiceMessageEndpoint rx;
    Receiver(rx, "secret");
    ServiceMessage m;
    EXPECT_EQ(rx.Accept(md5.payloads[0], kPeer, m), Verdict::BAD_ALGORITHM);
    rx.SetSecurityAlgorithm(SecuritySegment::HMAC_MD5);
    EXPECT_EQ(rx.Accept(md5.payloads[0], kPeer, m), Verdict::ACCEPTED);
}

TEST(ServiceMessageEndpoint, PerRoleKeys)
{
    // Before issue 13 one key signed everything and the key id was ignored.
    ServiceMessageEndpoint agent(SecuritySegment::AGENT_KEY);
    Receiver(agent, "agents' key");
    agent.SetManagerKey("managers' key");
    ServiceMessageEndpoint manager(SecuritySegment::MANAGER_KEY);
    Receiver(manager, "managers' key");
    manager.SetAgentKey("agents' key");
    ServiceMessage m;
    // An agent's key cannot forge a manager's update: as an agent's message
    // the key id is wrong, claiming the managers' key id the code is wrong.
    Sender asAgent("agents' key", SecuritySegment::HMAC_SHA256, SecuritySegment::AGENT_KEY);
    asAgent.tx.Send(Heartbeat(), kSelf, kPort);
    EXPECT_EQ(agent.Accept(asAgent.payloads[0], kPeer, m), Verdict::BAD_KEY_ID);
    EXPECT_EQ(manager.Accept(asAgent.payloads[0], kPeer, m), Verdict::BAD_KEY_ID);
    Sender forger("agents' key", SecuritySegment::HMAC_SHA256, SecuritySegment::MANAGER_KEY);
    forger.tx.Send(Heartbeat(), kSelf, kPort);
    EXPECT_EQ(agent.Accept(forger.payloads[0], kPeer, m), Verdict::BAD_CODE);
    EXPECT_EQ(manager.Accept(forger.payloads[0], kPeer, m), Verdict::BAD_CODE);
    // Each side verifies what the other role sends.
    Sender mgr("managers' key", SecuritySegment::HMAC_SHA256, SecuritySegment::MANAGER_KEY);
    mgr.tx.Send(Heartbeat(), kSelf, kPort);
    mgr.tx.Send(IpPacketOnly(), kSelf, kPort);
    EXPECT_EQ(manager.Accept(mgr.payloads[0], kPeer, m), Verdict::ACCEPTED) << "a peer";
    EXPECT_EQ(agent.Accept(mgr.payloads[1], kPeer, m), Verdict::ACCEPTED);
    EXPECT_EQ(manager.Accept(mgr.payloads[1], kPeer, m), Verdict::BAD_KEY_ID)
        << "managers take IP packets from agents only";
    Sender fa("agents' key", SecuritySegment::HMAC_SHA256, SecuritySegment::AGENT_KEY, kOther);
    fa.tx.Send(IpPacketOnly(), kSelf, kPort);
    EXPECT_EQ(manager.Accept(fa.payloads[0], kOther, m), Verdict::ACCEPTED);
    EXPECT_EQ(agent.Accept(fa.payloads[0], kOther, m), Verdict::BAD_KEY_ID);
}

TEST(ServiceMessageEndpoint, OversizeMessageIsDroppedNotAborted)
{
    // Before issue 13 building a message over 65535 bytes aborted the simulation.
    Sender c("secret", SecuritySegment::HMAC_SHA256);
    EXPECT_FALSE(c.tx.Send(IpPacketOnly(65527), kSelf, kPort));
    EXPECT_EQ(c.tx.GetOversizeDrops(), 1u);
    EXPECT_TRUE(c.payloads.empty());
    EXPECT_EQ(IpPacketOnly(65528).ToPacket(), nullptr);
    EXPECT_NE(IpPacketOnly(65527).ToPacket(), nullptr) << "exactly 65535 bytes";
}

TEST(ServiceMessageEndpoint, ManagerTakesNoDecisionForAnUnsignedIpPacket)
{
    // Before issue 13 a manager with a key decided for an unsigned IP packet
    // only SYN and answered with a signed fixed update.
    Ptr<ServiceManager> m = CreateObject<ServiceManager>();
    m->SetAttribute("SecurityKey", StringValue("managers' key"));
    m->SetHosts({Ipv4Address("10.2.0.129")});
    m->ReceiveMessage(SynOnly().ToPacket(), Ipv4Address("10.2.0.99"), kPort);
    EXPECT_EQ(m->GetRejected(Verdict::UNAUTHENTICATED), 1u);
    EXPECT_EQ(m->GetDecisions(ServiceManager::DecisionKind::NEW), 0u);
    m->Dispose();
}

TEST(ServiceMessageEndpoint, ManagerDropsAnOversizeAnswer)
{
    // Before issue 13 the fixed update carrying a 65,448-byte packet back
    // (over 65535 bytes) aborted the simulation in SendFixed.
    Ptr<ServiceManager> m = CreateObject<ServiceManager>();
    m->SetHosts({Ipv4Address("10.2.0.129")});
    m->ReceiveMessage(SynOnly(65448).ToPacket(), Ipv4Address("10.2.0.99"), kPort);
    EXPECT_EQ(m->GetDecisions(ServiceManager::DecisionKind::NEW), 1u);
    EXPECT_EQ(m->GetOversizeDrops(), 1u) << "dropped and counted";
    m->Dispose();
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

TEST(ServiceMessageEndpoint, ExpectedKeyIdsByMessageType)
{
    using T = ServiceMessageType;
    constexpr uint8_t M = SecuritySegment::MANAGER_KEY;
    constexpr uint8_t A = SecuritySegment::AGENT_KEY;
    for (T t :
         {T::AFFINITY_UPDATE_WILDCARD, T::AFFINITY_UPDATE_FIXED, T::REPLICATION, T::HEARTBEAT})
    {
        EXPECT_EQ(ServiceMessageEndpoint::ExpectedKeyId(t, A), M);
        EXPECT_EQ(ServiceMessageEndpoint::ExpectedKeyId(t, M), M);
    }
    for (T t : {T::AFFINITY_UPDATE_DENY, T::INTEREST_MATCH_WILDCARD, T::INTEREST_MATCH_FIXED})
    {
        EXPECT_EQ(ServiceMessageEndpoint::ExpectedKeyId(t, M), A);
    }
    EXPECT_EQ(ServiceMessageEndpoint::ExpectedKeyId(T::IP_PACKET_ONLY, A), M);
    EXPECT_EQ(ServiceMessageEndpoint::ExpectedKeyId(T::IP_PACKET_ONLY, M), A);
}

TEST(ServiceMessageEndpoint, OwnersDeclareItsSettingsAsAttributes)
{
    for (Ptr<Object> owner : {Ptr<Object>(CreateObject<ForwardingAgent>()),
                              Ptr<Object>(CreateObject<ServiceManager>())})
    {
        StringValue key;
        owner->GetAttribute("SecurityKey", key);
        EXPECT_EQ(key.Get(), "") << "default";
        EnumValueOf<SecuritySegment::Algorithm> algorithm;
        owner->GetAttribute("SecurityAlgorithm", algorithm);
        EXPECT_EQ(algorithm.Get(), SecuritySegment::HMAC_SHA256) << "default";
        BooleanValue require;
        owner->GetAttribute("RequireSecurity", require);
        EXPECT_FALSE(require.Get()) << "default";

        owner->SetAttribute("SecurityKey", StringValue("abc"));
        owner->SetAttribute("SecurityAlgorithm", StringValue("HMAC-MD5"));
        owner->SetAttribute("RequireSecurity", BooleanValue(false));
        owner->GetAttribute("SecurityKey", key);
        owner->GetAttribute("SecurityAlgorithm", algorithm);
        owner->GetAttribute("RequireSecurity", require);
        EXPECT_EQ(key.Get(), "abc");
        EXPECT_EQ(algorithm.Get(), SecuritySegment::HMAC_MD5);
        EXPECT_TRUE(require.Get()) << "required whenever a key is set";
        EXPECT_FALSE(owner->SetAttributeFailSafe("SecurityAlgorithm", EnumValue(7)))
            << "the owner's checker still applies";
        owner->GetAttribute("SecurityAlgorithm", algorithm);
        EXPECT_EQ(algorithm.Get(), SecuritySegment::HMAC_MD5) << "unchanged";
    }
}
