/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "forwarding-agent.h"

#include "ns3/ipv4-route.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/tcp-header.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SfcForwardingAgentActions");

namespace sfc
{

namespace
{
constexpr uint8_t kTcp = 6; //!< IP protocol TCP
} // namespace

// The affinity actions of ForwardingAgent: interest reporting, NAT, sequence
// number adjust, dispatch and forwarding of a matched packet.

uint16_t
ForwardingAgent::InterestReasons(const InnerPacketInfo& info, bool firstData, bool fragment)
{
    uint16_t r = InterestBits::ALL;
    if (info.key.protocol == kTcp)
    {
        r |= info.tcpFlags & 0x3f; // FIN, SYN, RST, PSH, ACK, URG in their header positions
    }
    if (info.totalLength > info.PayloadOffset())
    {
        r |= InterestBits::DATA;
        if (firstData)
        {
            r |= InterestBits::FIRST_DATA;
        }
    }
    if (fragment)
    {
        r |= InterestBits::FRAGMENT;
    }
    return r;
}

namespace
{
/// \param a a sequence-number adjust action \return it as the shift InnerPacket::Rewrite applies
TcpNumberShift
ShiftOf(const SeqAdjustAction& a)
{
    return TcpNumberShift{a.initialSeq, a.seqDelta, a.initialAck, a.ackDelta};
}
} // namespace

void
ForwardingAgent::AdjustSequence(Ptr<Packet> p,
                                const InnerPacketInfo& info,
                                const SeqAdjustAction& a)
{
    if (info.key.protocol != kTcp)
    {
        return;
    }
    // Rebuilt as a NAT rewrite is (IPv4 options, if any, removed): ns-3's
    // Ipv4Header cannot carry options, so taking it off and putting it back
    // would leave the option bytes in front of the TCP header.
    TcpNumberShift shift = ShiftOf(a);
    InnerPacket::Rewrite(p, info, info.key, &shift);
}

ForwardingAgent::Verdict
ForwardingAgent::Apply(const AffinityEntryBase& e,
                       FixedEntry* fixed,
                       const WildcardEntry* wildcard,
                       Ptr<Packet> ip,
                       const InnerPacketInfo& info,
                       bool fragment)
{
    uint16_t reasons = 0;
    if (e.actions.interest && Supports(SegmentType::ACTION_INTEREST_CRITERIA))
    {
        bool firstData = fixed ? !fixed->dataSeen : true;
        reasons = InterestReasons(info, firstData, fragment) & e.actions.interest->mask;
    }
    if (fixed && info.totalLength > info.PayloadOffset())
    {
        fixed->dataSeen = true;
    }
    if (reasons != 0)
    {
        const InterestCriteria& ic = *e.actions.interest;
        // The agent never holds packets: a packet to hold goes to the manager.
        bool withPacket = (reasons & (ic.dataFlag | ic.holdFlag)) != 0;
        bool copyOnly = (reasons & ic.copyFlag) != 0;
        SendInterestMatch(e, fixed, wildcard, reasons, withPacket ? ip : nullptr);
        if (withPacket && !copyOnly)
        {
            return Verdict::TO_MANAGER;
        }
    }
    if (fixed)
    {
        return Execute(e, fixed->affinity.flags, fixed->affinity.forward, ip, info);
    }
    if (!e.actions.nat && !e.actions.seqAdjust)
    {
        return Verdict::NOT_MATCHED; // a wildcard without actions: normal routing
    }
    return Execute(e, 0, Ipv4Address::GetAny(), ip, info) == Verdict::FIXED ? Verdict::WILDCARD
                                                                            : Verdict::DROPPED;
}

ForwardingAgent::Verdict
ForwardingAgent::Execute(const AffinityEntryBase& e,
                         uint8_t flags,
                         Ipv4Address forward,
                         Ptr<Packet> ip,
                         const InnerPacketInfo& info)
{
    // NAT and sequence adjustment in one rebuild of the headers.
    FlowKey key = info.key;
    if (e.actions.nat && Supports(SegmentType::ACTION_NAT))
    {
        key = e.actions.nat->Apply(info.key);
    }
    bool adjust = e.actions.seqAdjust && Supports(SegmentType::ACTION_SEQ_ADJUST) &&
                  info.key.protocol == kTcp;
    if (key != info.key || adjust)
    {
        TcpNumberShift shift = adjust ? ShiftOf(*e.actions.seqAdjust) : TcpNumberShift();
        InnerPacket::Rewrite(ip, info, key, adjust ? &shift : nullptr);
    }
    if (flags & kAffinityInformation)
    {
        ForwardStats& s = m_forwardStats[forward];
        s.packets++;
        s.bytes += ip->GetSize();
    }
    bool dispatch = (flags & kAffinityDispatch) != 0;
    if (dispatch && forward == Ipv4Address::GetAny())
    {
        return Verdict::DROPPED; // dispatch to 0: drop after statistics (FIG. 6)
    }
    return Forward(ip, dispatch, forward) ? Verdict::FIXED : Verdict::DROPPED;
}

bool
ForwardingAgent::Forward(Ptr<Packet> ip, bool dispatch, Ipv4Address forward)
{
    if (!m_ipv4)
    {
        return false;
    }
    Ipv4Header h;
    ip->RemoveHeader(h);
    if (h.GetTtl() <= 1)
    {
        NS_LOG_LOGIC("TTL expired at the agent");
        return false;
    }
    h.SetTtl(h.GetTtl() - 1);
    Ipv4Header lookup = h;
    if (dispatch)
    {
        lookup.SetDestination(forward);
    }
    Socket::SocketErrno err;
    Ptr<Ipv4Route> route = m_ipv4->GetRoutingProtocol()->RouteOutput(ip, lookup, nullptr, err);
    if (!route)
    {
        NS_LOG_LOGIC("no route to " << lookup.GetDestination());
        return false;
    }
    if (dispatch)
    {
        // Dispatch: the destination stays, the next hop is the forward address
        // (reached at layer 2 when it is on-link, else through its gateway).
        Ptr<Ipv4Route> d = Create<Ipv4Route>();
        d->SetDestination(h.GetDestination());
        d->SetSource(h.GetSource());
        d->SetGateway(route->GetGateway() == Ipv4Address::GetAny() ? forward : route->GetGateway());
        d->SetOutputDevice(route->GetOutputDevice());
        route = d;
    }
    m_ipv4->SendWithHeader(ip, h, route);
    return true;
}

void
ForwardingAgent::SendInterestMatch(const AffinityEntryBase& e,
                                   FixedEntry* fixed,
                                   const WildcardEntry* wildcard,
                                   uint16_t reasons,
                                   Ptr<const Packet> ip)
{
    ServiceMessage m(fixed ? ServiceMessageType::INTEREST_MATCH_FIXED
                           : ServiceMessageType::INTEREST_MATCH_WILDCARD);
    auto id = std::make_shared<AffinityIdentifierSegment>();
    if (fixed)
    {
        id->flags = fixed->affinity.flags;
        id->protocol = fixed->affinity.key.protocol;
        id->source = fixed->affinity.key.src;
        id->destination = fixed->affinity.key.dst;
        id->sourcePort = fixed->affinity.key.sport;
        id->destinationPort = fixed->affinity.key.dport;
    }
    else
    {
        id->flags = wildcard->affinity.flags;
        id->protocol = wildcard->affinity.protocol;
        id->source = wildcard->affinity.source;
        id->destination = wildcard->affinity.destination;
        id->sourcePort = wildcard->affinity.sourcePort;
        id->destinationPort = wildcard->affinity.destinationPort;
    }
    id->reasons = reasons;
    m.Add(id);
    if (!e.smInterestData.empty())
    {
        auto s = std::make_shared<OpaqueSegment>(SegmentType::SM_INTEREST_DATA, false);
        s->data = e.smInterestData;
        m.Add(s);
    }
    const InterestCriteria& ic = *e.actions.interest;
    Ipv4Address to = ic.address != Ipv4Address::GetAny() ? ic.address : e.sender;
    uint16_t port = ic.port != 0 ? ic.port : m_port;
    if (ip)
    {
        auto seg = std::make_shared<IpPacketSegment>(ip);
        if (m.GetSerializedSize() + seg->GetSerializedSize() + m_endpoint.GetSecurityOverhead() >
            m_maxMessage)
        {
            // The packet does not fit: it follows in an IP packet only message.
            m_endpoint.Send(m, to, port);
            ServiceMessage only(ServiceMessageType::IP_PACKET_ONLY);
            only.Add(seg);
            m_endpoint.Send(only, to, port);
            return;
        }
        m.Add(seg);
    }
    m_endpoint.Send(m, to, port);
}

} // namespace sfc
} // namespace ns3
