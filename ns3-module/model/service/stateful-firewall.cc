/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "stateful-firewall.h"

#include "ns3/boolean.h"
#include "ns3/log.h"
#include "ns3/tcp-header.h"
#include "ns3/uinteger.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SfcStatefulFirewall");

namespace sfc
{

NS_OBJECT_ENSURE_REGISTERED(StatefulFirewall);

TypeId
StatefulFirewall::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sfc::StatefulFirewall")
            .SetParent<ServiceNode>()
            .SetGroupName("Sfc")
            .AddConstructor<StatefulFirewall>()
            .AddAttribute("IdleTimeout",
                          "A connection unused for this long is removed.",
                          TimeValue(Seconds(120)),
                          MakeTimeAccessor(&StatefulFirewall::m_idleTimeout),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("StrictTcp",
                          "Drop forward TCP segments other than a SYN of unknown connections.",
                          BooleanValue(true),
                          MakeBooleanAccessor(&StatefulFirewall::m_strictTcp),
                          MakeBooleanChecker())
            .AddAttribute("Capacity",
                          "Largest number of connections (0 = unlimited).",
                          UintegerValue(0),
                          MakeUintegerAccessor(&StatefulFirewall::m_capacity),
                          MakeUintegerChecker<uint32_t>());
    return tid;
}

StatefulFirewall::StatefulFirewall()
    : m_idleTimeout(Seconds(120)),
      m_strictTcp(true),
      m_capacity(0)
{
}

StatefulFirewall::~StatefulFirewall() = default;

void
StatefulFirewall::DoDispose()
{
    m_table.Clear();
    ServiceNode::DoDispose();
}

std::string
StatefulFirewall::GetFunctionType() const
{
    return "firewall";
}

uint32_t
StatefulFirewall::GetNStates() const
{
    return m_table.GetNRecords();
}

bool
StatefulFirewall::HasConnection(const FlowKey& key) const
{
    const Table::Record* r = m_table.Peek(key);
    return r != nullptr && r->keys[Table::FORWARD] == key;
}

void
StatefulFirewall::DoResetState()
{
    m_table.Clear();
}

bool
StatefulFirewall::DoProcess(Ptr<Packet> packet,
                            InnerPacketInfo& info,
                            Direction dir,
                            DropReason& reason)
{
    Table::Side side;
    Table::Record* r = m_table.Lookup(info.key, packet->GetSize(), &side);
    Table::Side expected = (dir == Direction::FORWARD) ? Table::FORWARD : Table::REVERSE;
    if (r != nullptr && side == expected)
    {
        return true;
    }
    if (dir == Direction::REVERSE)
    {
        reason = DropReason::NO_STATE;
        return false;
    }
    bool opening = (info.tcpFlags & TcpHeader::SYN) && !(info.tcpFlags & TcpHeader::ACK);
    if (info.key.protocol == 6 && m_strictTcp && !opening)
    {
        reason = DropReason::NO_STATE;
        return false;
    }
    if ((m_capacity != 0 && m_table.GetNRecords() >= m_capacity) ||
        m_table.Insert(info.key, info.key.Reverse(), Connection{Simulator::Now()}, m_idleTimeout) ==
            nullptr)
    {
        reason = DropReason::RESOURCES;
        return false;
    }
    return true;
}

} // namespace sfc
} // namespace ns3
