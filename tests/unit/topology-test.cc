/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * SfcTopology: the leaf-spine builder and BFS hop counts.
 */

#include "ns3/sfc-topology.h"

#include <gtest/gtest.h>
#include <limits>

using namespace ns3;
using namespace ns3::sfc;

namespace
{
SfcTopology
SmallLeafSpine()
{
    SfcTopology::LeafSpineParams p;
    p.spines = 2;
    p.racks = 2;
    p.servers = 4;
    p.sources = 5;
    p.externals = 2;
    return SfcTopology::LeafSpine(p);
}
} // namespace

TEST(SfcTopology, LeafSpineHasTheRequestedVerticesAndLinks)
{
    SfcTopology t = SmallLeafSpine();
    using R = SfcTopology::Role;
    EXPECT_EQ(t.GetNodes(R::SPINE).size(), 2u);
    EXPECT_EQ(t.GetNodes(R::TOR).size(), 2u);
    EXPECT_EQ(t.GetNodes(R::GATEWAY).size(), 1u);
    EXPECT_EQ(t.GetNodes(R::SERVER).size(), 4u);
    EXPECT_EQ(t.GetNodes(R::SOURCE).size(), 5u);
    EXPECT_EQ(t.GetNodes(R::EXTERNAL).size(), 2u);
    EXPECT_EQ(t.GetNNodes(), 16u);
    // ToR-spine full mesh (4), gateway-spines (2), servers (4), sources (5), externals (2).
    EXPECT_EQ(boost::num_edges(t.GetGraph()), 17u);
    // Sources round-robin over servers, externals on the gateway.
    std::vector<uint32_t> servers = t.GetNodes(R::SERVER);
    std::vector<uint32_t> sources = t.GetNodes(R::SOURCE);
    for (uint32_t i = 0; i < sources.size(); ++i)
    {
        EXPECT_EQ(t.GetAttachment(sources[i]), servers[i % servers.size()]) << "source " << i;
    }
    for (uint32_t e : t.GetNodes(R::EXTERNAL))
    {
        EXPECT_EQ(t.GetAttachment(e), t.GetNodes(R::GATEWAY)[0]);
    }
    EXPECT_EQ(t.GetNode(servers[3]).name, "server3");
    EXPECT_EQ(SfcTopology::RoleName(R::TOR), "tor");
    EXPECT_EQ(SfcTopology::RoleName(R::EXTERNAL), "external");
}

TEST(SfcTopology, HopCountsOnALeafSpine)
{
    SfcTopology t = SmallLeafSpine();
    using R = SfcTopology::Role;
    std::vector<uint32_t> s = t.GetNodes(R::SERVER); // server i under tor i % 2
    std::vector<uint32_t> src = t.GetNodes(R::SOURCE);
    std::vector<uint32_t> tor = t.GetNodes(R::TOR);
    std::vector<uint32_t> spine = t.GetNodes(R::SPINE);
    uint32_t gw = t.GetNodes(R::GATEWAY)[0];
    uint32_t ext = t.GetNodes(R::EXTERNAL)[0];
    EXPECT_EQ(t.Hops(s[0], s[0]), 0u);
    EXPECT_EQ(t.Hops(s[0], s[2]), 2u) << "same rack: server-tor-server";
    EXPECT_EQ(t.Hops(s[0], s[1]), 4u) << "other rack: server-tor-spine-tor-server";
    EXPECT_EQ(t.Hops(s[0], gw), 3u) << "server-tor-spine-gateway";
    EXPECT_EQ(t.Hops(src[0], s[0]), 1u);
    EXPECT_EQ(t.Hops(src[0], ext), 5u) << "source-server-tor-spine-gateway-external";
    EXPECT_EQ(t.Hops(src[1], src[0]), 6u);
    EXPECT_EQ(t.Hops(tor[0], tor[1]), 2u);
    EXPECT_EQ(t.Hops(spine[0], spine[1]), 2u);
    EXPECT_EQ(t.Hops(ext, t.GetNodes(R::EXTERNAL)[1]), 2u);
    // Symmetric.
    for (uint32_t a = 0; a < t.GetNNodes(); ++a)
    {
        for (uint32_t b = 0; b < t.GetNNodes(); ++b)
        {
            EXPECT_EQ(t.Hops(a, b), t.Hops(b, a));
        }
    }
    // Path through waypoints: source -> NAT server in the other rack -> gateway.
    EXPECT_EQ(t.PathHops({src[0], s[1], gw}), 1u + 4u + 3u);
    EXPECT_EQ(t.PathHops({src[0]}), 0u);
    EXPECT_EQ(t.PathHops({}), 0u);
}

TEST(SfcTopology, HopsFollowChangesAndUnreachableIsMax)
{
    SfcTopology t;
    uint32_t a = t.AddNode(SfcTopology::Role::SERVER, "a");
    uint32_t b = t.AddNode(SfcTopology::Role::TOR, "b");
    uint32_t c = t.AddNode(SfcTopology::Role::SERVER, "c");
    t.AddLink(a, b, SfcTopology::LinkProps());
    t.AddLink(b, c, SfcTopology::LinkProps());
    EXPECT_EQ(t.Hops(a, c), 2u);
    uint32_t d = t.AddNode(SfcTopology::Role::SERVER, "d");
    EXPECT_EQ(t.Hops(a, d), std::numeric_limits<uint32_t>::max());
    t.AddLink(a, c, SfcTopology::LinkProps());
    EXPECT_EQ(t.Hops(a, c), 1u) << "cached distances are recomputed after a change";
    t.AddLink(c, d, SfcTopology::LinkProps());
    EXPECT_EQ(t.Hops(a, d), 2u);
}
