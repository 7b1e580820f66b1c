/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_VPATH_HELPER_H
#define SFC_VPATH_HELPER_H

#include "ns3/agentless-attachment.h"
#include "ns3/application-container.h"
#include "ns3/ipv4-address.h"
#include "ns3/lisp-mapping-system.h"
#include "ns3/node-container.h"
#include "ns3/object-factory.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/service-node.h"
#include "ns3/vem-switch.h"
#include "ns3/vpath-agent.h"

#include <map>
#include <vector>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief Builds seed 004's VEM/VPATH data plane over LISP on servers that
 *        share an IPv4 underlay: a VemSwitch per server, a mapping system,
 *        VMs and agentless service nodes on point-to-point ports, chains
 *        programmed (and re-programmed at run time) in the mapping system,
 *        and migrations of agentless nodes.
 *
 * The servers must have an Internet stack and their underlay address on
 * interface 1; every service node's RLOC is taken from the RLOC pool
 * (SetRlocPool: consecutive addresses in the underlay subnet, one per
 * attachment, a migrated node gets a new one on its new server).
 */
class VpathHelper
{
  public:
    VpathHelper();

    /// \param n attribute \param v value, of every VemSwitch installed
    void SetSwitchAttribute(const std::string& n, const AttributeValue& v);
    /// \param n attribute \param v value, of every switch's LispMapCache
    void SetCacheAttribute(const std::string& n, const AttributeValue& v);
    /// \param n attribute \param v value, of the LispMappingSystem
    void SetMappingSystemAttribute(const std::string& n, const AttributeValue& v);
    /// \param first first address of the service-node RLOCs (in the underlay subnet)
    void SetRlocPool(Ipv4Address first);
    /// \param ttl TTL of programmed chain records (map-cache TTL unit)
    void SetChainTtl(uint32_t ttl);
    /// \param key Map-Register key of the switches and the mapping system
    void SetAuthenticationKey(const std::string& key);

    /**
     * \param node the mapping-system node (underlay address on interface 1)
     * \return the map-server / map-resolver application
     */
    Ptr<LispMappingSystem> InstallMappingSystem(Ptr<Node> node);
    /// \param servers the servers \return one VemSwitch per server
    ApplicationContainer InstallSwitches(NodeContainer servers);
    /// \param server index \return its switch
    Ptr<VemSwitch> GetSwitch(uint32_t server) const;

    /**
     * \brief Connect a VM (a node with an Internet stack) to a server's
     *        switch: a point-to-point link, the EID as the VM's address,
     *        a default route through the link, the port profile.
     * \param vm the VM node
     * \param server server index
     * \param eid the VM's EID
     * \param chainId the VM's policy (chain id; 0: none)
     * \return the VM's device
     */
    Ptr<NetDevice> AddVm(Ptr<Node> vm, uint32_t server, Ipv4Address eid, uint32_t chainId);
    /**
     * \brief Attach an agentless service node to a server: two
     *        point-to-point links (input and output tag of the policy) and an
     *        RLOC on the server for the hop EID.
     * \param fn the service function, an Application on its own node
     * \param server server index
     * \param hopEid the hop EID chains name it by
     * \param policy the policy (chain id) its tags carry
     * \return the attachment
     */
    Ptr<AgentlessAttachment> AttachAgentless(Ptr<ServiceNode> fn,
                                             uint32_t server,
                                             Ipv4Address hopEid,
                                             uint32_t policy);
    /**
     * \brief Attach a service node with an agent to a server: one
     *        point-to-point port that carries the overlay into the node.
     * \param fn the service function, an Application on its own node
     * \param server server index
     * \param hopEid the hop EID chains name it by
     * \return the agent
     */
    Ptr<VpathAgent> AttachAgent(Ptr<ServiceNode> fn, uint32_t server, Ipv4Address hopEid);
    /**
     * \brief Move an agentless node to another server at a given time (its
     *        links to that server are made now).
     * \param at when
     * \param hopEid the node
     * \param toServer destination server index
     */
    void ScheduleMigration(Time at, Ipv4Address hopEid, uint32_t toServer);

    /**
     * \brief Program (or re-program) a chain in the mapping system now.
     * \param chainId chain id
     * \param hops hop EIDs in order (empty: remove the chain)
     * \param dst destination prefix (default 0.0.0.0/0: every destination)
     * \param len its length
     */
    void ProgramChain(uint32_t chainId,
                      const std::vector<Ipv4Address>& hops,
                      Ipv4Address dst = Ipv4Address("0.0.0.0"),
                      uint8_t len = 0);
    /**
     * \brief ProgramChain at a given time (live insertion or removal).
     * \param at when
     * \param chainId chain id
     * \param hops hop EIDs (empty: remove)
     * \param dst destination prefix
     * \param len its length
     */
    void ScheduleChain(Time at,
                       uint32_t chainId,
                       const std::vector<Ipv4Address>& hops,
                       Ipv4Address dst = Ipv4Address("0.0.0.0"),
                       uint8_t len = 0);

  private:
    /// An attached agentless node
    struct Agentless
    {
        Ptr<AgentlessAttachment> att; //!< its interfaces
        uint32_t server;              //!< current server
        uint32_t policy;              //!< its policy
    };

    /// Links of a node to a server: node-side in/out, server-side in/out
    struct Links
    {
        Ptr<NetDevice> nodeIn;  //!< node-side input tag
        Ptr<NetDevice> nodeOut; //!< node-side output tag
        Ptr<NetDevice> portIn;  //!< switch-side input tag
        Ptr<NetDevice> portOut; //!< switch-side output tag
    };

    /// \param node service node \param server server index \return new links
    Links Connect(Ptr<Node> node, uint32_t server);
    /// \param hopEid node \param toServer destination
    void Migrate(Ipv4Address hopEid, uint32_t toServer, Links links, Ipv4Address rloc);
    /// \return the next pool RLOC
    Ipv4Address NextRloc();

    ObjectFactory m_switchFactory;                                         //!< switches
    ObjectFactory m_msFactory;                                             //!< mapping system
    std::vector<std::pair<std::string, Ptr<AttributeValue>>> m_cacheAttrs; //!< cache attributes
    PointToPointHelper m_p2p;                                              //!< VM and tag links
    Ipv4Address m_rlocNext;                                                //!< next pool RLOC
    uint32_t m_chainTtl;                                                   //!< programmed chain TTL
    std::string m_key;                                                     //!< authentication key
    Ipv4Address m_mapServer;                      //!< mapping-system address
    Ptr<LispMappingSystem> m_ms;                  //!< mapping system
    NodeContainer m_servers;                      //!< servers
    std::vector<Ptr<VemSwitch>> m_switches;       //!< switch per server
    std::map<Ipv4Address, Agentless> m_agentless; //!< by hop EID
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_VPATH_HELPER_H */
