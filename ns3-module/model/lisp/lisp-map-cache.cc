/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "lisp-map-cache.h"

#include "ns3/log.h"
#include "ns3/nstime.h"
#include "ns3/uinteger.h"

namespace ns3
{
namespace sfc
{

NS_LOG_COMPONENT_DEFINE("LispMapCache");
NS_OBJECT_ENSURE_REGISTERED(LispMapCache);

bool
LispMapCacheEntry::IsNegative() const
{
    return record.IsNegative();
}

TypeId
LispMapCache::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sfc::LispMapCache")
            .SetParent<Object>()
            .SetGroupName("Sfc")
            .AddConstructor<LispMapCache>()
            .AddAttribute("TtlUnit",
                          "Duration of one unit of a record TTL. RFC 9301 counts TTLs in "
                          "minutes; any other value is non-standard (for short studies).",
                          TimeValue(Minutes(1)),
                          MakeTimeAccessor(&LispMapCache::m_ttlUnit),
                          MakeTimeChecker(NanoSeconds(1)))
            .AddAttribute("Capacity",
                          "Maximum number of entries; at capacity a new prefix evicts the "
                          "entry closest to expiry.",
                          UintegerValue(1024),
                          MakeUintegerAccessor(&LispMapCache::m_capacity),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("MapRequestsPerSecond",
                          "Map-Requests admitted per EID prefix in any one-second window "
                          "(RFC 9301 section 5.3 suggests 1).",
                          UintegerValue(1),
                          MakeUintegerAccessor(&LispMapCache::m_requestsPerSecond),
                          MakeUintegerChecker<uint32_t>());
    return tid;
}

LispMapCache::LispMapCache()
    : m_ttlUnit(Minutes(1)),
      m_capacity(1024),
      m_requestsPerSecond(1),
      m_peak(0),
      m_hits(0),
      m_misses(0),
      m_evictions(0),
      m_expirations(0),
      m_rateLimited(0)
{
    NS_LOG_FUNCTION(this);
}

LispMapCache::~LispMapCache()
{
    NS_LOG_FUNCTION(this);
}

bool
LispMapCache::Insert(const LispMappingRecord& record, Time now)
{
    NS_LOG_FUNCTION(this << record.ttl << now);
    LispEidPrefix prefix = LispEidPrefix::FromAddress(record.eid, record.eidMaskLen);
    if (!prefix.IsValid())
    {
        return false;
    }
    Expire(now);
    if (record.ttl == 0 || m_capacity == 0)
    {
        Remove(prefix);
        return false;
    }
    auto it = m_entries.find(prefix);
    if (it == m_entries.end())
    {
        while (m_entries.size() >= m_capacity)
        {
            EvictOne();
        }
        it = m_entries.emplace(prefix, LispMapCacheEntry()).first;
    }
    LispMapCacheEntry& e = it->second;
    e.prefix = prefix;
    e.record = record;
    e.inserted = now;
    e.expires = now + m_ttlUnit * static_cast<int64_t>(record.ttl);
    e.refreshRequested = false;
    m_peak = std::max<uint32_t>(m_peak, m_entries.size());
    return true;
}

const LispMapCacheEntry*
LispMapCache::Lookup(const LispEidPrefix& eid, Time now)
{
    NS_LOG_FUNCTION(this << eid << now);
    Expire(now);
    if (eid.IsValid())
    {
        for (int len = eid.GetLength(); len >= 0; --len)
        {
            auto it = m_entries.find(eid.Truncate(static_cast<uint8_t>(len)));
            if (it != m_entries.end())
            {
                ++m_hits;
                return &it->second;
            }
        }
    }
    ++m_misses;
    return nullptr;
}

const LispMapCacheEntry*
LispMapCache::Find(const LispEidPrefix& prefix) const
{
    auto it = m_entries.find(prefix);
    return it == m_entries.end() ? nullptr : &it->second;
}

bool
LispMapCache::Remove(const LispEidPrefix& prefix)
{
    return m_entries.erase(prefix) > 0;
}

uint32_t
LispMapCache::Expire(Time now)
{
    uint32_t n = 0;
    for (auto it = m_entries.begin(); it != m_entries.end();)
    {
        if (it->second.expires <= now)
        {
            NS_LOG_LOGIC("expired " << it->first);
            it = m_entries.erase(it);
            ++n;
        }
        else
        {
            ++it;
        }
    }
    m_expirations += n;
    return n;
}

Time
LispMapCache::GetNextExpiry() const
{
    Time t = Time::Max();
    for (const auto& kv : m_entries)
    {
        t = std::min(t, kv.second.expires);
    }
    return t;
}

void
LispMapCache::EvictOne()
{
    auto victim = m_entries.begin();
    for (auto it = m_entries.begin(); it != m_entries.end(); ++it)
    {
        if (it->second.expires < victim->second.expires)
        {
            victim = it;
        }
    }
    if (victim != m_entries.end())
    {
        NS_LOG_LOGIC("evicted " << victim->first);
        m_entries.erase(victim);
        ++m_evictions;
    }
}

uint32_t
LispMapCache::MarkRefresh(const LispEidPrefix& eid)
{
    NS_LOG_FUNCTION(this << eid);
    uint32_t n = 0;
    for (auto& kv : m_entries)
    {
        if (kv.first.Contains(eid) || eid.Contains(kv.first))
        {
            kv.second.refreshRequested = true;
            ++n;
        }
    }
    return n;
}

bool
LispMapCache::MayRequest(const LispEidPrefix& prefix, Time now)
{
    NS_LOG_FUNCTION(this << prefix << now);
    // forget windows that have passed, in prefix order
    for (auto it = m_requests.begin(); it != m_requests.end();)
    {
        std::deque<Time>& q = it->second;
        while (!q.empty() && q.front() + Seconds(1) <= now)
        {
            q.pop_front();
        }
        it = q.empty() ? m_requests.erase(it) : std::next(it);
    }
    std::deque<Time>& q = m_requests[prefix];
    if (q.size() >= m_requestsPerSecond)
    {
        if (q.empty())
        {
            m_requests.erase(prefix);
        }
        ++m_rateLimited;
        return false;
    }
    q.push_back(now);
    return true;
}

Time
LispMapCache::GetTtlUnit() const
{
    return m_ttlUnit;
}

void
LispMapCache::SetTtlUnit(Time unit)
{
    m_ttlUnit = unit;
}

uint32_t
LispMapCache::GetSize() const
{
    return static_cast<uint32_t>(m_entries.size());
}

uint32_t
LispMapCache::GetPeakSize() const
{
    return m_peak;
}

uint64_t
LispMapCache::GetHits() const
{
    return m_hits;
}

uint64_t
LispMapCache::GetMisses() const
{
    return m_misses;
}

uint64_t
LispMapCache::GetEvictions() const
{
    return m_evictions;
}

uint64_t
LispMapCache::GetExpirations() const
{
    return m_expirations;
}

uint64_t
LispMapCache::GetRateLimited() const
{
    return m_rateLimited;
}

const std::map<LispEidPrefix, LispMapCacheEntry>&
LispMapCache::GetEntries() const
{
    return m_entries;
}

} // namespace sfc
} // namespace ns3
