/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

// The forwarder's decisions on a flow-table miss: where a packet goes next
// when nothing is cached for it (Forwarder::Decide, Forwarder::Balance). The
// ports and the pipeline that calls them are in forwarder.cc.

#include "forwarder.h"

namespace ns3
{
namespace sfc
{

bool
Forwarder::Decide(const InnerPacketInfo& info,
                  const ChainPosition& pos,
                  const Arrival& from,
                  Decision& d,
                  DropReason& why) const
{
    // The sender already chose the instance: deliver if it is ours.
    if (from.NamesInstance())
    {
        if (m_local.count(from.named) == 0)
        {
            why = DropReason::MISDIRECTED;
            return false;
        }
        d.next = FlowAction::ToServiceNode(from.named);
        return true;
    }
    uint32_t n = m_chain->GetNFunctions();
    uint32_t b = pos.boundary;
    if (pos.dir == Direction::FORWARD && pos.context == FlowTableKey::EGRESS)
    {
        // Leaving function b: to a designated forwarder if this is not it,
        // out of the chain after the last function, else into b+1 here.
        if (IsDesignatedForwarding() && m_dfRules.Redirect(b, n, d.next))
        {
            return true;
        }
        if (b == n)
        {
            d.next = FlowAction::RouteLookup();
            return true;
        }
        d.toIngress = true;
        return true;
    }
    if (pos.dir == Direction::FORWARD)
    {
        // Ingress of function b+1 (or, at the gateway, of the outside).
        if (b == n)
        {
            d.next = FlowAction::RouteLookup();
            return true;
        }
        return Balance(info, pos.dir, b + 1, d, why);
    }
    // Reverse direction without state: route back to the source once out of
    // the chain, otherwise ask the policy for an instance of function b.
    if (b == 0)
    {
        d.next = FlowAction::RouteLookup();
        return true;
    }
    return Balance(info, pos.dir, b, d, why);
}

bool
Forwarder::Balance(const InnerPacketInfo& info,
                   Direction dir,
                   uint32_t function,
                   Decision& d,
                   DropReason& why) const
{
    uint32_t chosen = m_policy->Select(info.key, dir, function, *m_view);
    if (chosen == 0)
    {
        why = DropReason::NO_ROUTE;
        return false;
    }
    if (m_local.count(chosen) != 0)
    {
        d.next = FlowAction::ToServiceNode(chosen);
    }
    else
    {
        d.next = FlowAction::ToForwarder(m_chain->GetInstance(chosen)->locator,
                                         FlowTableKey::INGRESS,
                                         chosen);
    }
    return true;
}

} // namespace sfc
} // namespace ns3
