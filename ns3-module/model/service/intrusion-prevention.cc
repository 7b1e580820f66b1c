/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "intrusion-prevention.h"

#include "ns3/boolean.h"
#include "ns3/log.h"
#include "ns3/tcp-header.h"
#include "ns3/uinteger.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SfcIntrusionPrevention");

namespace sfc
{

NS_OBJECT_ENSURE_REGISTERED(IntrusionPrevention);

TypeId
IntrusionPrevention::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sfc::IntrusionPrevention")
            .SetParent<ServiceNode>()
            .SetGroupName("Sfc")
            .AddConstructor<IntrusionPrevention>()
            .AddAttribute("Strict",
                          "Drop mid-connection packets of connections never seen starting "
                          "(false: adopt them).",
                          BooleanValue(true),
                          MakeBooleanAccessor(&IntrusionPrevention::m_strict),
                          MakeBooleanChecker())
            .AddAttribute("IdleTimeout",
                          "A connection unused for this long is removed.",
                          TimeValue(Seconds(120)),
                          MakeTimeAccessor(&IntrusionPrevention::m_idleTimeout),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("Capacity",
                          "Largest number of connections (0 = unlimited).",
                          UintegerValue(0),
                          MakeUintegerAccessor(&IntrusionPrevention::m_capacity),
                          MakeUintegerChecker<uint32_t>());
    return tid;
}

IntrusionPrevention::IntrusionPrevention()
    : m_strict(true),
      m_idleTimeout(Seconds(120)),
      m_capacity(0),
      m_started(0),
      m_adopted(0),
      m_midDrops(0)
{
}

IntrusionPrevention::~IntrusionPrevention() = default;

void
IntrusionPrevention::DoDispose()
{
    m_table.Clear();
    ServiceNode::DoDispose();
}

std::string
IntrusionPrevention::GetFunctionType() const
{
    return "ips";
}

uint32_t
IntrusionPrevention::GetNStates() const
{
    return m_table.GetNRecords();
}

bool
IntrusionPrevention::HasConnection(const FlowKey& key) const
{
    return m_table.Peek(key) != nullptr;
}

uint64_t
IntrusionPrevention::GetStarted() const
{
    return m_started;
}

uint64_t
IntrusionPrevention::GetAdopted() const
{
    return m_adopted;
}

uint64_t
IntrusionPrevention::GetMidFlowDrops() const
{
    return m_midDrops;
}

uint32_t
IntrusionPrevention::GetOneDirectionConnections() const
{
    uint32_t n = 0;
    m_table.ForEach(
        [&n](const Table::Record& r) { n += (r.value.seen[0] != r.value.seen[1]) ? 1 : 0; });
    return n;
}

void
IntrusionPrevention::DoResetState()
{
    m_table.Clear();
}

bool
IntrusionPrevention::DoProcess(Ptr<Packet> packet,
                               InnerPacketInfo& info,
                               Direction dir,
                               DropReason& reason)
{
    bool tcp = info.key.protocol == 6;
    Table::Side side;
    Table::Record* r = m_table.Lookup(info.key, packet->GetSize(), &side);
    if (r != nullptr)
    {
        r->value.seen[side] = true;
        return true;
    }
    bool opening =
        dir == Direction::FORWARD &&
        (!tcp || ((info.tcpFlags & TcpHeader::SYN) && !(info.tcpFlags & TcpHeader::ACK)));
    if (!opening && m_strict)
    {
        ++m_midDrops;
        reason = DropReason::NO_STATE;
        return false;
    }
    FlowKey forward = dir == Direction::FORWARD ? info.key : info.key.Reverse();
    if ((m_capacity != 0 && m_table.GetNRecords() >= m_capacity))
    {
        reason = DropReason::RESOURCES;
        return false;
    }
    Table::Record* added = m_table.Insert(forward, forward.Reverse(), Connection{}, m_idleTimeout);
    if (added == nullptr)
    {
        reason = DropReason::RESOURCES;
        return false;
    }
    added->value.seen[dir == Direction::FORWARD ? 0 : 1] = true;
    opening ? ++m_started : ++m_adopted;
    return true;
}

} // namespace sfc
} // namespace ns3
