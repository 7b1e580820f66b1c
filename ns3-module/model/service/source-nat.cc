/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "source-nat.h"

#include "ns3/abort.h"
#include "ns3/boolean.h"
#include "ns3/ipv4-address.h"
#include "ns3/log.h"
#include "ns3/tcp-header.h"
#include "ns3/uinteger.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SfcSourceNat");

namespace sfc
{

NS_OBJECT_ENSURE_REGISTERED(SourceNat);

TypeId
SourceNat::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sfc::SourceNat")
            .SetParent<ServiceNode>()
            .SetGroupName("Sfc")
            .AddConstructor<SourceNat>()
            .AddAttribute("PublicAddress",
                          "Address that replaces the source address of forward packets.",
                          Ipv4AddressValue("198.51.100.1"),
                          MakeIpv4AddressAccessor(&SourceNat::m_publicAddress),
                          MakeIpv4AddressChecker())
            .AddAttribute("PortMin",
                          "First port of the translation pool.",
                          UintegerValue(1024),
                          MakeUintegerAccessor(&SourceNat::m_portMin),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("PortMax",
                          "Last port of the translation pool.",
                          UintegerValue(65535),
                          MakeUintegerAccessor(&SourceNat::m_portMax),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("IdleTimeout",
                          "A translation unused for this long is removed.",
                          TimeValue(Seconds(120)),
                          MakeTimeAccessor(&SourceNat::m_idleTimeout),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("StrictTcp",
                          "Drop TCP segments other than a SYN that have no translation "
                          "(otherwise translate them as a new flow).",
                          BooleanValue(true),
                          MakeBooleanAccessor(&SourceNat::m_strictTcp),
                          MakeBooleanChecker())
            .AddAttribute("Capacity",
                          "Largest number of translations (0 = unlimited).",
                          UintegerValue(0),
                          MakeUintegerAccessor(&SourceNat::m_capacity),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("AddressPerInstance",
                          "Each instance of the function owns its own public address "
                          "(PublicAddress + slot index) and the whole port range, instead of "
                          "sharing PublicAddress with a share of the ports.",
                          BooleanValue(false),
                          MakeBooleanAccessor(&SourceNat::m_addressPerInstance),
                          MakeBooleanChecker())
            .AddTraceSource("NewTranslation",
                            "A translation was created.",
                            MakeTraceSourceAccessor(&SourceNat::m_newTrace),
                            "ns3::sfc::SourceNat::TranslationTracedCallback")
            .AddTraceSource("TranslationExpired",
                            "A translation expired (idle timeout).",
                            MakeTraceSourceAccessor(&SourceNat::m_expiredTrace),
                            "ns3::sfc::SourceNat::TranslationTracedCallback");
    return tid;
}

SourceNat::SourceNat()
    : m_portMin(1024),
      m_portMax(65535),
      m_nextPort(0),
      m_idleTimeout(Seconds(120)),
      m_strictTcp(true),
      m_capacity(0),
      m_addressPerInstance(false)
{
    m_table.SetExpireCallback([this](const Table::Record& r) {
        m_expiredTrace(r.keys[Table::FORWARD], r.keys[Table::REVERSE].Reverse());
    });
}

SourceNat::~SourceNat() = default;

void
SourceNat::DoDispose()
{
    m_table.Clear();
    ServiceNode::DoDispose();
}

std::string
SourceNat::GetFunctionType() const
{
    return "nat";
}

uint32_t
SourceNat::GetNStates() const
{
    return m_table.GetNRecords();
}

void
SourceNat::SetSlot(uint32_t index, uint32_t count)
{
    NS_ABORT_MSG_IF(count == 0 || index >= count, "bad NAT slot " << index << "/" << count);
    if (m_addressPerInstance)
    {
        m_publicAddress = Ipv4Address(m_publicAddress.Get() + index);
        return;
    }
    uint32_t span = (uint32_t(m_portMax) - m_portMin + 1) / count;
    NS_ABORT_MSG_IF(span == 0, "port range too small for " << count << " NAT instances");
    uint32_t first = m_portMin + index * span;
    m_portMin = static_cast<uint16_t>(first);
    m_portMax = static_cast<uint16_t>(first + span - 1);
    m_nextPort = m_portMin;
}

bool
SourceNat::TranslatesAddresses() const
{
    return true;
}

Ipv4Address
SourceNat::GetOwnedAddress() const
{
    return m_publicAddress;
}

void
SourceNat::SetPortFilter(Callback<bool, const FlowKey&> filter)
{
    m_portFilter = filter;
}

Ipv4Address
SourceNat::GetPublicAddress() const
{
    return m_publicAddress;
}

bool
SourceNat::GetTranslation(const FlowKey& original, FlowKey& translated) const
{
    const Table::Record* r = m_table.Peek(original);
    if (r == nullptr || !(r->keys[Table::FORWARD] == original))
    {
        return false;
    }
    translated = r->keys[Table::REVERSE].Reverse();
    return true;
}

void
SourceNat::DoResetState()
{
    m_table.Clear();
}

bool
SourceNat::Allocate(const FlowKey& original, FlowKey& translated)
{
    if (m_portMax < m_portMin)
    {
        return false;
    }
    uint32_t poolSize = uint32_t(m_portMax) - m_portMin + 1;
    if (m_nextPort < m_portMin || m_nextPort > m_portMax)
    {
        m_nextPort = m_portMin;
    }
    // First pass honours the port filter (if any); the second takes the first free port.
    for (int pass = m_portFilter.IsNull() ? 1 : 0; pass < 2; ++pass)
    {
        uint16_t cursor = m_nextPort;
        // Bound the filtered search: an instance the network would never steer
        // return traffic to (e.g. not in the membership) must not scan its whole range.
        uint32_t limit = pass == 0 ? std::min<uint32_t>(poolSize, 4096) : poolSize;
        for (uint32_t tries = 0; tries < limit; ++tries)
        {
            uint16_t port = cursor;
            cursor = (cursor == m_portMax) ? m_portMin : cursor + 1;
            FlowKey candidate(m_publicAddress,
                              original.dst,
                              port,
                              original.dport,
                              original.protocol);
            if (m_table.Peek(candidate.Reverse()) == nullptr &&
                (pass == 1 || m_portFilter(candidate.Reverse())))
            {
                translated = candidate;
                m_nextPort = cursor;
                return true;
            }
        }
    }
    return false;
}

bool
SourceNat::DoProcess(Ptr<Packet> packet, InnerPacketInfo& info, Direction dir, DropReason& reason)
{
    const FlowKey& key = info.key;
    Table::Side side;
    Table::Record* r = m_table.Lookup(key, packet->GetSize(), &side);
    if (dir == Direction::FORWARD)
    {
        if (r == nullptr || side != Table::FORWARD)
        {
            bool opening = (info.tcpFlags & TcpHeader::SYN) && !(info.tcpFlags & TcpHeader::ACK);
            if (key.protocol == 6 && m_strictTcp && !opening)
            {
                reason = DropReason::NO_STATE;
                return false;
            }
            FlowKey translated;
            if ((m_capacity != 0 && m_table.GetNRecords() >= m_capacity) ||
                !Allocate(key, translated))
            {
                reason = DropReason::RESOURCES;
                return false;
            }
            r = m_table.Insert(key, translated.Reverse(), Mapping{}, m_idleTimeout);
            if (r == nullptr)
            {
                reason = DropReason::RESOURCES;
                return false;
            }
            NS_LOG_LOGIC("instance " << GetInstanceId() << " translates " << key << " to "
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
SourceNat::Translate(Ptr<Packet> packet,
                     InnerPacketInfo& info,
                     const FlowKey& newKey,
                     DropReason& reason)
{
    InnerPacket::Rewrite(packet, info, newKey);
    // The headers travel on with the packet: read them again as rewritten.
    if (!InnerPacket::Parse(*packet, info))
    {
        reason = DropReason::MALFORMED;
        return false;
    }
    return true;
}

} // namespace sfc
} // namespace ns3
