/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "vpath-tag-map.h"

namespace ns3
{
namespace sfc
{

bool
VpathTagMap::Add(uint32_t policy, uint16_t inTag, uint16_t outTag)
{
    if (inTag == outTag || m_byPolicy.count(policy) || m_byTag.count(inTag) ||
        m_byTag.count(outTag))
    {
        return false;
    }
    m_byPolicy[policy] = TagPair{inTag, outTag};
    m_byTag[inTag] = {policy, false};
    m_byTag[outTag] = {policy, true};
    return true;
}

bool
VpathTagMap::Remove(uint32_t policy)
{
    auto it = m_byPolicy.find(policy);
    if (it == m_byPolicy.end())
    {
        return false;
    }
    m_byTag.erase(it->second.inTag);
    m_byTag.erase(it->second.outTag);
    m_byPolicy.erase(it);
    return true;
}

const VpathTagMap::TagPair*
VpathTagMap::ForPolicy(uint32_t policy) const
{
    auto it = m_byPolicy.find(policy);
    return it == m_byPolicy.end() ? nullptr : &it->second;
}

bool
VpathTagMap::FromTag(uint16_t tag, uint32_t& policy, bool& isOutput) const
{
    auto it = m_byTag.find(tag);
    if (it == m_byTag.end())
    {
        return false;
    }
    policy = it->second.first;
    isOutput = it->second.second;
    return true;
}

uint32_t
VpathTagMap::GetSize() const
{
    return m_byPolicy.size();
}

const std::map<uint32_t, VpathTagMap::TagPair>&
VpathTagMap::GetPolicies() const
{
    return m_byPolicy;
}

} // namespace sfc
} // namespace ns3
