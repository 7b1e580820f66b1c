/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "flow-traffic-helper.h"

#include "ns3/flow-client.h"
#include "ns3/flow-server.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/node.h"
#include "ns3/tcp-l4-protocol.h"

namespace ns3
{
namespace sfc
{

FlowTrafficHelper::FlowTrafficHelper()
{
    m_client.SetTypeId(FlowClient::GetTypeId());
    m_server.SetTypeId(FlowServer::GetTypeId());
}

void
FlowTrafficHelper::SetClientAttribute(const std::string& name, const AttributeValue& value)
{
    m_client.Set(name, value);
}

void
FlowTrafficHelper::SetServerAttribute(const std::string& name, const AttributeValue& value)
{
    m_server.Set(name, value);
}

void
FlowTrafficHelper::RemoveTcp(Ptr<Node> node)
{
    Ptr<Ipv4L3Protocol> ipv4 = node->GetObject<Ipv4L3Protocol>();
    Ptr<TcpL4Protocol> tcp = node->GetObject<TcpL4Protocol>();
    if (ipv4 && tcp && ipv4->GetProtocol(TcpL4Protocol::PROT_NUMBER))
    {
        ipv4->Remove(tcp);
    }
}

ApplicationContainer
FlowTrafficHelper::InstallClients(NodeContainer sources,
                                  const std::vector<Ipv4Address>& destinations) const
{
    ApplicationContainer apps;
    for (uint32_t i = 0; i < sources.GetN(); ++i)
    {
        RemoveTcp(sources.Get(i));
        Ptr<FlowClient> c = m_client.Create<FlowClient>();
        c->SetDestinations(destinations);
        sources.Get(i)->AddApplication(c);
        apps.Add(c);
    }
    return apps;
}

ApplicationContainer
FlowTrafficHelper::InstallServers(NodeContainer externals) const
{
    ApplicationContainer apps;
    for (uint32_t i = 0; i < externals.GetN(); ++i)
    {
        RemoveTcp(externals.Get(i));
        Ptr<FlowServer> s = m_server.Create<FlowServer>();
        externals.Get(i)->AddApplication(s);
        apps.Add(s);
    }
    return apps;
}

int64_t
FlowTrafficHelper::AssignStreams(ApplicationContainer clients, int64_t stream)
{
    int64_t used = 0;
    for (uint32_t i = 0; i < clients.GetN(); ++i)
    {
        Ptr<FlowClient> c = DynamicCast<FlowClient>(clients.Get(i));
        if (c)
        {
            used += c->AssignStreams(stream + used);
        }
    }
    return used;
}

} // namespace sfc
} // namespace ns3
