/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "forwarding-table.h"

#include <algorithm>

namespace ns3
{
namespace sfc
{

void
ForwardingTable::AddRoute(Ipv4Address network, Ipv4Mask mask, const Route& route)
{
    if (mask == Ipv4Mask::GetOnes())
    {
        m_hosts[network.Get()] = route;
        return;
    }
    PrefixRoute pr{network.CombineMask(mask), mask, mask.GetPrefixLength(), route};
    for (auto& existing : m_prefixes)
    {
        if (existing.network == pr.network && existing.mask == pr.mask)
        {
            existing.route = route; // a route to the same prefix replaces the old one
            return;
        }
    }
    auto pos = std::find_if(m_prefixes.begin(), m_prefixes.end(), [&](const PrefixRoute& r) {
        return r.length < pr.length;
    });
    m_prefixes.insert(pos, pr);
}

bool
ForwardingTable::Lookup(Ipv4Address dst, Route& route) const
{
    auto it = m_hosts.find(dst.Get());
    if (it != m_hosts.end())
    {
        route = it->second;
        return true;
    }
    for (const auto& pr : m_prefixes)
    {
        if (pr.mask.IsMatch(dst, pr.network))
        {
            route = pr.route;
            return true;
        }
    }
    return false;
}

uint32_t
ForwardingTable::GetNRoutes() const
{
    return static_cast<uint32_t>(m_hosts.size() + m_prefixes.size());
}

} // namespace sfc
} // namespace ns3
