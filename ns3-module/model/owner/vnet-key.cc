/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "vnet-key.h"

#include <tuple>

namespace ns3
{
namespace sfc
{

bool
operator==(const VnetEndpoint& a, const VnetEndpoint& b)
{
    return a.vnet == b.vnet && a.address == b.address;
}

bool
operator!=(const VnetEndpoint& a, const VnetEndpoint& b)
{
    return !(a == b);
}

bool
operator<(const VnetEndpoint& a, const VnetEndpoint& b)
{
    return std::make_tuple(a.vnet, a.address.Get()) < std::make_tuple(b.vnet, b.address.Get());
}

std::ostream&
operator<<(std::ostream& os, const VnetEndpoint& e)
{
    os << "vnet" << e.vnet << "/" << e.address;
    return os;
}

uint32_t
VnetFlowKey::SymmetricHash(uint32_t salt) const
{
    // The VNet id and the salt are folded into one salt; murmur3 does the mixing.
    return tuple.SymmetricHash((vnet * 0x9e3779b1u) ^ salt ^ 0x5f0e1a7du);
}

bool
operator==(const VnetFlowKey& a, const VnetFlowKey& b)
{
    return a.vnet == b.vnet && a.tuple == b.tuple;
}

bool
operator!=(const VnetFlowKey& a, const VnetFlowKey& b)
{
    return !(a == b);
}

bool
operator<(const VnetFlowKey& a, const VnetFlowKey& b)
{
    if (a.vnet != b.vnet)
    {
        return a.vnet < b.vnet;
    }
    return a.tuple < b.tuple;
}

std::ostream&
operator<<(std::ostream& os, const VnetFlowKey& k)
{
    os << "vnet" << k.vnet << " " << k.tuple;
    return os;
}

} // namespace sfc
} // namespace ns3
