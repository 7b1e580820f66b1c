/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "translation-table.h"

#include "ns3/log.h"

namespace ns3
{
namespace sfc
{

NS_LOG_COMPONENT_DEFINE("SfcTranslationTable");
NS_OBJECT_ENSURE_REGISTERED(TranslationTable);

bool
operator==(const Resolution& a, const Resolution& b)
{
    return a.resolvable == b.resolvable && (!a.resolvable || a.host == b.host);
}

TypeId
TranslationTable::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sfc::TranslationTable")
                            .SetParent<Object>()
                            .SetGroupName("Sfc")
                            .AddConstructor<TranslationTable>();
    return tid;
}

TranslationTable::TranslationTable()
    : m_version(0)
{
    NS_LOG_FUNCTION(this);
}

TranslationTable::~TranslationTable()
{
    NS_LOG_FUNCTION(this);
}

void
TranslationTable::Set(const VnetEndpoint& vm, Ipv4Address host)
{
    NS_LOG_FUNCTION(this << vm << host);
    m_hosts[vm] = host;
    m_version++;
}

bool
TranslationTable::Remove(const VnetEndpoint& vm)
{
    NS_LOG_FUNCTION(this << vm);
    if (m_hosts.erase(vm) == 0)
    {
        return false;
    }
    m_version++;
    return true;
}

uint32_t
TranslationTable::RemoveHost(Ipv4Address host)
{
    NS_LOG_FUNCTION(this << host);
    uint32_t removed = 0;
    for (auto it = m_hosts.begin(); it != m_hosts.end();)
    {
        if (it->second == host)
        {
            it = m_hosts.erase(it);
            removed++;
        }
        else
        {
            ++it;
        }
    }
    if (removed > 0)
    {
        m_version++;
    }
    return removed;
}

void
TranslationTable::Clear()
{
    NS_LOG_FUNCTION(this);
    if (!m_hosts.empty())
    {
        m_hosts.clear();
        m_version++;
    }
}

Resolution
TranslationTable::Resolve(const VnetEndpoint& vm) const
{
    auto it = m_hosts.find(vm);
    if (it == m_hosts.end())
    {
        return Resolution::Unknown();
    }
    return Resolution::Host(it->second);
}

uint32_t
TranslationTable::GetN() const
{
    return static_cast<uint32_t>(m_hosts.size());
}

uint64_t
TranslationTable::GetVersion() const
{
    return m_version;
}

const std::map<VnetEndpoint, Ipv4Address>&
TranslationTable::GetEntries() const
{
    return m_hosts;
}

} // namespace sfc
} // namespace ns3
