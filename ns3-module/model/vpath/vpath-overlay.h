/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_VPATH_OVERLAY_H
#define SFC_VPATH_OVERLAY_H

#include "ns3/ipv4-address.h"
#include "ns3/packet.h"

#include <cstdint>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief The overlay on an agent port, built without an IP stack: outer
 *        IPv4 + UDP (port 4341) + the RFC 9300 data header with the I bit
 *        (instance id = policy id) around the raw packet.
 */
class VpathOverlay
{
  public:
    /// What the outer headers said
    struct Outer
    {
        Ipv4Address src;   //!< outer source
        Ipv4Address dst;   //!< outer destination
        uint16_t sport{0}; //!< UDP source port
        uint32_t iid{0};   //!< instance id
    };

    /**
     * \param p the raw packet (headers are added in front)
     * \param src outer source \param dst outer destination
     * \param dport UDP destination port
     * \param iid instance id
     * \param nonce data-header nonce (24 bits)
     */
    static void Encapsulate(Ptr<Packet> p,
                            Ipv4Address src,
                            Ipv4Address dst,
                            uint16_t dport,
                            uint32_t iid,
                            uint32_t nonce);
    /**
     * \param p an overlay packet (outer headers removed on success)
     * \param outer receives the outer fields
     * \return false (packet unchanged) if it is not IPv4/UDP 4341/LISP with an instance id
     */
    static bool Decapsulate(Ptr<Packet> p, Outer& outer);
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_VPATH_OVERLAY_H */
