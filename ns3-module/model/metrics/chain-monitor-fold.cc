/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// ChainMonitor: folding ended flows into the aggregates, and the results.
//
// A flow's record is held while the flow is open and for RetireDelay after
// it ended (its packets still in the network may still break it: a final
// ACK dropped for lack of state, a RST answering it, a tuple change seen by
// the server); then RetireDue(), at the next trace, folds it into integer
// counters and releases it. What cannot be folded early:
// - mean_fct_s and path_stretch are floating-point sums taken in flow-id
//   order (the order of the former std::map), so each flow leaves its
//   completion time and first-SYN hop pair (12 bytes) in its client's log,
//   summed in id order by Finalize();
// - a flow that broke at the very time it is folded, or broken without a
//   recorded break, has its per-event part counted by Finalize(), when every
//   event is known (an event recorded later cannot involve an ended flow
//   otherwise: it needs the flow to end after it);
// - with KeepFlowRecords() (--flowsCsv) every record is kept for the CSV.

#include "chain-monitor.h"

#include "ns3/forwarder.h"
#include "ns3/log.h"
#include "ns3/service-chain.h"
#include "ns3/simulator.h"

#include <algorithm>
#include <numeric>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SfcChainMonitorFold");

namespace sfc
{

ChainMonitor::BinCounts&
ChainMonitor::BinAt(Time t)
{
    int64_t b = std::max<int64_t>(t.GetNanoSeconds() / m_binWidth.GetNanoSeconds(), 0);
    if (std::size_t(b) >= m_bins.size())
    {
        m_bins.resize(std::size_t(b) + 1);
    }
    return m_bins[b];
}

void
ChainMonitor::Fold(uint32_t slot, bool atEnd)
{
    const FlowRecord& r = m_live.At(slot);
    const uint32_t* instance = Instances(slot);
    ClientLog& c = m_clients[r.client];
    bool broken = r.IsBroken();
    m_nFlows++;
    m_stickyFlows += r.sticky ? 1 : 0;
    m_brokenFlows += broken ? 1 : 0;
    m_tupleChangedFlows += r.tupleChanged ? 1 : 0;
    if (r.completed)
    {
        m_completedFlows++;
        c.fctSteps[r.index] = (r.end - r.start).GetTimeStep();
        m_requested += r.requests;
        m_answered += std::min(r.responses, r.requests);
    }
    else if (r.failed)
    {
        m_failedFlows++;
    }
    else
    {
        m_openFlows++;
    }
    uint32_t shortest = (m_havePathModel && r.synOut) ? ShortestHops(r, SynInstances(slot)) : 0;
    if (shortest > 0)
    {
        NS_ABORT_MSG_IF(r.synHops > 0xffff || shortest > 0xffff, "path of more than 65535 hops");
        c.hops[r.index] = (r.synHops << 16) | shortest;
        m_stretchMax = std::max(m_stretchMax, double(r.synHops) / shortest);
    }
    if (m_keepRecords)
    {
        c.kept[r.index] = r;
        std::copy_n(instance + 1,
                    m_nFunctions,
                    &c.keptInstances[std::size_t(r.index) * m_nFunctions]);
        c.keptShortest[r.index] = shortest;
    }

    // Time series: integer counters of the intervals, and the open-flow count
    // as a difference array (+1 at the first interval the flow is open at the
    // start of, -1 after the last).
    Time now = Simulator::Now();
    bool ended = r.completed || r.failed;
    int64_t b0 = &BinAt(r.start) - m_bins.data();
    m_bins[b0].flowsStarted++;
    if (r.completed)
    {
        BinAt(r.end).flowsCompleted++;
    }
    int64_t first = b0 + 1;
    int64_t last = int64_t(m_bins.size()) - 1; // open at the end: to the last interval
    if (ended)
    {
        int64_t w = m_binWidth.GetTimeStep();
        last = (r.end.GetTimeStep() + w - 1) / w - 1; // intervals starting before its end
    }
    if (first <= last)
    {
        BinAt(m_binWidth * first).activeDelta++;
        BinAt(m_binWidth * (last + 1)).activeDelta--;
    }
    bool breakKnown = !broken || r.firstBreak != Time::Max() || atEnd;
    Time broke = broken ? (r.firstBreak == Time::Max() ? now : r.firstBreak) : Time::Max();
    if (broken && breakKnown)
    {
        BinAt(broke).flowsBroken++;
    }
    if (!breakKnown || (!atEnd && broken && broke == now))
    {
        m_deferred.push_back(DeferredTimes{r.start, r.end, broken, r.firstBreak, !breakKnown});
        return;
    }
    FoldEvents(r.start, ended, r.end, broke);
}

void
ChainMonitor::FoldEvents(Time start, bool ended, Time end, Time broke)
{
    // A flow is active across an event if it started before it, had not ended
    // and was not broken yet; it is broken by the event if it breaks before the
    // next one (a flow broken without a recorded break point, i.e. one that
    // just did not complete, counts at the end of the run).
    bool any = false;
    bool brokenAcross = false;
    for (std::size_t i = 0; i < m_events.size(); ++i)
    {
        Time t = m_events[i].first;
        if (!(start < t && (!ended || end > t) && broke >= t))
        {
            continue;
        }
        any = true;
        Time next = i + 1 < m_events.size() ? m_events[i + 1].first : Time::Max();
        m_eventCounts[i].activeFlows++;
        if (broke < next || (i + 1 == m_events.size() && broke != Time::Max()))
        {
            m_eventCounts[i].brokenFlows++;
        }
        brokenAcross = brokenAcross || broke != Time::Max();
    }
    m_flowsAcrossEvents += any ? 1 : 0;
    m_brokenAcrossEvents += brokenAcross ? 1 : 0;
}

ChainMonitor::Summary
ChainMonitor::Finalize()
{
    if (m_finalized)
    {
        return m_summary;
    }
    m_finalized = true;
    Time end = Simulator::Now();
    m_retireQueue.clear();
    uint32_t nBins = static_cast<uint32_t>(end.GetNanoSeconds() / m_binWidth.GetNanoSeconds()) + 1;
    m_bins.resize(nBins);
    // Every record still held, in any order (what it adds does not depend on it).
    std::vector<uint64_t> ids;
    ids.reserve(m_live.GetSize());
    m_live.ForEach([&ids](uint64_t id, const FlowRecord&) { ids.push_back(id); });
    for (uint64_t id : ids)
    {
        Fold(m_live.FindSlot(id), true);
    }
    m_live.Clear();
    m_instancePool.clear();
    m_instancePool.shrink_to_fit();
    m_bins.resize(nBins); // a -1 past the last interval is not needed
    for (const DeferredTimes& d : m_deferred)
    {
        Time broke = d.broken ? (d.firstBreak == Time::Max() ? end : d.firstBreak) : Time::Max();
        if (d.binPending)
        {
            BinAt(broke).flowsBroken++;
        }
        FoldEvents(d.start, true, d.end, broke);
    }
    m_deferred.clear();

    Summary& s = m_summary;
    s.flows = m_nFlows;
    s.stickyFlows = m_stickyFlows;
    s.brokenFlows = m_brokenFlows;
    s.tupleChangedFlows = m_tupleChangedFlows;
    s.completedFlows = m_completedFlows;
    s.failedFlows = m_failedFlows;
    s.openFlows = m_openFlows;
    s.pathStretchMax = m_stretchMax;
    s.stickinessRatio = s.flows ? double(s.stickyFlows) / s.flows : 0;
    s.brokenRatioAll = s.flows ? double(s.brokenFlows) / s.flows : 0;
    FinalizeEvents(s, end);
    s.brokenRatio =
        m_events.empty()
            ? s.brokenRatioAll
            : (s.flowsAcrossEvents ? double(s.brokenAcrossEvents) / s.flowsAcrossEvents : 0);
    FinalizeOrderedSums(s);
    s.responseLossRatio = m_requested ? double(m_requested - m_answered) / m_requested : 0;
    for (uint32_t i = 0; i < kNumDropReasons; ++i)
    {
        s.instanceDrops[i] = m_instanceDrops[i];
        s.forwarderDrops[i] = m_forwarderDrops[i];
    }
    s.noStateDrops = m_instanceDrops[static_cast<uint32_t>(DropReason::NO_STATE)];
    for (const auto& nf : m_forwarders)
    {
        ForwarderStats fs;
        fs.name = nf.first;
        Ptr<FlowTable> table = nf.second->GetFlowTable();
        fs.peakEntries = table->GetPeakEntries();
        fs.peakBytes = uint64_t(fs.peakEntries) * FlowTable::kEntryBytes;
        fs.hits = nf.second->GetHits();
        fs.misses = nf.second->GetMisses();
        for (uint32_t i = 0; i < kNumDropReasons; ++i)
        {
            fs.drops += nf.second->GetDrops(static_cast<DropReason>(i));
        }
        fs.packets = nf.second->GetPackets();
        for (uint32_t f = 1; f <= m_nFunctions; ++f)
        {
            if (m_chain && m_chain->GetDesignatedForwarder(f) == nf.second->GetLocator())
            {
                fs.dfFor.push_back(f);
            }
        }
        s.peakFlowEntries = std::max(s.peakFlowEntries, fs.peakEntries);
        s.peakFlowEntriesTotal += fs.peakEntries;
        s.peakFlowTableBytes = std::max(s.peakFlowTableBytes, fs.peakBytes);
        s.forwarders.push_back(fs);
    }
    FinalizeTimeSeries(s, end);
    return s;
}

void
ChainMonitor::FinalizeOrderedSums(Summary& s) const
{
    // The clients in flow-id order (each client's ids are consecutive), then
    // each client's flows in order: the order the sums were always taken in.
    std::vector<uint32_t> order(m_clients.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [this](uint32_t a, uint32_t b) {
        return m_clients[a].firstId < m_clients[b].firstId;
    });
    double fctSum = 0;
    double stretchSum = 0;
    uint32_t stretchCount = 0;
    for (uint32_t ci : order)
    {
        const ClientLog& c = m_clients[ci];
        for (uint32_t i = 0; i < c.flows; ++i)
        {
            if (c.fctSteps[i] >= 0)
            {
                fctSum += TimeStep(c.fctSteps[i]).GetSeconds();
            }
            if (c.hops[i] != 0)
            {
                stretchSum += double(c.hops[i] >> 16) / (c.hops[i] & 0xffff);
                stretchCount++;
            }
        }
    }
    s.meanFctS = s.completedFlows ? fctSum / s.completedFlows : 0;
    s.pathStretch = stretchCount ? stretchSum / stretchCount : 0;
}

void
ChainMonitor::FinalizeEvents(Summary& s, Time end)
{
    // Each event's no-state drops are those from it to the next event, or to
    // the end of the run (exclusive).
    if (!m_eventCounts.empty() && m_lastDropTime == end)
    {
        m_eventCounts.back().noStateDrops -= m_dropsAtLastTime;
    }
    for (std::size_t i = 0; i < m_events.size(); ++i)
    {
        EventStats e;
        e.time = m_events[i].first;
        e.label = m_events[i].second;
        e.activeFlows = m_eventCounts[i].activeFlows;
        e.brokenFlows = m_eventCounts[i].brokenFlows;
        e.noStateDrops = m_eventCounts[i].noStateDrops;
        e.brokenRatio = e.activeFlows ? double(e.brokenFlows) / e.activeFlows : 0;
        s.events.push_back(e);
    }
    s.flowsAcrossEvents = m_flowsAcrossEvents;
    s.brokenAcrossEvents = m_brokenAcrossEvents;
}

void
ChainMonitor::FinalizeTimeSeries(Summary& s, Time end)
{
    s.binWidth = m_binWidth;
    uint32_t nBins = static_cast<uint32_t>(end.GetNanoSeconds() / m_binWidth.GetNanoSeconds()) + 1;
    s.timeseries.assign(nBins, Bin());
    int64_t active = 0;
    for (uint32_t b = 0; b < nBins; ++b)
    {
        Bin& bin = s.timeseries[b];
        const BinCounts& c = m_bins[b];
        bin.start = m_binWidth * b;
        bin.instances.assign(m_nFunctions + 1, 0);
        bin.flowsStarted = c.flowsStarted;
        bin.flowsCompleted = c.flowsCompleted;
        bin.flowsBroken = c.flowsBroken;
        bin.noStateDrops = c.noStateDrops;
        active += c.activeDelta;
        bin.activeFlows = static_cast<uint32_t>(active);
    }
    for (const auto& change : m_membershipLog)
    {
        // A change at t counts from the first bin starting at or after t.
        Time t = std::get<0>(change);
        for (uint32_t b = 0; b < nBins; ++b)
        {
            if (s.timeseries[b].start >= t)
            {
                s.timeseries[b].instances[std::get<1>(change)] = std::get<2>(change);
            }
        }
    }
}

void
ChainMonitor::WriteFlowsCsv(std::ostream& os) const
{
    NS_ABORT_MSG_IF(!m_finalized || !m_keepRecords,
                    "ChainMonitor::WriteFlowsCsv needs KeepFlowRecords() and Finalize()");
    os << "flow_id,src,sport,dst,dport,start_s,end_s,completed,failed,fail_reason,sticky,"
          "broken,no_state_drops,tuple_changed,requests,responses,syn_hops,path_hops_min";
    for (uint32_t f = 1; f <= m_nFunctions; ++f)
    {
        os << ",instance_f" << f;
    }
    os << "\n";
    std::vector<uint32_t> order(m_clients.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [this](uint32_t a, uint32_t b) {
        return m_clients[a].firstId < m_clients[b].firstId;
    });
    for (uint32_t ci : order)
    {
        const ClientLog& c = m_clients[ci];
        for (uint32_t i = 0; i < c.flows; ++i)
        {
            const FlowRecord& r = c.kept[i];
            os << r.id << "," << r.key.src << "," << r.key.sport << "," << r.key.dst << ","
               << r.key.dport << "," << r.start.GetSeconds() << ","
               << (r.completed || r.failed ? r.end.GetSeconds() : -1.0) << "," << r.completed << ","
               << r.failed << "," << (r.failed ? int(r.failReason) : -1) << "," << r.sticky << ","
               << r.IsBroken() << "," << r.noStateDrops << "," << r.tupleChanged << ","
               << r.requests << "," << r.responses << "," << (r.synOut ? r.synHops : 0) << ","
               << c.keptShortest[i];
            for (uint32_t f = 0; f < m_nFunctions; ++f)
            {
                os << "," << c.keptInstances[std::size_t(i) * m_nFunctions + f];
            }
            os << "\n";
        }
    }
}

} // namespace sfc
} // namespace ns3
