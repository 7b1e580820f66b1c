/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "service-chain-helper.h"

#include "ns3/abort.h"
#include "ns3/boolean.h"
#include "ns3/flow-table.h"
#include "ns3/load-balancing-policy.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/source-nat.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SfcServiceChainHelper");

namespace sfc
{

Ptr<Forwarder>
ChainDeployment::GetForwarder(uint32_t serverIndex) const
{
    return forwarders.at(serverIndex);
}

ServiceChainHelper::ServiceChainHelper()
    : m_policy("flow-table"),
      m_alignNatPorts(false)
{
    m_chainFactory.SetTypeId(ServiceChain::GetTypeId());
    m_forwarderFactory.SetTypeId(Forwarder::GetTypeId());
    m_gatewayFactory.SetTypeId(Gateway::GetTypeId());
    m_flowTableFactory.SetTypeId(FlowTable::GetTypeId());
}

void
ServiceChainHelper::SetPolicy(const std::string& name)
{
    if (name == kFlowTableDf)
    {
        m_policy = "flow-table";
        SetForwarderAttribute("DesignatedForwarding", BooleanValue(true));
        return;
    }
    NS_ABORT_MSG_IF(!LoadBalancingPolicy::CreateByName(name), "unknown policy " << name);
    m_policy = name;
}

std::vector<std::string>
ServiceChainHelper::GetPolicyNames()
{
    std::vector<std::string> names{kFlowTableDf};
    for (const auto& n : LoadBalancingPolicy::GetNames())
    {
        names.push_back(n);
    }
    return names;
}

void
ServiceChainHelper::SetNatPortAlignment(bool aligned)
{
    m_alignNatPorts = aligned;
}

void
ServiceChainHelper::SetChainAttribute(const std::string& name, const AttributeValue& value)
{
    m_chainFactory.Set(name, value);
}

void
ServiceChainHelper::SetForwarderAttribute(const std::string& name, const AttributeValue& value)
{
    m_forwarderFactory.Set(name, value);
    m_gatewayFactory.Set(name, value);
}

void
ServiceChainHelper::SetFlowTableAttribute(const std::string& name, const AttributeValue& value)
{
    m_flowTableFactory.Set(name, value);
}

uint32_t
ServiceChainHelper::AddFunction(const std::string& name,
                                const std::string& typeId,
                                uint32_t instances,
                                uint32_t spares)
{
    FunctionSpec spec;
    spec.name = name;
    spec.factory.SetTypeId(typeId);
    NS_ABORT_MSG_IF(!spec.factory.GetTypeId().IsChildOf(ServiceNode::GetTypeId()),
                    typeId << " is not a ServiceNode");
    spec.instances = instances;
    spec.spares = spares;
    m_functions.push_back(spec);
    return static_cast<uint32_t>(m_functions.size());
}

void
ServiceChainHelper::SetFunctionAttribute(uint32_t function,
                                         const std::string& name,
                                         const AttributeValue& value)
{
    NS_ABORT_MSG_IF(function == 0 || function > m_functions.size(), "bad function index");
    m_functions[function - 1].factory.Set(name, value);
}

ChainDeployment
ServiceChainHelper::Install(const SfcNetwork& net) const
{
    NS_ABORT_MSG_IF(net.servers.empty(), "no server to place the chain on");
    ChainDeployment d;
    d.chain = m_chainFactory.Create<ServiceChain>();
    for (const auto& f : m_functions)
    {
        d.chain->AddFunction(f.name);
    }

    auto makeForwarder = [&](const ObjectFactory& factory, uint32_t vertex) {
        Ptr<Forwarder> fwd = factory.Create<Forwarder>();
        fwd->SetAttribute("FlowTable", PointerValue(m_flowTableFactory.Create<FlowTable>()));
        fwd->SetPolicy(LoadBalancingPolicy::CreateByName(m_policy));
        fwd->SetLocator(net.locator.at(vertex));
        net.GetNode(vertex)->AddApplication(fwd);
        fwd->SetChain(d.chain);
        return fwd;
    };

    std::map<uint32_t, uint32_t> serverIndex; // server vertex -> index
    for (uint32_t i = 0; i < net.servers.size(); ++i)
    {
        serverIndex[net.servers[i]] = i;
        d.forwarders.push_back(makeForwarder(m_forwarderFactory, net.servers[i]));
    }
    d.gateway = DynamicCast<Gateway>(makeForwarder(m_gatewayFactory, net.gateway));

    // Edge ports: every source on its server, every external host on the gateway.
    std::map<uint32_t, std::pair<uint32_t, uint32_t>> sourcePort; // source -> (server, port)
    for (uint32_t src : net.sources)
    {
        uint32_t server = serverIndex.at(net.topology.GetAttachment(src));
        uint32_t port =
            d.forwarders[server]->AddEdgePort(net.edgeDevice.at(src), Direction::FORWARD);
        sourcePort[src] = {server, port};
    }
    for (uint32_t ext : net.externals)
    {
        d.gateway->AddExternalPort(net.edgeDevice.at(ext),
                                   net.address.at(ext),
                                   Ipv4Mask::GetOnes());
    }

    // Forwarding tables: host routes to every source, default route to the gateway.
    auto fillRoutes = [&](Ptr<Forwarder> fwd, int32_t self) {
        for (uint32_t src : net.sources)
        {
            ForwardingTable::Route r;
            const auto& sp = sourcePort.at(src);
            if (static_cast<int32_t>(sp.first) == self)
            {
                r.kind = ForwardingTable::Route::EDGE;
                r.port = sp.second;
            }
            else
            {
                r.kind = ForwardingTable::Route::FORWARDER;
                r.locator = net.locator.at(net.servers[sp.first]);
            }
            fwd->GetForwardingTable().AddRoute(net.address.at(src), Ipv4Mask::GetOnes(), r);
        }
    };
    for (uint32_t i = 0; i < d.forwarders.size(); ++i)
    {
        fillRoutes(d.forwarders[i], static_cast<int32_t>(i));
        ForwardingTable::Route toGateway;
        toGateway.kind = ForwardingTable::Route::FORWARDER;
        toGateway.locator = net.locator.at(net.gateway);
        d.forwarders[i]->GetForwardingTable().AddRoute(Ipv4Address("0.0.0.0"),
                                                       Ipv4Mask("0.0.0.0"),
                                                       toGateway);
    }
    fillRoutes(d.gateway, -1);

    // Instances: round-robin over the servers, continuing across functions.
    Ptr<LoadBalancingPolicy> alignPolicy = LoadBalancingPolicy::CreateByName(m_policy);
    uint32_t cursor = 0;
    uint32_t nextId = 1;
    d.dfServer.assign(m_functions.size() + 1, 0);
    std::vector<uint32_t> dfCount(net.servers.size(), 0);
    for (uint32_t f = 1; f <= m_functions.size(); ++f)
    {
        const FunctionSpec& spec = m_functions[f - 1];
        uint32_t total = spec.instances + spec.spares;
        NS_ABORT_MSG_IF(total == 0, "function " << spec.name << " has no instance");
        std::vector<uint32_t> perServer(net.servers.size(), 0);
        for (uint32_t slot = 0; slot < total; ++slot)
        {
            uint32_t server = cursor++ % net.servers.size();
            Ptr<ServiceNode> sn = spec.factory.Create<ServiceNode>();
            sn->SetInstanceId(nextId++);
            sn->SetFunctionIndex(f);
            if (m_policy == "nat-pools" && sn->TranslatesAddresses())
            {
                sn->SetAttribute("AddressPerInstance", BooleanValue(true));
            }
            sn->SetSlot(slot, total);
            Ptr<SourceNat> nat = DynamicCast<SourceNat>(sn);
            if (m_alignNatPorts && nat && m_policy != "nat-pools")
            {
                // The NAT asks the policy, with the chain's membership, whether the
                // return tuple of a candidate port would come back to it.
                ServiceChain* c = PeekPointer(d.chain);
                uint32_t id = sn->GetInstanceId();
                nat->SetPortFilter(Callback<bool, const FlowKey&>([alignPolicy, c, f, id](
                                                                      const FlowKey& ret) {
                    return alignPolicy->Select(ret, Direction::REVERSE, f, *c->GetMembership()) ==
                           id;
                }));
            }
            Ptr<Node> node = net.GetNode(net.servers[server]);
            node->AddApplication(sn);
            if (slot >= spec.instances)
            {
                // A spare: provisioned, started later by a scaling schedule.
                sn->SetStartTime(Time::Max());
            }
            else
            {
                perServer[server]++;
            }
            ServiceChain::InstanceInfo info;
            info.id = sn->GetInstanceId();
            info.function = f;
            info.server = server;
            info.locator = net.locator.at(net.servers[server]);
            info.node = sn;
            d.chain->AddInstance(info);
            d.forwarders[server]->AttachServiceNode(sn);
            if (slot < spec.instances)
            {
                d.chain->SetActive(info.id, true);
            }
            d.instances.push_back(sn);
        }
        // The designated forwarder: a server with most initial instances of the function;
        // among those, the one that is DF for fewest functions so far (then the lowest index),
        // so that DF duty is spread and a forwarder is DF for one function, NDF for another.
        uint32_t most = *std::max_element(perServer.begin(), perServer.end());
        uint32_t df = 0;
        bool found = false;
        for (uint32_t s = 0; s < perServer.size(); ++s)
        {
            if (perServer[s] == most && (!found || dfCount[s] < dfCount[df]))
            {
                df = s;
                found = true;
            }
        }
        dfCount[df]++;
        d.dfServer[f] = df;
        d.chain->SetDesignatedForwarder(f, net.locator.at(net.servers[df]));
    }
    return d;
}

} // namespace sfc
} // namespace ns3
