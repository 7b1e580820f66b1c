/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "flow-client.h"

#include "flow-payload-header.h"

#include "ns3/inet-socket-address.h"
#include "ns3/inner-packet.h"
#include "ns3/ipv4-raw-socket-factory.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/tcp-header.h"
#include "ns3/uinteger.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SfcFlowClient");

namespace sfc
{

NS_OBJECT_ENSURE_REGISTERED(FlowClient);

namespace
{
constexpr uint16_t kFirstEphemeralPort = 10000;
constexpr uint8_t kProtoTcp = 6;
/// IPv4 header the raw socket adds to a segment (no options)
constexpr uint32_t kIpv4HeaderBytes = 20;
} // namespace

TypeId
FlowClient::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sfc::FlowClient")
            .SetParent<Application>()
            .SetGroupName("Sfc")
            .AddConstructor<FlowClient>()
            .AddAttribute("DestinationPort",
                          "Server port of every flow.",
                          UintegerValue(80),
                          MakeUintegerAccessor(&FlowClient::m_destinationPort),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("InterArrival",
                          "Time between flow starts, in seconds (exponential: Poisson arrivals).",
                          StringValue("ns3::ExponentialRandomVariable[Mean=0.1]"),
                          MakePointerAccessor(&FlowClient::m_interArrival),
                          MakePointerChecker<RandomVariableStream>())
            .AddAttribute("FlowSize",
                          "Request segments per flow (rounded, at least 1).",
                          StringValue("ns3::ConstantRandomVariable[Constant=10]"),
                          MakePointerAccessor(&FlowClient::m_flowSize),
                          MakePointerChecker<RandomVariableStream>())
            .AddAttribute("MaxFlows",
                          "Flows to open; 0 = keep opening until the application stops.",
                          UintegerValue(0),
                          MakeUintegerAccessor(&FlowClient::m_maxFlows),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("PacketInterval",
                          "Gap between request segments of a flow.",
                          TimeValue(MilliSeconds(10)),
                          MakeTimeAccessor(&FlowClient::m_packetInterval),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("RequestSize",
                          "Payload bytes of a request segment.",
                          UintegerValue(200),
                          MakeUintegerAccessor(&FlowClient::m_requestSize),
                          MakeUintegerChecker<uint32_t>(FlowPayloadHeader::kSize, 1400))
            .AddAttribute("FlowIdOffset",
                          "Added to the flow counter in flow ids (node id << 32 | offset + n): "
                          "two clients on one node need different offsets.",
                          UintegerValue(0),
                          MakeUintegerAccessor(&FlowClient::m_idOffset),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("FirstPort",
                          "Lowest ephemeral port of the flows (two clients on one node need "
                          "disjoint port ranges).",
                          UintegerValue(kFirstEphemeralPort),
                          MakeUintegerAccessor(&FlowClient::m_firstPort),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("LastPort",
                          "Highest ephemeral port of the flows.",
                          UintegerValue(65535),
                          MakeUintegerAccessor(&FlowClient::m_lastPort),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("InitialRto",
                          "First SYN / FIN retransmission timeout (doubles on each retry).",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&FlowClient::m_initialRto),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("SynRetries",
                          "SYN retransmissions before the flow fails.",
                          UintegerValue(3),
                          MakeUintegerAccessor(&FlowClient::m_synRetries),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("FinRetries",
                          "FIN retransmissions before the flow fails.",
                          UintegerValue(3),
                          MakeUintegerAccessor(&FlowClient::m_finRetries),
                          MakeUintegerChecker<uint32_t>())
            .AddTraceSource("FlowStart",
                            "A flow was opened (SYN sent).",
                            MakeTraceSourceAccessor(&FlowClient::m_startTrace),
                            "ns3::sfc::FlowClient::FlowStartTracedCallback")
            .AddTraceSource("FlowEstablished",
                            "A flow was established (SYN-ACK received).",
                            MakeTraceSourceAccessor(&FlowClient::m_establishedTrace),
                            "ns3::sfc::FlowClient::FlowEstablishedTracedCallback")
            .AddTraceSource("FlowComplete",
                            "A flow completed (FIN-ACK received).",
                            MakeTraceSourceAccessor(&FlowClient::m_completeTrace),
                            "ns3::sfc::FlowClient::FlowCompleteTracedCallback")
            .AddTraceSource("FlowFail",
                            "A flow failed (timeout or reset).",
                            MakeTraceSourceAccessor(&FlowClient::m_failTrace),
                            "ns3::sfc::FlowClient::FlowFailTracedCallback")
            .AddTraceSource("Tx",
                            "A segment was sent.",
                            MakeTraceSourceAccessor(&FlowClient::m_txTrace),
                            "ns3::sfc::FlowClient::SegmentTracedCallback")
            .AddTraceSource("Rx",
                            "A segment of an open flow was received.",
                            MakeTraceSourceAccessor(&FlowClient::m_rxTrace),
                            "ns3::sfc::FlowClient::SegmentTracedCallback");
    return tid;
}

FlowClient::FlowClient()
    : m_destinationPort(80),
      m_destChoice(CreateObject<UniformRandomVariable>()),
      m_maxFlows(0),
      m_requestSize(200),
      m_synRetries(3),
      m_finRetries(3),
      m_idOffset(0),
      m_firstPort(kFirstEphemeralPort),
      m_lastPort(65535),
      m_nextPort(0),
      m_started(0),
      m_completed(0),
      m_failed(0)
{
}

FlowClient::~FlowClient() = default;

void
FlowClient::DoDispose()
{
    m_flows.ForEach([](uint16_t, Flow& f) { Simulator::Cancel(f.timer); });
    m_flows.Clear();
    m_socket = nullptr;
    Application::DoDispose();
}

void
FlowClient::SetDestinations(const std::vector<Ipv4Address>& destinations)
{
    m_destinations = destinations;
}

int64_t
FlowClient::AssignStreams(int64_t stream)
{
    m_interArrival->SetStream(stream);
    m_flowSize->SetStream(stream + 1);
    m_destChoice->SetStream(stream + 2);
    return 3;
}

uint32_t
FlowClient::GetFlowsStarted() const
{
    return m_started;
}

uint32_t
FlowClient::GetFlowsCompleted() const
{
    return m_completed;
}

uint32_t
FlowClient::GetFlowsFailed() const
{
    return m_failed;
}

uint32_t
FlowClient::GetOpenFlows() const
{
    return m_flows.GetSize();
}

void
FlowClient::StartApplication()
{
    NS_ABORT_MSG_IF(m_destinations.empty(), "FlowClient has no destination");
    Ptr<Ipv4> ipv4 = GetNode()->GetObject<Ipv4>();
    NS_ABORT_MSG_IF(!ipv4 || ipv4->GetNInterfaces() < 2, "FlowClient needs an IPv4 interface");
    m_local = ipv4->GetAddress(1, 0).GetLocal();
    m_socket = Socket::CreateSocket(GetNode(), Ipv4RawSocketFactory::GetTypeId());
    m_socket->SetAttribute("Protocol", UintegerValue(kProtoTcp));
    m_socket->SetRecvCallback(MakeCallback(&FlowClient::HandleRead, this));
    ScheduleNextFlow();
}

void
FlowClient::StopApplication()
{
    // Stop opening flows; flows already open run to their end.
    Simulator::Cancel(m_nextFlow);
}

void
FlowClient::ScheduleNextFlow()
{
    if (m_maxFlows != 0 && m_started >= m_maxFlows)
    {
        return;
    }
    m_nextFlow =
        Simulator::Schedule(Seconds(m_interArrival->GetValue()), &FlowClient::OpenFlow, this);
}

void
FlowClient::OpenFlow()
{
    uint32_t index = m_destChoice->GetInteger(0, static_cast<uint32_t>(m_destinations.size() - 1));
    double size = m_flowSize->GetValue();
    uint32_t requests = size < 1.5 ? 1 : static_cast<uint32_t>(size + 0.5);
    // Next free ephemeral port (a port is reused only once its flow is closed).
    uint16_t first = std::min(m_firstPort, m_lastPort);
    uint16_t last = std::max(m_firstPort, m_lastPort);
    uint16_t port = (m_nextPort < first || m_nextPort > last) ? first : m_nextPort;
    for (uint32_t tries = 0; m_flows.Contains(port) && tries <= uint32_t(last - first); ++tries)
    {
        port = (port == last) ? first : port + 1;
    }
    m_nextPort = (port == last) ? first : port + 1;
    if (!m_flows.Contains(port))
    {
        Flow& f = m_flows[port];
        f.id = (uint64_t(GetNode()->GetId()) << 32) | uint32_t(m_idOffset + ++m_started);
        f.key = FlowKey(m_local, m_destinations[index], port, m_destinationPort, kProtoTcp);
        f.requests = requests;
        f.seq = 1000;
        NS_LOG_INFO("flow " << f.id << " opens " << f.key << " with " << requests << " requests");
        m_startTrace(f.id, f.key, requests);
        SendSyn(port);
    }
    ScheduleNextFlow();
}

void
FlowClient::Send(Flow& flow, uint8_t flags, uint32_t kind, uint32_t seq, uint32_t payload)
{
    FlowPayloadHeader ph(flow.id, seq, static_cast<FlowPayloadHeader::Kind>(kind));
    Ptr<Packet> p = InnerPacket::BuildTcpSegment(flow.key, flags, flow.seq, flow.ack, ph, payload);
    m_txTrace(flow.key, ph, flags, p->GetSize() + kIpv4HeaderBytes);
    m_socket->SendTo(p, 0, InetSocketAddress(flow.key.dst, 0));
}

void
FlowClient::SendSyn(uint16_t port)
{
    Flow& f = m_flows[port];
    f.attempts++;
    // The payload sequence number of a SYN is its transmission attempt (0 = first).
    Send(f, TcpHeader::SYN, FlowPayloadHeader::CONTROL, f.attempts - 1, FlowPayloadHeader::kSize);
    Time rto = m_initialRto * (1 << std::min<uint32_t>(f.attempts - 1, 16));
    f.timer = Simulator::Schedule(rto, [this, port]() {
        Flow* flow = m_flows.Find(port);
        if (flow == nullptr)
        {
            return; // closed meanwhile
        }
        if (flow->attempts > m_synRetries)
        {
            Fail(*flow, SYN_TIMEOUT);
        }
        else
        {
            SendSyn(port);
        }
    });
}

void
FlowClient::SendRequest(uint16_t port)
{
    Flow* found = m_flows.Find(port);
    if (found == nullptr)
    {
        return; // closed meanwhile
    }
    Flow& f = *found;
    Send(f, TcpHeader::ACK | TcpHeader::PSH, FlowPayloadHeader::REQUEST, f.sent, m_requestSize);
    f.seq += m_requestSize;
    f.sent++;
    if (f.sent < f.requests)
    {
        f.timer = Simulator::Schedule(m_packetInterval, &FlowClient::SendRequest, this, port);
    }
    else
    {
        f.attempts = 0;
        f.timer = Simulator::Schedule(m_packetInterval, &FlowClient::SendFin, this, port);
    }
}

void
FlowClient::SendFin(uint16_t port)
{
    Flow* found = m_flows.Find(port);
    if (found == nullptr)
    {
        return; // closed meanwhile
    }
    Flow& f = *found;
    f.state = FIN_WAIT;
    f.attempts++;
    Send(f,
         TcpHeader::FIN | TcpHeader::ACK,
         FlowPayloadHeader::CONTROL,
         f.attempts - 1,
         FlowPayloadHeader::kSize);
    Time rto = m_initialRto * (1 << std::min<uint32_t>(f.attempts - 1, 16));
    f.timer = Simulator::Schedule(rto, [this, port]() {
        Flow* flow = m_flows.Find(port);
        if (flow == nullptr)
        {
            return; // closed meanwhile
        }
        if (flow->attempts > m_finRetries)
        {
            Fail(*flow, FIN_TIMEOUT);
        }
        else
        {
            SendFin(port);
        }
    });
}

void
FlowClient::HandleRead(Ptr<Socket> socket)
{
    Ptr<Packet> p;
    while ((p = socket->Recv()))
    {
        InnerPacketInfo info;
        if (!InnerPacket::Parse(*p, info) || info.key.protocol != kProtoTcp ||
            info.key.dst != m_local)
        {
            continue;
        }
        Flow* found = m_flows.Find(info.key.dport);
        if (found == nullptr || info.key.Reverse() != found->key)
        {
            continue; // not one of our open flows
        }
        Flow& f = *found;
        uint8_t flags = info.tcpFlags;
        if (!m_rxTrace.IsEmpty())
        {
            FlowPayloadHeader seen;
            if (InnerPacket::ReadFlowPayload(*p, info, seen) && seen.GetFlowId() == f.id)
            {
                m_rxTrace(info.key, seen, flags, info.totalLength);
            }
        }
        if (flags & TcpHeader::RST)
        {
            Fail(f, RESET);
            continue;
        }
        if (f.state == SYN_SENT && (flags & TcpHeader::SYN) && (flags & TcpHeader::ACK))
        {
            Simulator::Cancel(f.timer);
            f.state = ESTABLISHED;
            f.attempts = 0;
            f.seq += 1; // the SYN consumed one sequence number
            f.ack = info.tcpSeq + 1;
            m_establishedTrace(f.id);
            SendRequest(f.key.sport);
        }
        else if (f.state != SYN_SENT && (flags & TcpHeader::FIN))
        {
            if (f.state == FIN_WAIT)
            {
                f.seq += 1; // the FIN consumed one sequence number
                f.ack = info.tcpSeq + 1;
                Send(f, TcpHeader::ACK, FlowPayloadHeader::CONTROL, 0, FlowPayloadHeader::kSize);
                m_completed++;
                NS_LOG_INFO("flow " << f.id << " completed, " << f.responses << "/" << f.requests
                                    << " responses");
                m_completeTrace(f.id, f.responses);
                Close(f);
            }
        }
        else if (f.state != SYN_SENT && info.totalLength > info.PayloadOffset())
        {
            FlowPayloadHeader ph;
            if (InnerPacket::ReadFlowPayload(*p, info, ph) &&
                ph.GetKind() == FlowPayloadHeader::RESPONSE && ph.GetFlowId() == f.id)
            {
                f.responses++;
                f.ack = info.tcpSeq + (info.totalLength - info.PayloadOffset());
            }
        }
    }
}

void
FlowClient::Fail(Flow& flow, FailReason reason)
{
    m_failed++;
    NS_LOG_INFO("flow " << flow.id << " failed, reason " << unsigned(reason));
    m_failTrace(flow.id, reason);
    Close(flow);
}

void
FlowClient::Close(Flow& flow)
{
    Simulator::Cancel(flow.timer);
    uint16_t port = flow.key.sport; // flow is released by the erase
    m_flows.Erase(port);
}

} // namespace sfc
} // namespace ns3
