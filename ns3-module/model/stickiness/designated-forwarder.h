/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_DESIGNATED_FORWARDER_H
#define SFC_DESIGNATED_FORWARDER_H

#include "chain-position.h"
#include "flow-table.h"

#include "ns3/ipv4-address.h"
#include "ns3/ptr.h"
#include "ns3/service-chain.h"

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief All of the designated-forwarder (DF / NDF) rules of one forwarder
 *        instance (claim 1 of seed 000/001), in one place.
 *
 * For every function the chain names one forwarder instance its designated
 * forwarder (ServiceChain::GetDesignatedForwarder). Only the DF of a function
 * balances packets entering it and forwards packets leaving it; the other
 * forwarders hosting instances of the function (its NDFs) relay between the
 * DF and their local instances:
 * - Relay(): the NDF side, before any flow-table lookup, with no caching:
 *   a forward packet the DF sent for a named local instance is delivered to
 *   it; a return packet a local instance emits goes back to its function's DF.
 * - Redirect(): on a miss in the egress context of boundary b, a forwarder
 *   that is not the DF of b sends what leaves b to that DF (which caches
 *   forward -> routing result, reverse -> this NDF); one that is not the DF
 *   of b+1 sends what enters b+1 to that DF.
 *
 * A forwarder can be DF for one function and NDF for another. The rules
 * apply only when the forwarder's DesignatedForwarding attribute is set and
 * its policy caches reverse entries (the flow-table method).
 */
class DesignatedForwarder
{
  public:
    /**
     * \param chain the chain (its DF assignment)
     * \param self this forwarder's locator
     */
    void Configure(Ptr<ServiceChain> chain, Ipv4Address self);

    /// \param function 1-based index \return true if this forwarder is its DF
    bool IsDesignatedForwarder(uint32_t function) const;

    /**
     * \brief The NDF relay, tried before the flow table.
     * \param pos the packet's position
     * \param from its previous hop
     * \param action set to what to do if the packet is relayed
     * \return true if the packet is relayed (and not looked up)
     */
    bool Relay(const ChainPosition& pos, const Arrival& from, FlowAction& action) const;

    /**
     * \brief On a miss of a forward packet in the egress context of a
     *        boundary: must it go to another forwarder's DF?
     * \param boundary the boundary b (egress of function b)
     * \param nFunctions functions in the chain
     * \param action set to the hop to that DF if so
     * \return true if the packet goes to a DF
     */
    bool Redirect(uint32_t boundary, uint32_t nFunctions, FlowAction& action) const;

  private:
    /// \param function 1-based index \return its DF if it is another forwarder, else 0.0.0.0
    Ipv4Address OtherDf(uint32_t function) const;

    Ptr<ServiceChain> m_chain; //!< the chain
    Ipv4Address m_self;        //!< this forwarder's locator
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_DESIGNATED_FORWARDER_H */
