/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * VemSwitch: the LISP control plane of the xTR (map-cache misses and the
 * wait queue, Map-Request/Map-Reply, Solicit-Map-Request, Map-Register and
 * Map-Notify). Attributes and the data plane are in vem-switch.cc and
 * vem-switch-data.cc.
 */

#include "vem-switch.h"
#include "vpath-chain.h"

#include "ns3/inet-socket-address.h"
#include "ns3/lisp-auth.h"
#include "ns3/lisp-map-register.h"
#include "ns3/lisp-map-reply.h"
#include "ns3/lisp-map-request.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"

#include <vector>

namespace ns3
{
namespace sfc
{

NS_LOG_COMPONENT_DEFINE("VemSwitchControl");

const LispMapCacheEntry*
VemSwitch::Resolve(const LispEidPrefix& prefix, const Job& job)
{
    Time now = Simulator::Now();
    const LispMapCacheEntry* e = m_cache->Lookup(prefix, now);
    if (e != nullptr)
    {
        if (e->refreshRequested) // SMR'd and not refreshed yet (RFC 9301 6.1)
        {
            SendMapRequest(e->prefix, true);
        }
        return e;
    }
    ++m_ctr.cacheMisses;
    m_missTrace(prefix);
    if (m_queued >= m_queueLimit)
    {
        Drop(job.packet, VemDropReason::QUEUE_FULL);
    }
    else
    {
        m_pending[prefix].push_back(job);
        ++m_queued;
    }
    auto r = m_retries.find(prefix);
    if (r == m_retries.end() || !r->second.first.IsRunning())
    {
        SendMapRequest(prefix, false);
        m_retries[prefix] = {Simulator::Schedule(m_retryInterval, &VemSwitch::Retry, this, prefix),
                             0};
    }
    return nullptr;
}

void
VemSwitch::Retry(LispEidPrefix prefix)
{
    auto r = m_retries.find(prefix);
    auto p = m_pending.find(prefix);
    if (r == m_retries.end())
    {
        return;
    }
    if (p == m_pending.end() || p->second.empty())
    {
        m_retries.erase(r);
        return;
    }
    if (++r->second.second > m_maxRetries)
    {
        for (const Job& j : p->second)
        {
            Drop(j.packet, VemDropReason::NO_REPLY);
        }
        m_queued -= p->second.size();
        m_pending.erase(p);
        m_retries.erase(r);
        return;
    }
    SendMapRequest(prefix, false);
    r->second.first = Simulator::Schedule(m_retryInterval, &VemSwitch::Retry, this, prefix);
}

void
VemSwitch::SendMapRequest(const LispEidPrefix& prefix, bool smrInvoked, bool limited)
{
    if (!m_ctrl || (limited && !m_cache->MayRequest(prefix, Simulator::Now())))
    {
        return; // rate limited (counted by the cache)
    }
    LispMapRequestHeader req;
    uint64_t nonce = (static_cast<uint64_t>(GetNode()->GetId()) << 40) | ++m_nonce;
    req.SetNonce(nonce);
    req.SetSmrInvoked(smrInvoked);
    req.SetSourceEid(LispAddress::FromIpv4(m_rloc));
    req.AddItrRloc(LispAddress::FromIpv4(m_rloc));
    LispEidRecord er;
    er.eid = prefix.ToAddress();
    er.eidMaskLen = prefix.GetLength();
    req.AddRecord(er);
    m_outstanding[nonce] = prefix;
    Ptr<Packet> p = Create<Packet>();
    p->AddHeader(req);
    ++m_ctr.mapRequests;
    m_ctr.smrInvoked += smrInvoked ? 1 : 0;
    m_requestTrace(p, InetSocketAddress(m_mapServer, LispMapRequestHeader::kPort));
    SendControl(p, LispMapRequestHeader::kType);
}

void
VemSwitch::SendControl(Ptr<Packet> p, uint8_t type)
{
    ++m_ctr.controlTx[type & 0x0f];
    m_ctr.controlTxBytes[type & 0x0f] += p->GetSize();
    m_ctrl->SendTo(p, 0, InetSocketAddress(m_mapServer, LispMapRequestHeader::kPort));
}

void
VemSwitch::HandleControl(Ptr<Socket> socket)
{
    Address from;
    while (Ptr<Packet> p = socket->RecvFrom(from))
    {
        uint8_t type = 0;
        if (p->GetSize() > 0)
        {
            p->CopyData(&type, 1);
            type >>= 4;
        }
        if (type == LispMapReplyHeader::kType)
        {
            m_replyTrace(p, from);
            HandleMapReply(p);
        }
        else if (type == LispMapRequestHeader::kType)
        {
            HandleSmr(p);
        }
        else if (type == LispMapNotifyHeader::kType)
        {
            LispMapNotifyHeader n;
            std::vector<uint8_t> bytes(p->GetSize());
            p->CopyData(bytes.data(), bytes.size());
            std::vector<uint8_t> key(m_key.begin(), m_key.end());
            if (p->PeekHeader(n) == 0 || !n.IsValid() ||
                !LispAuth::VerifyBytes(bytes.data(), n.GetSerializedSize(), key))
            {
                ++m_ctr.controlMalformed;
                continue;
            }
            ++m_ctr.notifies;
        }
        else
        {
            ++m_ctr.controlMalformed;
        }
    }
}

void
VemSwitch::HandleMapReply(Ptr<Packet> p)
{
    LispMapReplyHeader reply;
    if (p->PeekHeader(reply) == 0 || !reply.IsValid())
    {
        ++m_ctr.controlMalformed;
        return;
    }
    auto o = m_outstanding.find(reply.GetNonce());
    if (o == m_outstanding.end())
    {
        ++m_ctr.unsolicited;
        return;
    }
    m_smrAnswers.erase(o->second);
    m_outstanding.erase(o);
    ++m_ctr.mapReplies;
    Time now = Simulator::Now();
    std::vector<Job> ready;
    for (const LispMappingRecord& rec : reply.GetRecords())
    {
        m_cache->Insert(rec, now);
        LispEidPrefix got = LispEidPrefix::FromAddress(rec.eid, rec.eidMaskLen);
        for (auto it = m_pending.begin(); it != m_pending.end();)
        {
            if (got.IsValid() && got.Contains(it->first))
            {
                ready.insert(ready.end(), it->second.begin(), it->second.end());
                m_queued -= it->second.size();
                auto r = m_retries.find(it->first);
                if (r != m_retries.end())
                {
                    r->second.first.Cancel();
                    m_retries.erase(r);
                }
                it = m_pending.erase(it);
            }
            else
            {
                ++it;
            }
        }
    }
    for (Job& j : ready) // in arrival order per prefix, prefixes in order
    {
        Advance(j);
    }
}

void
VemSwitch::HandleSmr(Ptr<Packet> p)
{
    LispMapRequestHeader req;
    if (p->PeekHeader(req) == 0 || !req.IsValid() || !req.IsSmr())
    {
        ++m_ctr.controlMalformed; // an xTR answers no plain Map-Requests here
        return;
    }
    ++m_ctr.smrs;
    m_smrTrace(p, InetSocketAddress(m_mapServer, LispMapRequestHeader::kPort));
    for (const LispEidRecord& er : req.GetRecords())
    {
        LispEidPrefix prefix = LispEidPrefix::FromAddress(er.eid, er.eidMaskLen);
        if (!prefix.IsValid() || m_cache->MarkRefresh(prefix) == 0 || !m_smrResponse)
        {
            continue;
        }
        // Answered at once, not through the per-prefix limit of data-driven requests
        // (a miss just before the change would hold the refresh back by up to a
        // second); at most one unanswered answer per prefix.
        Time now = Simulator::Now();
        auto a = m_smrAnswers.find(prefix);
        if (a != m_smrAnswers.end() && a->second + m_retryInterval > now)
        {
            continue;
        }
        m_smrAnswers[prefix] = now;
        SendMapRequest(prefix, true, false);
    }
}

std::map<Ipv4Address, Ipv4Address>
VemSwitch::Registrations() const
{
    std::map<Ipv4Address, Ipv4Address> out;
    for (const auto& kv : m_vms)
    {
        out[kv.first] = m_rloc;
    }
    for (const auto& kv : m_nodes)
    {
        if (kv.second.attached)
        {
            out[kv.first] = kv.second.rloc;
        }
    }
    return out;
}

void
VemSwitch::Register()
{
    m_registerEvent.Cancel();
    if (!m_ctrl)
    {
        return;
    }
    std::vector<LispMappingRecord> records;
    for (const auto& kv : Registrations()) // in address order (deterministic bytes)
    {
        records.push_back(VpathChain::MakeHostRecord(kv.first, kv.second, m_recordTtl));
    }
    std::vector<uint8_t> key(m_key.begin(), m_key.end());
    for (std::size_t first = 0; first < records.size(); first += 255)
    {
        LispMapRegisterHeader reg;
        reg.SetNonce((static_cast<uint64_t>(GetNode()->GetId()) << 40) | ++m_nonce);
        reg.SetFlag(LispMapRegisterHeader::kFlagProxyReply, true);
        reg.SetFlag(LispMapRegisterHeader::kFlagWantNotify, true);
        for (std::size_t i = first; i < records.size() && i < first + 255; ++i)
        {
            reg.AddRecord(records[i]);
        }
        LispAuth::Sign(reg, m_keyId, key);
        Ptr<Packet> p = Create<Packet>();
        p->AddHeader(reg);
        ++m_ctr.registers;
        m_registerTrace(p, InetSocketAddress(m_mapServer, LispMapRequestHeader::kPort));
        SendControl(p, LispMapRegisterHeader::kType);
    }
    m_registerEvent = Simulator::Schedule(m_registerInterval, &VemSwitch::Register, this);
}

} // namespace sfc
} // namespace ns3
