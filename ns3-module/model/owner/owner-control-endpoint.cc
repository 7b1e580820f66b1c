/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "owner-control-endpoint.h"

#include "ns3/double.h"
#include "ns3/inet-socket-address.h"
#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"

namespace ns3
{
namespace sfc
{

NS_LOG_COMPONENT_DEFINE("SfcOwnerControlEndpoint");
NS_OBJECT_ENSURE_REGISTERED(OwnerControlEndpoint);

TypeId
OwnerControlEndpoint::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sfc::OwnerControlEndpoint")
            .SetParent<Object>()
            .SetGroupName("Sfc")
            .AddConstructor<OwnerControlEndpoint>()
            .AddAttribute("Port",
                          "UDP port of the owner-control messages.",
                          UintegerValue(4790 + 10),
                          MakeUintegerAccessor(&OwnerControlEndpoint::m_port),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("RetransmitTimeout",
                          "Time before an unacknowledged REGISTER, WITHDRAW or subset map is "
                          "sent again.",
                          TimeValue(MilliSeconds(20)),
                          MakeTimeAccessor(&OwnerControlEndpoint::m_rto),
                          MakeTimeChecker(MicroSeconds(1)))
            .AddAttribute("MaxRetransmissions",
                          "Retransmissions of one message before giving up.",
                          UintegerValue(8),
                          MakeUintegerAccessor(&OwnerControlEndpoint::m_maxRetx),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("LossProbability",
                          "Probability that a control datagram is lost on the control path.",
                          DoubleValue(0),
                          MakeDoubleAccessor(&OwnerControlEndpoint::m_loss),
                          MakeDoubleChecker<double>(0, 1))
            .AddTraceSource("Malformed",
                            "A datagram was rejected: neither header accepts it.",
                            MakeTraceSourceAccessor(&OwnerControlEndpoint::m_malformedTrace),
                            "ns3::Packet::AddressTracedCallback");
    return tid;
}

OwnerControlEndpoint::OwnerControlEndpoint()
    : m_port(4800),
      m_rto(MilliSeconds(20)),
      m_maxRetx(8),
      m_loss(0),
      m_coin(CreateObject<UniformRandomVariable>()),
      m_nextTx(0),
      m_sent(0),
      m_sentBytes(0),
      m_sentByType{},
      m_retx(0),
      m_lost(0),
      m_givenUp(0),
      m_received(0),
      m_malformed(0)
{
}

OwnerControlEndpoint::~OwnerControlEndpoint() = default;

void
OwnerControlEndpoint::DoDispose()
{
    Close();
    m_coin = nullptr;
    m_onMessage = MessageCallback();
    m_onMap = MapCallback();
    Object::DoDispose();
}

void
OwnerControlEndpoint::Open(Ptr<Node> node,
                           Ipv4Address local,
                           MessageCallback onMessage,
                           MapCallback onMap)
{
    NS_LOG_FUNCTION(this << local);
    m_onMessage = onMessage;
    m_onMap = onMap;
    m_socket = Socket::CreateSocket(node, UdpSocketFactory::GetTypeId());
    if (m_socket->Bind(InetSocketAddress(local, m_port)) != 0)
    {
        NS_FATAL_ERROR("owner-control port cannot bind " << local << ":" << m_port);
    }
    m_socket->SetRecvCallback(MakeCallback(&OwnerControlEndpoint::HandleRead, this));
}

void
OwnerControlEndpoint::Close()
{
    for (auto& [txid, p] : m_pending)
    {
        Simulator::Cancel(p.timer);
    }
    m_pending.clear();
    if (m_socket)
    {
        m_socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
        m_socket->Close();
        m_socket = nullptr;
    }
}

uint32_t
OwnerControlEndpoint::NextTransaction()
{
    if (++m_nextTx == 0)
    {
        m_nextTx = 1;
    }
    return m_nextTx;
}

void
OwnerControlEndpoint::Send(const OwnerMessageHeader& h, Ipv4Address to, Time delay)
{
    Ptr<Packet> p = Create<Packet>();
    p->AddHeader(h);
    Transmit(p, to, h.GetType(), delay);
}

void
OwnerControlEndpoint::SendReliable(const OwnerMessageHeader& h, Ipv4Address to, Time delay)
{
    Ptr<Packet> p = Create<Packet>();
    p->AddHeader(h);
    StartReliable(h.GetTransaction(), p, to, delay);
}

void
OwnerControlEndpoint::SendMapReliable(const SubsetMapHeader& h, Ipv4Address to, Time delay)
{
    Ptr<Packet> p = Create<Packet>();
    p->AddHeader(h);
    StartReliable(h.GetTransaction(), p, to, delay);
}

void
OwnerControlEndpoint::StartReliable(uint32_t txid, Ptr<Packet> message, Ipv4Address to, Time delay)
{
    auto old = m_pending.find(txid);
    if (old != m_pending.end())
    {
        Simulator::Cancel(old->second.timer);
        m_pending.erase(old);
    }
    Pending& p = m_pending[txid];
    p.packet = message;
    p.to = to;
    p.delay = delay;
    Retransmit(txid);
}

void
OwnerControlEndpoint::Retransmit(uint32_t txid)
{
    auto it = m_pending.find(txid);
    if (it == m_pending.end())
    {
        return;
    }
    Pending& p = it->second;
    if (p.tries > m_maxRetx)
    {
        NS_LOG_INFO("gives up transaction " << txid << " to " << p.to);
        m_givenUp++;
        m_pending.erase(it);
        return;
    }
    if (p.tries > 0)
    {
        m_retx++;
    }
    p.tries++;
    uint8_t head[2] = {0, 0}; // version, type
    p.packet->CopyData(head, 2);
    Transmit(p.packet->Copy(), p.to, head[1], p.delay);
    p.timer = Simulator::Schedule(p.delay + m_rto, &OwnerControlEndpoint::Retransmit, this, txid);
}

bool
OwnerControlEndpoint::Acknowledge(uint32_t txid)
{
    auto it = m_pending.find(txid);
    if (it == m_pending.end())
    {
        return false;
    }
    Simulator::Cancel(it->second.timer);
    m_pending.erase(it);
    return true;
}

bool
OwnerControlEndpoint::IsPending(uint32_t txid) const
{
    return m_pending.count(txid) != 0;
}

void
OwnerControlEndpoint::Transmit(Ptr<Packet> message, Ipv4Address to, uint8_t type, Time delay)
{
    if (delay.IsStrictlyPositive())
    {
        Simulator::Schedule(delay, &OwnerControlEndpoint::Emit, this, message, to, type);
        return;
    }
    Emit(message, to, type);
}

void
OwnerControlEndpoint::Emit(Ptr<Packet> message, Ipv4Address to, uint8_t type)
{
    if (!m_socket)
    {
        return;
    }
    m_sent++;
    m_sentBytes += message->GetSize();
    m_sentByType[type < 9 ? type : 0]++;
    if (m_loss > 0 && m_coin->GetValue() < m_loss)
    {
        NS_LOG_LOGIC("control datagram to " << to << " lost");
        m_lost++;
        return;
    }
    m_socket->SendTo(message, 0, InetSocketAddress(to, m_port));
}

void
OwnerControlEndpoint::HandleRead(Ptr<Socket> socket)
{
    Ptr<Packet> packet;
    Address from;
    while ((packet = socket->RecvFrom(from)))
    {
        Ipv4Address sender = InetSocketAddress::ConvertFrom(from).GetIpv4();
        uint8_t head[2] = {0, 0};
        bool ok = false;
        if (packet->GetSize() >= 2)
        {
            packet->CopyData(head, 2);
            if (head[1] == SubsetMapHeader::kType)
            {
                SubsetMapHeader h;
                uint32_t n = packet->PeekHeader(h);
                ok = h.IsValid() && n == packet->GetSize();
                if (ok)
                {
                    m_received++;
                    m_onMap(h, sender);
                }
            }
            else
            {
                OwnerMessageHeader h;
                uint32_t n =
                    packet->GetSize() >= OwnerMessageHeader::kSize ? packet->PeekHeader(h) : 0;
                ok = h.IsValid() && n == packet->GetSize();
                if (ok)
                {
                    m_received++;
                    m_onMessage(h, sender);
                }
            }
        }
        if (!ok)
        {
            m_malformed++;
            m_malformedTrace(packet, sender);
        }
    }
}

uint16_t
OwnerControlEndpoint::GetPort() const
{
    return m_port;
}

uint64_t
OwnerControlEndpoint::GetSent() const
{
    return m_sent;
}

uint64_t
OwnerControlEndpoint::GetSentBytes() const
{
    return m_sentBytes;
}

uint64_t
OwnerControlEndpoint::GetSent(uint8_t type) const
{
    return type < 9 ? m_sentByType[type] : 0;
}

uint64_t
OwnerControlEndpoint::GetRetransmissions() const
{
    return m_retx;
}

uint64_t
OwnerControlEndpoint::GetLost() const
{
    return m_lost;
}

uint64_t
OwnerControlEndpoint::GetGivenUp() const
{
    return m_givenUp;
}

uint64_t
OwnerControlEndpoint::GetReceived() const
{
    return m_received;
}

uint64_t
OwnerControlEndpoint::GetMalformed() const
{
    return m_malformed;
}

int64_t
OwnerControlEndpoint::AssignStreams(int64_t stream)
{
    m_coin->SetStream(stream);
    return 1;
}

} // namespace sfc
} // namespace ns3
