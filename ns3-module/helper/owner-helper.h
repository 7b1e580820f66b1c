/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_OWNER_HELPER_H
#define SFC_OWNER_HELPER_H

#include "ns3/association-service.h"
#include "ns3/attribute.h"
#include "ns3/ipv4-address.h"
#include "ns3/object-factory.h"
#include "ns3/owner-controller.h"
#include "ns3/query-subset.h"
#include "ns3/sfc-network-helper.h"
#include "ns3/vplane.h"

#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief What OwnerHelper::Install() built.
 */
struct OwnerDeployment
{
    Ptr<OwnerController> controller;       //!< the controller
    std::vector<Ptr<VPlane>> hosts;        //!< host vPlanes, in server order
    Ptr<VPlane> gateway;                   //!< the gateway vPlane
    std::map<uint32_t, VnetEndpoint> vms;  //!< source vertex -> its VM (VNet, address)
    std::map<uint32_t, uint32_t> vmHost;   //!< source vertex -> index into hosts
    std::vector<PortForwardRule> forwards; //!< port-forwarding rules
    Ipv4Address snatAddress;               //!< the tenants' shared source-NAT address
    QuerySubsetFunction subsets;           //!< the subset function

    /// \return hosts, then the gateway
    std::vector<Ptr<VPlane>> All() const;
};

/**
 * \ingroup sfc
 * \brief Installs seed 003 on an SfcNetwork (servers = hosts, sources = VMs,
 *        externals = WAN hosts behind the gateway, a controller node): one
 *        VPlane per server and one on the gateway, each with its firewall,
 *        source NAT (the shared public address, a port slot per host) and
 *        destination NAT; the controller with the translation table (every
 *        VM -> its host), the port-forwarding rules and the initial subset
 *        map, copied into every vPlane as configuration.
 */
class OwnerHelper
{
  public:
    OwnerHelper();

    /// \param name attribute of every VPlane \param value its value
    void SetVplaneAttribute(const std::string& name, const AttributeValue& value);
    /// \param name attribute of the OwnerController \param value its value
    void SetControllerAttribute(const std::string& name, const AttributeValue& value);
    /// \param name attribute of the SubsetAssigner \param value its value
    void SetAssignerAttribute(const std::string& name, const AttributeValue& value);
    /// \param name attribute of every OwnerControlEndpoint \param value its value
    void SetControlAttribute(const std::string& name, const AttributeValue& value);
    /// \param name attribute of every OwnerCache \param value its value
    void SetCacheAttribute(const std::string& name, const AttributeValue& value);
    /// \param name attribute of every OwnerRule \param value its value
    void SetRuleAttribute(const std::string& name, const AttributeValue& value);
    /// \param name attribute of every AssociationStore \param value its value
    void SetStoreAttribute(const std::string& name, const AttributeValue& value);
    /// \param name attribute of every firewall and NAT \param value its value
    void SetServiceAttribute(const std::string& name, const AttributeValue& value);
    /// \param f the subset function
    void SetSubsetFunction(const QuerySubsetFunction& f);
    /// \param address the tenants' source-NAT public address
    void SetSnatAddress(Ipv4Address address);
    /// \param vnets VM i is in VNet 1 + (i mod vnets)
    void SetVnets(uint32_t vnets);
    /**
     * \brief Port-forward a public address to a VM.
     * \param publicAddress public address \param publicPort its port
     * \param source index of the VM in net.sources \param port the VM's port
     */
    void AddPortForward(Ipv4Address publicAddress,
                        uint16_t publicPort,
                        uint32_t source,
                        uint16_t port);
    /// \param servers indices of servers not in helper service at the start
    void SetLateHelpers(const std::set<uint32_t>& servers);

    /// \param net the network (needs a controller) \return what was installed
    OwnerDeployment Install(const SfcNetwork& net) const;

  private:
    /// Apply stored attributes to an object
    static void Apply(Ptr<Object> object,
                      const std::vector<std::pair<std::string, Ptr<AttributeValue>>>& attrs);
    /// Attribute lists
    using Attrs = std::vector<std::pair<std::string, Ptr<AttributeValue>>>;

    ObjectFactory m_vplane;                                       //!< VPlane factory
    ObjectFactory m_controller;                                   //!< OwnerController factory
    Attrs m_assigner;                                             //!< SubsetAssigner attributes
    Attrs m_control;                                              //!< endpoint attributes
    Attrs m_cache;                                                //!< owner-cache attributes
    Attrs m_rule;                                                 //!< owner-rule attributes
    Attrs m_store;                                                //!< association-store attributes
    Attrs m_service;                                              //!< firewall / NAT attributes
    QuerySubsetFunction m_subsets;                                //!< subset function
    Ipv4Address m_snat;                                           //!< source-NAT address
    uint32_t m_vnets;                                             //!< tenant VNets
    std::vector<std::pair<PortForwardRule, uint32_t>> m_forwards; //!< rule, source index
    std::set<uint32_t> m_late; //!< servers joining helper service later
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_OWNER_HELPER_H */
