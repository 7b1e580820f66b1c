/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "flow-server.h"

#include "flow-payload-header.h"

#include "ns3/inet-socket-address.h"
#include "ns3/inner-packet.h"
#include "ns3/ipv4-raw-socket-factory.h"
#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/tcp-header.h"
#include "ns3/uinteger.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SfcFlowServer");

namespace sfc
{

NS_OBJECT_ENSURE_REGISTERED(FlowServer);

namespace
{
constexpr uint8_t kProtoTcp = 6;
/// IPv4 header the raw socket adds to a segment (no options)
constexpr uint32_t kIpv4HeaderBytes = 20;
} // namespace

TypeId
FlowServer::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sfc::FlowServer")
            .SetParent<Application>()
            .SetGroupName("Sfc")
            .AddConstructor<FlowServer>()
            .AddAttribute("Port",
                          "Listening port.",
                          UintegerValue(80),
                          MakeUintegerAccessor(&FlowServer::m_port),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("ResponseSize",
                          "Payload bytes of a response segment.",
                          UintegerValue(1000),
                          MakeUintegerAccessor(&FlowServer::m_responseSize),
                          MakeUintegerChecker<uint32_t>(FlowPayloadHeader::kSize, 1400))
            .AddAttribute("Linger",
                          "How long a closed connection still answers a retransmitted FIN.",
                          TimeValue(Seconds(30)),
                          MakeTimeAccessor(&FlowServer::m_linger),
                          MakeTimeChecker(Time(0)))
            .AddTraceSource("TupleChange",
                            "A flow arrived under a 5-tuple other than its first one.",
                            MakeTraceSourceAccessor(&FlowServer::m_tupleChangeTrace),
                            "ns3::sfc::FlowServer::TupleChangeTracedCallback")
            .AddTraceSource("Tx",
                            "A segment was sent.",
                            MakeTraceSourceAccessor(&FlowServer::m_txTrace),
                            "ns3::sfc::FlowClient::SegmentTracedCallback")
            .AddTraceSource("Rx",
                            "A segment with a flow payload was received.",
                            MakeTraceSourceAccessor(&FlowServer::m_rxTrace),
                            "ns3::sfc::FlowClient::SegmentTracedCallback");
    return tid;
}

FlowServer::FlowServer()
    : m_port(80),
      m_responseSize(1000),
      m_nConnections(0),
      m_resets(0),
      m_tupleChanges(0)
{
}

FlowServer::~FlowServer() = default;

void
FlowServer::DoDispose()
{
    m_socket = nullptr;
    m_connections.Clear();
    m_tuples.Clear();
    Application::DoDispose();
}

uint32_t
FlowServer::GetConnections() const
{
    return m_nConnections;
}

uint32_t
FlowServer::GetResets() const
{
    return m_resets;
}

uint32_t
FlowServer::GetTupleChanges() const
{
    return m_tupleChanges;
}

uint32_t
FlowServer::GetLiveConnections() const
{
    return m_connections.GetSize();
}

uint32_t
FlowServer::GetLiveTuples() const
{
    return m_tuples.GetSize();
}

void
FlowServer::StartApplication()
{
    m_socket = Socket::CreateSocket(GetNode(), Ipv4RawSocketFactory::GetTypeId());
    m_socket->SetAttribute("Protocol", UintegerValue(kProtoTcp));
    m_socket->SetRecvCallback(MakeCallback(&FlowServer::HandleRead, this));
}

void
FlowServer::StopApplication()
{
    if (m_socket)
    {
        m_socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
    }
}

void
FlowServer::Fail()
{
    m_failed = true;
    if (m_socket)
    {
        m_socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
    }
    m_connections.Clear();
}

void
FlowServer::Recover()
{
    m_failed = false;
    if (m_socket)
    {
        m_socket->SetRecvCallback(MakeCallback(&FlowServer::HandleRead, this));
    }
}

bool
FlowServer::IsFailed() const
{
    return m_failed;
}

void
FlowServer::Reply(const FlowKey& incoming,
                  uint8_t flags,
                  uint32_t seq,
                  uint32_t ack,
                  uint64_t flowId,
                  uint32_t kind,
                  uint32_t paySeq,
                  uint32_t payload)
{
    FlowPayloadHeader ph(flowId, paySeq, static_cast<FlowPayloadHeader::Kind>(kind));
    FlowKey out = incoming.Reverse();
    Ptr<Packet> p = InnerPacket::BuildTcpSegment(out, flags, seq, ack, ph, payload);
    m_txTrace(out, ph, flags, p->GetSize() + kIpv4HeaderBytes);
    m_socket->SendTo(p, 0, InetSocketAddress(out.dst, 0));
}

void
FlowServer::HandleRead(Ptr<Socket> socket)
{
    Ptr<Packet> p;
    while ((p = socket->Recv()))
    {
        InnerPacketInfo info;
        if (!InnerPacket::Parse(*p, info) || info.key.protocol != kProtoTcp ||
            info.key.dport != m_port)
        {
            continue;
        }
        FlowPayloadHeader ph;
        bool hasId = InnerPacket::ReadFlowPayload(*p, info, ph);
        uint64_t flowId = hasId ? ph.GetFlowId() : 0;
        if (hasId)
        {
            bool inserted;
            FlowKey& seen = m_tuples.At(m_tuples.InsertSlot(flowId, inserted));
            if (inserted)
            {
                seen = info.key;
            }
            else if (seen != info.key)
            {
                m_tupleChanges++;
                NS_LOG_INFO("flow " << flowId << " arrives as " << info.key << ", first seen as "
                                    << seen);
                m_tupleChangeTrace(flowId, seen, info.key);
                seen = info.key;
            }
        }
        uint8_t flags = info.tcpFlags;
        if (hasId)
        {
            m_rxTrace(info.key, ph, flags, info.totalLength);
        }
        uint32_t dataBytes = info.totalLength - info.PayloadOffset();
        if (flags & TcpHeader::RST)
        {
            m_connections.Erase(info.key);
            continue;
        }
        Connection* conn = m_connections.Find(info.key);
        if ((flags & TcpHeader::SYN) && !(flags & TcpHeader::ACK))
        {
            if (conn == nullptr)
            {
                conn = &m_connections[info.key];
                conn->flowId = flowId;
                conn->seq = 5000;
                m_nConnections++;
            }
            Connection& c = *conn;
            c.ack = info.tcpSeq + 1;
            Reply(info.key,
                  TcpHeader::SYN | TcpHeader::ACK,
                  c.seq,
                  c.ack,
                  c.flowId,
                  FlowPayloadHeader::CONTROL,
                  0,
                  FlowPayloadHeader::kSize);
            continue;
        }
        if (conn == nullptr)
        {
            // Not a connection of ours: answer like TCP does.
            m_resets++;
            Reply(info.key,
                  TcpHeader::RST,
                  0,
                  info.tcpSeq + dataBytes,
                  flowId,
                  FlowPayloadHeader::CONTROL,
                  0,
                  FlowPayloadHeader::kSize);
            continue;
        }
        Connection& c = *conn;
        if (c.seq == 5000)
        {
            c.seq = 5001; // our SYN was acknowledged
        }
        if (flags & TcpHeader::FIN)
        {
            c.ack = info.tcpSeq + 1;
            Reply(info.key,
                  TcpHeader::FIN | TcpHeader::ACK,
                  c.seq,
                  c.ack,
                  c.flowId,
                  FlowPayloadHeader::CONTROL,
                  0,
                  FlowPayloadHeader::kSize);
            if (!c.closed)
            {
                c.closed = true;
                FlowKey key = info.key;
                uint64_t id = c.flowId;
                Simulator::Schedule(m_linger, [this, key, id]() {
                    const Connection* lingering = m_connections.Find(key);
                    if (lingering != nullptr && lingering->closed && lingering->flowId == id)
                    {
                        m_connections.Erase(key);
                        m_tuples.Erase(id); // the flow is over here: its tuple is not needed
                    }
                });
            }
            continue;
        }
        if (hasId && ph.GetKind() == FlowPayloadHeader::REQUEST && !c.closed)
        {
            c.ack = info.tcpSeq + dataBytes;
            Reply(info.key,
                  TcpHeader::ACK | TcpHeader::PSH,
                  c.seq,
                  c.ack,
                  c.flowId,
                  FlowPayloadHeader::RESPONSE,
                  ph.GetSeq(),
                  m_responseSize);
            c.seq += m_responseSize;
        }
    }
}

} // namespace sfc
} // namespace ns3
