/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * ForwardingTable: longest-prefix match and host routes.
 */

#include "ns3/forwarding-table.h"

#include <gtest/gtest.h>
#include <sstream>
#include <string>

using namespace ns3;
using namespace ns3::sfc;

namespace
{

ForwardingTable::Route
Edge(uint32_t port)
{
    ForwardingTable::Route r;
    r.kind = ForwardingTable::Route::EDGE;
    r.port = port;
    return r;
}

ForwardingTable::Route
Fwd(const char* locator)
{
    ForwardingTable::Route r;
    r.kind = ForwardingTable::Route::FORWARDER;
    r.locator = Ipv4Address(locator);
    return r;
}

/// \return "edge:N", "fwd:a.b.c.d" or "none"
std::string
Where(const ForwardingTable& t, const char* dst)
{
    ForwardingTable::Route r;
    if (!t.Lookup(Ipv4Address(dst), r))
    {
        return "none";
    }
    std::ostringstream os;
    if (r.kind == ForwardingTable::Route::EDGE)
    {
        os << "edge:" << r.port;
    }
    else
    {
        os << "fwd:" << r.locator;
    }
    return os.str();
}

} // namespace

TEST(ForwardingTable, EmptyTableHasNoRoute)
{
    ForwardingTable t;
    EXPECT_EQ(t.GetNRoutes(), 0u);
    EXPECT_EQ(Where(t, "10.0.0.1"), "none");
}

TEST(ForwardingTable, LongestPrefixWinsWhateverTheInsertionOrder)
{
    // Insert in an order that is neither longest- nor shortest-first.
    ForwardingTable t;
    t.AddRoute(Ipv4Address("10.1.0.0"), Ipv4Mask("255.255.0.0"), Fwd("192.168.0.16"));
    t.AddRoute(Ipv4Address("0.0.0.0"), Ipv4Mask("0.0.0.0"), Fwd("192.168.0.1"));
    t.AddRoute(Ipv4Address("10.1.2.0"), Ipv4Mask("255.255.255.0"), Fwd("192.168.0.24"));
    t.AddRoute(Ipv4Address("10.0.0.0"), Ipv4Mask("255.0.0.0"), Fwd("192.168.0.8"));
    t.AddRoute(Ipv4Address("10.1.2.128"), Ipv4Mask("255.255.255.128"), Edge(3));
    EXPECT_EQ(t.GetNRoutes(), 5u);
    EXPECT_EQ(Where(t, "10.1.2.200"), "edge:3");           // /25
    EXPECT_EQ(Where(t, "10.1.2.127"), "fwd:192.168.0.24"); // /24
    EXPECT_EQ(Where(t, "10.1.3.1"), "fwd:192.168.0.16");   // /16
    EXPECT_EQ(Where(t, "10.200.0.1"), "fwd:192.168.0.8");  // /8
    EXPECT_EQ(Where(t, "11.0.0.1"), "fwd:192.168.0.1");    // default
    EXPECT_EQ(Where(t, "255.255.255.255"), "fwd:192.168.0.1");
}

TEST(ForwardingTable, NetworkBitsBeyondTheMaskAreIgnored)
{
    ForwardingTable t;
    // Host bits set in the network address: the route is 10.9.0.0/16.
    t.AddRoute(Ipv4Address("10.9.77.5"), Ipv4Mask("255.255.0.0"), Edge(1));
    EXPECT_EQ(Where(t, "10.9.0.1"), "edge:1");
    EXPECT_EQ(Where(t, "10.9.255.255"), "edge:1");
    EXPECT_EQ(Where(t, "10.10.0.1"), "none");
}

TEST(ForwardingTable, HostRoutesBeatPrefixesAndCanBeReplaced)
{
    ForwardingTable t;
    t.AddRoute(Ipv4Address("10.128.0.0"), Ipv4Mask("255.255.0.0"), Fwd("10.0.0.2"));
    t.AddRoute(Ipv4Address("10.128.0.7"), Ipv4Mask::GetOnes(), Edge(0));
    t.AddRoute(Ipv4Address("10.128.0.9"), Ipv4Mask("255.255.255.255"), Fwd("10.0.0.6"));
    EXPECT_EQ(t.GetNRoutes(), 3u);
    EXPECT_EQ(Where(t, "10.128.0.7"), "edge:0");
    EXPECT_EQ(Where(t, "10.128.0.9"), "fwd:10.0.0.6");
    EXPECT_EQ(Where(t, "10.128.0.8"), "fwd:10.0.0.2");
    // A host route added again replaces the old one.
    t.AddRoute(Ipv4Address("10.128.0.7"), Ipv4Mask::GetOnes(), Edge(5));
    EXPECT_EQ(t.GetNRoutes(), 3u);
    EXPECT_EQ(Where(t, "10.128.0.7"), "edge:5");
}

TEST(ForwardingTable, ARouteToTheSamePrefixReplacesTheOldOne)
{
    ForwardingTable t;
    t.AddRoute(Ipv4Address("10.1.0.0"), Ipv4Mask("255.255.0.0"), Fwd("192.168.0.16"));
    t.AddRoute(Ipv4Address("10.1.3.3"), Ipv4Mask("255.255.0.0"), Edge(7)); // same prefix
    EXPECT_EQ(t.GetNRoutes(), 1u);
    ForwardingTable::Route r;
    ASSERT_TRUE(t.Lookup(Ipv4Address("10.1.9.9"), r));
    EXPECT_EQ(r.kind, ForwardingTable::Route::EDGE);
    EXPECT_EQ(r.port, 7u);
}
