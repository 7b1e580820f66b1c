/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "app-traffic.h"

#include "ns3/app-flow-monitor.h"
#include "ns3/bulk-send-application.h"
#include "ns3/bulk-send-helper.h"
#include "ns3/data-rate.h"
#include "ns3/double.h"
#include "ns3/inet-socket-address.h"
#include "ns3/log.h"
#include "ns3/on-off-helper.h"
#include "ns3/onoff-application.h"
#include "ns3/packet-sink-helper.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/udp-echo-helper.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>

namespace ns3
{
namespace sfc
{

NS_LOG_COMPONENT_DEFINE("SfcAppTraffic");

AppTraffic::AppTraffic(const Params& p)
    : m_p(p)
{
}

void
AppTraffic::SetOpenCallback(std::function<void()> cb)
{
    m_open = std::move(cb);
}

ApplicationContainer
AppTraffic::GetServers() const
{
    return m_servers;
}

void
AppTraffic::Install(const NodeContainer& sources,
                    const NodeContainer& hosts,
                    const std::vector<Ipv4Address>& addresses,
                    Time start,
                    int64_t stream)
{
    m_addresses = addresses;
    if (m_p.tcp)
    {
        PacketSinkHelper sink("ns3::TcpSocketFactory",
                              InetSocketAddress(Ipv4Address::GetAny(), m_p.tcpPort));
        m_servers = sink.Install(hosts);
    }
    else
    {
        m_servers = UdpEchoServerHelper(m_p.udpPort).Install(hosts);
    }
    m_servers.Start(Seconds(0));
    uint32_t n = sources.GetN();
    for (uint32_t i = 0; i < n; ++i)
    {
        // The flows split over the sources as FlowClient's: the first ones take the remainder.
        Source s;
        s.node = sources.Get(i);
        s.share = m_p.flows / n + (i < m_p.flows % n ? 1 : 0);
        s.arrival = CreateObjectWithAttributes<ExponentialRandomVariable>(
            "Mean",
            DoubleValue(double(n) / m_p.flowRate));
        if (m_p.exponentialSize)
        {
            s.size =
                CreateObjectWithAttributes<ExponentialRandomVariable>("Mean",
                                                                      DoubleValue(m_p.flowPackets));
        }
        else
        {
            s.size =
                CreateObjectWithAttributes<ConstantRandomVariable>("Constant",
                                                                   DoubleValue(m_p.flowPackets));
        }
        s.host = CreateObject<UniformRandomVariable>();
        s.arrival->SetStream(stream + 3 * i);
        s.size->SetStream(stream + 3 * i + 1);
        s.host->SetStream(stream + 3 * i + 2);
        m_sources.push_back(s);
        if (s.share > 0)
        {
            Simulator::Schedule(start + Seconds(m_sources.back().arrival->GetValue()),
                                &AppTraffic::OpenFlow,
                                this,
                                m_sources.size() - 1);
        }
    }
}

void
AppTraffic::OpenFlow(std::size_t si)
{
    Source& s = m_sources[si];
    uint32_t index = s.host->GetInteger(0, static_cast<uint32_t>(m_addresses.size() - 1));
    double size = s.size->GetValue();
    uint32_t segments = size < 1.5 ? 1 : static_cast<uint32_t>(size + 0.5);
    AppFlow f;
    f.opened = Simulator::Now();
    f.segments = segments;
    f.bytes = uint64_t(segments) * m_p.requestSize;
    m_flows.push_back(f);
    std::size_t fi = m_flows.size() - 1;
    ApplicationContainer app;
    if (m_p.tcp)
    {
        InetSocketAddress to(m_addresses[index], m_p.tcpPort);
        if (m_p.packetInterval.IsZero())
        {
            BulkSendHelper bulk("ns3::TcpSocketFactory", to);
            bulk.SetAttribute("MaxBytes", UintegerValue(f.bytes));
            bulk.SetAttribute("SendSize", UintegerValue(m_p.requestSize));
            app = bulk.Install(s.node);
        }
        else
        {
            OnOffHelper onoff("ns3::TcpSocketFactory", to);
            onoff.SetConstantRate(DataRate(uint64_t(std::llround(8.0 * m_p.requestSize /
                                                                 m_p.packetInterval.GetSeconds()))),
                                  m_p.requestSize);
            onoff.SetAttribute("MaxBytes", UintegerValue(f.bytes));
            app = onoff.Install(s.node);
        }
        // The application creates its socket when it starts (now): follow it just after.
        Ptr<Application> a = app.Get(0);
        Simulator::Schedule(NanoSeconds(1), &AppTraffic::WatchTcp, this, fi, a);
    }
    else
    {
        UdpEchoClientHelper echo(m_addresses[index], m_p.udpPort);
        echo.SetAttribute("MaxPackets", UintegerValue(segments));
        echo.SetAttribute("Interval", TimeValue(m_p.packetInterval));
        echo.SetAttribute("PacketSize", UintegerValue(m_p.requestSize));
        app = echo.Install(s.node);
        app.Get(0)->TraceConnectWithoutContext("Rx",
                                               MakeCallback(&AppTraffic::OnEcho, this).Bind(fi));
    }
    app.Start(Seconds(0));
    NS_LOG_INFO("flow " << fi << " opens to " << m_addresses[index] << ", " << f.bytes << " bytes");
    if (m_open)
    {
        m_open();
    }
    if (++s.opened < s.share)
    {
        Simulator::Schedule(Seconds(s.arrival->GetValue()), &AppTraffic::OpenFlow, this, si);
    }
}

void
AppTraffic::WatchTcp(std::size_t index, Ptr<Application> app)
{
    Ptr<Socket> socket;
    if (Ptr<BulkSendApplication> bulk = DynamicCast<BulkSendApplication>(app))
    {
        socket = bulk->GetSocket();
    }
    else if (Ptr<OnOffApplication> onoff = DynamicCast<OnOffApplication>(app))
    {
        socket = onoff->GetSocket();
    }
    NS_ABORT_MSG_UNLESS(socket, "the TCP application has no socket after starting");
    socket->TraceConnectWithoutContext("HighestRxAck",
                                       MakeCallback(&AppTraffic::OnAck, this).Bind(index));
}

void
AppTraffic::OnAck(std::size_t index, SequenceNumber32 /* oldAck */, SequenceNumber32 ack)
{
    AppFlow& f = m_flows[index];
    // ns-3's TCP starts at sequence 0: the SYN takes it, data byte k is k, the
    // FIN is bytes + 1.
    uint64_t acked = std::min<uint64_t>(f.bytes, ack.GetValue() > 0 ? ack.GetValue() - 1 : 0);
    f.delivered = std::max(f.delivered, acked);
    if (!f.done && f.delivered == f.bytes)
    {
        f.done = true;
        f.completed = Simulator::Now();
    }
}

void
AppTraffic::OnEcho(std::size_t index, Ptr<const Packet> p)
{
    AppFlow& f = m_flows[index];
    f.echoes++;
    f.delivered += p->GetSize();
    if (!f.done && f.echoes == f.segments)
    {
        f.done = true;
        f.completed = Simulator::Now();
    }
}

nlohmann::ordered_json
AppTraffic::Distribution(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    nlohmann::ordered_json d;
    d["count"] = v.size();
    double sum = 0;
    for (double x : v)
    {
        sum += x;
    }
    auto rank = [&v](double q) {
        // Nearest rank: the smallest value with at least q of the values at or below it.
        std::size_t k = static_cast<std::size_t>(std::ceil(q * v.size()));
        return v[k == 0 ? 0 : k - 1];
    };
    // No completed flow: no value (null), as for the other metrics a run may not have.
    nlohmann::ordered_json none;
    d["mean"] = v.empty() ? none : nlohmann::ordered_json(sum / v.size());
    d["min"] = v.empty() ? none : nlohmann::ordered_json(v.front());
    d["p50"] = v.empty() ? none : nlohmann::ordered_json(rank(0.5));
    d["p90"] = v.empty() ? none : nlohmann::ordered_json(rank(0.9));
    d["p99"] = v.empty() ? none : nlohmann::ordered_json(rank(0.99));
    d["max"] = v.empty() ? none : nlohmann::ordered_json(v.back());
    nlohmann::ordered_json q = nlohmann::ordered_json::array();
    for (int i = 0; i <= 100 && !v.empty(); ++i)
    {
        q.push_back(rank(i / 100.0));
    }
    d["quantiles"] = q;
    return d;
}

nlohmann::ordered_json
AppTraffic::Metrics(const AppFlowMonitor& monitor,
                    const std::vector<Time>& eventTimes,
                    Time end) const
{
    nlohmann::ordered_json r = monitor.Report();
    std::vector<AppFlowMonitor::FlowRecord> flows = monitor.GetFlows();
    uint64_t sticky = r["sticky_flows"].get<uint64_t>();
    uint64_t broken = r["broken_flows"].get<uint64_t>();
    // Flows active across an event: first packet before it, last one at or after it.
    std::vector<uint32_t> active(eventTimes.size(), 0);
    std::vector<uint32_t> brokenAt(eventTimes.size(), 0);
    uint64_t across = 0;
    uint64_t brokenAcross = 0;
    for (const auto& f : flows)
    {
        bool any = false;
        for (std::size_t e = 0; e < eventTimes.size(); ++e)
        {
            if (f.firstSeen < eventTimes[e] && f.lastSeen >= eventTimes[e])
            {
                active[e]++;
                brokenAt[e] += f.IsBroken() ? 1 : 0;
                any = true;
            }
        }
        across += any ? 1 : 0;
        brokenAcross += (any && f.IsBroken()) ? 1 : 0;
    }
    std::vector<double> fct;
    double goodput = 0;
    uint64_t delivered = 0;
    for (const auto& f : m_flows)
    {
        Time until = f.done ? f.completed : end;
        if (f.done)
        {
            fct.push_back((f.completed - f.opened).GetSeconds());
        }
        double span = (until - f.opened).GetSeconds();
        goodput += span > 0 ? 8.0 * f.delivered / span : 0.0;
        delivered += f.delivered;
    }
    nlohmann::ordered_json m;
    std::size_t n = flows.size();
    m["flows"] = n;
    m["sticky_flows"] = sticky;
    m["broken_flows"] = broken;
    m["stickiness_ratio"] = n ? double(sticky) / n : 0.0;
    double all = n ? double(broken) / n : 0.0;
    m["broken_ratio"] = eventTimes.empty() ? all : (across ? double(brokenAcross) / across : 0.0);
    m["broken_ratio_all"] = all;
    m["flows_across_events"] = across;
    m["broken_across_events"] = brokenAcross;
    m["app_flows"] = m_flows.size();
    m["completed_flows"] = fct.size();
    m["failed_flows"] = m_flows.size() - fct.size();
    m["no_state_drops"] = r["no_state_drops"];
    nlohmann::ordered_json dist = Distribution(fct);
    // Of how many flows: a CDF over every flow tops out at the completed fraction.
    dist["flows"] = m_flows.size();
    m["mean_fct_s"] = dist["mean"];
    m["completion_times_s"] = dist;
    m["mean_goodput_bps"] = m_flows.empty() ? 0.0 : goodput / m_flows.size();
    m["bytes_delivered"] = delivered;
    m["tcp_flows"] = r["tcp_flows"];
    m["udp_flows"] = r["udp_flows"];
    m["tcp_retransmissions"] = r["tcp_retransmissions"];
    m["rsts"] = r["rsts"];
    nlohmann::ordered_json events = nlohmann::ordered_json::array();
    for (std::size_t e = 0; e < eventTimes.size(); ++e)
    {
        nlohmann::ordered_json j;
        j["active_flows"] = active[e];
        j["broken_flows"] = brokenAt[e];
        events.push_back(j);
    }
    m["per_event"] = events;
    return m;
}

} // namespace sfc
} // namespace ns3
