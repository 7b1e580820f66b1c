/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_FORWARDER_TIME_SERIES_H
#define SFC_FORWARDER_TIME_SERIES_H

#include "ns3/event-id.h"
#include "ns3/nstime.h"
#include "ns3/object.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{
namespace sfc
{

class Forwarder;

/**
 * \ingroup sfc
 * \brief Flow-table entries of every watched forwarder, sampled every
 *        Interval from time 0 (at the starts of the time-series intervals of
 *        ChainMonitor).
 *
 * Read-only: it calls FlowTable::GetNEntries() and nothing else, so it
 * changes neither the tables nor the packets. Sampling schedules one event per
 * interval (Start()); the run's other events keep their order.
 */
class ForwarderTimeSeries : public Object
{
  public:
    /// \return the object TypeId
    static TypeId GetTypeId();
    ForwarderTimeSeries();

    /**
     * \brief Sample this forwarder's flow table.
     * \param forwarder the forwarder
     * \param name its column name (e.g. "server0", "gateway")
     */
    void Watch(Ptr<Forwarder> forwarder, const std::string& name);
    /// \brief Take the first sample now and one every Interval after it.
    void Start();

    /// \return the column names, in the order of Watch()
    const std::vector<std::string>& GetNames() const;
    /**
     * \brief After the run: sample now until n samples were taken (the run
     *        stopped at the start of its last interval, before its sample).
     * \param n samples the time series has (ChainMonitor's intervals)
     */
    void Complete(std::size_t n);
    /**
     * \param index a forwarder, in the order of Watch()
     * \param n samples wanted (at most n of them are returned)
     * \return its flow-table entries at the start of every interval
     */
    std::vector<uint32_t> GetColumn(std::size_t index, std::size_t n) const;
    /// \return samples taken so far
    std::size_t GetNSamples() const;

  private:
    void DoDispose() override;
    /// Sample every table and schedule the next sample
    void Sample();
    /// Append every table's entry count to its column
    void Record();

    Time m_interval;                              //!< sampling interval
    std::vector<Ptr<Forwarder>> m_forwarders;     //!< watched forwarders
    std::vector<std::string> m_names;             //!< their names
    std::vector<std::vector<uint32_t>> m_samples; //!< per forwarder, per sample
    EventId m_next;                               //!< the next sample
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_FORWARDER_TIME_SERIES_H */
