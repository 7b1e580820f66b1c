/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "affinity-codec.h"
#include "forwarding-agent.h"

#include "ns3/log.h"
#include "ns3/simulator.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SfcForwardingAgentMessages");

namespace sfc
{

namespace
{
/// \param v why the endpoint refused a message \return the agent's reason
ForwardingAgent::Rejection
ToRejection(ServiceMessageEndpoint::Verdict v)
{
    switch (v)
    {
    case ServiceMessageEndpoint::Verdict::UNAUTHENTICATED:
        return ForwardingAgent::Rejection::UNAUTHENTICATED;
    case ServiceMessageEndpoint::Verdict::BAD_CODE:
        return ForwardingAgent::Rejection::BAD_CODE;
    case ServiceMessageEndpoint::Verdict::REPLAY:
        return ForwardingAgent::Rejection::REPLAY;
    case ServiceMessageEndpoint::Verdict::BAD_ALGORITHM:
        return ForwardingAgent::Rejection::BAD_ALGORITHM;
    case ServiceMessageEndpoint::Verdict::BAD_KEY_ID:
        return ForwardingAgent::Rejection::BAD_KEY_ID;
    case ServiceMessageEndpoint::Verdict::WRONG_RECEIVER:
        return ForwardingAgent::Rejection::WRONG_RECEIVER;
    case ServiceMessageEndpoint::Verdict::STALE:
        return ForwardingAgent::Rejection::STALE;
    default:
        return ForwardingAgent::Rejection::MALFORMED;
    }
}
} // namespace

// The service-message handling of ForwardingAgent: affinity updates, IP
// packet only messages, denies and rejections.

const char*
ForwardingAgent::ToString(Rejection r)
{
    switch (r)
    {
    case Rejection::MALFORMED:
        return "malformed";
    case Rejection::UNAUTHENTICATED:
        return "unauthenticated";
    case Rejection::BAD_CODE:
        return "bad_code";
    case Rejection::REPLAY:
        return "replay";
    case Rejection::UNEXPECTED:
        return "unexpected";
    case Rejection::BAD_PACKET:
        return "bad_packet";
    case Rejection::BAD_ALGORITHM:
        return "bad_algorithm";
    case Rejection::BAD_KEY_ID:
        return "bad_key_id";
    case Rejection::WRONG_RECEIVER:
        return "wrong_receiver";
    case Rejection::STALE:
        return "stale";
    }
    return "unknown";
}

void
ForwardingAgent::Reject(Ptr<const Packet> payload, Rejection r)
{
    NS_LOG_LOGIC(m_name << " ignores a service message, reason " << unsigned(r));
    m_rejected[static_cast<uint32_t>(r)]++;
    m_rejectTrace(payload, r);
}

void
ForwardingAgent::ReceiveMessage(Ptr<const Packet> payload, Ipv4Address from, uint16_t port)
{
    if (m_failed)
    {
        return;
    }
    ServiceMessage msg;
    ServiceMessageEndpoint::Verdict verdict = m_endpoint.Accept(payload, from, msg);
    if (verdict != ServiceMessageEndpoint::Verdict::ACCEPTED)
    {
        Reject(payload, ToRejection(verdict));
        return;
    }
    ServiceMessageType type = msg.GetType();
    switch (type)
    {
    case ServiceMessageType::AFFINITY_UPDATE_WILDCARD:
        m_rxTrace(payload, static_cast<uint8_t>(type), from);
        HandleWildcardUpdate(msg, from, port);
        break;
    case ServiceMessageType::AFFINITY_UPDATE_FIXED:
        m_rxTrace(payload, static_cast<uint8_t>(type), from);
        HandleFixedUpdate(msg, from, port);
        break;
    case ServiceMessageType::IP_PACKET_ONLY:
        m_rxTrace(payload, static_cast<uint8_t>(type), from);
        HandleIpPacketOnly(msg);
        break;
    default:
        Reject(payload, Rejection::UNEXPECTED);
    }
}

bool
ForwardingAgent::Unsupported(const ServiceMessage& msg, std::vector<uint16_t>& types) const
{
    for (const auto& s : msg.GetSegments())
    {
        uint16_t t = s->GetSegmentType();
        if (t == SegmentType::ACTION_LIST)
        {
            for (uint16_t a : std::static_pointer_cast<ActionListSegment>(s)->actions)
            {
                if (!Supports(a & SegmentType::MAX))
                {
                    types.push_back(a & SegmentType::MAX);
                }
            }
        }
        else if (s->IsRequired() && !Supports(t))
        {
            types.push_back(t);
        }
    }
    std::sort(types.begin(), types.end());
    types.erase(std::unique(types.begin(), types.end()), types.end());
    return !types.empty();
}

void
ForwardingAgent::SendDeny(const ServiceMessage& msg,
                          const std::vector<uint16_t>& types,
                          Ipv4Address to,
                          uint16_t port)
{
    ServiceMessage d(ServiceMessageType::AFFINITY_UPDATE_DENY);
    auto list = std::make_shared<ActionListSegment>();
    list->actions = types;
    d.Add(list);
    if (auto w = msg.Find<WildcardAffinitySegment>())
    {
        auto copy = std::make_shared<WildcardAffinitySegment>(*w);
        copy->SetRequired(false);
        d.Add(copy);
    }
    else if (auto f = msg.Find<FixedAffinitySegment>())
    {
        auto copy = std::make_shared<FixedAffinitySegment>(*f);
        copy->SetRequired(false);
        d.Add(copy);
    }
    d.Add(std::make_shared<IdentityInfoSegment>(m_address, m_name));
    m_denies++;
    NS_LOG_INFO(m_name << " denies an update from " << to << " (" << types.size()
                       << " unsupported segment types)");
    m_endpoint.Send(d, to, port);
}

void
ForwardingAgent::HandleWildcardUpdate(const ServiceMessage& msg, Ipv4Address from, uint16_t port)
{
    std::vector<uint16_t> bad;
    if (Unsupported(msg, bad))
    {
        SendDeny(msg, bad, from, port);
        return;
    }
    WildcardEntry e = AffinityCodec::ReadWildcardEntry(msg, from);
    m_cache.UpdateWildcard(e, Simulator::Now());
    ReportCache();
}

void
ForwardingAgent::HandleFixedUpdate(const ServiceMessage& msg, Ipv4Address from, uint16_t port)
{
    std::vector<uint16_t> bad;
    if (Unsupported(msg, bad))
    {
        SendDeny(msg, bad, from, port);
        return;
    }
    FixedEntry e = AffinityCodec::ReadFixedEntry(msg, from);
    Time now = Simulator::Now();
    AffinityCache::Update u = m_cache.UpdateFixed(e, now);
    if (u == AffinityCache::Update::NO_SUPPORTING_WILDCARD)
    {
        // Seed 002: a fixed affinity without a supporting wildcard is ignored
        // and discarded (and so is the packet it came with).
        m_discardedFixed++;
        NS_LOG_LOGIC(m_name << " discards a fixed affinity for " << e.affinity.key
                            << ": no supporting wildcard");
        return;
    }
    ReportCache();
    auto seg = msg.Find<IpPacketSegment>();
    if (!seg)
    {
        return;
    }
    Ptr<Packet> ip = seg->GetPacket();
    InnerPacketInfo info;
    if (!InnerPacket::Parse(*ip, info))
    {
        Reject(ip, Rejection::BAD_PACKET);
        return;
    }
    if (info.totalLength > info.PayloadOffset())
    {
        if (FixedEntry* cached = m_cache.FindFixed(e.affinity.key, e.precedence, now))
        {
            cached->dataSeen = true;
        }
    }
    // The returned packet has been to the manager: apply the actions, no interest check.
    Verdict v = Execute(e, e.affinity.flags, e.affinity.forward, ip, info);
    m_verdicts[static_cast<uint32_t>(v)]++;
    m_interceptTrace(ip, v);
}

void
ForwardingAgent::HandleIpPacketOnly(const ServiceMessage& msg)
{
    Ptr<Packet> ip = msg.Find<IpPacketSegment>()->GetPacket();
    InnerPacketInfo info;
    if (!InnerPacket::Parse(*ip, info))
    {
        Reject(ip, Rejection::BAD_PACKET);
        return;
    }
    // Already seen by the manager: routed on its destination, no affinity lookup.
    bool ok = Forward(ip, false, Ipv4Address::GetAny());
    Verdict v = ok ? Verdict::NOT_MATCHED : Verdict::DROPPED;
    m_verdicts[static_cast<uint32_t>(v)]++;
}

} // namespace sfc
} // namespace ns3
