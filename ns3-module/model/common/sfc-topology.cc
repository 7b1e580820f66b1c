/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "sfc-topology.h"

#include "ns3/abort.h"

#include <boost/graph/breadth_first_search.hpp>
#include <limits>

namespace ns3
{
namespace sfc
{

SfcTopology
SfcTopology::LeafSpine(const LeafSpineParams& p)
{
    NS_ABORT_MSG_IF(p.spines == 0 || p.racks == 0 || p.servers == 0,
                    "a leaf-spine needs at least one spine, rack and server");
    SfcTopology t;
    std::vector<uint32_t> spines;
    std::vector<uint32_t> tors;
    std::vector<uint32_t> servers;
    for (uint32_t i = 0; i < p.spines; ++i)
    {
        spines.push_back(t.AddNode(Role::SPINE, "spine" + std::to_string(i)));
    }
    for (uint32_t i = 0; i < p.racks; ++i)
    {
        tors.push_back(t.AddNode(Role::TOR, "tor" + std::to_string(i)));
        for (uint32_t s : spines)
        {
            t.AddLink(tors.back(), s, p.fabric);
        }
    }
    uint32_t gateway = t.AddNode(Role::GATEWAY, "gateway");
    for (uint32_t s : spines)
    {
        t.AddLink(gateway, s, p.fabric);
    }
    for (uint32_t i = 0; i < p.servers; ++i)
    {
        servers.push_back(t.AddNode(Role::SERVER, "server" + std::to_string(i)));
        t.AddLink(servers.back(), tors[i % p.racks], p.server);
    }
    for (uint32_t i = 0; i < p.sources; ++i)
    {
        uint32_t v = t.AddNode(Role::SOURCE, "source" + std::to_string(i));
        t.AddLink(v, servers[i % p.servers], p.access);
    }
    for (uint32_t i = 0; i < p.externals; ++i)
    {
        uint32_t v = t.AddNode(Role::EXTERNAL, "external" + std::to_string(i));
        t.AddLink(v, gateway, p.wan);
    }
    if (p.controller)
    {
        uint32_t v = t.AddNode(Role::CONTROLLER, "controller");
        t.AddLink(v, spines[0], p.fabric);
    }
    return t;
}

uint32_t
SfcTopology::AddNode(Role role, const std::string& name)
{
    m_dist.clear();
    return static_cast<uint32_t>(boost::add_vertex(VertexProps{role, name}, m_graph));
}

void
SfcTopology::AddLink(uint32_t a, uint32_t b, const LinkProps& link)
{
    NS_ABORT_MSG_IF(a >= GetNNodes() || b >= GetNNodes() || a == b, "bad link");
    m_dist.clear();
    boost::add_edge(a, b, link, m_graph);
}

uint32_t
SfcTopology::GetNNodes() const
{
    return static_cast<uint32_t>(boost::num_vertices(m_graph));
}

std::vector<uint32_t>
SfcTopology::GetNodes(Role role) const
{
    std::vector<uint32_t> out;
    for (uint32_t v = 0; v < GetNNodes(); ++v)
    {
        if (m_graph[v].role == role)
        {
            out.push_back(v);
        }
    }
    return out;
}

const SfcTopology::VertexProps&
SfcTopology::GetNode(uint32_t v) const
{
    return m_graph[v];
}

const SfcTopology::Graph&
SfcTopology::GetGraph() const
{
    return m_graph;
}

uint32_t
SfcTopology::GetAttachment(uint32_t v) const
{
    auto range = boost::adjacent_vertices(v, m_graph);
    NS_ABORT_MSG_IF(range.first == range.second, "vertex " << v << " is not attached");
    return static_cast<uint32_t>(*range.first);
}

void
SfcTopology::ComputeDistances() const
{
    uint32_t n = GetNNodes();
    m_dist.assign(n, std::vector<uint32_t>(n, std::numeric_limits<uint32_t>::max()));
    for (uint32_t s = 0; s < n; ++s)
    {
        std::vector<uint32_t>& d = m_dist[s];
        d[s] = 0;
        boost::breadth_first_search(m_graph,
                                    boost::vertex(s, m_graph),
                                    boost::visitor(boost::make_bfs_visitor(
                                        boost::record_distances(d.data(), boost::on_tree_edge()))));
    }
}

uint32_t
SfcTopology::Hops(uint32_t a, uint32_t b) const
{
    if (m_dist.size() != GetNNodes())
    {
        ComputeDistances();
    }
    return m_dist.at(a).at(b);
}

uint32_t
SfcTopology::PathHops(const std::vector<uint32_t>& waypoints) const
{
    uint32_t total = 0;
    for (std::size_t i = 1; i < waypoints.size(); ++i)
    {
        total += Hops(waypoints[i - 1], waypoints[i]);
    }
    return total;
}

std::string
SfcTopology::RoleName(Role role)
{
    switch (role)
    {
    case Role::SPINE:
        return "spine";
    case Role::TOR:
        return "tor";
    case Role::SERVER:
        return "server";
    case Role::GATEWAY:
        return "gateway";
    case Role::SOURCE:
        return "source";
    case Role::EXTERNAL:
        return "external";
    case Role::CONTROLLER:
        return "controller";
    }
    return "unknown";
}

} // namespace sfc
} // namespace ns3
