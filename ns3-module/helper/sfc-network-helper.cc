/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "sfc-network-helper.h"

#include "ns3/abort.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/ipv4-global-routing-helper.h"
#include "ns3/ipv4-static-routing-helper.h"
#include "ns3/ipv4-static-routing.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/queue-size.h"
#include "ns3/traffic-control-helper.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SfcNetworkHelper");

namespace sfc
{

Ptr<Node>
SfcNetwork::GetNode(uint32_t v) const
{
    return nodes.Get(v);
}

std::map<uint32_t, uint32_t>
SfcNetwork::NodeToVertex() const
{
    std::map<uint32_t, uint32_t> m;
    for (uint32_t v = 0; v < nodes.GetN(); ++v)
    {
        m[nodes.Get(v)->GetId()] = v;
    }
    return m;
}

std::map<Ipv4Address, uint32_t>
SfcNetwork::AddressToVertex() const
{
    std::map<Ipv4Address, uint32_t> m;
    for (const auto& kv : address)
    {
        m[kv.second] = kv.first;
    }
    return m;
}

NodeContainer
SfcNetwork::GetNodes(const std::vector<uint32_t>& vertices) const
{
    NodeContainer c;
    for (uint32_t v : vertices)
    {
        c.Add(nodes.Get(v));
    }
    return c;
}

std::vector<Ipv4Address>
SfcNetwork::GetExternalAddresses() const
{
    std::vector<Ipv4Address> out;
    for (uint32_t v : externals)
    {
        out.push_back(address.at(v));
    }
    return out;
}

SfcNetworkHelper::SfcNetworkHelper()
    : m_underlay("10.0.0.0"),
      m_underlayMask("255.255.0.0"),
      m_sources("10.128.0.0"),
      m_sourcesMask("255.255.0.0"),
      m_externals("203.0.113.0"),
      m_externalsMask("255.255.255.0")
{
}

void
SfcNetworkHelper::SetUnderlayBase(Ipv4Address network, Ipv4Mask mask)
{
    m_underlay = network;
    m_underlayMask = mask;
}

void
SfcNetworkHelper::SetSourceBase(Ipv4Address network, Ipv4Mask mask)
{
    m_sources = network;
    m_sourcesMask = mask;
}

void
SfcNetworkHelper::SetExternalBase(Ipv4Address network, Ipv4Mask mask)
{
    m_externals = network;
    m_externalsMask = mask;
}

namespace
{
bool
IsEndpoint(SfcTopology::Role r)
{
    return r == SfcTopology::Role::SOURCE || r == SfcTopology::Role::EXTERNAL;
}

/// Give an endpoint its address on its only device and a default route over it.
Ipv4Address
ConfigureEndpoint(Ptr<Node> node, Ptr<NetDevice> dev, Ipv4Address addr, Ipv4Mask mask)
{
    Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
    int32_t ifIndex = ipv4->AddInterface(dev);
    ipv4->AddAddress(ifIndex, Ipv4InterfaceAddress(addr, mask));
    ipv4->SetUp(ifIndex);
    Ipv4StaticRoutingHelper helper;
    Ptr<Ipv4StaticRouting> routing = helper.GetStaticRouting(ipv4);
    routing->AddNetworkRouteTo(Ipv4Address("0.0.0.0"), Ipv4Mask("0.0.0.0"), ifIndex);
    return addr;
}
} // namespace

SfcNetwork
SfcNetworkHelper::Install(const SfcTopology& topology)
{
    SfcNetwork net;
    net.topology = topology;
    uint32_t n = topology.GetNNodes();
    net.nodes.Create(n);

    NodeContainer underlay;
    NodeContainer endpoints;
    for (uint32_t v = 0; v < n; ++v)
    {
        SfcTopology::Role role = topology.GetNode(v).role;
        (IsEndpoint(role) ? endpoints : underlay).Add(net.nodes.Get(v));
        if (role == SfcTopology::Role::SERVER)
        {
            net.servers.push_back(v);
        }
        else if (role == SfcTopology::Role::SOURCE)
        {
            net.sources.push_back(v);
        }
        else if (role == SfcTopology::Role::EXTERNAL)
        {
            net.externals.push_back(v);
        }
        else if (role == SfcTopology::Role::GATEWAY)
        {
            net.gateway = v;
        }
        else if (role == SfcTopology::Role::CONTROLLER)
        {
            net.controller = static_cast<int32_t>(v);
        }
    }
    NS_ABORT_MSG_IF(topology.GetNodes(SfcTopology::Role::GATEWAY).size() != 1,
                    "the topology needs exactly one gateway");

    // Underlay: global (shortest-path) routing only; endpoints: one static default route.
    InternetStackHelper stack;
    Ipv4GlobalRoutingHelper globalRouting;
    stack.SetRoutingHelper(globalRouting);
    stack.Install(underlay);
    InternetStackHelper endpointStack;
    Ipv4StaticRoutingHelper staticRouting;
    endpointStack.SetRoutingHelper(staticRouting);
    endpointStack.Install(endpoints);

    Ipv4AddressHelper underlayAddr(m_underlay, "255.255.255.252");
    uint32_t nextSource = 0;
    uint32_t nextExternal = 0;
    const SfcTopology::Graph& g = topology.GetGraph();
    for (auto ep = boost::edges(g); ep.first != ep.second; ++ep.first)
    {
        uint32_t a = static_cast<uint32_t>(boost::source(*ep.first, g));
        uint32_t b = static_cast<uint32_t>(boost::target(*ep.first, g));
        const SfcTopology::LinkProps& link = g[*ep.first];
        NetDeviceContainer devs = LinkHelper(link).Install(net.nodes.Get(a), net.nodes.Get(b));
        bool aEnd = IsEndpoint(topology.GetNode(a).role);
        bool bEnd = IsEndpoint(topology.GetNode(b).role);
        NS_ABORT_MSG_IF(aEnd && bEnd, "two endpoints cannot be linked directly");
        if (!aEnd && !bEnd)
        {
            underlayAddr.Assign(devs);
            underlayAddr.NewNetwork();
            // Switch-like links: the device's drop-tail queue is the buffer; no
            // Linux queueing discipline in front of it.
            TrafficControlHelper::Default().Uninstall(devs);
            continue;
        }
        uint32_t ep1 = aEnd ? a : b;
        Ptr<NetDevice> epDev = devs.Get(aEnd ? 0 : 1);
        Ptr<NetDevice> otherDev = devs.Get(aEnd ? 1 : 0);
        Ipv4Address addr;
        Ipv4Mask mask;
        if (topology.GetNode(ep1).role == SfcTopology::Role::SOURCE)
        {
            addr = Ipv4Address(m_sources.Get() + (++nextSource));
            mask = m_sourcesMask;
        }
        else
        {
            addr = Ipv4Address(m_externals.Get() + (++nextExternal));
            mask = m_externalsMask;
        }
        net.address[ep1] = ConfigureEndpoint(net.nodes.Get(ep1), epDev, addr, mask);
        net.edgeDevice[ep1] = otherDev;
    }

    // Locators: the first underlay address of each server and of the gateway.
    for (uint32_t v = 0; v < n; ++v)
    {
        SfcTopology::Role role = topology.GetNode(v).role;
        if (role == SfcTopology::Role::SERVER || role == SfcTopology::Role::GATEWAY ||
            role == SfcTopology::Role::CONTROLLER)
        {
            Ptr<Ipv4> ipv4 = net.nodes.Get(v)->GetObject<Ipv4>();
            NS_ABORT_MSG_IF(ipv4->GetNInterfaces() < 2,
                            topology.GetNode(v).name << " has no underlay link");
            net.locator[v] = ipv4->GetAddress(1, 0).GetLocal();
        }
    }
    Ipv4GlobalRoutingHelper::PopulateRoutingTables();
    return net;
}

PointToPointHelper
SfcNetworkHelper::LinkHelper(const SfcTopology::LinkProps& link)
{
    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", DataRateValue(link.rate));
    p2p.SetChannelAttribute("Delay", TimeValue(link.delay));
    p2p.SetQueue("ns3::DropTailQueue<Packet>",
                 "MaxSize",
                 QueueSizeValue(QueueSize(QueueSizeUnit::PACKETS, link.queuePackets)));
    return p2p;
}

void
SfcNetworkHelper::EnablePcap(const std::string& prefix, const SfcNetwork& network)
{
    PointToPointHelper p2p;
    p2p.EnablePcap(prefix, network.nodes, true);
}

} // namespace sfc
} // namespace ns3
