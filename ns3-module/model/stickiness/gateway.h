/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_GATEWAY_H
#define SFC_GATEWAY_H

#include "forwarder.h"

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief The edge between the data center and the outside.
 *
 * The gateway terminates the overlay: packets leaving the chain arrive
 * encapsulated from a forwarder and leave decapsulated, as plain IPv4, on
 * an external port; return packets arriving from outside are classified
 * into the chain's reverse path (at its last boundary) and encapsulated
 * towards the instance that must see them first.
 *
 * It is a forwarder instance without service nodes: with the flow-table
 * policy it caches, for every flow it forwards out, a reverse entry back to
 * the forwarder the flow came from (with designated forwarders: the DF of
 * the last function), so return traffic needs no other state.
 */
class Gateway : public Forwarder
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    Gateway();
    ~Gateway() override;

    /**
     * \brief Add an external port and the network reachable through it.
     * \param device a device of the gateway node, not an IPv4 interface
     * \param network external network behind it
     * \param mask its mask
     * \return the edge port index
     */
    uint32_t AddExternalPort(Ptr<NetDevice> device, Ipv4Address network, Ipv4Mask mask);
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_GATEWAY_H */
