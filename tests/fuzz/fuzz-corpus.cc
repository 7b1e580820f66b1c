/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * sfc-fuzz-corpus OUTDIR: writes the seed corpus of every fuzz target,
 * OUTDIR/<target>/seed-NNN, made by the module's own serializers (and, for
 * LISP, the messages other implementations wrote that the unit tests
 * carry). The build runs it; the replay tests and the fuzz runs read it.
 */

#include "../unit/lisp-test-messages.h"
#include "../unit/lisp-test-vectors.h"

#include "ns3/affinity-codec.h"
#include "ns3/flow-payload-header.h"
#include "ns3/inner-packet.h"
#include "ns3/ipv4-header.h"
#include "ns3/lisp-auth.h"
#include "ns3/membership-update-header.h"
#include "ns3/nsh-header.h"
#include "ns3/owner-message-header.h"
#include "ns3/packet.h"
#include "ns3/service-message.h"
#include "ns3/subset-map-header.h"
#include "ns3/tcp-header.h"
#include "ns3/tcp-option-rfc793.h"
#include "ns3/tcp-option-sack-permitted.h"
#include "ns3/tcp-option-sack.h"
#include "ns3/tcp-option-ts.h"
#include "ns3/tcp-option-winscale.h"
#include "ns3/udp-header.h"
#include "ns3/vxlan-gpe-header.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <map>
#include <string>
#include <sys/stat.h>
#include <vector>

using namespace ns3;
using namespace ns3::sfc;

namespace
{

using Bytes = std::vector<uint8_t>;
using Corpus = std::map<std::string, std::vector<Bytes>>;

Bytes
PacketBytes(Ptr<const Packet> p)
{
    Bytes b(p->GetSize());
    p->CopyData(b.data(), b.size());
    return b;
}

Bytes
HeaderBytes(const Header& h)
{
    Ptr<Packet> p = Create<Packet>();
    p->AddHeader(h);
    return PacketBytes(p);
}

Bytes
Cat(Bytes a, const Bytes& b)
{
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

// ---- overlay headers ----------------------------------------------------------

std::vector<Bytes>
NshSeeds()
{
    std::vector<Bytes> out;
    NshHeader plain;
    plain.SetSpi(0x123456);
    plain.SetSi(254);
    out.push_back(HeaderBytes(plain));
    NshHeader md1;
    uint8_t ctx[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
    md1.SetContext(NshHeader::kMdType1, ctx, sizeof(ctx));
    md1.SetOam(true);
    out.push_back(HeaderBytes(md1));
    NshHeader tlv;
    uint8_t v[5] = {0xde, 0xad, 0xbe, 0xef, 0x01};
    tlv.AddTlv(0x0100, 7, v, sizeof(v));
    tlv.AddTlv(0xffff, 1, v, 0);
    tlv.SetNextProtocol(NshHeader::kNextEthernet);
    out.push_back(HeaderBytes(tlv));
    return out;
}

std::vector<Bytes>
VxlanSeeds()
{
    std::vector<Bytes> out;
    VxlanGpeHeader h;
    out.push_back(HeaderBytes(h));
    h.SetVni(0xabcdef);
    h.SetOam(true);
    h.SetNextProtocol(VxlanGpeHeader::kNextIpv4);
    out.push_back(HeaderBytes(h));
    return out;
}

// ---- inner packets ------------------------------------------------------------

const FlowKey kKey(Ipv4Address("10.1.0.2"), Ipv4Address("10.3.0.100"), 40000, 80, 6);

/// An IPv4 packet around an L4 segment, with extra bytes after the total length
Bytes
Ipv4(Ptr<Packet> l4, uint8_t protocol, uint32_t trailer = 0)
{
    Ipv4Header ip;
    ip.SetSource(kKey.src);
    ip.SetDestination(kKey.dst);
    ip.SetProtocol(protocol);
    ip.SetPayloadSize(l4->GetSize());
    ip.SetTtl(64);
    ip.SetIdentification(77);
    ip.SetDontFragment();
    l4->AddHeader(ip);
    Bytes b = PacketBytes(l4);
    b.resize(b.size() + trailer, 0xee);
    return b;
}

/// The same packet with 4 bytes of IPv4 options (NOP NOP NOP EOL) after the header
Bytes
WithIpOptions(Bytes b)
{
    b[0] = 0x46;
    uint16_t total = static_cast<uint16_t>(((b[2] << 8) | b[3]) + 4);
    b[2] = static_cast<uint8_t>(total >> 8);
    b[3] = static_cast<uint8_t>(total);
    b.insert(b.begin() + 20, {1, 1, 1, 0});
    return b;
}

Ptr<Packet>
TcpWithOptions(uint8_t flags, bool sack)
{
    Ptr<Packet> p = Create<Packet>(40);
    p->AddHeader(FlowPayloadHeader(3, 9, FlowPayloadHeader::REQUEST));
    TcpHeader tcp;
    tcp.SetSourcePort(kKey.sport);
    tcp.SetDestinationPort(kKey.dport);
    tcp.SetFlags(flags);
    tcp.SetSequenceNumber(SequenceNumber32(0x7ffffff0));
    tcp.SetAckNumber(SequenceNumber32(0x90000000));
    tcp.SetWindowSize(4096);
    if (sack)
    {
        Ptr<TcpOptionSack> s = CreateObject<TcpOptionSack>();
        s->AddSackBlock(TcpOptionSack::SackBlock(SequenceNumber32(100), SequenceNumber32(200)));
        s->AddSackBlock(TcpOptionSack::SackBlock(SequenceNumber32(300), SequenceNumber32(400)));
        tcp.AppendOption(s);
        Ptr<TcpOptionTS> ts = CreateObject<TcpOptionTS>();
        ts->SetTimestamp(12345);
        ts->SetEcho(678);
        tcp.AppendOption(ts);
    }
    else
    {
        Ptr<TcpOptionMSS> mss = CreateObject<TcpOptionMSS>();
        mss->SetMSS(1460);
        tcp.AppendOption(mss);
        Ptr<TcpOptionWinScale> ws = CreateObject<TcpOptionWinScale>();
        ws->SetScale(7);
        tcp.AppendOption(ws);
        tcp.AppendOption(CreateObject<TcpOptionSackPermitted>());
    }
    p->AddHeader(tcp);
    return p;
}

std::vector<Bytes>
InnerPacketSeeds()
{
    std::vector<Bytes> packets;
    packets.push_back(
        Ipv4(InnerPacket::BuildTcpSegment(kKey,
                                          TcpHeader::SYN,
                                          1000,
                                          0,
                                          FlowPayloadHeader(7, 0, FlowPayloadHeader::CONTROL),
                                          FlowPayloadHeader::kSize),
             6));
    packets.push_back(Ipv4(TcpWithOptions(TcpHeader::SYN, false), 6));
    packets.push_back(Ipv4(TcpWithOptions(TcpHeader::ACK | TcpHeader::PSH, true), 6, 6));
    packets.push_back(WithIpOptions(Ipv4(TcpWithOptions(TcpHeader::ACK, true), 6)));
    Ptr<Packet> udp = Create<Packet>(24);
    udp->AddHeader(FlowPayloadHeader(5, 1, FlowPayloadHeader::RESPONSE));
    UdpHeader u;
    u.SetSourcePort(5353);
    u.SetDestinationPort(4790);
    udp->AddHeader(u);
    packets.push_back(Ipv4(udp->Copy(), 17));
    packets.push_back(WithIpOptions(Ipv4(udp->Copy(), 17, 3)));
    packets.push_back(Ipv4(Create<Packet>(8), 1));
    std::vector<Bytes> out;
    // Mode byte (see fuzz-inner-packet.cc): checksums, shift, reverse, negative shift
    const uint8_t modes[] = {0x0, 0x3, 0x6, 0xb};
    for (std::size_t i = 0; i < packets.size(); ++i)
    {
        out.push_back(Cat({modes[i % 4]}, packets[i]));
    }
    return out;
}

// ---- failover service messages --------------------------------------------------

Ptr<Packet>
IpPacket()
{
    Bytes b = Ipv4(InnerPacket::BuildTcpSegment(kKey,
                                                TcpHeader::SYN,
                                                1000,
                                                0,
                                                FlowPayloadHeader(7, 0, FlowPayloadHeader::CONTROL),
                                                FlowPayloadHeader::kSize),
                   6);
    return Create<Packet>(b.data(), b.size());
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
    w->affinity.destinationPort = 80;
    w->affinity.ttlMs = 10000;
    return w;
}

FixedAffinity
Fixed()
{
    FixedAffinity a;
    a.flags = kAffinityDispatch | kAffinityInformation;
    a.key = kKey;
    a.forward = Ipv4Address("10.2.0.129");
    a.ttlMs = 2000;
    return a;
}

FixedEntry
FullEntry()
{
    FixedEntry e;
    e.affinity = Fixed();
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
    e.actions.advertise = AdvertiseAction{Ipv4Address("10.3.0.100"), Ipv4Mask("255.255.255.0")};
    e.smInterestData = {1, 2, 3};
    return e;
}

std::vector<ServiceMessage>
ServiceMessages()
{
    std::vector<ServiceMessage> out;
    ServiceMessage wild(ServiceMessageType::AFFINITY_UPDATE_WILDCARD);
    wild.Add(WildcardSeg());
    WildcardEntry we;
    we.precedence.backup = 1;
    we.actions.advertise = AdvertiseAction{Ipv4Address("10.3.0.100"), Ipv4Mask("255.255.255.255")};
    AffinityCodec::AddCommon(wild, we);
    auto list = std::make_shared<ActionListSegment>();
    list->actions = {SegmentType::ACTION_NAT, SegmentType::ACTION_INTEREST_CRITERIA};
    wild.Add(list);
    out.push_back(wild);

    FixedEntry e = FullEntry();
    ServiceMessage fixed(ServiceMessageType::AFFINITY_UPDATE_FIXED);
    fixed.Add(AffinityCodec::ToSegment(e.affinity));
    AffinityCodec::AddCommon(fixed, e);
    fixed.Add(std::make_shared<IdentityInfoSegment>(Ipv4Address("10.2.0.100"), "primary"));
    auto fa = std::make_shared<OpaqueSegment>(SegmentType::FA_INTEREST_DATA, false);
    fa->data = {9, 8};
    fixed.Add(fa);
    fixed.Add(std::make_shared<IpPacketSegment>(IpPacket()));
    fixed.Add(std::make_shared<OpaqueSegment>(200, true));
    out.push_back(fixed);

    ServiceMessage deny(ServiceMessageType::AFFINITY_UPDATE_DENY);
    auto dl = std::make_shared<ActionListSegment>();
    dl->actions = {SegmentType::ACTION_NAT, 200};
    deny.Add(dl);
    auto f = AffinityCodec::ToSegment(Fixed());
    f->SetRequired(false);
    deny.Add(f);
    out.push_back(deny);

    for (auto type :
         {ServiceMessageType::INTEREST_MATCH_WILDCARD, ServiceMessageType::INTEREST_MATCH_FIXED})
    {
        ServiceMessage m(type);
        auto id = std::make_shared<AffinityIdentifierSegment>();
        id->flags = kAffinityInformation;
        id->protocol = 6;
        id->reasons = InterestBits::ALL | InterestBits::SYN;
        id->source = kKey.src;
        id->destination = kKey.dst;
        id->sourcePort = kKey.sport;
        id->destinationPort = kKey.dport;
        m.Add(id);
        m.Add(std::make_shared<IpPacketSegment>(IpPacket()));
        out.push_back(m);
    }

    ServiceMessage ipOnly(ServiceMessageType::IP_PACKET_ONLY);
    ipOnly.Add(std::make_shared<IpPacketSegment>(IpPacket()));
    out.push_back(ipOnly);

    ServiceMessage rep(ServiceMessageType::REPLICATION);
    FixedEntry re;
    re.affinity = Fixed();
    re.precedence.backup = 1;
    re.actions.nat = NatAction{Ipv4Address::GetAny(), Ipv4Address("10.2.0.130"), 0, 0};
    rep.Add(AffinityCodec::ToSegment(re.affinity));
    AffinityCodec::AddCommon(rep, re);
    out.push_back(rep);

    ServiceMessage hb(ServiceMessageType::HEARTBEAT);
    auto h = std::make_shared<HeartbeatSegment>();
    h->sequence = 77;
    h->intervalMs = 500;
    h->backupPrecedence = 1;
    h->state = 1;
    hb.Add(h);
    hb.Add(WildcardSeg());
    out.push_back(hb);
    return out;
}

std::vector<Bytes>
ServiceMessageSeeds()
{
    std::vector<Bytes> out;
    for (const ServiceMessage& m : ServiceMessages())
    {
        out.push_back(PacketBytes(m.ToPacket()));
        out.push_back(PacketBytes(m.ToPacket("seed-key", SecuritySegment::HMAC_SHA256, 42)));
    }
    out.push_back(PacketBytes(ServiceMessages()[1].ToPacket("k", SecuritySegment::HMAC_MD5, 7)));
    return out;
}

// ---- stickiness control path ----------------------------------------------------

std::vector<Bytes>
MembershipSeeds()
{
    std::vector<Bytes> out;
    for (auto action : {MembershipUpdateHeader::ADD,
                        MembershipUpdateHeader::DRAIN,
                        MembershipUpdateHeader::REMOVE})
    {
        MembershipUpdateHeader h;
        h.SetChain(1);
        h.SetSequence(0x01020304u * action);
        h.SetFunction(3);
        h.SetAction(action);
        h.SetInstance(12);
        h.SetLocator(Ipv4Address("10.0.1.4"));
        out.push_back(HeaderBytes(h));
        h.Sign("controller key", Ipv4Address("10.0.0.2")); // Auth = 1, 32-byte code
        out.push_back(HeaderBytes(h));
    }
    return out;
}

// ---- LISP ---------------------------------------------------------------------

using lisptest::Hex;

template <typename T>
Bytes
PieceBytes(uint8_t selector, const T& t)
{
    Buffer b;
    b.AddAtStart(t.GetSerializedSize());
    Buffer::Iterator it = b.Begin();
    t.Write(it);
    Bytes out(b.GetSize());
    b.CopyData(out.data(), out.size());
    return Cat({selector}, out);
}

Corpus
LispSeeds()
{
    using namespace lisptest;
    Corpus c;
    c["lisp-data-header"] = {HeaderBytes(SampleData()), Hex(kPublishedDataHeader)};
    c["lisp-map-request"] = {HeaderBytes(SampleMapRequest()),
                             Hex(kOdlRequestLispMob),
                             Hex(kOdlRequestItrRlocs),
                             Hex(kOdlRequestSmr),
                             Hex(kOdlRequestSmrInvoked)};
    c["lisp-map-reply"] = {HeaderBytes(SampleMapReply()), Hex(kOdlReplyAll)};
    LispMapRegisterHeader signedRegister = SampleMapRegister();
    LispAuth::Sign(signedRegister, LispAuth::kKeyIdHmacSha256, {'f', 'u', 'z', 'z'});
    c["lisp-map-register"] = {HeaderBytes(SampleMapRegister()),
                              HeaderBytes(signedRegister),
                              HeaderBytes(SampleMapNotify()),
                              Hex(kTcpdumpRegister1),
                              Hex(kTcpdumpNotify1),
                              Hex(kTcpdumpNotify2),
                              Hex(kTcpdumpRegisterIpv6),
                              Hex(kOdlRegisterSha1),
                              Hex(kOdlRegisterSha256),
                              Hex(kOdlRegisterIidXtrId),
                              Hex(kOdlNotifyXtrId)};
    c["lisp-ecm-header"] = {HeaderBytes(SampleEcm()), Hex(kOdlEcmLispMob), Hex(kOdlEcmSourceEid)};
    LispMappingRecord rec = SampleRecord();
    LispEidRecord eid;
    eid.eidMaskLen = 24;
    eid.eid = LispAddress::FromInstanceId(7, 32, LispAddress::FromIpv4(Ipv4Address("10.9.0.0")));
    Buffer b;
    std::vector<LispMappingRecord> two{SampleRecord(), SampleNegativeRecord()};
    b.AddAtStart(MappingRecordsSize(two));
    Buffer::Iterator it = b.Begin();
    WriteMappingRecords(it, two);
    Bytes run(b.GetSize());
    b.CopyData(run.data(), run.size());
    c["lisp-records"] = {PieceBytes(0, SampleElp()),
                         Cat({0}, Hex(kOdlElp)),
                         Cat({0}, Hex(kOdlInstanceId)),
                         PieceBytes(1, rec.locators[1]),
                         PieceBytes(2, rec),
                         PieceBytes(2, SampleNegativeRecord()),
                         PieceBytes(3, eid),
                         Cat({4, 2}, run)};
    return c;
}

// ---- owner messages -----------------------------------------------------------

std::vector<Bytes>
OwnerSeeds()
{
    std::vector<Bytes> out;
    for (uint8_t t = OwnerMessageHeader::QUERY; t <= OwnerMessageHeader::ACK; ++t)
    {
        OwnerMessageHeader h;
        h.SetType(static_cast<OwnerMessageHeader::Type>(t));
        h.SetTransaction(1000u + t);
        h.SetEpoch(3);
        h.SetKey(VnetFlowKey(5, kKey));
        if (t == OwnerMessageHeader::NACK)
        {
            h.SetCode(OwnerMessageHeader::NOT_HELPER);
        }
        if (t == OwnerMessageHeader::ACK)
        {
            h.SetCode(OwnerMessageHeader::kTypeSubsetMap);
        }
        if (t == OwnerMessageHeader::REGISTER)
        {
            h.SetFlags(OwnerMessageHeader::FLAG_TRANSFER);
            h.SetLifetimeMs(30000);
        }
        if (t == OwnerMessageHeader::REPLY || t == OwnerMessageHeader::REGISTER ||
            t == OwnerMessageHeader::NOTIFY)
        {
            h.SetOwner(Ipv4Address("192.168.0.7"));
        }
        out.push_back(HeaderBytes(h));
    }
    return out;
}

std::vector<Bytes>
SubsetMapSeeds()
{
    std::vector<Bytes> out;
    std::vector<Ipv4Address> vplanes{Ipv4Address("192.168.0.3"),
                                     Ipv4Address("192.168.0.1"),
                                     Ipv4Address("192.168.0.2")};
    for (uint32_t k : {1u, 7u, 16u})
    {
        SubsetMap map(9, vplanes, k);
        for (uint32_t s = 0; s + 1 < k; ++s)
        {
            map.Assign(s, vplanes[s % vplanes.size()]);
        }
        SubsetMapHeader h;
        h.SetTransaction(k);
        h.SetMap(map);
        out.push_back(HeaderBytes(h));
    }
    return out;
}

Corpus
AllSeeds()
{
    Corpus c = LispSeeds();
    c["nsh-header"] = NshSeeds();
    c["vxlan-gpe-header"] = VxlanSeeds();
    c["inner-packet"] = InnerPacketSeeds();
    c["service-message"] = ServiceMessageSeeds();
    c["affinity-codec"] = ServiceMessageSeeds();
    c["membership-update"] = MembershipSeeds();
    c["owner-message"] = OwnerSeeds();
    c["subset-map"] = SubsetMapSeeds();
    return c;
}

bool
MakeDir(const std::string& path)
{
    return mkdir(path.c_str(), 0755) == 0 || errno == EEXIST;
}

} // namespace

int
main(int argc, char** argv)
{
    if (argc != 2)
    {
        std::fprintf(stderr, "usage: %s OUTDIR\n", argv[0]);
        return 2;
    }
    std::string root = argv[1];
    if (!MakeDir(root))
    {
        std::fprintf(stderr,
                     "sfc-fuzz-corpus: cannot create %s: %s\n",
                     root.c_str(),
                     strerror(errno));
        return 2;
    }
    std::size_t files = 0;
    for (const auto& [target, seeds] : AllSeeds())
    {
        std::string dir = root + "/" + target;
        if (!MakeDir(dir))
        {
            std::fprintf(stderr,
                         "sfc-fuzz-corpus: cannot create %s: %s\n",
                         dir.c_str(),
                         strerror(errno));
            return 2;
        }
        for (std::size_t i = 0; i < seeds.size(); ++i)
        {
            char name[32];
            std::snprintf(name, sizeof(name), "/seed-%03zu", i);
            std::string path = dir + name;
            FILE* f = std::fopen(path.c_str(), "wb");
            if (f == nullptr ||
                std::fwrite(seeds[i].data(), 1, seeds[i].size(), f) != seeds[i].size() ||
                std::fclose(f) != 0)
            {
                std::fprintf(stderr, "sfc-fuzz-corpus: cannot write %s\n", path.c_str());
                return 2;
            }
            ++files;
        }
    }
    std::printf("sfc-fuzz-corpus: %zu seeds for %zu targets in %s\n",
                files,
                AllSeeds().size(),
                root.c_str());
    return 0;
}
