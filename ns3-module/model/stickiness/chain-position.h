/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_CHAIN_POSITION_H
#define SFC_CHAIN_POSITION_H

#include "flow-table.h"

#include "ns3/ipv4-address.h"
#include "ns3/sfc-types.h"

#include <cstdint>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief Where a packet is in its chain when a forwarder handles it:
 *        computed once per arrival, then read by every step.
 *
 * A chain of n functions has boundaries 0..n (boundary b lies between
 * function b and function b+1; 0 is the source side, n the gateway side).
 * At a boundary a forwarder handles a packet in one of two contexts
 * (FlowTableKey::Context): EGRESS of function b (where b's instances'
 * packets go next) or INGRESS of function b+1 (which instance of b+1 gets
 * the flow).
 */
struct ChainPosition
{
    Direction dir{Direction::FORWARD};     //!< the packet's direction
    uint32_t boundary{0};                  //!< 0..n
    uint8_t context{FlowTableKey::EGRESS}; //!< context that handles it here

    /**
     * \brief A packet arriving on an edge port. A source starts the chain
     *        from the egress side of boundary 0; the outside comes back in
     *        through the gateway's ingress context of boundary n, where the
     *        gateway cached the flow on its way out.
     * \param ingress direction of the port's arriving packets
     * \param nFunctions functions in the chain
     * \return the position
     */
    static ChainPosition AtEdge(Direction ingress, uint32_t nFunctions)
    {
        bool fwd = ingress == Direction::FORWARD;
        return {ingress, fwd ? 0 : nFunctions, fwd ? FlowTableKey::EGRESS : FlowTableKey::INGRESS};
    }

    /**
     * \brief A packet emitted by a local instance of function f. Forward: the
     *        egress of f. Reverse: back in the ingress context of f (boundary
     *        f-1), where the forward packet was balanced onto this instance.
     * \param function 1-based function index of the instance
     * \param dir the packet's direction
     * \return the position
     */
    static ChainPosition FromInstance(uint32_t function, Direction dir)
    {
        bool fwd = dir == Direction::FORWARD;
        return {dir,
                fwd ? function : function - 1,
                fwd ? FlowTableKey::EGRESS : FlowTableKey::INGRESS};
    }
};

/**
 * \ingroup sfc
 * \brief Where a packet came from: its previous hop, the target of the
 *        reverse entry a forwarder caches for it.
 */
struct Arrival
{
    /// Kind of previous hop
    enum Kind : uint8_t
    {
        EDGE,     //!< an edge port
        LOCAL_SN, //!< a local service-node instance
        REMOTE    //!< another forwarder, over the overlay
    };

    Kind kind{EDGE};       //!< kind
    uint32_t port{0};      //!< edge port (EDGE)
    uint32_t instance{0};  //!< instance that emitted it (LOCAL_SN)
    Ipv4Address sender;    //!< sending forwarder (REMOTE)
    uint32_t named{0};     //!< instance named by the sender (REMOTE)
    uint8_t serviceTtl{0}; //!< service-plane TTL to use when sending on

    /// \return true if another forwarder sent it and chose its instance
    bool NamesInstance() const
    {
        return kind == REMOTE && named != 0;
    }

    /**
     * \return the action that sends a return packet back to this previous
     *         hop. A sending forwarder held the flow in its ingress context
     *         if it named an instance (it balanced the flow), in its egress
     *         context otherwise.
     */
    FlowAction ReverseAction() const
    {
        switch (kind)
        {
        case EDGE:
            return FlowAction::ToEdge(port);
        case LOCAL_SN:
            return FlowAction::ToServiceNode(instance);
        case REMOTE:
        default:
            return FlowAction::ToForwarder(sender,
                                           named != 0 ? FlowTableKey::INGRESS
                                                      : FlowTableKey::EGRESS);
        }
    }
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_CHAIN_POSITION_H */
