/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_VPATH_CHAIN_H
#define SFC_VPATH_CHAIN_H

#include "ns3/ipv4-address.h"
#include "ns3/lisp-records.h"

#include <cstdint>
#include <vector>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief The mapping records of VPATH over LISP: a chain as an RFC 8060
 *        Explicit Locator Path of hop EIDs, and the host records that
 *        switches register.
 *
 * A chain `chainId` towards `dst/len` is the mapping record of EID prefix
 * [chainId] dst/len (Instance-ID LCAF) with one locator whose RLOC is an
 * ELP: one hop per service node, its hop EID, with the L bit (look the hop
 * up in the mapping system: the EID is resolved to the RLOC of the switch
 * port that hosts the node) and the S bit (strict: the hop must be
 * visited). The last hop of the chain is followed by the destination
 * itself, resolved in instance 0. An empty chain is a record without ELP
 * hops (a locator with an empty ELP): traffic goes straight to the
 * destination.
 */
class VpathChain
{
  public:
    /**
     * \param chainId chain (instance) id, 24 bits
     * \param dst destination prefix
     * \param len its length
     * \param hops hop EIDs, first hop first
     * \param ttl record TTL (in the xTRs' TTL unit)
     * \return the mapping record
     */
    static LispMappingRecord MakeChainRecord(uint32_t chainId,
                                             Ipv4Address dst,
                                             uint8_t len,
                                             const std::vector<Ipv4Address>& hops,
                                             uint32_t ttl);
    /**
     * \brief The hop EIDs of a chain record.
     * \param rec a mapping record
     * \param hops receives the hop EIDs, first first
     * \return false if the record has no ELP locator or a hop is not IPv4
     */
    static bool ReadChain(const LispMappingRecord& rec, std::vector<Ipv4Address>& hops);
    /**
     * \brief Where a packet goes after a hop.
     * \param hops the chain
     * \param current the hop just done (any address not in the chain: the
     *        packet has not entered it)
     * \param started true if `current` is a service hop (false: the source)
     * \return index of the next hop (hops.size(): the destination), or -1
     *         if `current` is a service hop that is not in the chain
     */
    static int NextHopIndex(const std::vector<Ipv4Address>& hops,
                            Ipv4Address current,
                            bool started);
    /**
     * \param eid a host EID (instance 0)
     * \param rloc its RLOC
     * \param ttl record TTL
     * \return the /32 record with one IPv4 locator
     */
    static LispMappingRecord MakeHostRecord(Ipv4Address eid, Ipv4Address rloc, uint32_t ttl);
    /**
     * \param rec a mapping record
     * \param rloc receives the best IPv4 locator (lowest priority, not 255)
     * \return false if there is none
     */
    static bool BestRloc(const LispMappingRecord& rec, Ipv4Address& rloc);
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_VPATH_CHAIN_H */
