/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "scenario-traces.h"

#ifdef SFC_HAVE_NETANIM
#include "ns3/animation-interface.h"
#else
namespace ns3
{
/// Without ns-3's netanim (possible inside an ns-3 tree) m_anim stays empty.
class AnimationInterface
{
};
} // namespace ns3
#endif
#include "ns3/mobility-helper.h"
#include "ns3/names.h"

#include <limits>

namespace ns3
{
namespace sfc
{

void
ScenarioTraces::DeclareOptions(ScenarioOptions& o,
                               std::string& pcap,
                               std::string& flowmon,
                               std::string& netanim,
                               AnimWindow& window)
{
    o.AddOutput("pcap", "Write pcap traces with this file prefix", pcap, true);
    o.AddOutput("flowmon", "Write FlowMonitor XML to this file", flowmon);
#ifdef SFC_HAVE_NETANIM
    const std::string noNetAnim;
#else
    const std::string noNetAnim =
        "this build has no NetAnim (ns-3's netanim module was not built with the sfc module)";
#endif
    o.AddOutput("netanim", "Write a NetAnim trace to this file", netanim, false, noNetAnim);
    o.AddUint("netanimMaxPackets",
              "Packets per NetAnim trace file after which NetAnim stops tracing (0: no limit; "
              "NetAnim's own default is 100000)",
              window.maxPackets);
    o.AddTime("netanimStart",
              "NetAnim traces from this time",
              window.start,
              Seconds(0),
              Seconds(1e6));
    o.AddTime("netanimStop",
              "NetAnim traces until this time (0: the end of the run)",
              window.stop,
              Seconds(0),
              Seconds(1e6));
}

void
ScenarioTraces::SetAnimWindow(const AnimWindow& window)
{
    m_window = window;
}

ScenarioTraces::ScenarioTraces(std::string pcap, std::string flowmon, std::string netanim)
    : m_pcap(std::move(pcap)),
      m_flowmon(std::move(flowmon)),
      m_netanim(std::move(netanim))
{
}

ScenarioTraces::~ScenarioTraces()
{
    Close();
}

void
ScenarioTraces::Enable(const PcapEnabler& enablePcap, const std::vector<AnimNode>& nodes)
{
    // ns-3 names first: PcapHelper names its files by them (trace-server0-1.pcap).
    for (const AnimNode& n : nodes)
    {
        Names::Add(n.name, n.node);
    }
    m_named = true;
    if (!m_pcap.empty())
    {
        enablePcap(m_pcap);
    }
    if (!m_flowmon.empty())
    {
        // No FlowMonitorHelper: it adds ns-3's (here empty) IPv4 and IPv6 classifiers.
        m_monitor = CreateObject<FlowMonitor>();
        Ptr<SfcFlowClassifier> classifier = Create<SfcFlowClassifier>();
        m_monitor->AddFlowClassifier(classifier);
        m_probe = CreateObject<SfcFlowProbe>(m_monitor, classifier);
        for (uint32_t i = 0; i < m_traffic.GetN(); ++i)
        {
            if (Ptr<FlowClient> c = DynamicCast<FlowClient>(m_traffic.Get(i)))
            {
                m_probe->WatchClient(c);
            }
            else if (Ptr<FlowServer> s = DynamicCast<FlowServer>(m_traffic.Get(i)))
            {
                m_probe->WatchServer(s);
            }
        }
    }
#ifdef SFC_HAVE_NETANIM
    if (!m_netanim.empty())
    {
        NodeContainer all;
        for (const AnimNode& n : nodes)
        {
            all.Add(n.node);
        }
        MobilityHelper mobility;
        mobility.SetMobilityModel("ns3::ConstantPositionMobilityModel");
        mobility.Install(all);
        for (const AnimNode& n : nodes)
        {
            AnimationInterface::SetConstantPosition(n.node, n.x, n.y);
        }
        m_anim = std::make_unique<AnimationInterface>(m_netanim);
        m_anim->SetMaxPktsPerTraceFile(
            m_window.maxPackets == 0 ? std::numeric_limits<uint64_t>::max() : m_window.maxPackets);
        m_anim->SetStartTime(m_window.start);
        if (m_window.stop.IsStrictlyPositive())
        {
            m_anim->SetStopTime(m_window.stop);
        }
        for (const AnimNode& n : nodes)
        {
            m_anim->UpdateNodeDescription(n.node, n.name);
        }
    }
#endif
}

void
ScenarioTraces::WatchTraffic(const ApplicationContainer& apps)
{
    m_traffic.Add(apps);
}

void
ScenarioTraces::Finish()
{
    if (!m_flowmon.empty())
    {
        m_monitor->SerializeToXmlFile(m_flowmon, false, false);
    }
}

void
ScenarioTraces::Close()
{
    m_anim.reset();
    if (m_named)
    {
        // Simulator::Destroy() does not clear them; the next run in this process adds them again.
        Names::Clear();
        m_named = false;
    }
    m_probe = nullptr;
    if (m_monitor)
    {
        m_monitor->Dispose();
        m_monitor = nullptr;
    }
}

} // namespace sfc
} // namespace ns3
