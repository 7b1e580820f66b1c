/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_TYPES_H
#define SFC_TYPES_H

#include <cstdint>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief Direction of a packet relative to the flow that carries it.
 */
enum class Direction : uint8_t
{
    FORWARD = 0, //!< from the source inside the network towards the outside
    REVERSE = 1  //!< return traffic, from the outside back to the source
};

/// \param d direction \return "forward" or "reverse"
inline const char*
ToString(Direction d)
{
    return d == Direction::FORWARD ? "forward" : "reverse";
}

/**
 * \ingroup sfc
 * \brief Why a forwarder or a service node dropped a packet.
 */
enum class DropReason : uint8_t
{
    NO_STATE = 0,      //!< service node has no state for the packet (NAT miss, firewall reverse)
    INSTANCE_DOWN = 1, //!< the service-node instance is stopped
    QUEUE_FULL = 2,    //!< service-node input queue overflow
    MALFORMED = 3,     //!< packet could not be parsed
    TABLE_FULL = 4,    //!< flow table full (OverflowPolicy Drop)
    NO_ROUTE = 5,      //!< no next hop (no instance, no forwarding-table route)
    TTL_EXPIRED = 6,   //!< NSH or IPv4 TTL reached zero
    RESOURCES = 7,     //!< NAT port pool exhausted or state table full
    MISDIRECTED = 8    //!< packet names an instance this forwarder does not host
};

/// \param r drop reason \return its snake_case name
inline const char*
ToString(DropReason r)
{
    switch (r)
    {
    case DropReason::NO_STATE:
        return "no_state";
    case DropReason::INSTANCE_DOWN:
        return "instance_down";
    case DropReason::QUEUE_FULL:
        return "queue_full";
    case DropReason::MALFORMED:
        return "malformed";
    case DropReason::TABLE_FULL:
        return "table_full";
    case DropReason::NO_ROUTE:
        return "no_route";
    case DropReason::TTL_EXPIRED:
        return "ttl_expired";
    case DropReason::RESOURCES:
        return "resources";
    case DropReason::MISDIRECTED:
        return "misdirected";
    }
    return "unknown";
}

/// Number of DropReason values
constexpr uint32_t kNumDropReasons = 9;

} // namespace sfc
} // namespace ns3

#endif /* SFC_TYPES_H */
