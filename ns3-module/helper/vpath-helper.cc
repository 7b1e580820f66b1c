/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "vpath-helper.h"

#include "ns3/ipv4-static-routing-helper.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"
#include "ns3/vpath-chain.h"

namespace ns3
{
namespace sfc
{

NS_LOG_COMPONENT_DEFINE("VpathHelper");

VpathHelper::VpathHelper()
    : m_rlocNext("10.0.0.128"),
      m_chainTtl(1440)
{
    m_switchFactory.SetTypeId(VemSwitch::GetTypeId());
    m_msFactory.SetTypeId(LispMappingSystem::GetTypeId());
    m_p2p.SetDeviceAttribute("DataRate", StringValue("10Gbps"));
    m_p2p.SetDeviceAttribute("Mtu", UintegerValue(1400)); // room for the 36-byte overlay
    m_p2p.SetChannelAttribute("Delay", StringValue("1us"));
}

void
VpathHelper::SetSwitchAttribute(const std::string& n, const AttributeValue& v)
{
    m_switchFactory.Set(n, v);
}

void
VpathHelper::SetCacheAttribute(const std::string& n, const AttributeValue& v)
{
    m_cacheAttrs.emplace_back(n, v.Copy());
}

void
VpathHelper::SetMappingSystemAttribute(const std::string& n, const AttributeValue& v)
{
    m_msFactory.Set(n, v);
}

void
VpathHelper::SetRlocPool(Ipv4Address first)
{
    m_rlocNext = first;
}

void
VpathHelper::SetChainTtl(uint32_t ttl)
{
    m_chainTtl = ttl;
}

void
VpathHelper::SetAuthenticationKey(const std::string& key)
{
    m_key = key;
}

Ipv4Address
VpathHelper::NextRloc()
{
    Ipv4Address a = m_rlocNext;
    m_rlocNext = Ipv4Address(a.Get() + 1);
    return a;
}

Ptr<LispMappingSystem>
VpathHelper::InstallMappingSystem(Ptr<Node> node)
{
    m_ms = m_msFactory.Create<LispMappingSystem>();
    m_ms->SetAttribute("AuthenticationKey", StringValue(m_key));
    node->AddApplication(m_ms);
    m_mapServer = node->GetObject<Ipv4>()->GetAddress(1, 0).GetLocal();
    return m_ms;
}

ApplicationContainer
VpathHelper::InstallSwitches(NodeContainer servers)
{
    ApplicationContainer apps;
    for (uint32_t i = 0; i < servers.GetN(); ++i)
    {
        Ptr<VemSwitch> s = m_switchFactory.Create<VemSwitch>();
        s->SetAttribute("MapServer", Ipv4AddressValue(m_mapServer));
        s->SetAttribute("AuthenticationKey", StringValue(m_key));
        for (const auto& a : m_cacheAttrs)
        {
            s->GetMapCache()->SetAttribute(a.first, *a.second);
        }
        servers.Get(i)->AddApplication(s);
        m_servers.Add(servers.Get(i));
        m_switches.push_back(s);
        apps.Add(s);
    }
    return apps;
}

Ptr<VemSwitch>
VpathHelper::GetSwitch(uint32_t server) const
{
    NS_ABORT_MSG_UNLESS(server < m_switches.size(), "no switch on server " << server);
    return m_switches[server];
}

Ptr<NetDevice>
VpathHelper::AddVm(Ptr<Node> vm, uint32_t server, Ipv4Address eid, uint32_t chainId)
{
    NetDeviceContainer d = m_p2p.Install(vm, m_servers.Get(server));
    Ptr<Ipv4> ipv4 = vm->GetObject<Ipv4>();
    NS_ABORT_MSG_UNLESS(ipv4, "a VM needs an Internet stack");
    int32_t idx = ipv4->AddInterface(d.Get(0));
    ipv4->AddAddress(idx, Ipv4InterfaceAddress(eid, Ipv4Mask("255.255.255.255")));
    ipv4->SetUp(idx);
    Ipv4StaticRoutingHelper().GetStaticRouting(ipv4)->AddNetworkRouteTo(Ipv4Address("0.0.0.0"),
                                                                        Ipv4Mask("0.0.0.0"),
                                                                        idx);
    GetSwitch(server)->AddVm(d.Get(1), eid, chainId);
    return d.Get(0);
}

VpathHelper::Links
VpathHelper::Connect(Ptr<Node> node, uint32_t server)
{
    NetDeviceContainer in = m_p2p.Install(node, m_servers.Get(server));
    NetDeviceContainer out = m_p2p.Install(node, m_servers.Get(server));
    return Links{in.Get(0), out.Get(0), in.Get(1), out.Get(1)};
}

Ptr<AgentlessAttachment>
VpathHelper::AttachAgentless(Ptr<ServiceNode> fn,
                             uint32_t server,
                             Ipv4Address hopEid,
                             uint32_t policy)
{
    NS_ABORT_MSG_UNLESS(fn->GetNode(), "install the service function on its node first");
    Links l = Connect(fn->GetNode(), server);
    Ptr<AgentlessAttachment> att = CreateObject<AgentlessAttachment>();
    att->Attach(fn, l.nodeIn, l.nodeOut);
    Ptr<VemSwitch> s = GetSwitch(server);
    s->AttachNode(hopEid, NextRloc());
    s->TagPort(hopEid, policy, l.portIn, l.portOut);
    m_agentless[hopEid] = Agentless{att, server, policy};
    return att;
}

Ptr<VpathAgent>
VpathHelper::AttachAgent(Ptr<ServiceNode> fn, uint32_t server, Ipv4Address hopEid)
{
    NS_ABORT_MSG_UNLESS(fn->GetNode(), "install the service function on its node first");
    NetDeviceContainer d = m_p2p.Install(fn->GetNode(), m_servers.Get(server));
    Ptr<VpathAgent> agent = CreateObject<VpathAgent>();
    agent->Attach(fn, d.Get(0));
    GetSwitch(server)->AttachAgentNode(hopEid, NextRloc(), d.Get(1));
    return agent;
}

void
VpathHelper::ScheduleMigration(Time at, Ipv4Address hopEid, uint32_t toServer)
{
    auto it = m_agentless.find(hopEid);
    NS_ABORT_MSG_UNLESS(it != m_agentless.end(), "no agentless node " << hopEid);
    Links l = Connect(it->second.att->GetServiceNode()->GetNode(), toServer);
    Simulator::Schedule(at, &VpathHelper::Migrate, this, hopEid, toServer, l, NextRloc());
}

void
VpathHelper::Migrate(Ipv4Address hopEid, uint32_t toServer, Links l, Ipv4Address rloc)
{
    NS_LOG_FUNCTION(this << hopEid << toServer);
    Agentless& a = m_agentless[hopEid];
    GetSwitch(a.server)->DetachNode(hopEid);
    Ptr<VemSwitch> to = GetSwitch(toServer);
    to->AttachNode(hopEid, rloc);
    to->TagPort(hopEid, a.policy, l.portIn, l.portOut);
    a.att->MoveTo(l.nodeIn, l.nodeOut);
    a.server = toServer;
}

void
VpathHelper::ProgramChain(uint32_t chainId,
                          const std::vector<Ipv4Address>& hops,
                          Ipv4Address dst,
                          uint8_t len)
{
    NS_ABORT_MSG_UNLESS(m_ms, "install the mapping system first");
    if (hops.empty())
    {
        m_ms->RemoveMapping(LispEidPrefix::FromIpv4(dst, len, chainId));
        return;
    }
    m_ms->SetMapping(VpathChain::MakeChainRecord(chainId, dst, len, hops, m_chainTtl));
}

void
VpathHelper::ScheduleChain(Time at,
                           uint32_t chainId,
                           const std::vector<Ipv4Address>& hops,
                           Ipv4Address dst,
                           uint8_t len)
{
    Simulator::Schedule(at, &VpathHelper::ProgramChain, this, chainId, hops, dst, len);
}

} // namespace sfc
} // namespace ns3
