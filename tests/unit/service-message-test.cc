/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Service messages of seed 002: every type's round trip through real bytes,
 * HMAC security, and rejection of malformed or truncated input.
 */

#include "ns3/affinity-cache.h"
#include "ns3/affinity-codec.h"
#include "ns3/inner-packet.h"
#include "ns3/ipv4-header.h"
#include "ns3/packet.h"
#include "ns3/service-message.h"

#include <gtest/gtest.h>
#include <random>

using namespace ns3;
using namespace ns3::sfc;

namespace
{
std::vector<uint8_t>
Bytes(Ptr<const Packet> p)
{
    std::vector<uint8_t> b(p->GetSize());
    p->CopyData(b.data(), static_cast<uint32_t>(b.size()));
    return b;
}

Ptr<Packet>
FromBytes(const std::vector<uint8_t>& b)
{
    return Create<Packet>(b.data(), static_cast<uint32_t>(b.size()));
}

/// A small IPv4/TCP packet, header first
Ptr<Packet>
IpPacket()
{
    FlowKey k(Ipv4Address("10.1.0.2"), Ipv4Address("10.3.0.100"), 40000, 80, 6);
    Ptr<Packet> p =
        InnerPacket::BuildTcpSegment(k,
                                     0x02,
                                     1000,
                                     0,
                                     FlowPayloadHeader(7, 0, FlowPayloadHeader::CONTROL),
                                     FlowPayloadHeader::kSize);
    Ipv4Header ip;
    ip.SetSource(k.src);
    ip.SetDestination(k.dst);
    ip.SetProtocol(6);
    ip.SetPayloadSize(p->GetSize());
    ip.SetTtl(64);
    p->AddHeader(ip);
    return p;
}

ServiceMessage
RoundTrip(const ServiceMessage& m, const std::string& key = "")
{
    Ptr<Packet> p = m.ToPacket(key, SecuritySegment::HMAC_SHA256, 42);
    EXPECT_EQ(p->GetSize(), key.empty() ? m.GetSerializedSize() : p->GetSize());
    ServiceMessage out;
    EXPECT_EQ(ServiceMessage::Parse(p, out), ParseStatus::OK);
    EXPECT_EQ(out.GetType(), m.GetType());
    return out;
}

std::shared_ptr<WildcardAffinitySegment>
WildcardSeg()
{
    auto w = std::make_shared<WildcardAffinitySegment>();
    w->affinity.flags = kAffinityInformation;
    w->affinity.protocol = 6;
    w->affinity.source = Ipv4Address("10.1.0.0");
    w->affinity.sourceMask = Ipv4Mask("255.255.1.0");
    w->affinity.destination = Ipv4Address("10.3.0.100");
    w->affinity.destinationMask = Ipv4Mask("255.255.255.255");
    w->affinity.sourcePort = 0;
    w->affinity.destinationPort = 80;
    w->affinity.ttlMs = 10000;
    return w;
}

std::shared_ptr<FixedAffinitySegment>
FixedSeg()
{
    auto f = std::make_shared<FixedAffinitySegment>();
    f->flags = kAffinityDispatch | kAffinityInformation;
    f->protocol = 6;
    f->source = Ipv4Address("10.1.0.2");
    f->destination = Ipv4Address("10.3.0.100");
    f->sourcePort = 40000;
    f->destinationPort = 80;
    f->forward = Ipv4Address("10.2.0.129");
    f->ttlMs = 2000;
    return f;
}

/// A fixed update with every optional segment
ServiceMessage
FullFixedUpdate()
{
    ServiceMessage m(ServiceMessageType::AFFINITY_UPDATE_FIXED);
    m.Add(FixedSeg());
    FixedEntry e;
    e.precedence.service = 7;
    e.precedence.higherFirst = false;
    e.precedence.backup = 2;
    e.actions.nat = NatAction{Ipv4Address::GetAny(), Ipv4Address("10.2.0.129"), 0, 8080};
    e.actions.seqAdjust = SeqAdjustAction{-5, 100, 9, 200};
    InterestCriteria ic;
    ic.address = Ipv4Address("10.2.0.100");
    ic.port = 50100;
    ic.mask = InterestBits::FIN | InterestBits::RST;
    ic.dataFlag = InterestBits::FIN;
    ic.copyFlag = InterestBits::RST;
    ic.holdFlag = InterestBits::SYN;
    e.actions.interest = ic;
    e.smInterestData = {1, 2, 3};
    AffinityCodec::AddCommon(m, e);
    m.Add(std::make_shared<IdentityInfoSegment>(Ipv4Address("10.2.0.100"), "primary"));
    auto fa = std::make_shared<OpaqueSegment>(SegmentType::FA_INTEREST_DATA, false);
    fa->data = {9, 8};
    m.Add(fa);
    m.Add(std::make_shared<IpPacketSegment>(IpPacket()));
    return m;
}
} // namespace

TEST(ServiceMessage, HeaderAndSegmentLayout)
{
    ServiceMessage m(ServiceMessageType::AFFINITY_UPDATE_WILDCARD);
    m.Add(WildcardSeg());
    std::vector<uint8_t> b = Bytes(m.ToPacket());
    ASSERT_EQ(b.size(), 4u + 4u + 28u);
    EXPECT_EQ(b[0], 1) << "version";
    EXPECT_EQ(b[1], 1) << "type: affinity update-wildcard";
    EXPECT_EQ((b[2] << 8) | b[3], 36) << "message length";
    EXPECT_EQ(b[4] & 0x80, 0x80) << "required flag";
    EXPECT_EQ(((b[4] & 0x7f) << 8) | b[5], SegmentType::WILDCARD_AFFINITY);
    EXPECT_EQ((b[6] << 8) | b[7], 32) << "segment length";
    EXPECT_EQ(b[9], 6) << "protocol";
    EXPECT_EQ(b[12], 10);
    EXPECT_EQ(b[13], 1) << "source 10.1.0.0";
}

TEST(ServiceMessage, WildcardUpdateRoundTrip)
{
    ServiceMessage m(ServiceMessageType::AFFINITY_UPDATE_WILDCARD);
    m.Add(WildcardSeg());
    WildcardEntry e;
    e.precedence.backup = 1;
    e.actions.advertise = AdvertiseAction{Ipv4Address("10.3.0.100"), Ipv4Mask("255.255.255.255")};
    AffinityCodec::AddCommon(m, e);
    auto list = std::make_shared<ActionListSegment>();
    list->actions = {SegmentType::ACTION_NAT, SegmentType::ACTION_INTEREST_CRITERIA};
    m.Add(list);
    ServiceMessage out = RoundTrip(m);
    auto w = out.Find<WildcardAffinitySegment>();
    ASSERT_TRUE(w);
    WildcardAffinity a = AffinityCodec::FromSegment(*w);
    EXPECT_EQ(a.flags, kAffinityInformation);
    EXPECT_EQ(a.source, Ipv4Address("10.1.0.0"));
    EXPECT_EQ(a.sourceMask, Ipv4Mask("255.255.1.0"));
    EXPECT_EQ(a.destination, Ipv4Address("10.3.0.100"));
    EXPECT_EQ(a.destinationPort, 80);
    EXPECT_EQ(a.ttlMs, 10000u);
    WildcardEntry back;
    AffinityCodec::ReadCommon(out, back);
    EXPECT_EQ(back.precedence.backup, 1);
    ASSERT_TRUE(back.actions.advertise);
    EXPECT_EQ(back.actions.advertise->address, Ipv4Address("10.3.0.100"));
    EXPECT_EQ(out.Find<ActionListSegment>()->actions, list->actions);
}

TEST(ServiceMessage, FixedUpdateRoundTripWithEverySegment)
{
    ServiceMessage m = FullFixedUpdate();
    ServiceMessage out = RoundTrip(m);
    EXPECT_EQ(out.GetSegments().size(), m.GetSegments().size());
    FixedAffinity a = AffinityCodec::FromSegment(*out.Find<FixedAffinitySegment>());
    EXPECT_EQ(a.key, FlowKey(Ipv4Address("10.1.0.2"), Ipv4Address("10.3.0.100"), 40000, 80, 6));
    EXPECT_EQ(a.forward, Ipv4Address("10.2.0.129"));
    EXPECT_EQ(a.flags, kAffinityDispatch | kAffinityInformation);
    EXPECT_EQ(a.ttlMs, 2000u);
    FixedEntry e;
    AffinityCodec::ReadCommon(out, e);
    EXPECT_EQ(e.precedence.service, 7);
    EXPECT_FALSE(e.precedence.higherFirst);
    EXPECT_EQ(e.precedence.backup, 2);
    ASSERT_TRUE(e.actions.nat);
    EXPECT_EQ(e.actions.nat->destination, Ipv4Address("10.2.0.129"));
    EXPECT_EQ(e.actions.nat->destinationPort, 8080);
    ASSERT_TRUE(e.actions.seqAdjust);
    EXPECT_EQ(e.actions.seqAdjust->seqDelta, -5);
    EXPECT_EQ(e.actions.seqAdjust->initialSeq, 100u);
    EXPECT_EQ(e.actions.seqAdjust->ackDelta, 9);
    EXPECT_EQ(e.actions.seqAdjust->initialAck, 200u);
    ASSERT_TRUE(e.actions.interest);
    EXPECT_EQ(e.actions.interest->address, Ipv4Address("10.2.0.100"));
    EXPECT_EQ(e.actions.interest->port, 50100);
    EXPECT_EQ(e.actions.interest->mask, InterestBits::FIN | InterestBits::RST);
    EXPECT_EQ(e.actions.interest->dataFlag, InterestBits::FIN);
    EXPECT_EQ(e.actions.interest->copyFlag, InterestBits::RST);
    EXPECT_EQ(e.actions.interest->holdFlag, InterestBits::SYN);
    EXPECT_EQ(e.smInterestData, (std::vector<uint8_t>{1, 2, 3}));
    EXPECT_EQ(out.Find<IdentityInfoSegment>()->name, "primary");
    auto fa = std::dynamic_pointer_cast<OpaqueSegment>(out.Find(SegmentType::FA_INTEREST_DATA));
    ASSERT_TRUE(fa);
    EXPECT_EQ(fa->data, (std::vector<uint8_t>{9, 8}));
    EXPECT_EQ(Bytes(out.Find<IpPacketSegment>()->GetPacket()), Bytes(IpPacket()));
    // Serializing the parsed message gives the same bytes again.
    EXPECT_EQ(Bytes(out.ToPacket()), Bytes(m.ToPacket()));
}

TEST(ServiceMessage, DenyRoundTrip)
{
    ServiceMessage m(ServiceMessageType::AFFINITY_UPDATE_DENY);
    auto list = std::make_shared<ActionListSegment>();
    list->actions = {SegmentType::ACTION_NAT, 200};
    m.Add(list);
    auto f = FixedSeg();
    f->SetRequired(false);
    m.Add(f);
    ServiceMessage out = RoundTrip(m);
    EXPECT_EQ(out.Find<ActionListSegment>()->actions, (std::vector<uint16_t>{9, 200}));
    EXPECT_FALSE(out.Find<FixedAffinitySegment>()->IsRequired());
}

TEST(ServiceMessage, InterestMatchRoundTrips)
{
    for (auto type :
         {ServiceMessageType::INTEREST_MATCH_WILDCARD, ServiceMessageType::INTEREST_MATCH_FIXED})
    {
        ServiceMessage m(type);
        auto id = std::make_shared<AffinityIdentifierSegment>();
        id->flags = kAffinityInformation;
        id->protocol = 6;
        id->reasons = InterestBits::ALL | InterestBits::SYN;
        id->source = Ipv4Address("10.1.0.2");
        id->destination = Ipv4Address("10.3.0.100");
        id->sourcePort = 40000;
        id->destinationPort = 80;
        m.Add(id);
        auto ip = std::make_shared<IpPacketSegment>();
        ip->SetPacket(IpPacket());
        m.Add(ip);
        ServiceMessage out = RoundTrip(m);
        auto o = out.Find<AffinityIdentifierSegment>();
        ASSERT_TRUE(o);
        EXPECT_EQ(o->reasons, InterestBits::ALL | InterestBits::SYN);
        EXPECT_EQ(o->source, Ipv4Address("10.1.0.2"));
        EXPECT_EQ(o->sourcePort, 40000);
        EXPECT_EQ(o->destinationPort, 80);
        EXPECT_EQ(out.Find<IpPacketSegment>()->bytes.size(), IpPacket()->GetSize());
    }
}

TEST(ServiceMessage, IpPacketOnlyReplicationHeartbeatRoundTrips)
{
    ServiceMessage ipOnly(ServiceMessageType::IP_PACKET_ONLY);
    auto ip = std::make_shared<IpPacketSegment>();
    ip->SetPacket(IpPacket());
    ipOnly.Add(ip);
    EXPECT_EQ(Bytes(RoundTrip(ipOnly).Find<IpPacketSegment>()->GetPacket()), Bytes(IpPacket()));

    ServiceMessage rep(ServiceMessageType::REPLICATION);
    rep.Add(FixedSeg());
    FixedEntry e;
    e.precedence.backup = 1;
    e.actions.nat = NatAction{Ipv4Address::GetAny(), Ipv4Address("10.2.0.130"), 0, 0};
    AffinityCodec::AddCommon(rep, e);
    ServiceMessage r = RoundTrip(rep);
    EXPECT_EQ(AffinityCodec::FromSegment(*r.Find<FixedAffinitySegment>()).forward,
              Ipv4Address("10.2.0.129"));
    EXPECT_EQ(r.Find<NatActionSegment>()->action.destination, Ipv4Address("10.2.0.130"));

    ServiceMessage hb(ServiceMessageType::HEARTBEAT);
    auto h = std::make_shared<HeartbeatSegment>();
    h->sequence = 77;
    h->intervalMs = 500;
    h->backupPrecedence = 1;
    h->state = 1;
    hb.Add(h);
    hb.Add(WildcardSeg());
    hb.Add(WildcardSeg());
    ServiceMessage o = RoundTrip(hb);
    auto oh = o.Find<HeartbeatSegment>();
    EXPECT_EQ(oh->sequence, 77u);
    EXPECT_EQ(oh->intervalMs, 500u);
    EXPECT_EQ(oh->backupPrecedence, 1);
    EXPECT_EQ(oh->state, 1);
    EXPECT_EQ(o.FindAll<WildcardAffinitySegment>().size(), 2u);
}

TEST(ServiceMessage, UnknownSegmentIsKeptWithItsRequiredFlag)
{
    ServiceMessage m(ServiceMessageType::AFFINITY_UPDATE_FIXED);
    m.Add(FixedSeg());
    auto unknown = std::make_shared<OpaqueSegment>(200, true);
    unknown->data = {1, 2, 3, 4, 5};
    m.Add(unknown);
    ServiceMessage out = RoundTrip(m);
    auto s = out.Find(200);
    ASSERT_TRUE(s);
    EXPECT_TRUE(s->IsRequired());
    EXPECT_FALSE(IsKnownSegmentType(200));
    EXPECT_EQ(std::dynamic_pointer_cast<OpaqueSegment>(s)->data.size(), 5u);
}

TEST(ServiceMessage, SegmentShorterThanItsFixedPartKeepsItsFields)
{
    // A fixed affinity segment header claiming 8 data bytes (its fixed part is 24):
    // the fields stay as they were, the 12 bytes the header gives are consumed.
    Ptr<Packet> p = FromBytes({0x80, 0x02, 0x00, 12, 1, 2, 3, 4, 5, 6, 7, 8});
    FixedAffinitySegment f;
    f.ttlMs = 7;
    EXPECT_EQ(p->RemoveHeader(f), 12u);
    EXPECT_EQ(f.ttlMs, 7u);
    EXPECT_EQ(f.source, Ipv4Address::GetAny());
    EXPECT_EQ(p->GetSize(), 0u);
    // A security segment needs its 20 fixed bytes; its code may be shorter than any
    // algorithm's when deserialized directly (Parse() rejects that).
    SecuritySegment sec;
    p = FromBytes(
        {0x00, 0x05, 0x00, 24, 2, 3, 0, 4, 0, 0, 0, 0, 0, 0, 0, 9, 10, 2, 0, 100, 10, 2, 0, 1});
    EXPECT_EQ(p->RemoveHeader(sec), 24u);
    EXPECT_EQ(sec.algorithm, 2u);
    EXPECT_EQ(sec.keyId, 3u);
    EXPECT_EQ(sec.epoch, 4u);
    EXPECT_EQ(sec.sequence, 9u);
    EXPECT_EQ(sec.sender, Ipv4Address("10.2.0.100"));
    EXPECT_EQ(sec.receiver, Ipv4Address("10.2.0.1"));
    EXPECT_TRUE(sec.code.empty());
    sec.sequence = 5;
    p = FromBytes({0x00, 0x05, 0x00, 23, 1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
    EXPECT_EQ(p->RemoveHeader(sec), 23u);
    EXPECT_EQ(sec.sequence, 5u) << "19 data bytes: below the fixed part, unchanged";
    // An identity without its name: the address only.
    IdentityInfoSegment id;
    id.name = "old";
    p = FromBytes({0x00, 0x08, 0x00, 8, 10, 0, 0, 1});
    EXPECT_EQ(p->RemoveHeader(id), 8u);
    EXPECT_EQ(id.address, Ipv4Address("10.0.0.1"));
    EXPECT_EQ(id.name, "");
}

TEST(ServiceMessageSecurity, HmacAcceptsTheKeyAndRejectsOthers)
{
    for (uint8_t alg : {SecuritySegment::HMAC_SHA256, SecuritySegment::HMAC_MD5})
    {
        ServiceMessage m = FullFixedUpdate();
        Ptr<Packet> p = m.ToPacket("secret", alg, 1234);
        ServiceMessage out;
        std::vector<uint8_t> raw;
        ASSERT_EQ(ServiceMessage::Parse(p, out, &raw), ParseStatus::OK);
        auto sec = out.Find<SecuritySegment>();
        ASSERT_TRUE(sec);
        EXPECT_EQ(out.GetSegments().front(), sec) << "the security segment comes first";
        EXPECT_EQ(sec->algorithm, alg);
        EXPECT_EQ(sec->sequence, 1234u);
        EXPECT_EQ(sec->code.size(), SecuritySegment::CodeLength(alg));
        EXPECT_TRUE(out.Verify(raw, "secret"));
        EXPECT_FALSE(out.Verify(raw, "Secret")) << "wrong key";
        EXPECT_FALSE(out.Verify(raw, "")) << "no key";
        // Any altered byte (outside the code) invalidates the code.
        for (std::size_t i : {std::size_t(1), std::size_t(12), raw.size() / 2, raw.size() - 1})
        {
            std::vector<uint8_t> bad = raw;
            bad[i] ^= 0x01;
            ServiceMessage altered;
            std::vector<uint8_t> raw2;
            if (ServiceMessage::Parse(FromBytes(bad), altered, &raw2) == ParseStatus::OK)
            {
                EXPECT_FALSE(altered.Verify(raw2, "secret")) << "byte " << i;
            }
        }
    }
    // Known answer: RFC 4231 test case 2 for HMAC-SHA256.
    std::string data = "what do ya want for nothing?";
    std::vector<uint8_t> mac = ServiceMessage::Hmac(SecuritySegment::HMAC_SHA256,
                                                    "Jefe",
                                                    reinterpret_cast<const uint8_t*>(data.data()),
                                                    data.size());
    ASSERT_EQ(mac.size(), 32u);
    EXPECT_EQ(mac[0], 0x5b);
    EXPECT_EQ(mac[1], 0xdc);
    EXPECT_EQ(mac[31], 0x43);
}

TEST(ServiceMessageSecurity, UnsignedMessageDoesNotVerify)
{
    ServiceMessage m = FullFixedUpdate();
    ServiceMessage out;
    std::vector<uint8_t> raw;
    ASSERT_EQ(ServiceMessage::Parse(m.ToPacket(), out, &raw), ParseStatus::OK);
    EXPECT_FALSE(out.Verify(raw, "secret"));
}

TEST(ServiceMessageParse, RejectsMalformedInput)
{
    ServiceMessage out;
    auto parse = [&](const std::vector<uint8_t>& b) {
        return ServiceMessage::Parse(FromBytes(b), out);
    };
    EXPECT_EQ(parse({}), ParseStatus::TRUNCATED);
    EXPECT_EQ(parse({1, 2, 0}), ParseStatus::TRUNCATED);
    ServiceMessage m(ServiceMessageType::AFFINITY_UPDATE_FIXED);
    m.Add(FixedSeg());
    std::vector<uint8_t> good = Bytes(m.ToPacket());
    ASSERT_EQ(parse(good), ParseStatus::OK);

    std::vector<uint8_t> b = good;
    b[0] = 2;
    EXPECT_EQ(parse(b), ParseStatus::BAD_VERSION);
    b = good;
    b[1] = 0;
    EXPECT_EQ(parse(b), ParseStatus::BAD_TYPE);
    b = good;
    b[1] = 99;
    EXPECT_EQ(parse(b), ParseStatus::BAD_TYPE);
    b = good;
    b.push_back(0);
    EXPECT_EQ(parse(b), ParseStatus::BAD_LENGTH) << "bytes after the declared length";
    b = good;
    b[7] = 3; // segment length below its header
    EXPECT_EQ(parse(b), ParseStatus::BAD_SEGMENT);
    b = good;
    b[7] = 27; // 23 data bytes: not a fixed affinity
    b.pop_back();
    b[3] = static_cast<uint8_t>(b.size());
    EXPECT_EQ(parse(b), ParseStatus::BAD_SEGMENT);
    b = good;
    b[7] = 200; // segment runs past the end
    EXPECT_EQ(parse(b), ParseStatus::TRUNCATED);
    b = good;
    b[1] = static_cast<uint8_t>(ServiceMessageType::HEARTBEAT);
    EXPECT_EQ(parse(b), ParseStatus::MISSING_SEGMENT);

    // A security segment that is not first.
    ServiceMessage s = FullFixedUpdate();
    std::vector<uint8_t> signedBytes = Bytes(s.ToPacket("k", SecuritySegment::HMAC_SHA256, 1));
    ServiceMessage parsed;
    ASSERT_EQ(ServiceMessage::Parse(FromBytes(signedBytes), parsed), ParseStatus::OK);
    ServiceMessage reordered(ServiceMessageType::AFFINITY_UPDATE_FIXED);
    for (std::size_t i = 1; i < parsed.GetSegments().size(); ++i)
    {
        reordered.Add(parsed.GetSegments()[i]);
    }
    reordered.Add(parsed.GetSegments()[0]);
    EXPECT_EQ(ServiceMessage::Parse(reordered.ToPacket(), out), ParseStatus::SECURITY_MISPLACED);
    // Odd action list.
    ServiceMessage deny(ServiceMessageType::AFFINITY_UPDATE_DENY);
    auto list = std::make_shared<ActionListSegment>();
    list->actions = {9};
    deny.Add(list);
    b = Bytes(deny.ToPacket());
    b.push_back(0);
    b[3] = static_cast<uint8_t>(b.size());
    b[7] = static_cast<uint8_t>(b[7] + 1);
    EXPECT_EQ(parse(b), ParseStatus::BAD_SEGMENT);
}

TEST(ServiceMessageParse, EveryTruncationIsRejectedAndFuzzNeverCrashes)
{
    std::vector<uint8_t> good =
        Bytes(FullFixedUpdate().ToPacket("k", SecuritySegment::HMAC_SHA256, 9));
    ServiceMessage out;
    for (std::size_t n = 0; n < good.size(); ++n)
    {
        std::vector<uint8_t> prefix(good.begin(), good.begin() + n);
        EXPECT_NE(ServiceMessage::Parse(FromBytes(prefix), out), ParseStatus::OK) << n;
        // The same prefix with a header claiming its actual length.
        if (n >= 4)
        {
            prefix[2] = static_cast<uint8_t>(n >> 8);
            prefix[3] = static_cast<uint8_t>(n & 0xff);
            ParseStatus st = ServiceMessage::Parse(FromBytes(prefix), out);
            (void)st; // any status, but no crash and no read past the end
        }
    }
    std::mt19937 rng(7);
    uint32_t ok = 0;
    for (int i = 0; i < 3000; ++i)
    {
        std::vector<uint8_t> b = good;
        int flips = 1 + static_cast<int>(rng() % 4);
        for (int f = 0; f < flips; ++f)
        {
            b[rng() % b.size()] = static_cast<uint8_t>(rng());
        }
        if (rng() % 4 == 0)
        {
            b.resize(rng() % (b.size() + 1));
        }
        if (b.size() >= 4 && rng() % 2 == 0)
        {
            // Keep the header consistent so that the segments get parsed.
            b[0] = 1;
            b[2] = static_cast<uint8_t>(b.size() >> 8);
            b[3] = static_cast<uint8_t>(b.size() & 0xff);
        }
        std::vector<uint8_t> raw;
        if (ServiceMessage::Parse(FromBytes(b), out, &raw) == ParseStatus::OK)
        {
            ok++;
            out.Verify(raw, "k");
            out.ToPacket();
        }
    }
    EXPECT_GT(ok, 0u) << "some mutations keep a valid structure (and were fully deserialized)";
}
