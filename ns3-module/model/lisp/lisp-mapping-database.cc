/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "lisp-mapping-database.h"

#include "ns3/log.h"

namespace ns3
{
namespace sfc
{

NS_LOG_COMPONENT_DEFINE("LispMappingDatabase");

namespace
{
/// \param a record \param b record \return true if both map to the same locators
bool
SameLocators(const LispMappingRecord& a, const LispMappingRecord& b)
{
    if (a.locators.size() != b.locators.size() || a.action != b.action)
    {
        return false;
    }
    for (std::size_t i = 0; i < a.locators.size(); ++i)
    {
        const LispLocator& x = a.locators[i];
        const LispLocator& y = b.locators[i];
        if (!(x.rloc == y.rloc) || x.priority != y.priority || x.weight != y.weight ||
            x.flags != y.flags)
        {
            return false;
        }
    }
    return true;
}
} // namespace

bool
LispMappingDatabase::Program(const LispMappingRecord& record, LispEidPrefix* prefix)
{
    LispEidPrefix p = LispEidPrefix::FromAddress(record.eid, record.eidMaskLen);
    if (!p.IsValid())
    {
        return false;
    }
    NS_LOG_LOGIC("programmed " << p);
    m_programmed[p] = record;
    if (prefix)
    {
        *prefix = p;
    }
    return true;
}

bool
LispMappingDatabase::Unprogram(const LispEidPrefix& prefix)
{
    return m_programmed.erase(prefix) > 0;
}

bool
LispMappingDatabase::IsProgrammed(const LispEidPrefix& prefix) const
{
    return m_programmed.count(prefix) > 0;
}

bool
LispMappingDatabase::Register(const LispMappingRecord& record,
                              const Address& registrar,
                              Time expires,
                              LispEidPrefix* prefix)
{
    LispEidPrefix p = LispEidPrefix::FromAddress(record.eid, record.eidMaskLen);
    if (!p.IsValid())
    {
        return false;
    }
    auto it = m_registrations.find(p);
    bool changed = it == m_registrations.end() || !SameLocators(it->second.record, record);
    m_registrations[p] = Registration{record, registrar, expires};
    NS_LOG_LOGIC("registered " << p << " until " << expires.As(Time::S));
    if (prefix)
    {
        *prefix = p;
    }
    return changed;
}

uint32_t
LispMappingDatabase::Expire(Time now)
{
    uint32_t n = 0;
    for (auto it = m_registrations.begin(); it != m_registrations.end();)
    {
        if (it->second.expires <= now)
        {
            NS_LOG_LOGIC("registration expired: " << it->first);
            it = m_registrations.erase(it);
            ++n;
        }
        else
        {
            ++it;
        }
    }
    return n;
}

Time
LispMappingDatabase::GetNextExpiry() const
{
    Time t = Time::Max();
    for (const auto& kv : m_registrations)
    {
        t = std::min(t, kv.second.expires);
    }
    return t;
}

const LispMappingRecord*
LispMappingDatabase::Resolve(const LispEidPrefix& eid, Time now, LispEidPrefix* matched) const
{
    if (!eid.IsValid())
    {
        return nullptr;
    }
    for (int len = eid.GetLength(); len >= 0; --len)
    {
        LispEidPrefix p = eid.Truncate(static_cast<uint8_t>(len));
        const LispMappingRecord* r = nullptr;
        auto pit = m_programmed.find(p);
        if (pit != m_programmed.end())
        {
            r = &pit->second;
        }
        else
        {
            auto rit = m_registrations.find(p);
            if (rit != m_registrations.end() && rit->second.expires > now)
            {
                r = &rit->second.record;
            }
        }
        if (r)
        {
            if (matched)
            {
                *matched = p;
            }
            return r;
        }
    }
    return nullptr;
}

bool
LispMappingDatabase::HoldsMapping(const LispEidPrefix& c, Time now) const
{
    for (const auto& kv : m_programmed)
    {
        if (c.Contains(kv.first))
        {
            return true;
        }
    }
    for (const auto& kv : m_registrations)
    {
        if (kv.second.expires > now && c.Contains(kv.first))
        {
            return true;
        }
    }
    return false;
}

LispEidPrefix
LispMappingDatabase::NegativePrefix(const LispEidPrefix& q, Time now) const
{
    for (uint8_t len = 0; len < q.GetLength(); ++len)
    {
        LispEidPrefix c = q.Truncate(len);
        if (!HoldsMapping(c, now))
        {
            return c;
        }
    }
    return q;
}

uint32_t
LispMappingDatabase::GetRegistrationCount(Time now) const
{
    uint32_t n = 0;
    for (const auto& kv : m_registrations)
    {
        n += kv.second.expires > now ? 1 : 0;
    }
    return n;
}

} // namespace sfc
} // namespace ns3
