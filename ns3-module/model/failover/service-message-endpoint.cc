/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "service-message-endpoint.h"

#include "ns3/inet-socket-address.h"
#include "ns3/log.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/udp-socket-factory.h"

#include <algorithm>
#include <vector>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SfcServiceMessageEndpoint");

namespace sfc
{

ServiceMessageEndpoint::ServiceMessageEndpoint()
    : m_algorithm(SecuritySegment::HMAC_SHA256),
      m_requireSecurity(false),
      m_sequence(0)
{
}

ServiceMessageEndpoint::~ServiceMessageEndpoint() = default;

void
ServiceMessageEndpoint::SetSecurityKey(const std::string& key)
{
    m_key = key;
}

const std::string&
ServiceMessageEndpoint::GetSecurityKey() const
{
    return m_key;
}

void
ServiceMessageEndpoint::SetSecurityAlgorithm(uint8_t algorithm)
{
    m_algorithm = algorithm;
}

uint8_t
ServiceMessageEndpoint::GetSecurityAlgorithm() const
{
    return m_algorithm;
}

void
ServiceMessageEndpoint::SetRequireSecurity(bool require)
{
    m_requireSecurity = require;
}

bool
ServiceMessageEndpoint::GetRequireSecurity() const
{
    return m_requireSecurity;
}

uint32_t
ServiceMessageEndpoint::GetSecurityOverhead() const
{
    return m_key.empty() ? 0
                         : ServiceSegment::kHeaderSize + SecuritySegment::kFixedData +
                               SecuritySegment::CodeLength(m_algorithm);
}

void
ServiceMessageEndpoint::SetSendCallback(SendCallback cb)
{
    m_sendCallback = cb;
}

void
ServiceMessageEndpoint::Open(Ptr<Node> node,
                             uint16_t port,
                             ReceiveCallback receive,
                             Ptr<NetDevice> device)
{
    m_receive = receive;
    m_socket = Socket::CreateSocket(node, UdpSocketFactory::GetTypeId());
    m_socket->Bind(InetSocketAddress(Ipv4Address::GetAny(), port));
    if (device)
    {
        m_socket->BindToNetDevice(device);
    }
    m_socket->SetRecvCallback(MakeCallback(&ServiceMessageEndpoint::HandleRead, this));
}

void
ServiceMessageEndpoint::Close()
{
    if (m_socket)
    {
        m_socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
        m_socket->Close();
        m_socket = nullptr;
    }
}

void
ServiceMessageEndpoint::HandleRead(Ptr<Socket> socket)
{
    Address from;
    Ptr<Packet> p;
    while ((p = socket->RecvFrom(from)))
    {
        if (InetSocketAddress::IsMatchingType(from) && !m_receive.IsNull())
        {
            InetSocketAddress a = InetSocketAddress::ConvertFrom(from);
            m_receive(p, a.GetIpv4(), a.GetPort());
        }
    }
}

void
ServiceMessageEndpoint::Send(const ServiceMessage& msg, Ipv4Address to, uint16_t port)
{
    bool sign = !m_key.empty() && msg.GetType() != ServiceMessageType::IP_PACKET_ONLY;
    uint64_t seq = 0;
    if (sign)
    {
        // Increasing across restarts: never below the current time in ns.
        m_sequence = std::max<uint64_t>(m_sequence + 1, Simulator::Now().GetNanoSeconds());
        seq = m_sequence;
    }
    Ptr<Packet> p = msg.ToPacket(sign ? m_key : "", m_algorithm, seq);
    if (!m_sendCallback.IsNull())
    {
        m_sendCallback(p, static_cast<uint8_t>(msg.GetType()), to);
    }
    if (m_socket)
    {
        m_socket->SendTo(p, 0, InetSocketAddress(to, port));
    }
}

ServiceMessageEndpoint::Verdict
ServiceMessageEndpoint::Accept(Ptr<const Packet> payload, Ipv4Address from, ServiceMessage& msg)
{
    std::vector<uint8_t> raw;
    ParseStatus status = ServiceMessage::Parse(payload, msg, &raw);
    if (status != ParseStatus::OK)
    {
        NS_LOG_LOGIC("malformed service message from " << from << ": " << sfc::ToString(status));
        return Verdict::MALFORMED;
    }
    if (!m_requireSecurity || msg.GetType() == ServiceMessageType::IP_PACKET_ONLY)
    {
        return Verdict::ACCEPTED;
    }
    auto sec = msg.Find<SecuritySegment>();
    if (!sec)
    {
        return Verdict::UNAUTHENTICATED;
    }
    if (!msg.Verify(raw, m_key))
    {
        return Verdict::BAD_CODE;
    }
    uint64_t& last = m_lastSequence[from];
    if (sec->sequence <= last)
    {
        return Verdict::REPLAY;
    }
    last = sec->sequence;
    return Verdict::ACCEPTED;
}

void
ServiceMessageEndpoint::ResetReplayWindows()
{
    m_lastSequence.clear();
}

} // namespace sfc
} // namespace ns3
