/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_VNET_KEY_H
#define SFC_VNET_KEY_H

#include "ns3/flow-key.h"
#include "ns3/ipv4-address.h"

#include <cstdint>
#include <ostream>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief A VM address inside one virtual network.
 *
 * VM addresses may overlap across VNets (two tenants can both use
 * 10.0.0.1), so a VM is named by the pair (VNet id, address). The VNet id is
 * the overlay's virtual network identifier (24 bits in VXLAN-GPE; 32 bits
 * are kept here).
 */
struct VnetEndpoint
{
    uint32_t vnet{0};    //!< virtual network id
    Ipv4Address address; //!< VM address inside the VNet

    VnetEndpoint() = default;

    /// \param v VNet id \param a VM address
    VnetEndpoint(uint32_t v, Ipv4Address a)
        : vnet(v),
          address(a)
    {
    }
};

bool operator==(const VnetEndpoint& a, const VnetEndpoint& b);
bool operator!=(const VnetEndpoint& a, const VnetEndpoint& b);
/// Total order: VNet first, then address (for std::map)
bool operator<(const VnetEndpoint& a, const VnetEndpoint& b);
std::ostream& operator<<(std::ostream& os, const VnetEndpoint& e);

/**
 * \ingroup sfc
 * \brief One direction of a flow inside one VNet: VNet id + 5-tuple.
 *
 * The key every owner structure (owner cache, association store, control
 * messages) uses. Reverse() keeps the VNet and swaps the two ends of the
 * tuple.
 */
struct VnetFlowKey
{
    uint32_t vnet{0}; //!< virtual network id
    FlowKey tuple;    //!< the inner 5-tuple as the vPlane sees it

    VnetFlowKey() = default;

    /// \param v VNet id \param t 5-tuple
    VnetFlowKey(uint32_t v, const FlowKey& t)
        : vnet(v),
          tuple(t)
    {
    }

    /// \return the key of the opposite direction (same VNet, ends swapped)
    VnetFlowKey Reverse() const
    {
        return VnetFlowKey(vnet, tuple.Reverse());
    }

    /// \return the source VM of this direction
    VnetEndpoint Source() const
    {
        return VnetEndpoint(vnet, tuple.src);
    }

    /// \return the destination VM of this direction
    VnetEndpoint Destination() const
    {
        return VnetEndpoint(vnet, tuple.dst);
    }

    /**
     * \brief Direction-independent hash: equal for a key and its Reverse().
     *
     * FlowKey::SymmetricHash() (murmur3 over the canonically ordered
     * endpoints) salted with the VNet id, so that equal tuples in different
     * VNets spread independently. Stable across runs and platforms.
     * \param salt extra salt
     * \return 32-bit hash
     */
    uint32_t SymmetricHash(uint32_t salt = 0) const;
};

bool operator==(const VnetFlowKey& a, const VnetFlowKey& b);
bool operator!=(const VnetFlowKey& a, const VnetFlowKey& b);
/// Total order: VNet first, then the tuple's order (for deterministic containers)
bool operator<(const VnetFlowKey& a, const VnetFlowKey& b);
std::ostream& operator<<(std::ostream& os, const VnetFlowKey& k);

/**
 * \ingroup sfc
 * \brief Hash of a VnetFlowKey that is the same for the key and its Reverse()
 *        (the owner tables index each flow once for both directions).
 */
struct VnetFlowKeyUndirectedHash
{
    /// \param k key \return hash, equal for k and k.Reverse()
    std::size_t operator()(const VnetFlowKey& k) const
    {
        return FlowKeyUndirectedHash()(k.tuple) ^
               static_cast<std::size_t>(FlowKeyHash::Mix(uint64_t(k.vnet) + 0x9e3779b97f4a7c15ULL));
    }
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_VNET_KEY_H */
