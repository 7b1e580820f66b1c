/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "destination-nat.h"

#include "ns3/boolean.h"
#include "ns3/log.h"
#include "ns3/tcp-header.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SfcDestinationNat");

namespace sfc
{

NS_OBJECT_ENSURE_REGISTERED(DestinationNat);

TypeId
DestinationNat::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sfc::DestinationNat")
            .SetParent<ServiceNode>()
            .SetGroupName("Sfc")
            .AddConstructor<DestinationNat>()
            .AddAttribute("IdleTimeout",
                          "A binding unused for this long is removed.",
                          TimeValue(Seconds(120)),
                          MakeTimeAccessor(&DestinationNat::m_idleTimeout),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("StrictTcp",
                          "Drop TCP segments other than a SYN that have no binding.",
                          BooleanValue(true),
                          MakeBooleanAccessor(&DestinationNat::m_strictTcp),
                          MakeBooleanChecker())
            .AddTraceSource("NewBinding",
                            "A binding was created.",
                            MakeTraceSourceAccessor(&DestinationNat::m_newTrace),
                            "ns3::sfc::DestinationNat::BindingTracedCallback")
            .AddTraceSource("BindingExpired",
                            "A binding expired (idle timeout).",
                            MakeTraceSourceAccessor(&DestinationNat::m_expiredTrace),
                            "ns3::sfc::DestinationNat::BindingTracedCallback");
    return tid;
}

DestinationNat::DestinationNat()
    : m_idleTimeout(Seconds(120)),
      m_strictTcp(true)
{
    m_table.SetExpireCallback([this](const Table::Record& r) {
        m_expiredTrace(r.keys[Table::FORWARD], r.keys[Table::REVERSE].Reverse());
    });
}

DestinationNat::~DestinationNat() = default;

void
DestinationNat::DoDispose()
{
    m_table.Clear();
    ServiceNode::DoDispose();
}

std::string
DestinationNat::GetFunctionType() const
{
    return "dnat";
}

uint32_t
DestinationNat::GetNStates() const
{
    return m_table.GetNRecords();
}

bool
DestinationNat::TranslatesAddresses() const
{
    return true;
}

void
DestinationNat::AddRule(Ipv4Address publicAddress,
                        uint16_t publicPort,
                        uint8_t protocol,
                        Ipv4Address privateAddress,
                        uint16_t privatePort)
{
    m_rules[RuleKey{publicAddress.Get(), publicPort, protocol}] = {privateAddress, privatePort};
}

bool
DestinationNat::MatchRule(const FlowKey& key,
                          Ipv4Address& privateAddress,
                          uint16_t& privatePort) const
{
    auto it = m_rules.find(RuleKey{key.dst.Get(), key.dport, key.protocol});
    if (it == m_rules.end())
    {
        return false;
    }
    privateAddress = it->second.first;
    privatePort = it->second.second;
    return true;
}

bool
DestinationNat::HasBinding(const FlowKey& key) const
{
    return m_table.Peek(key) != nullptr;
}

bool
DestinationNat::IsReturnOfBinding(const FlowKey& key) const
{
    const Table::Record* r = m_table.Peek(key);
    return r != nullptr && r->keys[Table::REVERSE] == key;
}

void
DestinationNat::DoResetState()
{
    m_table.Clear();
}

bool
DestinationNat::DoProcess(Ptr<Packet> packet,
                          InnerPacketInfo& info,
                          Direction dir,
                          DropReason& reason)
{
    const FlowKey key = info.key;
    Table::Side side;
    Table::Record* r = m_table.Lookup(key, packet->GetSize(), &side);
    if (dir == Direction::FORWARD)
    {
        if (r == nullptr || side != Table::FORWARD)
        {
            Ipv4Address addr;
            uint16_t port = 0;
            bool opening = (info.tcpFlags & TcpHeader::SYN) && !(info.tcpFlags & TcpHeader::ACK);
            if (!MatchRule(key, addr, port) || (key.protocol == 6 && m_strictTcp && !opening))
            {
                reason = DropReason::NO_STATE;
                return false;
            }
            FlowKey translated(key.src, addr, key.sport, port, key.protocol);
            r = m_table.Insert(key, translated.Reverse(), Binding{}, m_idleTimeout);
            if (r == nullptr)
            {
                reason = DropReason::RESOURCES;
                return false;
            }
            NS_LOG_LOGIC("instance " << GetInstanceId() << " forwards " << key << " to "
                                     << translated);
            m_newTrace(key, translated);
        }
        return Translate(packet, info, r->keys[Table::REVERSE].Reverse(), reason);
    }
    if (r == nullptr || side != Table::REVERSE)
    {
        reason = DropReason::NO_STATE;
        return false;
    }
    return Translate(packet, info, r->keys[Table::FORWARD].Reverse(), reason);
}

bool
DestinationNat::Translate(Ptr<Packet> packet,
                          InnerPacketInfo& info,
                          const FlowKey& newKey,
                          DropReason& reason)
{
    InnerPacket::Rewrite(packet, info, newKey);
    if (!InnerPacket::Parse(*packet, info))
    {
        reason = DropReason::MALFORMED;
        return false;
    }
    return true;
}

} // namespace sfc
} // namespace ns3
