/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_SERVICE_CHAIN_HELPER_H
#define SFC_SERVICE_CHAIN_HELPER_H

#include "sfc-network-helper.h"

#include "ns3/attribute.h"
#include "ns3/forwarder.h"
#include "ns3/gateway.h"
#include "ns3/object-factory.h"
#include "ns3/service-chain.h"
#include "ns3/service-node.h"

#include <string>
#include <vector>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief What ServiceChainHelper::Install() built.
 */
struct ChainDeployment
{
    Ptr<ServiceChain> chain;                 //!< the chain (functions, instances, DFs)
    std::vector<Ptr<Forwarder>> forwarders;  //!< one per server, in SfcNetwork::servers order
    Ptr<Gateway> gateway;                    //!< the gateway's forwarder
    std::vector<Ptr<ServiceNode>> instances; //!< every instance, by id (id = index + 1)
    std::vector<uint32_t> dfServer;          //!< per function (index 0 unused): DF server index

    /// \param serverIndex index into SfcNetwork::servers \return that server's forwarder
    Ptr<Forwarder> GetForwarder(uint32_t serverIndex) const;
};

/**
 * \ingroup sfc
 * \brief Builds a service chain over an SfcNetwork in a few lines:
 *
 * \code
 *   ServiceChainHelper chain;
 *   chain.SetPolicy("flow-table");
 *   chain.SetForwarderAttribute("DesignatedForwarding", BooleanValue(true));
 *   chain.AddFunction("fw", "ns3::sfc::StatefulFirewall", 3);
 *   chain.AddFunction("nat", "ns3::sfc::SourceNat", 3);
 *   ChainDeployment d = chain.Install(network);
 * \endcode
 *
 * It puts a Forwarder on every server and a Gateway on the gateway, places
 * the instances of the functions round-robin over the servers (continuing
 * the rotation from one function to the next, so that a server hosts
 * instances of several functions), attaches each instance to its server's
 * forwarder, makes a server hosting most instances of a function its
 * designated forwarder (among those, the one that is DF for fewest functions
 * so far), fills every forwarding table with the routes to the
 * sources and the gateway, and keeps the chain's membership in step with
 * instances starting and stopping.
 */
class ServiceChainHelper
{
  public:
    ServiceChainHelper();

    /// Name of the flow-table policy with designated forwarders
    static constexpr const char* kFlowTableDf = "flow-table-df";

    /**
     * \brief Choose the load-balancing policy by name (GetPolicyNames()).
     *
     * "flow-table-df" is a shorthand: the flow-table policy with the
     * forwarders' DesignatedForwarding attribute set (the one switch for
     * designated forwarding). With "nat-pools" every address-translating
     * instance gets its own public address (SourceNat's AddressPerInstance).
     *
     * \param name policy name
     */
    void SetPolicy(const std::string& name);
    /// \return every name SetPolicy() accepts: "flow-table-df", then
    /// LoadBalancingPolicy::GetNames()
    static std::vector<std::string> GetPolicyNames();
    /**
     * \brief Make address-translating instances pick ports whose return tuple
     *        the policy steers back to them (a NAT that cooperates with a
     *        stateless load balancer). Off by default: the seed's NAT is a black box.
     * \param aligned on or off
     */
    void SetNatPortAlignment(bool aligned);
    /// \param name attribute of ServiceChain \param value its value
    void SetChainAttribute(const std::string& name, const AttributeValue& value);
    /// \param name attribute of Forwarder (and Gateway) \param value its value
    void SetForwarderAttribute(const std::string& name, const AttributeValue& value);
    /// \param name attribute of FlowTable \param value its value
    void SetFlowTableAttribute(const std::string& name, const AttributeValue& value);

    /**
     * \brief Append a function to the chain.
     * \param name short name ("fw", "nat", ...)
     * \param typeId ServiceNode subclass (e.g. "ns3::sfc::SourceNat")
     * \param instances instances in service from the start
     * \param spares further instances provisioned but stopped (started later by
     *        a scaling schedule)
     * \return 1-based function index
     */
    uint32_t AddFunction(const std::string& name,
                         const std::string& typeId,
                         uint32_t instances,
                         uint32_t spares = 0);
    /**
     * \param function 1-based index
     * \param name attribute of the function's ServiceNode type
     * \param value its value
     */
    void SetFunctionAttribute(uint32_t function,
                              const std::string& name,
                              const AttributeValue& value);

    /**
     * \brief Build the chain on a network.
     * \param network the network (from SfcNetworkHelper)
     * \return what was built
     */
    ChainDeployment Install(const SfcNetwork& network) const;

  private:
    /// A function to build
    struct FunctionSpec
    {
        std::string name;      //!< short name
        ObjectFactory factory; //!< ServiceNode factory
        uint32_t instances{0}; //!< in service from the start
        uint32_t spares{0};    //!< provisioned, stopped
    };

    std::string m_policy;                  //!< policy name
    bool m_alignNatPorts;                  //!< cooperative NAT port selection
    ObjectFactory m_chainFactory;          //!< ServiceChain
    ObjectFactory m_forwarderFactory;      //!< Forwarder
    ObjectFactory m_gatewayFactory;        //!< Gateway
    ObjectFactory m_flowTableFactory;      //!< FlowTable
    std::vector<FunctionSpec> m_functions; //!< functions in order
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_SERVICE_CHAIN_HELPER_H */
