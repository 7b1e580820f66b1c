/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * A forwarding agent's handling of service messages, driven directly
 * (no network): required segments it cannot process are denied, security
 * is checked, malformed messages are counted.
 */

#include "sfc-test-util.h"

#include "ns3/affinity-codec.h"
#include "ns3/boolean.h"
#include "ns3/forwarding-agent.h"
#include "ns3/inner-packet.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-header.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/tcp-header.h"
#include "ns3/uinteger.h"

#include <gtest/gtest.h>

using namespace ns3;
using namespace ns3::sfc;

namespace
{
const Ipv4Address kManager("10.2.0.100");
constexpr uint16_t kPort = ServiceMessageHeader::kUdpPort;

/// What an agent sends
struct Sent
{
    std::vector<ServiceMessage> messages; //!< parsed
    std::vector<Ipv4Address> to;          //!< destinations

    void Record(Ptr<const Packet> p, uint8_t /* type */, Ipv4Address dst)
    {
        ServiceMessage m;
        EXPECT_EQ(ServiceMessage::Parse(p, m), ParseStatus::OK);
        messages.push_back(m);
        to.push_back(dst);
    }
};

Ptr<ForwardingAgent>
MakeAgent(Sent& sent, const std::string& key = "", bool require = false)
{
    Ptr<ForwardingAgent> a = CreateObject<ForwardingAgent>();
    a->SetAttribute("SecurityKey", StringValue(key));
    a->SetAttribute("RequireSecurity", BooleanValue(require));
    a->TraceConnectWithoutContext("MessageTx", MakeCallback(&Sent::Record, &sent));
    return a;
}

ServiceMessage
WildcardUpdate(uint16_t backup = 1)
{
    ServiceMessage m(ServiceMessageType::AFFINITY_UPDATE_WILDCARD);
    WildcardAffinity w;
    w.protocol = 6;
    w.source = Ipv4Address("10.1.0.0");
    w.sourceMask = Ipv4Mask("255.255.0.0");
    w.destination = Ipv4Address("10.3.0.100");
    w.destinationMask = Ipv4Mask("255.255.255.255");
    w.destinationPort = 80;
    w.ttlMs = 10000;
    m.Add(AffinityCodec::ToSegment(w));
    WildcardEntry e;
    e.precedence.backup = backup;
    InterestCriteria ic;
    ic.mask = InterestBits::ALL;
    ic.dataFlag = InterestBits::ALL;
    e.actions.interest = ic;
    AffinityCodec::AddCommon(m, e);
    return m;
}

ServiceMessage
FixedUpdate(uint16_t backup = 1)
{
    ServiceMessage m(ServiceMessageType::AFFINITY_UPDATE_FIXED);
    FixedAffinity f;
    f.key = FlowKey(Ipv4Address("10.1.0.2"), Ipv4Address("10.3.0.100"), 40000, 80, 6);
    f.forward = Ipv4Address("10.2.0.129");
    f.ttlMs = 2000;
    m.Add(AffinityCodec::ToSegment(f));
    FixedEntry e;
    e.precedence.backup = backup;
    e.actions.nat = NatAction{Ipv4Address::GetAny(), Ipv4Address("10.2.0.129"), 0, 0};
    AffinityCodec::AddCommon(m, e);
    return m;
}

const FlowKey kFlow(Ipv4Address("10.1.0.2"), Ipv4Address("10.3.0.100"), 40000, 80, 6);
const Ipv4Address kGroup("224.0.0.250");

/// \return msg signed as the manager kManager would sign it for receiver `to`
Ptr<Packet>
Signed(const ServiceMessage& msg,
       const std::string& key,
       uint64_t seq,
       Ipv4Address to = kGroup,
       uint8_t keyId = SecuritySegment::MANAGER_KEY,
       uint16_t epoch = 0)
{
    SecuritySegment sec;
    sec.keyId = keyId;
    sec.sequence = seq;
    sec.epoch = epoch;
    sec.sender = kManager;
    sec.receiver = to;
    return msg.ToPacket(key, sec);
}

/// An IP packet only message carrying a TCP SYN to the VIP
ServiceMessage
SynOnly()
{
    Ptr<Packet> p = Create<Packet>();
    TcpHeader tcp;
    tcp.SetSourcePort(40000);
    tcp.SetDestinationPort(80);
    tcp.SetFlags(TcpHeader::SYN);
    p->AddHeader(tcp);
    Ipv4Header ip;
    ip.SetSource(Ipv4Address("10.1.0.2"));
    ip.SetDestination(Ipv4Address("10.3.0.100"));
    ip.SetProtocol(6);
    ip.SetPayloadSize(p->GetSize());
    ip.SetTtl(64);
    p->AddHeader(ip);
    ServiceMessage m(ServiceMessageType::IP_PACKET_ONLY);
    m.Add(std::make_shared<IpPacketSegment>(p));
    return m;
}
} // namespace

TEST(ForwardingAgent, InstallsWildcardThenFixed)
{
    Sent sent;
    Ptr<ForwardingAgent> a = MakeAgent(sent);
    a->ReceiveMessage(FixedUpdate().ToPacket(), kManager, kPort);
    EXPECT_EQ(a->GetDiscardedFixed(), 1u) << "no supporting wildcard yet";
    EXPECT_EQ(a->GetCache().GetNFixed(), 0u);
    a->ReceiveMessage(WildcardUpdate().ToPacket(), kManager, kPort);
    EXPECT_EQ(a->GetCache().GetNWildcards(), 1u);
    a->ReceiveMessage(FixedUpdate().ToPacket(), kManager, kPort);
    EXPECT_EQ(a->GetCache().GetNFixed(), 1u);
    const FixedEntry* f = a->GetCache().LookupFixed(kFlow, Seconds(0));
    ASSERT_NE(f, nullptr);
    EXPECT_EQ(f->sender, kManager);
    ASSERT_TRUE(f->actions.nat);
    EXPECT_EQ(f->actions.nat->destination, Ipv4Address("10.2.0.129"));
    EXPECT_TRUE(sent.messages.empty()) << "nothing to answer";
    a->Dispose();
}

TEST(ForwardingAgent, RequiredUnknownSegmentIsDenied)
{
    Sent sent;
    Ptr<ForwardingAgent> a = MakeAgent(sent);
    a->ReceiveMessage(WildcardUpdate().ToPacket(), kManager, kPort);
    ServiceMessage m = FixedUpdate();
    auto unknown = std::make_shared<OpaqueSegment>(300, true);
    unknown->data = {1, 2, 3};
    m.Add(unknown);
    a->ReceiveMessage(m.ToPacket(), kManager, kPort);
    EXPECT_EQ(a->GetCache().GetNFixed(), 0u) << "the whole update is dropped";
    EXPECT_EQ(a->GetDenies(), 1u);
    ASSERT_EQ(sent.messages.size(), 1u);
    EXPECT_EQ(sent.to[0], kManager) << "the deny goes back to the sender";
    const ServiceMessage& d = sent.messages[0];
    EXPECT_EQ(d.GetType(), ServiceMessageType::AFFINITY_UPDATE_DENY);
    EXPECT_EQ(d.Find<ActionListSegment>()->actions, (std::vector<uint16_t>{300}));
    ASSERT_TRUE(d.Find<FixedAffinitySegment>()) << "the denied affinity is returned";
    EXPECT_EQ(d.Find<FixedAffinitySegment>()->sourcePort, 40000);
    // The same segment marked optional is skipped and the update accepted.
    ServiceMessage ok = FixedUpdate();
    ok.Add(std::make_shared<OpaqueSegment>(300, false));
    a->ReceiveMessage(ok.ToPacket(), kManager, kPort);
    EXPECT_EQ(a->GetCache().GetNFixed(), 1u);
    EXPECT_EQ(a->GetDenies(), 1u);
    a->Dispose();
}

TEST(ForwardingAgent, UnsupportedActionsAreDenied)
{
    Sent sent;
    Ptr<ForwardingAgent> a = MakeAgent(sent);
    // An agent without NAT (the seed: "some forwarding agents may not support NAT").
    a->SetAttribute("SupportedActions", UintegerValue(ForwardingAgent::SUPPORT_INTEREST));
    ServiceMessage w = WildcardUpdate();
    auto list = std::make_shared<ActionListSegment>();
    list->actions = {SegmentType::ACTION_NAT, SegmentType::ACTION_INTEREST_CRITERIA};
    w.Add(list);
    a->ReceiveMessage(w.ToPacket(), kManager, kPort);
    EXPECT_EQ(a->GetCache().GetNWildcards(), 0u) << "wildcard discarded";
    ASSERT_EQ(sent.messages.size(), 1u);
    EXPECT_EQ(sent.messages[0].Find<ActionListSegment>()->actions,
              (std::vector<uint16_t>{SegmentType::ACTION_NAT}));
    EXPECT_TRUE(sent.messages[0].Find<WildcardAffinitySegment>());
    // Without the action list, the wildcard is taken; a fixed affinity with a
    // required NAT segment is then denied.
    a->ReceiveMessage(WildcardUpdate().ToPacket(), kManager, kPort);
    EXPECT_EQ(a->GetCache().GetNWildcards(), 1u);
    a->ReceiveMessage(FixedUpdate().ToPacket(), kManager, kPort);
    EXPECT_EQ(a->GetCache().GetNFixed(), 0u);
    ASSERT_EQ(sent.messages.size(), 2u);
    EXPECT_EQ(sent.messages[1].Find<ActionListSegment>()->actions,
              (std::vector<uint16_t>{SegmentType::ACTION_NAT}));
    EXPECT_EQ(a->GetDenies(), 2u);
    a->Dispose();
}

TEST(ForwardingAgent, SecurityAcceptsTheKeyOnly)
{
    Sent sent;
    Ptr<ForwardingAgent> a = MakeAgent(sent, "shared", true);
    // Unsigned.
    a->ReceiveMessage(WildcardUpdate().ToPacket(), kManager, kPort);
    EXPECT_EQ(a->GetRejected(ForwardingAgent::Rejection::UNAUTHENTICATED), 1u);
    // Signed with another key.
    a->ReceiveMessage(Signed(WildcardUpdate(), "guess", 5), kManager, kPort);
    EXPECT_EQ(a->GetRejected(ForwardingAgent::Rejection::BAD_CODE), 1u);
    // Altered after signing.
    Ptr<Packet> good = Signed(WildcardUpdate(), "shared", 6);
    std::vector<uint8_t> b(good->GetSize());
    good->CopyData(b.data(), static_cast<uint32_t>(b.size()));
    b[b.size() - 5] ^= 0x40; // inside the interest criteria
    a->ReceiveMessage(Create<Packet>(b.data(), static_cast<uint32_t>(b.size())), kManager, kPort);
    EXPECT_EQ(a->GetRejected(ForwardingAgent::Rejection::BAD_CODE), 2u);
    EXPECT_EQ(a->GetCache().GetNWildcards(), 0u) << "nothing installed so far";
    // The key: accepted.
    a->ReceiveMessage(good, kManager, kPort);
    EXPECT_EQ(a->GetCache().GetNWildcards(), 1u);
    // Replayed: ignored.
    a->ReceiveMessage(good, kManager, kPort);
    EXPECT_EQ(a->GetRejected(ForwardingAgent::Rejection::REPLAY), 1u);
    // A rogue's fixed affinity does not get in either.
    a->ReceiveMessage(Signed(FixedUpdate(), "guess", 99), kManager, kPort);
    EXPECT_EQ(a->GetCache().GetNFixed(), 0u);
    a->ReceiveMessage(Signed(FixedUpdate(), "shared", 100), kManager, kPort);
    EXPECT_EQ(a->GetCache().GetNFixed(), 1u);
    a->Dispose();
}

TEST(ForwardingAgent, UnsignedIpPacketOnlyIsRejectedWithSecurity)
{
    // Before issue 13 an agent forwarded the packet of any unsigned IP packet only message.
    Sent sent;
    Ptr<ForwardingAgent> a = MakeAgent(sent, "shared", false);
    a->ReceiveMessage(SynOnly().ToPacket(), Ipv4Address("10.2.0.99"), kPort);
    EXPECT_EQ(a->GetRejected(ForwardingAgent::Rejection::UNAUTHENTICATED), 1u);
    EXPECT_EQ(a->GetVerdicts(ForwardingAgent::Verdict::NOT_MATCHED) +
                  a->GetVerdicts(ForwardingAgent::Verdict::DROPPED),
              0u)
        << "not forwarded";
    a->Dispose();
}

TEST(ForwardingAgent, ReplaysFromElsewhereToOthersAndAfterARestartAreRejected)
{
    // Before issue 13: replay window per UDP source, receiver unsigned, windows
    // cleared by a crash (a failed and recovered agent accepted old updates).
    Sent sent;
    Ptr<ForwardingAgent> a = MakeAgent(sent, "agents' key", true);
    a->SetAttribute("ManagerKey", StringValue("managers' key"));
    Ptr<Node> node = CreateObject<Node>(); // Recover() opens a socket
    InternetStackHelper().Install(node);
    node->AddApplication(a);
    Ptr<Packet> wildcard = Signed(WildcardUpdate(), "managers' key", 10);
    a->ReceiveMessage(wildcard, kManager, kPort);
    ASSERT_EQ(a->GetCache().GetNWildcards(), 1u);
    a->ReceiveMessage(wildcard, Ipv4Address("10.2.0.99"), kPort);
    EXPECT_EQ(a->GetRejected(ForwardingAgent::Rejection::REPLAY), 1u) << "from another address";
    a->ReceiveMessage(Signed(FixedUpdate(), "managers' key", 11, Ipv4Address("10.2.0.2")),
                      kManager,
                      kPort);
    EXPECT_EQ(a->GetRejected(ForwardingAgent::Rejection::WRONG_RECEIVER), 1u)
        << "signed for another agent";
    a->Fail();
    a->Recover();
    a->ReceiveMessage(wildcard, kManager, kPort);
    EXPECT_EQ(a->GetRejected(ForwardingAgent::Rejection::REPLAY), 2u) << "after a restart";
    EXPECT_EQ(a->GetCache().GetNWildcards(), 0u) << "the crash emptied the cache";
    // The manager's own new epoch gets in.
    a->ReceiveMessage(
        Signed(WildcardUpdate(), "managers' key", 1, kGroup, SecuritySegment::MANAGER_KEY, 1),
        kManager,
        kPort);
    EXPECT_EQ(a->GetCache().GetNWildcards(), 1u);
    // The agents' key cannot sign a manager's update.
    a->ReceiveMessage(Signed(WildcardUpdate(2), "agents' key", 50), kManager, kPort);
    EXPECT_EQ(a->GetRejected(ForwardingAgent::Rejection::BAD_CODE), 1u);
    a->ReceiveMessage(
        Signed(WildcardUpdate(2), "agents' key", 51, kGroup, SecuritySegment::AGENT_KEY),
        kManager,
        kPort);
    EXPECT_EQ(a->GetRejected(ForwardingAgent::Rejection::BAD_KEY_ID), 1u);
    // HMAC-MD5 is not what this agent runs.
    SecuritySegment md5;
    md5.algorithm = SecuritySegment::HMAC_MD5;
    md5.keyId = SecuritySegment::MANAGER_KEY;
    md5.sequence = 60;
    md5.epoch = 1;
    md5.sender = kManager;
    md5.receiver = kGroup;
    a->ReceiveMessage(WildcardUpdate(2).ToPacket("managers' key", md5), kManager, kPort);
    EXPECT_EQ(a->GetRejected(ForwardingAgent::Rejection::BAD_ALGORITHM), 1u);
    EXPECT_EQ(a->GetCache().GetNWildcards(), 1u);
    a->Dispose();
    Simulator::Destroy();
}

TEST(ForwardingAgent, MalformedMessagesAreCounted)
{
    Sent sent;
    Ptr<ForwardingAgent> a = MakeAgent(sent);
    uint8_t junk[] = {1, 2, 0, 9, 0xff, 0xff, 0, 2, 0};
    a->ReceiveMessage(Create<Packet>(junk, sizeof(junk)), kManager, kPort);
    a->ReceiveMessage(Create<Packet>(), kManager, kPort);
    // An interest match is not something an agent takes.
    ServiceMessage im(ServiceMessageType::INTEREST_MATCH_WILDCARD);
    im.Add(std::make_shared<AffinityIdentifierSegment>());
    a->ReceiveMessage(im.ToPacket(), kManager, kPort);
    // An IP packet only message whose packet is not IPv4.
    ServiceMessage bad(ServiceMessageType::IP_PACKET_ONLY);
    auto seg = std::make_shared<IpPacketSegment>();
    seg->bytes.assign(40, 0x60);
    bad.Add(seg);
    a->ReceiveMessage(bad.ToPacket(), kManager, kPort);
    EXPECT_EQ(a->GetRejected(ForwardingAgent::Rejection::MALFORMED), 2u);
    EXPECT_EQ(a->GetRejected(ForwardingAgent::Rejection::UNEXPECTED), 1u);
    EXPECT_EQ(a->GetRejected(ForwardingAgent::Rejection::BAD_PACKET), 1u);
    EXPECT_TRUE(sent.messages.empty());
    a->Dispose();
}

TEST(ForwardingAgent, InterestReasonsFollowTheSeedsBitVector)
{
    InnerPacketInfo info;
    info.key = kFlow;
    info.ipHeaderBytes = 20;
    info.l4HeaderBytes = 20;
    info.totalLength = 40;
    info.tcpFlags = TcpHeader::SYN;
    EXPECT_EQ(ForwardingAgent::InterestReasons(info, true, false),
              InterestBits::ALL | InterestBits::SYN);
    info.tcpFlags = TcpHeader::FIN | TcpHeader::ACK;
    EXPECT_EQ(ForwardingAgent::InterestReasons(info, true, false),
              InterestBits::ALL | InterestBits::FIN | InterestBits::ACK);
    info.tcpFlags = TcpHeader::RST;
    EXPECT_EQ(ForwardingAgent::InterestReasons(info, false, true),
              InterestBits::ALL | InterestBits::RST | InterestBits::FRAGMENT);
    info.tcpFlags = TcpHeader::PSH | TcpHeader::ACK | TcpHeader::URG;
    info.totalLength = 240;
    EXPECT_EQ(ForwardingAgent::InterestReasons(info, true, false),
              InterestBits::ALL | InterestBits::PSH | InterestBits::ACK | InterestBits::URG |
                  InterestBits::DATA | InterestBits::FIRST_DATA);
    EXPECT_EQ(ForwardingAgent::InterestReasons(info, false, false) & InterestBits::FIRST_DATA, 0);
    info.key.protocol = 17;
    info.l4HeaderBytes = 8;
    EXPECT_EQ(ForwardingAgent::InterestReasons(info, false, false),
              InterestBits::ALL | InterestBits::DATA)
        << "UDP: no TCP flag bits";
}

TEST(ForwardingAgent, SequenceNumberAdjust)
{
    Ptr<Packet> p =
        InnerPacket::BuildTcpSegment(kFlow,
                                     TcpHeader::ACK | TcpHeader::PSH,
                                     1000,
                                     500,
                                     FlowPayloadHeader(1, 0, FlowPayloadHeader::REQUEST),
                                     100);
    Ipv4Header ip;
    ip.SetSource(kFlow.src);
    ip.SetDestination(kFlow.dst);
    ip.SetProtocol(6);
    ip.SetPayloadSize(p->GetSize());
    p->AddHeader(ip);
    InnerPacketInfo info;
    ASSERT_TRUE(InnerPacket::Parse(*p, info));
    ForwardingAgent::AdjustSequence(p, info, SeqAdjustAction{100, 900, -50, 600});
    ASSERT_TRUE(InnerPacket::Parse(*p, info));
    EXPECT_EQ(info.tcpSeq, 1100u) << "1000 >= 900: adjusted";
    Ipv4Header h;
    p->RemoveHeader(h);
    TcpHeader tcp;
    p->RemoveHeader(tcp);
    EXPECT_EQ(tcp.GetAckNumber().GetValue(), 500u) << "500 < 600: not adjusted";
    EXPECT_EQ(p->GetSize(), 100u) << "payload untouched";
}

// Issue 13: AdjustSequence took ns-3's 20-byte Ipv4Header off a packet with
// IPv4 options and put it back, leaving the option bytes in front of the TCP
// header (the result no longer parsed). It is now rebuilt as a NAT rewrite is.
TEST(ForwardingAgent, SequenceNumberAdjustKeepsAPacketWithIpOptionsWellFormed)
{
    Ptr<Packet> seg =
        InnerPacket::BuildTcpSegment(kFlow,
                                     TcpHeader::ACK,
                                     1000,
                                     700,
                                     FlowPayloadHeader(3, 0, FlowPayloadHeader::REQUEST),
                                     64);
    std::vector<uint8_t> tcp = sfctest::Bytes(*seg);
    uint16_t total = static_cast<uint16_t>(24 + tcp.size());
    std::vector<uint8_t> b = {0x46,
                              0,
                              static_cast<uint8_t>(total >> 8),
                              static_cast<uint8_t>(total),
                              0,
                              0,
                              0,
                              0,
                              64,
                              6,
                              0,
                              0};
    for (Ipv4Address a : {kFlow.src, kFlow.dst})
    {
        uint32_t v = a.Get();
        b.insert(b.end(), {uint8_t(v >> 24), uint8_t(v >> 16), uint8_t(v >> 8), uint8_t(v)});
    }
    b.insert(b.end(), {1, 1, 1, 0}); // IPv4 options: NOP NOP NOP EOL
    b.insert(b.end(), tcp.begin(), tcp.end());
    Ptr<Packet> p = sfctest::FromBytes(b);
    InnerPacketInfo info;
    ASSERT_TRUE(InnerPacket::Parse(*p, info));
    ASSERT_EQ(info.ipHeaderBytes, 24u);
    ForwardingAgent::AdjustSequence(p, info, SeqAdjustAction{100, 900, -50, 600});
    InnerPacketInfo after;
    ASSERT_TRUE(InnerPacket::Parse(*p, after)) << "the adjusted packet is well formed";
    EXPECT_EQ(after.ipHeaderBytes, 20u);
    EXPECT_EQ(after.key, info.key);
    EXPECT_EQ(after.tcpSeq, 1100u);
    EXPECT_EQ(after.totalLength, info.totalLength - 4);
    Ipv4Header h;
    p->RemoveHeader(h);
    TcpHeader t;
    p->RemoveHeader(t);
    EXPECT_EQ(t.GetAckNumber().GetValue(), 650u) << "700 >= 600: shifted by -50";
    FlowPayloadHeader fp;
    p->RemoveHeader(fp);
    EXPECT_EQ(fp.GetFlowId(), 3u) << "payload untouched";
}
