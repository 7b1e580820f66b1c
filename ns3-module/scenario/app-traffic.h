/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_APP_TRAFFIC_H
#define SFC_APP_TRAFFIC_H

#include "ns3/application-container.h"
#include "ns3/ipv4-address.h"
#include "ns3/node-container.h"
#include "ns3/nstime.h"
#include "ns3/random-variable-stream.h"
#include "ns3/sequence-number.h"

#include <cstdint>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace ns3
{
namespace sfc
{

class AppFlowMonitor;

/**
 * \ingroup sfc
 * \brief The stickiness scenario's flows as ns-3's own applications
 *        (`--traffic=ns3-tcp` or `ns3-udp`), with the FlowClient's arrival
 *        process and sizes.
 *
 * Each source opens its share of the flows, one every exponential
 * inter-arrival time (mean sources / flowRate), each to an external host
 * drawn uniformly, with a size of max(1, round(FlowSize)) request segments of
 * requestSize bytes, as FlowClient does. A flow is a new application on the
 * source, installed when the flow opens:
 * - ns3-tcp: a BulkSendApplication (packetInterval 0) or an OnOffApplication
 *   over TCP at requestSize bytes per packetInterval (the FlowClient's pacing)
 *   to a PacketSink on port TcpPort of the host; it is complete when the
 *   source's TCP has every byte acknowledged (HighestRxAck);
 * - ns3-udp: a UdpEchoClient sending the segments packetInterval apart to a
 *   UdpEchoServer on port UdpPort; complete when every echo came back.
 * Completion time: completion minus opening; goodput of a flow: bytes
 * acknowledged (echoed) times 8 over the time from opening to completion, or
 * to the end of the run for a flow that did not complete. responseSize does
 * not map (a PacketSink answers nothing, an echo is the request's size).
 */
class AppTraffic
{
  public:
    /// What the traffic is made of
    struct Params
    {
        bool tcp{true};                        //!< ns3-tcp (else ns3-udp)
        uint32_t flows{200};                   //!< flows in total
        double flowRate{100};                  //!< flow arrivals per second, all sources
        double flowPackets{10};                //!< request segments per flow (mean)
        bool exponentialSize{false};           //!< exponential sizes (else constant)
        Time packetInterval{MilliSeconds(10)}; //!< time between segments
        uint32_t requestSize{200};             //!< bytes per segment
        uint16_t tcpPort{5000};                //!< PacketSink port
        uint16_t udpPort{9};                   //!< UdpEchoServer port
    };

    /// \param p the traffic's parameters
    explicit AppTraffic(const Params& p);

    /**
     * \brief Install the servers on the hosts and schedule the sources' flows.
     * \param sources the source VMs
     * \param hosts the external hosts
     * \param addresses the hosts' addresses
     * \param start when the sources start
     * \param stream first random stream (3 per source)
     */
    void Install(const NodeContainer& sources,
                 const NodeContainer& hosts,
                 const std::vector<Ipv4Address>& addresses,
                 Time start,
                 int64_t stream);

    /// \param cb called when a flow opens (its source application is installed)
    void SetOpenCallback(std::function<void()> cb);

    /// \return the servers (PacketSinks or UdpEchoServers), for traces
    ApplicationContainer GetServers() const;

    /**
     * \brief The metrics of ns-3 traffic (SPEC names), for the end of the run.
     * \param monitor the AppFlowMonitor that watched the flows' packets
     * \param eventTimes the scaling events' times
     * \param end the end of the run
     * \return flows, sticky_flows, broken_flows, stickiness_ratio, broken_ratio,
     *         broken_ratio_all, flows_across_events, broken_across_events,
     *         completed_flows, failed_flows, no_state_drops, mean_fct_s,
     *         completion_times_s (Distribution() of the completed flows, with
     *         "flows": every flow opened), mean_goodput_bps, bytes_delivered,
     *         tcp_retransmissions, rsts and per event (active_flows, broken_flows)
     */
    nlohmann::ordered_json Metrics(const AppFlowMonitor& monitor,
                                   const std::vector<Time>& eventTimes,
                                   Time end) const;

    /**
     * \param values completion times (s), any order
     * \return count, mean, min, p50, p90, p99, max and 101 quantiles (0 %, 1 %, ...,
     *         100 %, nearest rank) of them; null statistics and no quantiles when empty
     */
    static nlohmann::ordered_json Distribution(std::vector<double> values);

  private:
    /// One flow's application and outcome
    struct AppFlow
    {
        Time opened;           //!< when it opened
        Time completed;        //!< when it completed (if done)
        bool done{false};      //!< every byte acknowledged / every echo back
        uint64_t bytes{0};     //!< bytes to send
        uint64_t delivered{0}; //!< bytes acknowledged / echoed so far
        uint32_t echoes{0};    //!< echoes back (UDP)
        uint32_t segments{0};  //!< segments (UDP)
    };

    /// One source's arrival process
    struct Source
    {
        Ptr<Node> node;                         //!< the VM
        uint32_t share{0};                      //!< flows it opens
        uint32_t opened{0};                     //!< flows opened
        Ptr<ExponentialRandomVariable> arrival; //!< inter-arrival times
        Ptr<RandomVariableStream> size;         //!< segments per flow
        Ptr<UniformRandomVariable> host;        //!< destination choice
    };

    /// \param s a source: open one flow, schedule the next
    void OpenFlow(std::size_t s);
    /// \param index a TCP flow: follow its socket's acknowledgements
    void WatchTcp(std::size_t index, Ptr<Application> app);
    /// \param index a TCP flow \param ack the highest acknowledgement
    void OnAck(std::size_t index, SequenceNumber32 oldAck, SequenceNumber32 ack);
    /// \param index a UDP flow: an echo came back
    void OnEcho(std::size_t index, Ptr<const Packet> p);

    Params m_p;                           //!< parameters
    std::vector<Source> m_sources;        //!< the sources
    std::vector<Ipv4Address> m_addresses; //!< the hosts
    std::vector<AppFlow> m_flows;         //!< every flow, in opening order
    ApplicationContainer m_servers;       //!< sinks or echo servers
    std::function<void()> m_open;         //!< flow-open callback
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_APP_TRAFFIC_H */
