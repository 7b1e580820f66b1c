/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "service-message-endpoint.h"

#include "ns3/inet-socket-address.h"
#include "ns3/ipv4.h"
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

const char*
ServiceMessageEndpoint::ToString(Verdict v)
{
    switch (v)
    {
    case Verdict::ACCEPTED:
        return "accepted";
    case Verdict::MALFORMED:
        return "malformed";
    case Verdict::UNAUTHENTICATED:
        return "unauthenticated";
    case Verdict::BAD_CODE:
        return "bad_code";
    case Verdict::REPLAY:
        return "replay";
    case Verdict::BAD_ALGORITHM:
        return "bad_algorithm";
    case Verdict::BAD_KEY_ID:
        return "bad_key_id";
    case Verdict::WRONG_RECEIVER:
        return "wrong_receiver";
    case Verdict::STALE:
        return "stale";
    }
    return "unknown";
}

uint8_t
ServiceMessageEndpoint::ExpectedKeyId(ServiceMessageType type, uint8_t receiverRole)
{
    switch (type)
    {
    case ServiceMessageType::AFFINITY_UPDATE_DENY:
    case ServiceMessageType::INTEREST_MATCH_WILDCARD:
    case ServiceMessageType::INTEREST_MATCH_FIXED:
        return SecuritySegment::AGENT_KEY;
    case ServiceMessageType::IP_PACKET_ONLY:
        // Either way between the roles: from the role that is not the receiver's.
        return receiverRole == SecuritySegment::AGENT_KEY ? SecuritySegment::MANAGER_KEY
                                                          : SecuritySegment::AGENT_KEY;
    default:
        return SecuritySegment::MANAGER_KEY;
    }
}

ServiceMessageEndpoint::ServiceMessageEndpoint(uint8_t role)
    : m_role(role),
      m_algorithm(SecuritySegment::HMAC_SHA256),
      m_requireSecurity(false),
      m_maxAge(Seconds(1)),
      m_oversize(0),
      m_epoch(0),
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
ServiceMessageEndpoint::SetManagerKey(const std::string& key)
{
    m_managerKey = key;
}

const std::string&
ServiceMessageEndpoint::GetManagerKey() const
{
    return m_managerKey;
}

void
ServiceMessageEndpoint::SetAgentKey(const std::string& key)
{
    m_agentKey = key;
}

const std::string&
ServiceMessageEndpoint::GetAgentKey() const
{
    return m_agentKey;
}

const std::string&
ServiceMessageEndpoint::VerifyKey(uint8_t keyId) const
{
    const std::string& k = keyId == SecuritySegment::MANAGER_KEY ? m_managerKey : m_agentKey;
    return k.empty() ? m_key : k;
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
    return m_requireSecurity || !m_key.empty();
}

void
ServiceMessageEndpoint::SetMaxMessageAge(Time age)
{
    m_maxAge = age;
}

Time
ServiceMessageEndpoint::GetMaxMessageAge() const
{
    return m_maxAge;
}

uint32_t
ServiceMessageEndpoint::GetSecurityOverhead() const
{
    return m_key.empty() ? 0
                         : ServiceSegment::kHeaderSize + SecuritySegment::kFixedData +
                               SecuritySegment::CodeLength(m_algorithm);
}

void
ServiceMessageEndpoint::SetIdentity(Ipv4Address id)
{
    m_identity = id;
}

void
ServiceMessageEndpoint::AddLocalAddress(Ipv4Address a)
{
    m_local.push_back(a);
}

void
ServiceMessageEndpoint::Restart()
{
    m_epoch++;
}

uint16_t
ServiceMessageEndpoint::GetEpoch() const
{
    return m_epoch;
}

uint64_t
ServiceMessageEndpoint::GetOversizeDrops() const
{
    return m_oversize;
}

bool
ServiceMessageEndpoint::IsLocal(Ipv4Address a) const
{
    if (a.IsMulticast())
    {
        return true; // a group: every member receives it anyway
    }
    if (std::find(m_local.begin(), m_local.end(), a) != m_local.end())
    {
        return true;
    }
    Ptr<Ipv4> ipv4 = m_node ? m_node->GetObject<Ipv4>() : nullptr;
    return ipv4 && ipv4->GetInterfaceForAddress(a) >= 0;
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
    m_node = node;
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
    m_node = nullptr;
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

bool
ServiceMessageEndpoint::Send(const ServiceMessage& msg, Ipv4Address to, uint16_t port)
{
    Ptr<Packet> p;
    if (m_key.empty())
    {
        p = msg.ToPacket();
    }
    else
    {
        // Increasing across restarts: never below the current time in ns.
        m_sequence = std::max<uint64_t>(m_sequence + 1, Simulator::Now().GetNanoSeconds());
        SecuritySegment sec;
        sec.algorithm = m_algorithm;
        sec.keyId = m_role;
        sec.epoch = m_epoch;
        sec.sequence = m_sequence;
        sec.sender = m_identity;
        sec.receiver = to;
        p = msg.ToPacket(m_key, sec);
    }
    if (!p)
    {
        m_oversize++;
        NS_LOG_LOGIC("a " << sfc::ToString(msg.GetType()) << " message to " << to << " exceeds "
                          << ServiceMessageHeader::kMaxSize << " bytes: dropped");
        return false;
    }
    if (!m_sendCallback.IsNull())
    {
        m_sendCallback(p, static_cast<uint8_t>(msg.GetType()), to);
    }
    if (m_socket)
    {
        m_socket->SendTo(p, 0, InetSocketAddress(to, port));
    }
    return true;
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
    if (!GetRequireSecurity())
    {
        return Verdict::ACCEPTED;
    }
    auto sec = msg.Find<SecuritySegment>();
    if (!sec)
    {
        return Verdict::UNAUTHENTICATED;
    }
    if (sec->algorithm != m_algorithm)
    {
        return Verdict::BAD_ALGORITHM;
    }
    uint8_t expected = ExpectedKeyId(msg.GetType(), m_role);
    const std::string& key = VerifyKey(expected);
    if (sec->keyId != expected || key.empty())
    {
        return Verdict::BAD_KEY_ID;
    }
    if (!msg.Verify(raw, key))
    {
        return Verdict::BAD_CODE;
    }
    if (!IsLocal(sec->receiver))
    {
        NS_LOG_LOGIC("a message from " << from << " for " << sec->receiver << ": not this node");
        return Verdict::WRONG_RECEIVER;
    }
    Window& w = m_windows[sec->sender];
    if (sec->epoch < w.epoch || (sec->epoch == w.epoch && sec->sequence <= w.sequence))
    {
        NS_LOG_LOGIC("replay of " << sec->sender << " epoch " << sec->epoch << " seq "
                                  << sec->sequence << " from " << from);
        return Verdict::REPLAY;
    }
    int64_t oldest = (Simulator::Now() - m_maxAge).GetNanoSeconds();
    if (oldest > 0 && sec->sequence < static_cast<uint64_t>(oldest))
    {
        NS_LOG_LOGIC("stale message of " << sec->sender << " seq " << sec->sequence);
        return Verdict::STALE;
    }
    w.epoch = sec->epoch;
    w.sequence = sec->sequence;
    return Verdict::ACCEPTED;
}

} // namespace sfc
} // namespace ns3
