/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "failover-helper.h"

#include "ns3/abort.h"
#include "ns3/boolean.h"
#include "ns3/csma-helper.h"
#include "ns3/enum.h"
#include "ns3/forwarding-agent.h"
#include "ns3/host-selection-policy.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-list-routing-helper.h"
#include "ns3/ipv4-static-routing-helper.h"
#include "ns3/ipv4-static-routing.h"
#include "ns3/ipv4.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/pointer.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

namespace ns3
{
namespace sfc
{

namespace
{
constexpr uint32_t kMaxClients = 254;
constexpr uint32_t kMaxAgents = 98;
constexpr uint32_t kMaxHosts = 126;
constexpr uint32_t kMaxManagers = 28;

/// Give a node an address on a device; returns the interface index.
uint32_t
AddAddress(Ptr<Node> node, Ptr<NetDevice> dev, Ipv4Address addr, Ipv4Mask mask)
{
    Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
    int32_t ifIndex = ipv4->GetInterfaceForDevice(dev);
    if (ifIndex < 0)
    {
        ifIndex = ipv4->AddInterface(dev);
    }
    ipv4->AddAddress(ifIndex, Ipv4InterfaceAddress(addr, mask));
    ipv4->SetUp(ifIndex);
    return static_cast<uint32_t>(ifIndex);
}

Ptr<Ipv4StaticRouting>
StaticRouting(Ptr<Node> node)
{
    Ipv4StaticRoutingHelper helper;
    return helper.GetStaticRouting(node->GetObject<Ipv4>());
}
} // namespace

NodeContainer
FailoverNetwork::All() const
{
    NodeContainer all(clients, agents, hosts, managers);
    if (rogue)
    {
        all.Add(rogue);
    }
    return all;
}

FailoverNetworkHelper::FailoverNetworkHelper()
    : m_clientRate("100Mbps"),
      m_clientDelay(MilliSeconds(1)),
      m_lanRate("1Gbps"),
      m_lanDelay(MicroSeconds(10)),
      m_stream(5000)
{
}

void
FailoverNetworkHelper::SetStream(int64_t stream)
{
    m_stream = stream;
}

void
FailoverNetworkHelper::SetClientLink(DataRate rate, Time delay)
{
    m_clientRate = rate;
    m_clientDelay = delay;
}

void
FailoverNetworkHelper::SetLan(DataRate rate, Time delay)
{
    m_lanRate = rate;
    m_lanDelay = delay;
}

FailoverNetwork
FailoverNetworkHelper::Install(uint32_t clients,
                               uint32_t agents,
                               uint32_t hosts,
                               uint32_t managers,
                               bool rogue) const
{
    NS_ABORT_MSG_IF(clients == 0 || clients > kMaxClients, "1 to 254 clients");
    NS_ABORT_MSG_IF(agents == 0 || agents > kMaxAgents, "1 to 98 agents");
    NS_ABORT_MSG_IF(hosts == 0 || hosts > kMaxHosts, "1 to 126 hosts");
    NS_ABORT_MSG_IF(managers == 0 || managers > kMaxManagers, "1 to 28 managers");
    FailoverNetwork net;
    net.vip = Ipv4Address("10.3.0.100");
    net.clientNetwork = Ipv4Address("10.1.0.0");
    net.clientMask = Ipv4Mask("255.255.0.0");
    net.hostNetwork = Ipv4Address("10.2.0.128");
    net.hostMask = Ipv4Mask("255.255.255.128");
    net.clients.Create(clients);
    net.agents.Create(agents);
    net.hosts.Create(hosts);
    net.managers.Create(managers);
    if (rogue)
    {
        net.rogue = CreateObject<Node>();
    }

    // Static routing everywhere, inside Ipv4ListRouting so that agents can
    // put their hook in front of it.
    Ipv4StaticRoutingHelper staticRouting;
    Ipv4ListRoutingHelper list;
    list.Add(staticRouting, 0);
    InternetStackHelper stack;
    stack.SetRoutingHelper(list);
    stack.Install(net.All());
    // Fixed streams (ARP jitter, CSMA back-off): the same run gives the same
    // results even after other simulations in the same process.
    stack.AssignStreams(net.All(), m_stream);

    // The LAN: agents, rogue, managers, hosts.
    Ipv4Mask lanMask("255.255.255.0");
    NodeContainer lanNodes(net.agents);
    if (rogue)
    {
        lanNodes.Add(net.rogue);
    }
    lanNodes.Add(net.managers);
    lanNodes.Add(net.hosts);
    CsmaHelper csma;
    csma.SetChannelAttribute("DataRate", DataRateValue(m_lanRate));
    csma.SetChannelAttribute("Delay", TimeValue(m_lanDelay));
    net.lanDevices = csma.Install(lanNodes);
    csma.AssignStreams(net.lanDevices, m_stream + 10000);
    uint32_t d = 0;
    for (uint32_t j = 0; j < agents; ++j, ++d)
    {
        Ipv4Address a(0x0a020000 + 1 + j);
        AddAddress(net.agents.Get(j), net.lanDevices.Get(d), a, lanMask);
        net.agentAddresses.push_back(a);
    }
    if (rogue)
    {
        net.rogueAddress = Ipv4Address("10.2.0.99");
        AddAddress(net.rogue, net.lanDevices.Get(d++), net.rogueAddress, lanMask);
    }
    for (uint32_t m = 0; m < managers; ++m, ++d)
    {
        Ipv4Address a(0x0a020000 + 100 + m);
        AddAddress(net.managers.Get(m), net.lanDevices.Get(d), a, lanMask);
        net.managerAddresses.push_back(a);
    }
    for (uint32_t k = 0; k < hosts; ++k, ++d)
    {
        Ipv4Address a(0x0a020000 + 129 + k);
        uint32_t ifIndex = AddAddress(net.hosts.Get(k), net.lanDevices.Get(d), a, lanMask);
        net.hostAddresses.push_back(a);
        StaticRouting(net.hosts.Get(k))->SetDefaultRoute(net.agentAddresses[k % agents], ifIndex);
    }
    if (rogue)
    {
        StaticRouting(net.rogue)->SetDefaultRoute(net.agentAddresses[0], 1);
    }

    // Clients, each on its own link to its agent.
    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", DataRateValue(m_clientRate));
    p2p.SetChannelAttribute("Delay", TimeValue(m_clientDelay));
    Ipv4Mask clientLinkMask("255.255.255.0");
    for (uint32_t i = 0; i < clients; ++i)
    {
        uint32_t j = i % agents;
        NetDeviceContainer devs = p2p.Install(net.clients.Get(i), net.agents.Get(j));
        net.clientDevices.Add(devs);
        Ipv4Address subnet(0x0a010000 + (i << 8));
        Ipv4Address agentSide(subnet.Get() + 1);
        Ipv4Address clientSide(subnet.Get() + 2);
        uint32_t ifIndex = AddAddress(net.clients.Get(i), devs.Get(0), clientSide, clientLinkMask);
        AddAddress(net.agents.Get(j), devs.Get(1), agentSide, clientLinkMask);
        StaticRouting(net.clients.Get(i))->SetDefaultRoute(agentSide, ifIndex);
        net.clientAddresses.push_back(clientSide);
        // The other agents reach this client through its agent.
        for (uint32_t o = 0; o < agents; ++o)
        {
            if (o != j)
            {
                StaticRouting(net.agents.Get(o))
                    ->AddNetworkRouteTo(subnet, clientLinkMask, net.agentAddresses[j], 1);
            }
        }
    }
    return net;
}

void
FailoverNetworkHelper::EnablePcap(const std::string& prefix, const FailoverNetwork& net)
{
    PointToPointHelper p2p;
    p2p.EnablePcap(prefix, net.clientDevices, false);
    CsmaHelper csma;
    csma.EnablePcap(prefix, net.lanDevices, false);
}

FailoverHelper::FailoverHelper()
    : m_policy("least-connections")
{
    m_agent.SetTypeId(ForwardingAgent::GetTypeId());
    m_manager.SetTypeId(ServiceManager::GetTypeId());
}

void
FailoverHelper::SetAgentAttribute(const std::string& name, const AttributeValue& value)
{
    m_agent.Set(name, value);
}

void
FailoverHelper::SetManagerAttribute(const std::string& name, const AttributeValue& value)
{
    m_manager.Set(name, value);
}

void
FailoverHelper::SetPolicy(const std::string& name)
{
    NS_ABORT_MSG_IF(!HostSelectionPolicy::CreateByName(name), "unknown policy " << name);
    m_policy = name;
}

ApplicationContainer
FailoverHelper::InstallAgents(const FailoverNetwork& net) const
{
    ApplicationContainer apps;
    for (uint32_t j = 0; j < net.agents.GetN(); ++j)
    {
        Ptr<ForwardingAgent> a = m_agent.Create<ForwardingAgent>();
        a->SetAttribute("Name", StringValue("agent" + std::to_string(j)));
        net.agents.Get(j)->AddApplication(a);
        apps.Add(a);
    }
    return apps;
}

ApplicationContainer
FailoverHelper::InstallManagers(const FailoverNetwork& net, bool partitioned) const
{
    uint32_t n = net.managers.GetN();
    uint32_t backups = n - 1;
    NS_ABORT_MSG_IF(partitioned && (backups == 0 || (backups & (backups - 1)) != 0),
                    "partitioned backups: their number must be a power of two");
    ApplicationContainer apps;
    for (uint32_t m = 0; m < n; ++m)
    {
        Ptr<ServiceManager> s = m_manager.Create<ServiceManager>();
        s->SetAttribute("Policy", PointerValue(HostSelectionPolicy::CreateByName(m_policy)));
        s->SetAttribute("Vip", Ipv4AddressValue(net.vip));
        s->SetAttribute("HostNetwork", Ipv4AddressValue(net.hostNetwork));
        s->SetAttribute("HostMask", Ipv4MaskValue(net.hostMask));
        s->SetAttribute("ClientNetwork", Ipv4AddressValue(net.clientNetwork));
        s->SetAttribute("ClientMask", Ipv4MaskValue(net.clientMask));
        if (m == 0)
        {
            s->SetAttribute("Role", EnumValue(ServiceManager::PRIMARY));
            s->SetAttribute("BackupPrecedence", UintegerValue(1));
            s->SetAttribute("Name", StringValue("primary"));
        }
        else
        {
            s->SetAttribute("Role", EnumValue(ServiceManager::BACKUP));
            s->SetAttribute("BackupPrecedence", UintegerValue(1 + m));
            s->SetAttribute("Name", StringValue("backup" + std::to_string(m)));
            s->SetMonitoredManager(net.managerAddresses[0]);
            if (partitioned)
            {
                uint32_t b = m - 1;
                s->SetAttribute("ClientNetwork",
                                Ipv4AddressValue(Ipv4Address(net.clientNetwork.Get() + (b << 8))));
                s->SetAttribute("ClientMask",
                                Ipv4MaskValue(Ipv4Mask(0xffff0000u | ((backups - 1) << 8))));
            }
        }
        s->SetHosts(net.hostAddresses);
        s->SetAgents(net.agentAddresses);
        std::vector<Ipv4Address> peers;
        for (uint32_t o = 0; o < n; ++o)
        {
            if (o != m)
            {
                peers.push_back(net.managerAddresses[o]);
            }
        }
        s->SetPeers(peers);
        net.managers.Get(m)->AddApplication(s);
        apps.Add(s);
    }
    return apps;
}

Ptr<ServiceManager>
FailoverHelper::InstallRogue(const FailoverNetwork& net, const std::string& key) const
{
    NS_ABORT_MSG_IF(!net.rogue, "the network has no rogue node");
    Ptr<ServiceManager> s = m_manager.Create<ServiceManager>();
    s->SetAttribute("Policy", PointerValue(HostSelectionPolicy::CreateByName("round-robin")));
    s->SetAttribute("Vip", Ipv4AddressValue(net.vip));
    s->SetAttribute("HostNetwork", Ipv4AddressValue(net.rogueAddress));
    s->SetAttribute("HostMask", Ipv4MaskValue(Ipv4Mask("255.255.255.255")));
    s->SetAttribute("ClientNetwork", Ipv4AddressValue(net.clientNetwork));
    s->SetAttribute("ClientMask", Ipv4MaskValue(net.clientMask));
    s->SetAttribute("Role", EnumValue(ServiceManager::PRIMARY));
    s->SetAttribute("BackupPrecedence", UintegerValue(0));
    s->SetAttribute("Replication", BooleanValue(false));
    s->SetAttribute("SecurityKey", StringValue(key));
    s->SetAttribute("Name", StringValue("rogue"));
    s->SetHosts({net.rogueAddress});
    s->SetAgents(net.agentAddresses);
    net.rogue->AddApplication(s);
    return s;
}

} // namespace sfc
} // namespace ns3
