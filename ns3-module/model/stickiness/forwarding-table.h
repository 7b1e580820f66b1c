/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_FORWARDING_TABLE_H
#define SFC_FORWARDING_TABLE_H

#include "ns3/ipv4-address.h"

#include <cstdint>
#include <unordered_map>
#include <vector>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief A forwarder's forwarding table: the routing result for a destination.
 *
 * This is what a flow-table entry's "look up the forwarding table" action
 * consults: where a packet leaving the chain goes (the gateway, or an
 * external host out of the gateway's edge port), and where a return packet
 * that has left the chain goes (the forwarder of the server hosting the
 * source, or the source's edge port). Longest prefix match; host routes are
 * found in O(1).
 */
class ForwardingTable
{
  public:
    /// A routing result
    struct Route
    {
        /// Kind of next hop
        enum Kind : uint8_t
        {
            EDGE = 0,     //!< out of a local edge port
            FORWARDER = 1 //!< encapsulated to another forwarder
        };

        Kind kind{EDGE};     //!< kind
        uint32_t port{0};    //!< edge port (EDGE)
        Ipv4Address locator; //!< forwarder address (FORWARDER)
    };

    /**
     * \brief Add a route (replacing any route to the same prefix).
     * \param network destination network
     * \param mask its mask (/32 for a host route)
     * \param route the next hop
     */
    void AddRoute(Ipv4Address network, Ipv4Mask mask, const Route& route);

    /**
     * \brief Longest-prefix-match lookup.
     * \param dst destination address
     * \param route set to the result
     * \return false if no route matches
     */
    bool Lookup(Ipv4Address dst, Route& route) const;

    /// \return number of routes
    uint32_t GetNRoutes() const;

  private:
    /// A prefix route
    struct PrefixRoute
    {
        Ipv4Address network; //!< network
        Ipv4Mask mask;       //!< mask
        uint16_t length;     //!< prefix length
        Route route;         //!< next hop
    };

    std::unordered_map<uint32_t, Route> m_hosts; //!< /32 routes
    std::vector<PrefixRoute> m_prefixes;         //!< other routes, longest first
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_FORWARDING_TABLE_H */
