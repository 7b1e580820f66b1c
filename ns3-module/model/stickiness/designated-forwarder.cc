/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "designated-forwarder.h"

namespace ns3
{
namespace sfc
{

void
DesignatedForwarder::Configure(Ptr<ServiceChain> chain, Ipv4Address self)
{
    m_chain = chain;
    m_self = self;
}

bool
DesignatedForwarder::IsDesignatedForwarder(uint32_t function) const
{
    return m_chain->GetDesignatedForwarder(function) == m_self;
}

Ipv4Address
DesignatedForwarder::OtherDf(uint32_t function) const
{
    Ipv4Address df = m_chain->GetDesignatedForwarder(function);
    return df == m_self ? Ipv4Address() : df;
}

bool
DesignatedForwarder::Relay(const ChainPosition& pos, const Arrival& from, FlowAction& action) const
{
    if (pos.dir == Direction::FORWARD && from.NamesInstance())
    {
        action = FlowAction::ToServiceNode(from.named);
        return true;
    }
    // A return packet emitted at `boundary` comes from an instance of function boundary+1.
    if (pos.dir == Direction::REVERSE && from.kind == Arrival::LOCAL_SN)
    {
        Ipv4Address df = OtherDf(pos.boundary + 1);
        if (df != Ipv4Address())
        {
            action = FlowAction::ToForwarder(df, FlowTableKey::INGRESS);
            return true;
        }
    }
    return false;
}

bool
DesignatedForwarder::Redirect(uint32_t b, uint32_t nFunctions, FlowAction& action) const
{
    Ipv4Address out = b >= 1 ? OtherDf(b) : Ipv4Address();
    if (out != Ipv4Address())
    {
        action = FlowAction::ToForwarder(out, FlowTableKey::EGRESS);
        return true;
    }
    Ipv4Address in = b < nFunctions ? OtherDf(b + 1) : Ipv4Address();
    if (in != Ipv4Address())
    {
        action = FlowAction::ToForwarder(in, FlowTableKey::INGRESS);
        return true;
    }
    return false;
}

} // namespace sfc
} // namespace ns3
