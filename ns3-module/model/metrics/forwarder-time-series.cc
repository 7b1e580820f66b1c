/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "forwarder-time-series.h"

#include "ns3/flow-table.h"
#include "ns3/forwarder.h"
#include "ns3/log.h"
#include "ns3/simulator.h"

namespace ns3
{
namespace sfc
{

NS_LOG_COMPONENT_DEFINE("SfcForwarderTimeSeries");
NS_OBJECT_ENSURE_REGISTERED(ForwarderTimeSeries);

TypeId
ForwarderTimeSeries::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sfc::ForwarderTimeSeries")
                            .SetParent<Object>()
                            .SetGroupName("Sfc")
                            .AddConstructor<ForwarderTimeSeries>()
                            .AddAttribute("Interval",
                                          "Time between two samples (the time-series interval).",
                                          TimeValue(Seconds(1)),
                                          MakeTimeAccessor(&ForwarderTimeSeries::m_interval),
                                          MakeTimeChecker(NanoSeconds(1)));
    return tid;
}

ForwarderTimeSeries::ForwarderTimeSeries()
    : m_interval(Seconds(1))
{
    NS_LOG_FUNCTION(this);
}

void
ForwarderTimeSeries::DoDispose()
{
    m_next.Cancel();
    m_forwarders.clear();
    Object::DoDispose();
}

void
ForwarderTimeSeries::Watch(Ptr<Forwarder> forwarder, const std::string& name)
{
    NS_LOG_FUNCTION(this << forwarder << name);
    m_forwarders.push_back(forwarder);
    m_names.push_back(name);
    m_samples.emplace_back();
}

void
ForwarderTimeSeries::Start()
{
    NS_LOG_FUNCTION(this);
    m_next.Cancel();
    m_next = Simulator::ScheduleNow(&ForwarderTimeSeries::Sample, this);
}

void
ForwarderTimeSeries::Record()
{
    for (std::size_t i = 0; i < m_forwarders.size(); ++i)
    {
        m_samples[i].push_back(m_forwarders[i]->GetFlowTable()->GetNEntries());
    }
}

void
ForwarderTimeSeries::Sample()
{
    Record();
    m_next = Simulator::Schedule(m_interval, &ForwarderTimeSeries::Sample, this);
}

void
ForwarderTimeSeries::Complete(std::size_t n)
{
    m_next.Cancel();
    while (GetNSamples() < n && !m_forwarders.empty())
    {
        Record();
    }
}

const std::vector<std::string>&
ForwarderTimeSeries::GetNames() const
{
    return m_names;
}

std::size_t
ForwarderTimeSeries::GetNSamples() const
{
    return m_samples.empty() ? 0 : m_samples.front().size();
}

std::vector<uint32_t>
ForwarderTimeSeries::GetColumn(std::size_t index, std::size_t n) const
{
    std::vector<uint32_t> column;
    if (index >= m_samples.size())
    {
        return column;
    }
    const auto& s = m_samples[index];
    column.assign(s.begin(), s.begin() + std::min(n, s.size()));
    return column;
}

} // namespace sfc
} // namespace ns3
