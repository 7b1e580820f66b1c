/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_FAILOVER_HELPER_H
#define SFC_FAILOVER_HELPER_H

#include "ns3/application-container.h"
#include "ns3/attribute.h"
#include "ns3/data-rate.h"
#include "ns3/ipv4-address.h"
#include "ns3/net-device-container.h"
#include "ns3/node-container.h"
#include "ns3/nstime.h"
#include "ns3/object-factory.h"
#include "ns3/service-manager.h"

#include <string>
#include <vector>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief The failover network (seed 002, FIG. 4 / FIG. 11).
 *
 * \verbatim
   client i --p2p-- agent (i mod A) ==+== LAN (CSMA) ==+== hosts (behind the VIP)
                                      |                +== primary and backup managers
                                      +== other agents  +== (rogue)
   \endverbatim
 *
 * Agents are the clients' routers: client i's link is 10.1.i.0/24 (the
 * agent is .1, the client .2). The LAN is 10.2.0.0/24: agents .1-.98,
 * the rogue .99, managers .100-.127, hosts .129-.254 (10.2.0.128/25).
 * The virtual IP (10.3.0.100) belongs to no node: only the agents'
 * affinities make it reachable. Routing is static: clients default to
 * their agent, host k defaults to agent k mod A (so replies often cross
 * another agent than the request, as in FIG. 5), agents route the other
 * agents' client subnets over the LAN.
 */
struct FailoverNetwork
{
    NodeContainer clients;                            //!< client nodes
    NodeContainer agents;                             //!< agent (router) nodes
    NodeContainer hosts;                              //!< real hosts
    NodeContainer managers;                           //!< managers: 0 is the primary
    Ptr<Node> rogue;                                  //!< a rogue node on the LAN (may be null)
    std::vector<Ipv4Address> clientAddresses;         //!< per client
    std::vector<Ipv4Address> agentAddresses;          //!< LAN address per agent
    std::vector<Ipv4Address> hostAddresses;           //!< per host
    std::vector<Ipv4Address> managerAddresses;        //!< per manager
    Ipv4Address rogueAddress{Ipv4Address::GetAny()};  //!< the rogue's address
    Ipv4Address vip{Ipv4Address::GetAny()};           //!< the virtual IP
    Ipv4Address clientNetwork{Ipv4Address::GetAny()}; //!< 10.1.0.0
    Ipv4Mask clientMask;                              //!< 255.255.0.0
    Ipv4Address hostNetwork{Ipv4Address::GetAny()};   //!< 10.2.0.128
    Ipv4Mask hostMask;                                //!< 255.255.255.128
    NetDeviceContainer lanDevices;                    //!< CSMA devices
    NetDeviceContainer clientDevices;                 //!< point-to-point devices

    /// \return every node
    NodeContainer All() const;
};

/**
 * \ingroup sfc
 * \brief Builds a FailoverNetwork.
 */
class FailoverNetworkHelper
{
  public:
    FailoverNetworkHelper();

    /// \param rate client link rate \param delay its delay
    void SetClientLink(DataRate rate, Time delay);
    /// \param rate LAN rate \param delay its delay
    void SetLan(DataRate rate, Time delay);
    /// \param stream first random stream of the stacks and the LAN (default 5000)
    void SetStream(int64_t stream);

    /**
     * \brief Create nodes, links, addresses, routes.
     * \param clients client nodes (at most 254)
     * \param agents agents (at least 1, at most 98)
     * \param hosts hosts (at most 126)
     * \param managers managers (at most 28)
     * \param rogue also create a rogue node on the LAN
     * \return the network
     */
    FailoverNetwork Install(uint32_t clients,
                            uint32_t agents,
                            uint32_t hosts,
                            uint32_t managers,
                            bool rogue = false) const;

    /**
     * \brief Write pcap traces of every device.
     * \param prefix file name prefix
     * \param net the network
     */
    static void EnablePcap(const std::string& prefix, const FailoverNetwork& net);

  private:
    DataRate m_clientRate; //!< client link rate
    Time m_clientDelay;    //!< client link delay
    DataRate m_lanRate;    //!< LAN rate
    Time m_lanDelay;       //!< LAN delay
    int64_t m_stream;      //!< first random stream
};

/**
 * \ingroup sfc
 * \brief Installs forwarding agents and service managers on a FailoverNetwork.
 *
 * \code
 *   FailoverNetwork net = FailoverNetworkHelper().Install(4, 2, 4, 2);
 *   FailoverHelper fo;
 *   fo.SetManagerAttribute("AffinityTtl", TimeValue(Seconds(2)));
 *   ApplicationContainer agents = fo.InstallAgents(net);
 *   ApplicationContainer managers = fo.InstallManagers(net);  // primary + 1 backup
 * \endcode
 */
class FailoverHelper
{
  public:
    FailoverHelper();

    /// \param name ForwardingAgent attribute \param value its value
    void SetAgentAttribute(const std::string& name, const AttributeValue& value);
    /// \param name ServiceManager attribute (every manager) \param value its value
    void SetManagerAttribute(const std::string& name, const AttributeValue& value);
    /// \param name HostSelectionPolicy name (a fresh instance per manager)
    void SetPolicy(const std::string& name);

    /// \param net the network \return one ForwardingAgent per agent node
    ApplicationContainer InstallAgents(const FailoverNetwork& net) const;

    /**
     * \brief Managers: node 0 the primary (backup precedence 1), the others
     *        backups (precedence 2, 3, ...) watching it, all peers of each other.
     * \param net the network
     * \param partitioned backups split the client domain (their number must be a
     *        power of two): backup b covers client subnets i with i mod B = b, through
     *        a non-contiguous netmask, as the seed's "every even or odd address"
     * \return the managers, primary first
     */
    ApplicationContainer InstallManagers(const FailoverNetwork& net,
                                         bool partitioned = false) const;

    /**
     * \brief A rogue manager on the rogue node: best backup precedence (0), its
     *        own node as the only host, and the given key (a wrong one).
     * \param net the network (with a rogue node)
     * \param key the rogue's key ("" = no security segment)
     * \return the rogue manager
     */
    Ptr<ServiceManager> InstallRogue(const FailoverNetwork& net, const std::string& key) const;

  private:
    ObjectFactory m_agent;   //!< agent factory
    ObjectFactory m_manager; //!< manager factory
    std::string m_policy;    //!< host selection policy name
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_FAILOVER_HELPER_H */
