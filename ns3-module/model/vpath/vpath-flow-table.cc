/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "vpath-flow-table.h"

#include <algorithm>

namespace ns3
{
namespace sfc
{

VpathFlowTable::VpathFlowTable()
    : m_timeout(Seconds(60)),
      m_peak(0)
{
}

void
VpathFlowTable::SetIdleTimeout(Time timeout)
{
    m_timeout = timeout;
}

void
VpathFlowTable::SetCapacity(uint32_t maxEntries)
{
    m_table.SetCapacity(maxEntries);
}

bool
VpathFlowTable::Set(const VpathFlowKey& key, const VpathFlowEntry& entry)
{
    Table::Record* r = m_table.Lookup(key, 0, nullptr);
    if (r != nullptr)
    {
        r->value = entry;
        return true;
    }
    if (m_table.Insert(key, key, entry, m_timeout) == nullptr)
    {
        return false;
    }
    m_peak = std::max(m_peak, m_table.GetNRecords());
    return true;
}

const VpathFlowEntry*
VpathFlowTable::Find(const VpathFlowKey& key)
{
    Table::Record* r = m_table.Lookup(key, 0, nullptr);
    return r != nullptr ? &r->value : nullptr;
}

bool
VpathFlowTable::Erase(const VpathFlowKey& key)
{
    return m_table.Erase(key);
}

uint32_t
VpathFlowTable::GetSize() const
{
    return m_table.GetNRecords();
}

uint32_t
VpathFlowTable::GetPeakSize() const
{
    return m_peak;
}

void
VpathFlowTable::Clear()
{
    m_table.Clear();
}

} // namespace sfc
} // namespace ns3
