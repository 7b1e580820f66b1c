/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "flow-table.h"

#include "ns3/enum.h"
#include "ns3/log.h"
#include "ns3/nstime.h"
#include "ns3/sfc-ns3-compat.h"
#include "ns3/uinteger.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SfcFlowTable");

namespace sfc
{

NS_OBJECT_ENSURE_REGISTERED(FlowTable);

FlowAction
FlowAction::RouteLookup()
{
    FlowAction a;
    a.kind = ROUTE_LOOKUP;
    return a;
}

FlowAction
FlowAction::ToServiceNode(uint32_t instance)
{
    FlowAction a;
    a.kind = TO_SERVICE_NODE;
    a.instance = instance;
    return a;
}

FlowAction
FlowAction::ToForwarder(Ipv4Address locator, uint8_t context, uint32_t instance)
{
    FlowAction a;
    a.kind = TO_FORWARDER;
    a.context = context;
    a.forwarder = locator;
    a.instance = instance;
    return a;
}

FlowAction
FlowAction::ToEdge(uint32_t port)
{
    FlowAction a;
    a.kind = TO_EDGE;
    a.port = port;
    return a;
}

bool
operator==(const FlowAction& a, const FlowAction& b)
{
    return a.kind == b.kind && a.context == b.context && a.instance == b.instance &&
           a.forwarder == b.forwarder && a.port == b.port;
}

std::ostream&
operator<<(std::ostream& os, const FlowAction& a)
{
    switch (a.kind)
    {
    case FlowAction::ROUTE_LOOKUP:
        os << "route-lookup";
        break;
    case FlowAction::TO_SERVICE_NODE:
        os << "service-node(" << a.instance << ")";
        break;
    case FlowAction::TO_FORWARDER:
        os << "forwarder(" << a.forwarder << (a.context ? ",ingress" : ",egress") << ","
           << a.instance << ")";
        break;
    case FlowAction::TO_EDGE:
        os << "edge(" << a.port << ")";
        break;
    default:
        os << "none";
    }
    return os;
}

bool
operator==(const FlowTableKey& a, const FlowTableKey& b)
{
    return a.tuple == b.tuple && a.chain == b.chain && a.boundary == b.boundary &&
           a.context == b.context;
}

TypeId
FlowTable::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sfc::FlowTable")
            .SetParent<Object>()
            .SetGroupName("Sfc")
            .AddConstructor<FlowTable>()
            .AddAttribute("IdleTimeout",
                          "Default idle timeout of an entry pair: removed after this long "
                          "without a packet in either direction. Zero: never expires.",
                          TimeValue(Seconds(30)),
                          MakeTimeAccessor(&FlowTable::m_idleTimeout),
                          MakeTimeChecker(Time(0)))
            .AddAttribute(
                "Capacity",
                "Largest number of entries (two per flow); 0 = unlimited.",
                UintegerValue(0),
                MakeUintegerAccessor(&FlowTable::SetCapacity, &FlowTable::GetCapacityAttr),
                MakeUintegerChecker<uint32_t>())
            .AddAttribute("OverflowPolicy",
                          "What to do with a packet of a new flow when the table is full: "
                          "Drop it, or Bypass (forward it by the uncached decision).",
                          EnumValue(OVERFLOW_DROP),
                          MakeEnumAccessorOf<OverflowPolicy>(&FlowTable::m_overflow),
                          MakeEnumChecker(OVERFLOW_DROP, "Drop", OVERFLOW_BYPASS, "Bypass"))
            .AddTraceSource("Entries",
                            "Current number of entries.",
                            MakeTraceSourceAccessor(&FlowTable::m_nEntries),
                            "ns3::TracedValueCallback::Uint32")
            .AddTraceSource("EntryCreated",
                            "A forward/reverse entry pair was cached.",
                            MakeTraceSourceAccessor(&FlowTable::m_createdTrace),
                            "ns3::sfc::FlowTable::EntryTracedCallback")
            .AddTraceSource("EntryExpired",
                            "A forward/reverse entry pair expired (idle timeout).",
                            MakeTraceSourceAccessor(&FlowTable::m_expiredTrace),
                            "ns3::sfc::FlowTable::EntryTracedCallback")
            .AddTraceSource("Overflow",
                            "A new flow could not be cached because the table was full.",
                            MakeTraceSourceAccessor(&FlowTable::m_overflowTrace),
                            "ns3::sfc::FlowTable::OverflowTracedCallback");
    return tid;
}

FlowTable::FlowTable()
    : m_idleTimeout(Seconds(30)),
      m_overflow(OVERFLOW_DROP),
      m_capacityEntries(0),
      m_nEntries(0)
{
    m_store.SetExpireCallback([this](const Store::Record& r) { OnExpire(r); });
}

FlowTable::~FlowTable() = default;

void
FlowTable::DoDispose()
{
    m_store.Clear();
    Object::DoDispose();
}

void
FlowTable::SetCapacity(uint32_t entries)
{
    m_capacityEntries = entries;
    // Two entries per record; an odd capacity leaves the last entry unused, and
    // a capacity of one entry holds no flow (Insert() checks that case).
    m_store.SetCapacity(entries == 0 ? 0 : std::max<uint32_t>(1, entries / 2));
}

uint32_t
FlowTable::GetCapacityAttr() const
{
    return m_capacityEntries;
}

FlowTable::Hit
FlowTable::Lookup(const FlowTableKey& key, uint32_t bytes)
{
    Store::Side side;
    Hit hit;
    Store::Record* r = m_store.Lookup(key, bytes, &side);
    if (r != nullptr)
    {
        // A key equal to its own reverse is always found as the forward key.
        hit.reverse = (side == Store::REVERSE);
        hit.action = hit.reverse ? &r->value.reverse : &r->value.forward;
    }
    // A lookup can expire a stale pair.
    m_nEntries = 2 * m_store.GetNRecords();
    return hit;
}

FlowTable::InsertResult
FlowTable::Insert(const FlowTableKey& forwardKey,
                  const FlowAction& forward,
                  const FlowAction& reverse,
                  Time idleTimeout)
{
    Entry e{forward, reverse};
    Time timeout = idleTimeout.IsStrictlyPositive() ? idleTimeout : m_idleTimeout;
    // Full if the pair's two entries do not fit (the store alone cannot say
    // so for a capacity of one entry: for it, zero records means unlimited).
    if (m_store.IsFull() ||
        (m_capacityEntries != 0 && 2 * (m_store.GetNRecords() + 1) > m_capacityEntries))
    {
        NS_LOG_LOGIC("flow table full, not caching " << forwardKey.tuple);
        m_overflows++;
        m_overflowTrace(forwardKey);
        return FULL;
    }
    if (m_store.Insert(forwardKey, forwardKey.Reverse(), e, timeout) == nullptr)
    {
        NS_LOG_LOGIC("key already cached, not caching " << forwardKey.tuple);
        return CONFLICT;
    }
    m_nEntries = 2 * m_store.GetNRecords();
    m_peakEntries = std::max<uint32_t>(m_peakEntries, m_nEntries);
    m_createdTrace(forwardKey, e);
    return INSERTED;
}

void
FlowTable::OnExpire(const Store::Record& r)
{
    NS_LOG_LOGIC("entry pair expired " << r.keys[0].tuple);
    m_expiredTrace(r.keys[0], r.value);
    // The record is removed right after this callback.
    m_nEntries = 2 * (m_store.GetNRecords() - 1);
}

uint32_t
FlowTable::GetNEntries() const
{
    return 2 * m_store.GetNRecords();
}

uint32_t
FlowTable::GetPeakEntries() const
{
    return m_peakEntries;
}

uint32_t
FlowTable::GetCapacity() const
{
    return m_capacityEntries;
}

FlowTable::OverflowPolicy
FlowTable::GetOverflowPolicy() const
{
    return m_overflow;
}

uint64_t
FlowTable::GetOverflows() const
{
    return m_overflows;
}

uint64_t
FlowTable::GetBytes() const
{
    return uint64_t(GetNEntries()) * kEntryBytes;
}

void
FlowTable::Clear()
{
    m_store.Clear();
    m_nEntries = 0;
}

uint32_t
FlowTable::RemoveIf(const std::function<bool(const Entry&)>& predicate)
{
    uint32_t removed =
        m_store.EraseIf([&predicate](const Store::Record& r) { return predicate(r.value); });
    m_nEntries = 2 * m_store.GetNRecords();
    return 2 * removed;
}

const FlowTable::Store&
FlowTable::GetStore() const
{
    return m_store;
}

} // namespace sfc
} // namespace ns3
