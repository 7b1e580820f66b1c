/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "association-store.h"

#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

#include <algorithm>

namespace ns3
{
namespace sfc
{

NS_LOG_COMPONENT_DEFINE("SfcAssociationStore");
NS_OBJECT_ENSURE_REGISTERED(AssociationStore);

TypeId
AssociationStore::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sfc::AssociationStore")
            .SetParent<Object>()
            .SetGroupName("Sfc")
            .AddConstructor<AssociationStore>()
            .AddAttribute("DefaultLifetime",
                          "Lifetime of an association whose registration carries none.",
                          TimeValue(Seconds(30)),
                          MakeTimeAccessor(&AssociationStore::SetDefaultLifetime,
                                           &AssociationStore::GetDefaultLifetime),
                          MakeTimeChecker(Time(1)))
            .AddAttribute("MaxEntries",
                          "Largest number of associations (0: unlimited).",
                          UintegerValue(0),
                          MakeUintegerAccessor(&AssociationStore::SetMaxEntries,
                                               &AssociationStore::GetMaxEntries),
                          MakeUintegerChecker<uint32_t>())
            .AddTraceSource("Expired",
                            "An association's lifetime ran out (flow as registered, owner).",
                            MakeTraceSourceAccessor(&AssociationStore::m_expiredTrace),
                            "ns3::sfc::OwnerCache::ExpiredTracedCallback");
    return tid;
}

AssociationStore::AssociationStore()
    : m_lifetime(Seconds(30)),
      m_peak(0),
      m_added(0),
      m_refreshed(0),
      m_replaced(0),
      m_withdrawn(0),
      m_expired(0),
      m_overflows(0),
      m_hits(0),
      m_misses(0)
{
    NS_LOG_FUNCTION(this);
    m_store.SetExpireCallback([this](const Store::Record& r) {
        NS_LOG_LOGIC("association " << r.keys[Store::FORWARD] << " -> " << r.value.owner
                                    << " expired");
        m_expired++;
        m_expiredTrace(r.keys[Store::FORWARD], r.value.owner);
    });
}

AssociationStore::~AssociationStore()
{
    NS_LOG_FUNCTION(this);
}

AssociationStore::RegisterResult
AssociationStore::Register(const VnetFlowKey& key,
                           Ipv4Address owner,
                           Time lifetime,
                           Association::Origin origin)
{
    NS_LOG_FUNCTION(this << key << owner << lifetime);
    if (!lifetime.IsStrictlyPositive())
    {
        lifetime = m_lifetime;
    }
    RegisterResult result = ADDED;
    const Store::Record* old = m_store.Peek(key);
    if (old != nullptr)
    {
        result = old->value.owner == owner ? REFRESHED : REPLACED;
        // Re-inserted so that the new lifetime applies from now.
        m_store.Erase(key);
    }
    Association a;
    a.owner = owner;
    a.origin = origin;
    if (m_store.Insert(key, key.Reverse(), a, lifetime) == nullptr)
    {
        m_overflows++;
        return FULL;
    }
    switch (result)
    {
    case ADDED:
        m_added++;
        break;
    case REFRESHED:
        m_refreshed++;
        break;
    case REPLACED:
        m_replaced++;
        break;
    case FULL:
        break;
    }
    m_peak = std::max(m_peak, m_store.GetNRecords());
    return result;
}

bool
AssociationStore::Withdraw(const VnetFlowKey& key, Ipv4Address owner)
{
    NS_LOG_FUNCTION(this << key << owner);
    const Store::Record* r = m_store.Peek(key);
    if (r == nullptr || r->value.owner != owner)
    {
        return false;
    }
    m_store.Erase(key);
    m_withdrawn++;
    return true;
}

bool
AssociationStore::Lookup(const VnetFlowKey& key, Association& out)
{
    const Store::Record* r = m_store.Peek(key);
    if (r == nullptr)
    {
        m_misses++;
        return false;
    }
    m_hits++;
    out = r->value;
    return true;
}

std::vector<AssociationStore::Moved>
AssociationStore::TakeMoved(const SubsetMap& map,
                            const QuerySubsetFunction& subsets,
                            Ipv4Address self)
{
    NS_LOG_FUNCTION(this << map.GetEpoch() << self);
    std::vector<Moved> moved;
    Time now = Simulator::Now();
    m_store.EraseIf([&](const Store::Record& r) {
        Ipv4Address helper;
        bool mine =
            map.GetHelper(subsets.GetSubset(r.keys[Store::FORWARD]), helper) && helper == self;
        if (mine)
        {
            return false;
        }
        Time remaining = r.lastUsed + r.timeout - now;
        if (remaining.IsStrictlyPositive())
        {
            moved.push_back(Moved{r.keys[Store::FORWARD], r.value, remaining});
        }
        return true;
    });
    return moved;
}

uint32_t
AssociationStore::EraseOwner(Ipv4Address owner)
{
    NS_LOG_FUNCTION(this << owner);
    return m_store.EraseIf([owner](const Store::Record& r) { return r.value.owner == owner; });
}

void
AssociationStore::Clear()
{
    m_store.Clear();
}

void
AssociationStore::SetDefaultLifetime(Time lifetime)
{
    m_lifetime = lifetime;
}

Time
AssociationStore::GetDefaultLifetime() const
{
    return m_lifetime;
}

void
AssociationStore::SetMaxEntries(uint32_t maxEntries)
{
    m_store.SetCapacity(maxEntries);
}

uint32_t
AssociationStore::GetMaxEntries() const
{
    return m_store.GetCapacity();
}

uint32_t
AssociationStore::GetNEntries() const
{
    return m_store.GetNRecords();
}

uint32_t
AssociationStore::GetPeakEntries() const
{
    return m_peak;
}

uint64_t
AssociationStore::GetAdded() const
{
    return m_added;
}

uint64_t
AssociationStore::GetRefreshed() const
{
    return m_refreshed;
}

uint64_t
AssociationStore::GetReplaced() const
{
    return m_replaced;
}

uint64_t
AssociationStore::GetWithdrawn() const
{
    return m_withdrawn;
}

uint64_t
AssociationStore::GetExpired() const
{
    return m_expired;
}

uint64_t
AssociationStore::GetOverflows() const
{
    return m_overflows;
}

uint64_t
AssociationStore::GetHits() const
{
    return m_hits;
}

uint64_t
AssociationStore::GetMisses() const
{
    return m_misses;
}

} // namespace sfc
} // namespace ns3
