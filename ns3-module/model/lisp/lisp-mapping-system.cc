/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "lisp-mapping-system.h"

#include "lisp-auth.h"
#include "lisp-ecm-header.h"
#include "lisp-map-register.h"
#include "lisp-map-reply.h"

#include "ns3/boolean.h"
#include "ns3/inet-socket-address.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"

namespace ns3
{
namespace sfc
{

NS_LOG_COMPONENT_DEFINE("LispMappingSystem");
NS_OBJECT_ENSURE_REGISTERED(LispMappingSystem);

namespace
{
/// \param p a packet \return its bytes
std::vector<uint8_t>
PacketBytes(Ptr<const Packet> p)
{
    std::vector<uint8_t> b(p->GetSize());
    if (!b.empty())
    {
        p->CopyData(b.data(), b.size());
    }
    return b;
}
} // namespace

TypeId
LispMappingSystem::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sfc::LispMappingSystem")
            .SetParent<Application>()
            .SetGroupName("Sfc")
            .AddConstructor<LispMappingSystem>()
            .AddAttribute("Port",
                          "UDP port of the LISP control plane.",
                          UintegerValue(LispMapRequestHeader::kPort),
                          MakeUintegerAccessor(&LispMappingSystem::m_port),
                          MakeUintegerChecker<uint16_t>())
            .AddAttribute("LookupLatency",
                          "Time between a Map-Request's arrival and its Map-Reply.",
                          TimeValue(MilliSeconds(10)),
                          MakeTimeAccessor(&LispMappingSystem::m_latency),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("AuthenticationKey",
                          "Shared key every site signs its Map-Registers with.",
                          StringValue(""),
                          MakeStringAccessor(&LispMappingSystem::m_key),
                          MakeStringChecker())
            .AddAttribute("RegistrationTimeout",
                          "Lifetime of a registration without re-registration (RFC 9301: "
                          "three missed one-minute periods).",
                          TimeValue(Minutes(3)),
                          MakeTimeAccessor(&LispMappingSystem::m_registrationTimeout),
                          MakeTimeChecker(NanoSeconds(1)))
            .AddAttribute("NegativeTtl",
                          "TTL (in the record TTL unit) of negative Map-Reply records.",
                          UintegerValue(15),
                          MakeUintegerAccessor(&LispMappingSystem::m_negativeTtl),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("SmrOnChange",
                          "Send Solicit-Map-Requests to recent requesters of a changed mapping.",
                          BooleanValue(false),
                          MakeBooleanAccessor(&LispMappingSystem::m_smrOnChange),
                          MakeBooleanChecker())
            .AddAttribute("RequesterMemory",
                          "How long an xTR that asked for an EID is remembered for SMRs.",
                          TimeValue(Minutes(10)),
                          MakeTimeAccessor(&LispMappingSystem::m_requesterMemory),
                          MakeTimeChecker(Seconds(0)))
            .AddTraceSource("Rx",
                            "A LISP control message received.",
                            MakeTraceSourceAccessor(&LispMappingSystem::m_rxTrace),
                            "ns3::sfc::LispMappingSystem::MessageTracedCallback")
            .AddTraceSource("Tx",
                            "A LISP control message sent.",
                            MakeTraceSourceAccessor(&LispMappingSystem::m_txTrace),
                            "ns3::sfc::LispMappingSystem::MessageTracedCallback")
            .AddTraceSource("Drop",
                            "A message dropped (malformed, unsupported or not authenticated).",
                            MakeTraceSourceAccessor(&LispMappingSystem::m_dropTrace),
                            "ns3::sfc::LispMappingSystem::MessageTracedCallback");
    return tid;
}

LispMappingSystem::LispMappingSystem()
    : m_port(LispMapRequestHeader::kPort),
      m_negativeTtl(15),
      m_smrOnChange(false),
      m_nonceCounter(0)
{
    NS_LOG_FUNCTION(this);
}

LispMappingSystem::~LispMappingSystem()
{
    NS_LOG_FUNCTION(this);
}

void
LispMappingSystem::DoDispose()
{
    m_socket = nullptr;
    m_purgeEvent.Cancel();
    Application::DoDispose();
}

void
LispMappingSystem::StartApplication()
{
    NS_LOG_FUNCTION(this);
    m_socket = Socket::CreateSocket(GetNode(), UdpSocketFactory::GetTypeId());
    m_socket->Bind(InetSocketAddress(Ipv4Address::GetAny(), m_port));
    m_socket->SetRecvCallback(MakeCallback(&LispMappingSystem::HandleRead, this));
}

void
LispMappingSystem::StopApplication()
{
    NS_LOG_FUNCTION(this);
    if (m_socket)
    {
        m_socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
        m_socket->Close();
        m_socket = nullptr;
    }
    m_purgeEvent.Cancel();
}

void
LispMappingSystem::HandleRead(Ptr<Socket> socket)
{
    Address from;
    while (Ptr<Packet> p = socket->RecvFrom(from))
    {
        m_rxTrace(p, from);
        uint8_t type = 0;
        if (p->GetSize() > 0)
        {
            p->CopyData(&type, 1);
            type >>= 4;
        }
        ++m_ctr.rxMessages[type];
        m_ctr.rxBytes[type] += p->GetSize();
        uint16_t port = InetSocketAddress::IsMatchingType(from)
                            ? InetSocketAddress::ConvertFrom(from).GetPort()
                            : 0;
        if (type == LispMapRegisterHeader::kType)
        {
            HandleMapRegister(p, from);
        }
        else if (type == LispMapRequestHeader::kType)
        {
            LispMapRequestHeader req;
            if (p->PeekHeader(req) == 0 || !req.IsValid())
            {
                Drop(p, from, "malformed Map-Request");
                continue;
            }
            HandleMapRequest(p, req, from, port);
        }
        else if (type == LispEcmHeader::kType)
        {
            LispEcmHeader ecm;
            LispMapRequestHeader req;
            if (p->PeekHeader(ecm) == 0 || !ecm.IsValid() || !ecm.GetInnerMessage(req))
            {
                Drop(p, from, "malformed or unsupported ECM");
                continue;
            }
            HandleMapRequest(p, req, from, ecm.GetInnerSourcePort());
        }
        else
        {
            Drop(p, from, "unsupported message type");
        }
    }
}

void
LispMappingSystem::Drop(Ptr<const Packet> p, const Address& from, const char* reason)
{
    NS_LOG_LOGIC("drop: " << reason);
    ++m_ctr.malformed;
    m_dropTrace(p, from);
}

void
LispMappingSystem::HandleMapRegister(Ptr<Packet> p, const Address& from)
{
    LispMapRegisterHeader reg;
    if (p->PeekHeader(reg) == 0 || !reg.IsValid())
    {
        Drop(p, from, "malformed Map-Register");
        return;
    }
    std::vector<uint8_t> bytes = PacketBytes(p);
    std::vector<uint8_t> key(m_key.begin(), m_key.end());
    if (!LispAuth::VerifyBytes(bytes.data(), reg.GetSerializedSize(), key))
    {
        NS_LOG_LOGIC("Map-Register rejected: authentication");
        ++m_ctr.registersRejected;
        m_dropTrace(p, from);
        return;
    }
    ++m_ctr.registersAccepted;
    for (const LispMappingRecord& rec : reg.GetRecords())
    {
        LispEidPrefix prefix;
        if (m_db.Register(rec, from, Simulator::Now() + m_registrationTimeout, &prefix) &&
            !m_db.IsProgrammed(prefix))
        {
            SendSmrs(prefix);
        }
    }
    Purge();
    if (reg.GetFlag(LispMapRegisterHeader::kFlagWantNotify))
    {
        LispMapNotifyHeader notify;
        notify.SetNonce(reg.GetNonce());
        for (const LispMappingRecord& rec : reg.GetRecords())
        {
            notify.AddRecord(rec);
        }
        if (reg.HasXtrId())
        {
            notify.SetXtrId(reg.GetXtrId(), reg.GetSiteId());
        }
        LispAuth::Sign(notify, reg.GetKeyId(), key);
        Ptr<Packet> out = Create<Packet>();
        out->AddHeader(notify);
        Send(out, from, LispMapNotifyHeader::kType);
    }
}

void
LispMappingSystem::HandleMapRequest(Ptr<const Packet> p,
                                    const LispMapRequestHeader& req,
                                    const Address& from,
                                    uint16_t port)
{
    if (req.IsSmr() || req.GetRecords().empty())
    {
        Drop(p, from, "SMR or empty Map-Request to the mapping system");
        return;
    }
    Ipv4Address itr = InetSocketAddress::IsMatchingType(from)
                          ? InetSocketAddress::ConvertFrom(from).GetIpv4()
                          : Ipv4Address::GetAny();
    for (const LispAddress& a : req.GetItrRlocs())
    {
        if (a.IsIpv4())
        {
            itr = a.GetIpv4();
            break;
        }
    }
    Purge();
    LispMapReplyHeader reply;
    reply.SetNonce(req.GetNonce());
    for (const LispEidRecord& er : req.GetRecords())
    {
        LispEidPrefix q = LispEidPrefix::FromAddress(er.eid, er.eidMaskLen);
        if (!q.IsValid())
        {
            continue;
        }
        if (m_smrOnChange)
        {
            m_requesters[q][{itr, port}] = Simulator::Now();
        }
        LispEidPrefix matched;
        const LispMappingRecord* found = m_db.Resolve(q, Simulator::Now(), &matched);
        LispMappingRecord rec;
        if (found)
        {
            rec = *found;
            ++m_ctr.positiveReplies;
        }
        else
        {
            LispEidPrefix neg = m_db.NegativePrefix(q, Simulator::Now());
            rec.eid = neg.ToAddress();
            rec.eidMaskLen = neg.GetLength();
            rec.ttl = m_negativeTtl;
            rec.action = LispMappingRecord::kNativelyForward;
            ++m_ctr.negativeReplies;
        }
        rec.authoritative = true;
        reply.AddRecord(rec);
    }
    if (reply.GetRecords().empty())
    {
        Drop(p, from, "Map-Request without a usable EID record");
        return;
    }
    Ptr<Packet> out = Create<Packet>();
    out->AddHeader(reply);
    Simulator::Schedule(m_latency,
                        &LispMappingSystem::Send,
                        this,
                        out,
                        Address(InetSocketAddress(itr, port)),
                        LispMapReplyHeader::kType);
}

const LispMappingRecord*
LispMappingSystem::Resolve(const LispEidPrefix& eid, LispEidPrefix* matched) const
{
    return m_db.Resolve(eid, Simulator::Now(), matched);
}

bool
LispMappingSystem::SetMapping(const LispMappingRecord& record)
{
    NS_LOG_FUNCTION(this);
    LispEidPrefix prefix;
    if (!m_db.Program(record, &prefix))
    {
        return false;
    }
    SendSmrs(prefix);
    return true;
}

bool
LispMappingSystem::RemoveMapping(const LispEidPrefix& prefix)
{
    if (!m_db.Unprogram(prefix))
    {
        return false;
    }
    SendSmrs(prefix);
    return true;
}

void
LispMappingSystem::SendSmrs(const LispEidPrefix& prefix)
{
    if (!m_smrOnChange || !m_socket)
    {
        return;
    }
    Ipv4Address self = Ipv4Address::GetAny();
    Ptr<Ipv4> ipv4 = GetNode()->GetObject<Ipv4>();
    if (ipv4 && ipv4->GetNInterfaces() > 1)
    {
        self = ipv4->GetAddress(1, 0).GetLocal();
    }
    Time now = Simulator::Now();
    for (auto it = m_requesters.begin(); it != m_requesters.end();) // forget old requesters
    {
        for (auto r = it->second.begin(); r != it->second.end();)
        {
            r = r->second + m_requesterMemory < now ? it->second.erase(r) : std::next(r);
        }
        it = it->second.empty() ? m_requesters.erase(it) : std::next(it);
    }
    for (auto& kv : m_requesters)
    {
        if (!prefix.Contains(kv.first) && !kv.first.Contains(prefix))
        {
            continue;
        }
        for (const auto& req : kv.second)
        {
            LispMapRequestHeader smr;
            smr.SetSmr(true);
            smr.SetNonce(NextNonce());
            smr.SetSourceEid(prefix.ToAddress());
            smr.AddItrRloc(LispAddress::FromIpv4(self));
            LispEidRecord er;
            er.eid = kv.first.ToAddress();
            er.eidMaskLen = kv.first.GetLength();
            smr.AddRecord(er);
            Ptr<Packet> out = Create<Packet>();
            out->AddHeader(smr);
            ++m_ctr.smrsSent;
            Send(out, InetSocketAddress(req.first.first, req.first.second), smr.kType);
        }
    }
}

void
LispMappingSystem::Send(Ptr<Packet> p, Address to, uint8_t type)
{
    if (!m_socket)
    {
        return;
    }
    ++m_ctr.txMessages[type & 0x0f];
    m_ctr.txBytes[type & 0x0f] += p->GetSize();
    m_txTrace(p, to);
    m_socket->SendTo(p, 0, to);
}

void
LispMappingSystem::Purge()
{
    Time now = Simulator::Now();
    m_ctr.registrationsExpired += m_db.Expire(now);
    m_purgeEvent.Cancel();
    Time next = m_db.GetNextExpiry();
    if (next != Time::Max() && m_socket)
    {
        m_purgeEvent = Simulator::Schedule(next - now, &LispMappingSystem::Purge, this);
    }
}

uint64_t
LispMappingSystem::NextNonce()
{
    return (static_cast<uint64_t>(GetNode()->GetId()) << 32) | ++m_nonceCounter;
}

uint32_t
LispMappingSystem::GetRegistrationCount() const
{
    return m_db.GetRegistrationCount(Simulator::Now());
}

const LispMappingSystemCounters&
LispMappingSystem::GetCounters() const
{
    return m_ctr;
}

} // namespace sfc
} // namespace ns3
