/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "owner-cache.h"

#include "ns3/log.h"
#include "ns3/uinteger.h"

#include <algorithm>

namespace ns3
{
namespace sfc
{

NS_LOG_COMPONENT_DEFINE("SfcOwnerCache");
NS_OBJECT_ENSURE_REGISTERED(OwnerCache);

TypeId
OwnerCache::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sfc::OwnerCache")
            .SetParent<Object>()
            .SetGroupName("Sfc")
            .AddConstructor<OwnerCache>()
            .AddAttribute(
                "IdleTimeout",
                "An entry not used for this long is removed (zero: never).",
                TimeValue(Seconds(30)),
                MakeTimeAccessor(&OwnerCache::SetIdleTimeout, &OwnerCache::GetIdleTimeout),
                MakeTimeChecker(Time(0)))
            .AddAttribute(
                "MaxEntries",
                "Largest number of cached flows (0: unlimited).",
                UintegerValue(0),
                MakeUintegerAccessor(&OwnerCache::SetMaxEntries, &OwnerCache::GetMaxEntries),
                MakeUintegerChecker<uint32_t>())
            .AddTraceSource("Expired",
                            "An entry was removed by the idle timeout.",
                            MakeTraceSourceAccessor(&OwnerCache::m_expiredTrace),
                            "ns3::sfc::OwnerCache::ExpiredTracedCallback");
    return tid;
}

OwnerCache::OwnerCache()
    : m_idleTimeout(Seconds(30)),
      m_peak(0),
      m_hits(0),
      m_misses(0),
      m_expired(0),
      m_overflows(0)
{
    NS_LOG_FUNCTION(this);
    m_store.SetExpireCallback([this](const Store::Record& r) {
        NS_LOG_LOGIC("owner of " << r.keys[Store::FORWARD] << " expired");
        m_expired++;
        m_expiredTrace(r.keys[Store::FORWARD], r.value);
    });
}

OwnerCache::~OwnerCache()
{
    NS_LOG_FUNCTION(this);
}

bool
OwnerCache::Lookup(const VnetFlowKey& key, Ipv4Address& owner)
{
    Store::Record* r = m_store.Lookup(key, 0, nullptr);
    if (r == nullptr)
    {
        m_misses++;
        return false;
    }
    m_hits++;
    owner = r->value;
    return true;
}

bool
OwnerCache::Peek(const VnetFlowKey& key, Ipv4Address& owner) const
{
    const Store::Record* r = m_store.Peek(key);
    if (r == nullptr)
    {
        return false;
    }
    owner = r->value;
    return true;
}

OwnerCache::InsertResult
OwnerCache::Insert(const VnetFlowKey& key, Ipv4Address owner)
{
    NS_LOG_FUNCTION(this << key << owner);
    Store::Record* r = m_store.Lookup(key, 0, nullptr);
    if (r != nullptr)
    {
        r->value = owner;
        return UPDATED;
    }
    if (m_store.Insert(key, key.Reverse(), owner, m_idleTimeout) == nullptr)
    {
        m_overflows++;
        return FULL;
    }
    m_peak = std::max(m_peak, m_store.GetNRecords());
    return INSERTED;
}

bool
OwnerCache::Erase(const VnetFlowKey& key)
{
    return m_store.Erase(key);
}

uint32_t
OwnerCache::EraseOwner(Ipv4Address owner)
{
    NS_LOG_FUNCTION(this << owner);
    return m_store.EraseIf([owner](const Store::Record& r) { return r.value == owner; });
}

void
OwnerCache::Clear()
{
    m_store.Clear();
}

void
OwnerCache::SetIdleTimeout(Time timeout)
{
    m_idleTimeout = timeout;
}

Time
OwnerCache::GetIdleTimeout() const
{
    return m_idleTimeout;
}

void
OwnerCache::SetMaxEntries(uint32_t maxEntries)
{
    m_store.SetCapacity(maxEntries);
}

uint32_t
OwnerCache::GetMaxEntries() const
{
    return m_store.GetCapacity();
}

uint32_t
OwnerCache::GetNEntries() const
{
    return m_store.GetNRecords();
}

uint32_t
OwnerCache::GetPeakEntries() const
{
    return m_peak;
}

uint64_t
OwnerCache::GetHits() const
{
    return m_hits;
}

uint64_t
OwnerCache::GetMisses() const
{
    return m_misses;
}

uint64_t
OwnerCache::GetExpired() const
{
    return m_expired;
}

uint64_t
OwnerCache::GetOverflows() const
{
    return m_overflows;
}

} // namespace sfc
} // namespace ns3
