/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "query-subset.h"

#include "ns3/abort.h"

#include <algorithm>

namespace ns3
{
namespace sfc
{

QuerySubsetFunction::QuerySubsetFunction(uint32_t numSubsets, Fields fields, uint32_t salt)
    : m_numSubsets(numSubsets),
      m_fields(fields),
      m_salt(salt)
{
    NS_ABORT_MSG_IF(numSubsets == 0 || numSubsets > kMaxSubsets,
                    "number of query subsets must be 1.." << kMaxSubsets << ", got " << numSubsets);
}

uint32_t
QuerySubsetFunction::GetSubset(const VnetFlowKey& key) const
{
    if (m_fields == ADDRESSES)
    {
        VnetFlowKey addresses = key;
        addresses.tuple.sport = 0;
        addresses.tuple.dport = 0;
        return addresses.SymmetricHash(m_salt ^ 0xad0e55e5u) % m_numSubsets;
    }
    return key.SymmetricHash(m_salt) % m_numSubsets;
}

uint32_t
QuerySubsetFunction::GetNSubsets() const
{
    return m_numSubsets;
}

QuerySubsetFunction::Fields
QuerySubsetFunction::GetFields() const
{
    return m_fields;
}

SubsetMap::SubsetMap(uint32_t epoch, std::vector<Ipv4Address> vplanes, uint32_t numSubsets)
    : m_epoch(epoch),
      m_vplanes(std::move(vplanes)),
      m_index(numSubsets, kUnassigned)
{
    std::sort(m_vplanes.begin(), m_vplanes.end());
    m_vplanes.erase(std::unique(m_vplanes.begin(), m_vplanes.end()), m_vplanes.end());
    NS_ABORT_MSG_IF(m_vplanes.size() >= kUnassigned, "too many vPlanes for a subset map");
}

bool
SubsetMap::Assign(uint32_t subset, Ipv4Address vplane)
{
    auto it = std::lower_bound(m_vplanes.begin(), m_vplanes.end(), vplane);
    if (subset >= m_index.size() || it == m_vplanes.end() || *it != vplane)
    {
        return false;
    }
    m_index[subset] = static_cast<uint16_t>(it - m_vplanes.begin());
    return true;
}

bool
SubsetMap::SetIndex(uint32_t subset, uint16_t index)
{
    if (subset >= m_index.size() || (index != kUnassigned && index >= m_vplanes.size()))
    {
        return false;
    }
    m_index[subset] = index;
    return true;
}

uint16_t
SubsetMap::GetIndex(uint32_t subset) const
{
    return subset < m_index.size() ? m_index[subset] : kUnassigned;
}

bool
SubsetMap::GetHelper(uint32_t subset, Ipv4Address& helper) const
{
    if (subset >= m_index.size() || m_index[subset] == kUnassigned)
    {
        return false;
    }
    helper = m_vplanes[m_index[subset]];
    return true;
}

bool
SubsetMap::IsComplete() const
{
    return !m_index.empty() && std::none_of(m_index.begin(), m_index.end(), [](uint16_t i) {
        return i == kUnassigned;
    });
}

uint32_t
SubsetMap::GetEpoch() const
{
    return m_epoch;
}

void
SubsetMap::SetEpoch(uint32_t epoch)
{
    m_epoch = epoch;
}

uint32_t
SubsetMap::GetNSubsets() const
{
    return static_cast<uint32_t>(m_index.size());
}

const std::vector<Ipv4Address>&
SubsetMap::GetVplanes() const
{
    return m_vplanes;
}

std::vector<uint32_t>
SubsetMap::GetSubsetsOf(Ipv4Address vplane) const
{
    std::vector<uint32_t> out;
    for (uint32_t s = 0; s < m_index.size(); ++s)
    {
        if (m_index[s] != kUnassigned && m_vplanes[m_index[s]] == vplane)
        {
            out.push_back(s);
        }
    }
    return out;
}

std::map<Ipv4Address, uint32_t>
SubsetMap::GetLoad() const
{
    std::map<Ipv4Address, uint32_t> load;
    for (const auto& v : m_vplanes)
    {
        load[v] = 0;
    }
    for (uint16_t i : m_index)
    {
        if (i != kUnassigned)
        {
            load[m_vplanes[i]]++;
        }
    }
    return load;
}

std::vector<uint32_t>
SubsetMap::Moved(const SubsetMap& before, const SubsetMap& after)
{
    std::vector<uint32_t> moved;
    uint32_t k = after.GetNSubsets();
    bool sameK = before.GetNSubsets() == k;
    for (uint32_t s = 0; s < k; ++s)
    {
        Ipv4Address a;
        Ipv4Address b;
        bool hasA = sameK && before.GetHelper(s, a);
        bool hasB = after.GetHelper(s, b);
        if (!sameK || hasA != hasB || (hasA && a != b))
        {
            moved.push_back(s);
        }
    }
    return moved;
}

bool
operator==(const SubsetMap& a, const SubsetMap& b)
{
    if (a.GetEpoch() != b.GetEpoch() || a.GetVplanes() != b.GetVplanes() ||
        a.GetNSubsets() != b.GetNSubsets())
    {
        return false;
    }
    for (uint32_t s = 0; s < a.GetNSubsets(); ++s)
    {
        if (a.GetIndex(s) != b.GetIndex(s))
        {
            return false;
        }
    }
    return true;
}

} // namespace sfc
} // namespace ns3
