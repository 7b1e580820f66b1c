/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "maglev-table.h"

#include "ns3/abort.h"
#include "ns3/hash-fnv.h"
#include "ns3/hash-murmur3.h"
#include "ns3/hash.h"

namespace ns3
{
namespace sfc
{

MaglevTable::MaglevTable(uint32_t size)
    : m_size(size)
{
    NS_ABORT_MSG_IF(!IsPrime(size), "Maglev table size must be prime, got " << size);
}

uint32_t
MaglevTable::GetSize() const
{
    return m_size;
}

bool
MaglevTable::IsPrime(uint32_t n)
{
    if (n < 2)
    {
        return false;
    }
    for (uint32_t d = 2; uint64_t(d) * d <= n; ++d)
    {
        if (n % d == 0)
        {
            return false;
        }
    }
    return true;
}

void
MaglevTable::Build(const std::vector<std::pair<uint32_t, uint32_t>>& offsetSkip)
{
    const uint32_t n = static_cast<uint32_t>(offsetSkip.size());
    m_entry.assign(m_size, -1);
    if (n == 0)
    {
        return;
    }
    // Pseudocode 1 of the paper: backends take turns claiming their next preferred free slot.
    std::vector<uint64_t> next(n, 0);
    uint32_t filled = 0;
    while (true)
    {
        for (uint32_t i = 0; i < n; ++i)
        {
            const uint64_t offset = offsetSkip[i].first % m_size;
            const uint64_t skip = offsetSkip[i].second % m_size;
            uint64_t c = (offset + next[i] * skip) % m_size;
            while (m_entry[c] >= 0)
            {
                next[i]++;
                c = (offset + next[i] * skip) % m_size;
            }
            m_entry[c] = static_cast<int32_t>(i);
            next[i]++;
            if (++filled == m_size)
            {
                return;
            }
        }
    }
}

void
MaglevTable::BuildFromIds(const std::vector<uint32_t>& ids)
{
    Hasher h1(Create<Hash::Function::Murmur3>());
    Hasher h2(Create<Hash::Function::Fnv1a>());
    std::vector<std::pair<uint32_t, uint32_t>> offsetSkip;
    for (uint32_t id : ids)
    {
        char name[4] = {static_cast<char>(id >> 24),
                        static_cast<char>(id >> 16),
                        static_cast<char>(id >> 8),
                        static_cast<char>(id)};
        uint32_t offset = h1.clear().GetHash32(name, sizeof(name)) % m_size;
        uint32_t skip = h2.clear().GetHash32(name, sizeof(name)) % (m_size - 1) + 1;
        offsetSkip.emplace_back(offset, skip);
    }
    Build(offsetSkip);
}

int32_t
MaglevTable::Lookup(uint32_t hash) const
{
    return m_entry.empty() ? -1 : m_entry[hash % m_size];
}

const std::vector<int32_t>&
MaglevTable::GetEntries() const
{
    return m_entry;
}

} // namespace sfc
} // namespace ns3
