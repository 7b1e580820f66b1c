/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "owner-helper.h"

#include "ns3/abort.h"
#include "ns3/destination-nat.h"
#include "ns3/log.h"
#include "ns3/nsh-overlay-port.h"
#include "ns3/source-nat.h"
#include "ns3/stateful-firewall.h"
#include "ns3/uinteger.h"

namespace ns3
{
namespace sfc
{

NS_LOG_COMPONENT_DEFINE("SfcOwnerHelper");

std::vector<Ptr<VPlane>>
OwnerDeployment::All() const
{
    std::vector<Ptr<VPlane>> all = hosts;
    all.push_back(gateway);
    return all;
}

OwnerHelper::OwnerHelper()
    : m_snat("198.51.100.1"),
      m_vnets(1)
{
    m_vplane.SetTypeId(VPlane::GetTypeId());
    m_controller.SetTypeId(OwnerController::GetTypeId());
}

void
OwnerHelper::SetVplaneAttribute(const std::string& name, const AttributeValue& value)
{
    m_vplane.Set(name, value);
}

void
OwnerHelper::SetControllerAttribute(const std::string& name, const AttributeValue& value)
{
    m_controller.Set(name, value);
}

void
OwnerHelper::SetAssignerAttribute(const std::string& name, const AttributeValue& value)
{
    m_assigner.emplace_back(name, value.Copy());
}

void
OwnerHelper::SetControlAttribute(const std::string& name, const AttributeValue& value)
{
    m_control.emplace_back(name, value.Copy());
}

void
OwnerHelper::SetCacheAttribute(const std::string& name, const AttributeValue& value)
{
    m_cache.emplace_back(name, value.Copy());
}

void
OwnerHelper::SetRuleAttribute(const std::string& name, const AttributeValue& value)
{
    m_rule.emplace_back(name, value.Copy());
}

void
OwnerHelper::SetStoreAttribute(const std::string& name, const AttributeValue& value)
{
    m_store.emplace_back(name, value.Copy());
}

void
OwnerHelper::SetServiceAttribute(const std::string& name, const AttributeValue& value)
{
    m_service.emplace_back(name, value.Copy());
}

void
OwnerHelper::SetSubsetFunction(const QuerySubsetFunction& f)
{
    m_subsets = f;
}

void
OwnerHelper::SetSnatAddress(Ipv4Address address)
{
    m_snat = address;
}

void
OwnerHelper::SetVnets(uint32_t vnets)
{
    NS_ABORT_MSG_IF(vnets == 0, "at least one tenant VNet");
    m_vnets = vnets;
}

void
OwnerHelper::AddPortForward(Ipv4Address publicAddress,
                            uint16_t publicPort,
                            uint32_t source,
                            uint16_t port)
{
    PortForwardRule r;
    r.publicAddress = publicAddress;
    r.publicPort = publicPort;
    r.protocol = 6;
    r.targetPort = port;
    m_forwards.emplace_back(r, source);
}

void
OwnerHelper::SetLateHelpers(const std::set<uint32_t>& servers)
{
    m_late = servers;
}

void
OwnerHelper::Apply(Ptr<Object> object, const Attrs& attrs)
{
    for (const auto& [name, value] : attrs)
    {
        object->SetAttribute(name, *value);
    }
}

OwnerDeployment
OwnerHelper::Install(const SfcNetwork& net) const
{
    NS_ABORT_MSG_IF(net.controller < 0, "seed 003 needs a controller node");
    OwnerDeployment d;
    d.snatAddress = m_snat;
    d.subsets = m_subsets;

    d.controller = m_controller.Create<OwnerController>();
    uint32_t controllerVertex = static_cast<uint32_t>(net.controller);
    d.controller->SetAddress(net.locator.at(controllerVertex));
    d.controller->GetAssigner()->SetAttribute("NumSubsets", UintegerValue(m_subsets.GetNSubsets()));
    Apply(d.controller->GetAssigner(), m_assigner);
    Apply(d.controller->GetControl(), m_control);
    Apply(d.controller->GetDatabase()->GetStore(), m_store);
    net.GetNode(controllerVertex)->AddApplication(d.controller);

    // vPlanes, each with its functions.
    uint32_t nextInstance = 1;
    std::vector<uint32_t> vertices = net.servers;
    vertices.push_back(net.gateway);
    std::map<uint32_t, uint32_t> nodeToHost; // node id -> host index
    for (uint32_t i = 0; i < vertices.size(); ++i)
    {
        bool gateway = i == net.servers.size();
        Ptr<Node> node = net.GetNode(vertices[i]);
        Ptr<VPlane> v = m_vplane.Create<VPlane>();
        v->SetRole(gateway ? VPlane::GATEWAY : VPlane::HOST);
        v->SetLocator(net.locator.at(vertices[i]));
        v->SetController(d.controller->GetAddress());
        v->SetGatewayLocator(net.locator.at(net.gateway));
        v->SetOverlay(CreateObject<NshOverlayPort>());
        v->SetSubsetFunction(m_subsets);
        Apply(v->GetControl(), m_control);
        Apply(v->GetOwnerCache(), m_cache);
        Apply(v->GetOwnerRule(), m_rule);
        Apply(v->GetAssociationService()->GetStore(), m_store);
        node->AddApplication(v);
        Ptr<StatefulFirewall> fw = CreateObject<StatefulFirewall>();
        Ptr<SourceNat> snat = CreateObject<SourceNat>();
        Ptr<DestinationNat> dnat = CreateObject<DestinationNat>();
        snat->SetAttribute("PublicAddress", Ipv4AddressValue(m_snat));
        for (Ptr<ServiceNode> sn : std::vector<Ptr<ServiceNode>>{fw, snat, dnat})
        {
            Apply(sn, m_service);
            sn->SetInstanceId(nextInstance++);
            node->AddApplication(sn);
        }
        if (!gateway)
        {
            // The hosts share the public address, each with its own port slot.
            snat->SetSlot(i, static_cast<uint32_t>(net.servers.size()));
            nodeToHost[node->GetId()] = i;
        }
        v->SetServices(fw, snat, dnat);
        if (gateway)
        {
            d.gateway = v;
        }
        else
        {
            d.hosts.push_back(v);
        }
    }

    // VMs: every source is a VM on the server its access link ends at.
    Ptr<TranslationTable> master = d.controller->GetTranslationTable();
    for (uint32_t i = 0; i < net.sources.size(); ++i)
    {
        uint32_t src = net.sources[i];
        Ptr<NetDevice> dev = net.edgeDevice.at(src);
        uint32_t host = nodeToHost.at(dev->GetNode()->GetId());
        VnetEndpoint vm(1 + i % m_vnets, net.address.at(src));
        d.vms[src] = vm;
        d.vmHost[src] = host;
        d.hosts[host]->AddVm(vm, dev);
        master->Set(vm, d.hosts[host]->GetLocator());
    }
    for (uint32_t ext : net.externals)
    {
        d.gateway->AddWanPort(net.edgeDevice.at(ext), {net.address.at(ext)});
    }
    for (const auto& [rule, source] : m_forwards)
    {
        NS_ABORT_MSG_IF(source >= net.sources.size(), "port forward to an unknown VM");
        PortForwardRule r = rule;
        r.target = d.vms.at(net.sources[source]);
        d.forwards.push_back(r);
        d.controller->GetDatabase()->AddPortForward(r);
    }

    // Configuration copied into every vPlane: the table, the rules, the map.
    for (uint32_t i = 0; i < net.servers.size(); ++i)
    {
        d.controller->AddVplane(d.hosts[i]->GetLocator(), m_late.count(i) == 0);
    }
    d.controller->AddVplane(d.gateway->GetLocator(), false);
    for (const auto& v : d.All())
    {
        for (const auto& [vm, host] : master->GetEntries())
        {
            v->GetTranslationTable()->Set(vm, host);
        }
        for (const auto& r : d.forwards)
        {
            v->AddPortForward(r);
        }
        v->SetInitialMap(d.controller->GetAssigner()->GetMap());
    }
    return d;
}

} // namespace sfc
} // namespace ns3
