/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_TOPOLOGY_H
#define SFC_TOPOLOGY_H

#include "ns3/data-rate.h"
#include "ns3/nstime.h"

#include <boost/graph/adjacency_list.hpp>
#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief A data-center topology as a Boost.Graph: who is linked to whom, at
 *        what rate and delay.
 *
 * Vertices have a role: spine and top-of-rack switches, servers (which run a
 * forwarder and service-node instances), the gateway, sources (VMs inside
 * the network, attached to a server), external hosts (outside, attached
 * to the gateway) and optionally a controller (the scaling controller's
 * management host, on the fabric). SfcNetworkHelper turns the graph into ns-3 nodes, links
 * and routes; the graph also answers shortest-path questions, the
 * denominator of the path-stretch metric.
 */
class SfcTopology
{
  public:
    /// What a vertex is
    enum class Role : uint8_t
    {
        SPINE,
        TOR,
        SERVER,
        GATEWAY,
        SOURCE,
        EXTERNAL,
        CONTROLLER
    };

    /// Vertex properties
    struct VertexProps
    {
        Role role{Role::SERVER}; //!< role
        std::string name;        //!< name ("server3", "tor1", ...)
    };

    /// Edge properties: a point-to-point link
    struct LinkProps
    {
        DataRate rate{"10Gbps"};     //!< link rate
        Time delay{MicroSeconds(5)}; //!< propagation delay
        uint32_t queuePackets{1000}; //!< device queue size
    };

    /// The graph type
    using Graph =
        boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS, VertexProps, LinkProps>;

    /// Parameters of LeafSpine()
    struct LeafSpineParams
    {
        uint32_t spines{1};     //!< spine switches
        uint32_t racks{2};      //!< top-of-rack switches
        uint32_t servers{4};    //!< servers, spread over the racks round-robin
        uint32_t sources{4};    //!< source VMs, spread over the servers round-robin
        uint32_t externals{2};  //!< external hosts behind the gateway
        bool controller{false}; //!< add a controller node on the first spine
        LinkProps access{DataRate("10Gbps"), MicroSeconds(1), 1000}; //!< source - server
        LinkProps server{DataRate("10Gbps"), MicroSeconds(5), 1000}; //!< server - ToR
        LinkProps fabric{DataRate("40Gbps"),
                         MicroSeconds(10),
                         1000};                                   //!< ToR - spine, spine - gateway
        LinkProps wan{DataRate("10Gbps"), MilliSeconds(5), 1000}; //!< gateway - external
    };

    SfcTopology() = default;

    /**
     * \brief A leaf-spine fabric: every ToR linked to every spine, the gateway
     *        to every spine, servers under ToRs, sources on servers, external
     *        hosts on the gateway.
     * \param p parameters
     * \return the topology
     */
    static SfcTopology LeafSpine(const LeafSpineParams& p);

    /**
     * \param role role
     * \param name name
     * \return the new vertex index
     */
    uint32_t AddNode(Role role, const std::string& name);
    /**
     * \param a one end
     * \param b other end
     * \param link link properties
     */
    void AddLink(uint32_t a, uint32_t b, const LinkProps& link);

    /// \return number of vertices
    uint32_t GetNNodes() const;
    /// \param role role \return vertices with that role, in index order
    std::vector<uint32_t> GetNodes(Role role) const;
    /// \param v vertex \return its properties
    const VertexProps& GetNode(uint32_t v) const;
    /// \return the graph
    const Graph& GetGraph() const;
    /// \param v a source or external vertex \return the vertex it is attached to
    uint32_t GetAttachment(uint32_t v) const;

    /**
     * \brief Fewest links between two vertices (BFS).
     * \param a from
     * \param b to
     * \return hop count (UINT32_MAX if unreachable)
     */
    uint32_t Hops(uint32_t a, uint32_t b) const;
    /**
     * \brief Fewest links of a path that visits the waypoints in order.
     * \param waypoints vertices to visit
     * \return sum of Hops() between consecutive waypoints
     */
    uint32_t PathHops(const std::vector<uint32_t>& waypoints) const;

    /// \param role role \return its lower-case name
    static std::string RoleName(Role role);

  private:
    void ComputeDistances() const;

    Graph m_graph;                                     //!< the graph
    mutable std::vector<std::vector<uint32_t>> m_dist; //!< all-pairs hop counts (lazy)
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_TOPOLOGY_H */
