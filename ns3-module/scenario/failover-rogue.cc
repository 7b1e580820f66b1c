/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "failover-rogue.h"

#include "ns3/inet-socket-address.h"
#include "ns3/ipv4-header.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/service-message.h"
#include "ns3/simulator.h"
#include "ns3/tcp-header.h"
#include "ns3/udp-header.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SfcFailoverRogue");

namespace sfc
{

namespace
{
constexpr uint16_t kIpv4 = 0x0800; //!< EtherType
constexpr uint8_t kUdp = 17;       //!< IP protocol
constexpr uint32_t kSynBytes = 40; //!< IPv4 + TCP headers
} // namespace

NS_OBJECT_ENSURE_REGISTERED(FailoverRogue);

const char*
FailoverRogue::ToString(Attack a)
{
    switch (a)
    {
    case REPLAY_OTHER_ADDRESS:
        return "replay_other_address";
    case REPLAY_OTHER_AGENT:
        return "replay_other_agent";
    case REPLAY_AFTER_RESTART:
        return "replay_after_restart";
    case UNSIGNED_IP_PACKET:
        return "unsigned_ip_packet";
    case OVERSIZE:
        return "oversize";
    }
    return "unknown";
}

TypeId
FailoverRogue::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sfc::FailoverRogue")
            .SetParent<Application>()
            .SetGroupName("Sfc")
            .AddConstructor<FailoverRogue>()
            .AddAttribute("Port",
                          "UDP port of service messages.",
                          UintegerValue(ServiceMessageHeader::kUdpPort),
                          MakeUintegerAccessor(&FailoverRogue::m_port),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("AttackInterval",
                          "Time between rounds of attacks.",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&FailoverRogue::m_interval),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("Replays",
                          "Captured messages replayed per round and kind of replay.",
                          UintegerValue(8),
                          MakeUintegerAccessor(&FailoverRogue::m_replays),
                          MakeUintegerChecker<uint32_t>(0, kCaptured))
            .AddAttribute("Syns",
                          "Unsigned IP packet only SYNs per target and round.",
                          UintegerValue(2),
                          MakeUintegerAccessor(&FailoverRogue::m_syns),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("OversizeBytes",
                          "Length of the IPv4 packet of the oversize message (0: none).",
                          UintegerValue(65448),
                          MakeUintegerAccessor(&FailoverRogue::m_oversize),
                          MakeUintegerChecker<uint32_t>(0, 65527));
    return tid;
}

FailoverRogue::FailoverRogue()
    : m_port(ServiceMessageHeader::kUdpPort),
      m_interval(Seconds(1)),
      m_replays(8),
      m_syns(2),
      m_oversize(65448),
      m_servicePort(80),
      m_restart(-1),
      m_nextPort(1024),
      m_sent{}
{
}

FailoverRogue::~FailoverRogue() = default;

void
FailoverRogue::DoDispose()
{
    Simulator::Cancel(m_round);
    m_socket = nullptr;
    m_captured.clear();
    m_beforeRestart.clear();
    Application::DoDispose();
}

void
FailoverRogue::SetTargets(const std::vector<Ipv4Address>& managers,
                          const std::vector<Ipv4Address>& agents)
{
    m_managers = managers;
    m_agents = agents;
}

void
FailoverRogue::SetService(Ipv4Address client, Ipv4Address vip, uint16_t port)
{
    m_client = client;
    m_vip = vip;
    m_servicePort = port;
}

void
FailoverRogue::SetRestart(Time at)
{
    m_restart = at;
}

uint64_t
FailoverRogue::GetSent(Attack a) const
{
    return m_sent[a];
}

void
FailoverRogue::StartApplication()
{
    Ptr<Node> node = GetNode();
    Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
    NS_ABORT_MSG_IF(!ipv4 || ipv4->GetNInterfaces() < 2, "FailoverRogue needs a LAN interface");
    m_address = ipv4->GetAddress(1, 0).GetLocal();
    Ptr<NetDevice> lan = ipv4->GetNetDevice(1);
    m_socket = Socket::CreateSocket(node, UdpSocketFactory::GetTypeId());
    m_socket->Bind();
    m_socket->BindToNetDevice(lan); // multicast replays leave through the LAN
    node->RegisterProtocolHandler(MakeCallback(&FailoverRogue::Sniff, this), kIpv4, lan, true);
    m_round = Simulator::Schedule(m_interval, &FailoverRogue::Round, this);
}

void
FailoverRogue::StopApplication()
{
    Simulator::Cancel(m_round);
    GetNode()->UnregisterProtocolHandler(MakeCallback(&FailoverRogue::Sniff, this));
    if (m_socket)
    {
        m_socket->Close();
        m_socket = nullptr;
    }
}

void
FailoverRogue::Sniff(Ptr<NetDevice> /* device */,
                     Ptr<const Packet> packet,
                     uint16_t /* protocol */,
                     const Address& /* from */,
                     const Address& /* to */,
                     NetDevice::PacketType /* type */)
{
    Ptr<Packet> p = packet->Copy();
    Ipv4Header ip;
    if (p->RemoveHeader(ip) == 0 || ip.GetProtocol() != kUdp || ip.GetFragmentOffset() != 0 ||
        !ip.IsLastFragment() || ip.GetSource() == m_address || p->GetSize() < 8)
    {
        return;
    }
    UdpHeader udp;
    p->RemoveHeader(udp);
    if (udp.GetDestinationPort() != m_port)
    {
        return;
    }
    Captured c{p, ip.GetDestination(), Simulator::Now()};
    m_captured.push_back(c);
    if (m_captured.size() > kCaptured)
    {
        m_captured.pop_front();
    }
    if (m_restart.IsPositive() && Simulator::Now() < m_restart &&
        m_beforeRestart.size() < kCaptured)
    {
        m_beforeRestart.push_back(c);
    }
}

void
FailoverRogue::SendTo(Ptr<const Packet> payload, Ipv4Address to, Attack a)
{
    if (!payload || !m_socket)
    {
        return;
    }
    m_sent[a]++;
    m_socket->SendTo(payload->Copy(), 0, InetSocketAddress(to, m_port));
}

Ptr<Packet>
FailoverRogue::ForgedSyn(uint16_t sport, uint32_t totalBytes) const
{
    Ptr<Packet> p = Create<Packet>(totalBytes > kSynBytes ? totalBytes - kSynBytes : 0);
    TcpHeader tcp;
    tcp.SetSourcePort(sport);
    tcp.SetDestinationPort(m_servicePort);
    tcp.SetFlags(TcpHeader::SYN);
    tcp.SetSequenceNumber(SequenceNumber32(sport));
    tcp.SetWindowSize(65535);
    p->AddHeader(tcp);
    Ipv4Header ip;
    ip.SetSource(m_client);
    ip.SetDestination(m_vip);
    ip.SetProtocol(6);
    ip.SetTtl(64);
    ip.SetPayloadSize(p->GetSize());
    p->AddHeader(ip);
    return p;
}

void
FailoverRogue::Round()
{
    // Replays of the latest captured messages, from this address.
    std::size_t n = std::min<std::size_t>(m_replays, m_captured.size());
    for (std::size_t i = m_captured.size() - n; i < m_captured.size(); ++i)
    {
        SendTo(m_captured[i].payload, m_captured[i].to, REPLAY_OTHER_ADDRESS);
    }
    // Messages to one agent, to the next.
    uint32_t moved = 0;
    for (auto it = m_captured.rbegin(); it != m_captured.rend() && moved < m_replays; ++it)
    {
        auto a = std::find(m_agents.begin(), m_agents.end(), it->to);
        if (a != m_agents.end() && m_agents.size() > 1)
        {
            std::size_t next = (std::distance(m_agents.begin(), a) + 1) % m_agents.size();
            SendTo(it->payload, m_agents[next], REPLAY_OTHER_AGENT);
            moved++;
        }
    }
    // After a restart: what was captured before it.
    if (m_restart.IsPositive() && Simulator::Now() > m_restart)
    {
        for (std::size_t i = 0; i < std::min<std::size_t>(m_replays, m_beforeRestart.size()); ++i)
        {
            SendTo(m_beforeRestart[i].payload, m_beforeRestart[i].to, REPLAY_AFTER_RESTART);
        }
    }
    // Unsigned IP packet only messages with forged SYNs, to everyone.
    std::vector<Ipv4Address> targets = m_managers;
    targets.insert(targets.end(), m_agents.begin(), m_agents.end());
    for (Ipv4Address t : targets)
    {
        for (uint32_t k = 0; k < m_syns; ++k)
        {
            ServiceMessage m(ServiceMessageType::IP_PACKET_ONLY);
            m.Add(std::make_shared<IpPacketSegment>(ForgedSyn(m_nextPort++, kSynBytes)));
            SendTo(m.ToPacket(), t, UNSIGNED_IP_PACKET);
        }
    }
    // One oversize message to the first manager: its answer would exceed 65535 bytes.
    if (m_oversize > 0 && !m_managers.empty())
    {
        ServiceMessage m(ServiceMessageType::IP_PACKET_ONLY);
        m.Add(std::make_shared<IpPacketSegment>(ForgedSyn(m_nextPort++, m_oversize)));
        SendTo(m.ToPacket(), m_managers.front(), OVERSIZE);
    }
    m_round = Simulator::Schedule(m_interval, &FailoverRogue::Round, this);
}

} // namespace sfc
} // namespace ns3
