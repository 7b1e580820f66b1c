/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "fault-helper.h"

#include "ns3/abort.h"
#include "ns3/csma-net-device.h"
#include "ns3/log.h"
#include "ns3/node-list.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/time-text.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SfcFaultHelper");

namespace sfc
{

namespace
{
/// Reasons reported, in order
const LinkFaultErrorModel::Reason kReasons[] = {LinkFaultErrorModel::NODE_DOWN,
                                                LinkFaultErrorModel::LINK_DOWN,
                                                LinkFaultErrorModel::LOSS,
                                                LinkFaultErrorModel::CONTROL_LOSS};

/// \return 1 - prod(1 - p): the loss of independent losses
double
Combined(const std::vector<double>& ps)
{
    double pass = 1;
    for (double p : ps)
    {
        pass *= 1 - p;
    }
    return 1 - pass;
}

/// \return true if the device can carry a LinkFaultErrorModel
bool
HasErrorModel(Ptr<NetDevice> device)
{
    PointerValue v;
    return device->GetAttributeFailSafe("ReceiveErrorModel", v);
}
} // namespace

FaultHelper::FaultHelper() = default;

void
FaultHelper::AddNode(const std::string& name, Ptr<Node> node)
{
    m_nodes[name] = node;
}

void
FaultHelper::AddNetwork(const SfcNetwork& net)
{
    for (uint32_t v = 0; v < net.topology.GetNNodes(); ++v)
    {
        AddNode(net.topology.GetNode(v).name, net.GetNode(v));
    }
}

FaultTargets
FaultHelper::TargetsOf(const SfcTopology& topology)
{
    FaultTargets t;
    for (uint32_t v = 0; v < topology.GetNNodes(); ++v)
    {
        t.nodes.push_back(topology.GetNode(v).name);
    }
    const SfcTopology::Graph& g = topology.GetGraph();
    for (auto [e, end] = boost::edges(g); e != end; ++e)
    {
        t.links.emplace_back(topology.GetNode(boost::source(*e, g)).name,
                             topology.GetNode(boost::target(*e, g)).name);
    }
    return t;
}

void
FaultHelper::AddChannel(const std::string& name, Ptr<Channel> channel)
{
    m_channels[name] = channel;
}

void
FaultHelper::SetControlPorts(const std::vector<uint16_t>& ports)
{
    m_controlPorts = ports;
}

void
FaultHelper::SetInjector(Ptr<FailureInjector> injector)
{
    m_injector = injector;
}

Ptr<FailureInjector>
FaultHelper::GetInjector()
{
    if (!m_injector)
    {
        m_injector = CreateObject<FailureInjector>();
    }
    return m_injector;
}

int64_t
FaultHelper::AssignStreams(int64_t stream)
{
    m_stream = stream;
    int64_t n = 0;
    for (const LinkState& s : m_links)
    {
        for (const auto& d : s.devices)
        {
            LinkFaultErrorModel::Get(d)->AssignStreams(stream + n++);
        }
    }
    return n;
}

std::vector<Ptr<NetDevice>>
FaultHelper::AllDevices() const
{
    std::vector<Ptr<NetDevice>> devices;
    for (uint32_t i = 0; i < NodeList::GetNNodes(); ++i)
    {
        Ptr<Node> node = NodeList::GetNode(i);
        for (uint32_t d = 0; d < node->GetNDevices(); ++d)
        {
            if (HasErrorModel(node->GetDevice(d)))
            {
                devices.push_back(node->GetDevice(d));
            }
        }
    }
    return devices;
}

uint32_t
FaultHelper::Resolve(const FaultSpec& f)
{
    std::string name = f.b.empty() ? f.a : f.a + "-" + f.b;
    std::string reversed = f.b.empty() ? f.a : f.b + "-" + f.a;
    for (uint32_t i = 0; i < m_links.size(); ++i)
    {
        if (m_links[i].name == name || m_links[i].name == reversed)
        {
            return i;
        }
    }
    LinkState s;
    s.name = name;
    if (f.a == "*")
    {
        s.devices = AllDevices();
    }
    else
    {
        // One end a node, the other a node or a named channel.
        auto one = m_nodes.find(f.a);
        auto other = m_nodes.find(f.b);
        auto lan = m_channels.find(f.b);
        if (one == m_nodes.end() && m_nodes.count(f.b) && m_channels.count(f.a))
        {
            one = m_nodes.find(f.b);
            lan = m_channels.find(f.a);
        }
        NS_ABORT_MSG_IF(one == m_nodes.end(), "FaultHelper: no node for " << name);
        Ptr<Node> a = one->second;
        for (uint32_t d = 0; d < a->GetNDevices(); ++d)
        {
            Ptr<NetDevice> dev = a->GetDevice(d);
            Ptr<Channel> ch = dev->GetChannel();
            if (!ch || !HasErrorModel(dev))
            {
                continue;
            }
            if (lan != m_channels.end() && other == m_nodes.end())
            {
                if (ch == lan->second)
                {
                    s.devices.push_back(dev);
                    s.lanSenders.push_back(dev);
                    s.channels.push_back(ch);
                }
                continue;
            }
            for (std::size_t k = 0; other != m_nodes.end() && k < ch->GetNDevices(); ++k)
            {
                Ptr<NetDevice> peer = ch->GetDevice(k);
                if (peer->GetNode() == other->second && peer != dev)
                {
                    s.devices.push_back(dev);
                    s.devices.push_back(peer);
                    s.channels.push_back(ch);
                }
            }
        }
        NS_ABORT_MSG_IF(s.devices.empty(), "FaultHelper: no link " << name);
    }
    for (const auto& ch : s.channels)
    {
        TimeValue delay;
        if (ch->GetAttributeFailSafe("Delay", delay))
        {
            s.originalDelay[ch] = delay.Get();
        }
    }
    m_links.push_back(s);
    return m_links.size() - 1;
}

void
FaultHelper::Install(const std::vector<FaultSpec>& faults)
{
    m_faults = faults;
    for (const FaultSpec& f : faults)
    {
        if (f.kind == FaultSpec::CRASH)
        {
            auto it = m_nodes.find(f.a);
            NS_ABORT_MSG_IF(it == m_nodes.end(), "FaultHelper: no node " << f.a);
            GetInjector()->Schedule(it->second, f.start, f.IsPermanent() ? Time(0) : f.end);
            continue;
        }
        uint32_t link = Resolve(f);
        Simulator::Schedule(f.start, &FaultHelper::Start, this, link, f);
        if (!f.IsPermanent())
        {
            Simulator::Schedule(f.end, &FaultHelper::End, this, link, f);
        }
    }
    for (const LinkState& s : m_links)
    {
        for (const auto& d : s.devices)
        {
            LinkFaultErrorModel::Get(d); // installed now: Report() finds it
        }
    }
    if (m_stream >= 0)
    {
        AssignStreams(m_stream);
    }
}

void
FaultHelper::Start(uint32_t link, FaultSpec f)
{
    LinkState& s = m_links[link];
    NS_LOG_INFO(Simulator::Now().As(Time::S) << " fault starts: " << f.ToString());
    switch (f.kind)
    {
    case FaultSpec::LINK:
        ++s.down;
        break;
    case FaultSpec::LOSS:
        s.loss.push_back(f.probability);
        break;
    case FaultSpec::CONTROL:
        s.controlLoss.push_back(f.probability);
        break;
    case FaultSpec::DELAY:
        s.delays.push_back(f.delay);
        break;
    default:
        break;
    }
    Apply(s);
}

void
FaultHelper::End(uint32_t link, FaultSpec f)
{
    LinkState& s = m_links[link];
    NS_LOG_INFO(Simulator::Now().As(Time::S) << " fault ends: " << f.ToString());
    auto removeOne = [](auto& v, auto x) {
        auto it = std::find(v.begin(), v.end(), x);
        if (it != v.end())
        {
            v.erase(it);
        }
    };
    switch (f.kind)
    {
    case FaultSpec::LINK:
        s.down = s.down > 0 ? s.down - 1 : 0;
        break;
    case FaultSpec::LOSS:
        removeOne(s.loss, f.probability);
        break;
    case FaultSpec::CONTROL:
        removeOne(s.controlLoss, f.probability);
        break;
    case FaultSpec::DELAY:
        removeOne(s.delays, f.delay);
        break;
    default:
        break;
    }
    Apply(s);
}

void
FaultHelper::Apply(LinkState& s)
{
    // A device can be on several faulty links (a named link and "*"): its
    // model follows all of them.
    for (const auto& d : s.devices)
    {
        uint32_t down = 0;
        std::vector<double> loss;
        std::vector<double> controlLoss;
        for (const LinkState& other : m_links)
        {
            if (std::find(other.devices.begin(), other.devices.end(), d) == other.devices.end())
            {
                continue;
            }
            down += other.down;
            loss.insert(loss.end(), other.loss.begin(), other.loss.end());
            controlLoss.insert(controlLoss.end(),
                               other.controlLoss.begin(),
                               other.controlLoss.end());
        }
        Ptr<LinkFaultErrorModel> em = LinkFaultErrorModel::Get(d);
        em->SetLinkDown(down > 0);
        em->SetLossProbability(Combined(loss));
        em->SetControlLoss(Combined(controlLoss), m_controlPorts);
    }
    for (const auto& d : s.lanSenders)
    {
        if (Ptr<CsmaNetDevice> csma = DynamicCast<CsmaNetDevice>(d))
        {
            bool crashed = m_injector && m_injector->IsFailed(d->GetNode());
            csma->SetSendEnable(s.down == 0 && !crashed);
        }
    }
    for (const auto& [ch, original] : s.originalDelay)
    {
        ch->SetAttribute("Delay", TimeValue(s.delays.empty() ? original : s.delays.back()));
    }
}

nlohmann::ordered_json
FaultHelper::Report() const
{
    nlohmann::ordered_json r;
    r["schedule"] = FaultSchedule::ToString(m_faults);
    r["faults"] = m_faults.size();
    r["crashes"] = std::count_if(m_faults.begin(), m_faults.end(), [](const FaultSpec& f) {
        return f.kind == FaultSpec::CRASH;
    });
    // Totals over every device that has a model (crashes install them too).
    nlohmann::ordered_json total;
    for (auto reason : kReasons)
    {
        total[LinkFaultErrorModel::ReasonName(reason)] = 0;
    }
    for (const auto& d : AllDevices())
    {
        if (Ptr<LinkFaultErrorModel> em = LinkFaultErrorModel::Find(d))
        {
            for (auto reason : kReasons)
            {
                total[LinkFaultErrorModel::ReasonName(reason)] =
                    total[LinkFaultErrorModel::ReasonName(reason)].get<uint64_t>() +
                    em->GetDropped(reason);
            }
        }
    }
    r["dropped_frames"] = total;
    nlohmann::ordered_json links = nlohmann::ordered_json::array();
    for (const LinkState& s : m_links)
    {
        if (s.name == "*")
        {
            continue; // every link: the totals above
        }
        nlohmann::ordered_json l;
        l["link"] = s.name;
        for (auto reason : kReasons)
        {
            uint64_t n = 0;
            for (const auto& d : s.devices)
            {
                n += LinkFaultErrorModel::Get(d)->GetDropped(reason);
            }
            l[LinkFaultErrorModel::ReasonName(reason)] = n;
        }
        links.push_back(l);
    }
    r["links"] = links;
    return r;
}

} // namespace sfc
} // namespace ns3
