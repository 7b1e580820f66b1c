/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "agent-routing-hook.h"

#include "forwarding-agent.h"

#include "ns3/ipv4-route.h"
#include "ns3/output-stream-wrapper.h"

namespace ns3
{
namespace sfc
{

NS_OBJECT_ENSURE_REGISTERED(AgentRoutingHook);

TypeId
AgentRoutingHook::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sfc::AgentRoutingHook")
                            .SetParent<Ipv4RoutingProtocol>()
                            .SetGroupName("Sfc")
                            .AddConstructor<AgentRoutingHook>();
    return tid;
}

AgentRoutingHook::AgentRoutingHook() = default;
AgentRoutingHook::~AgentRoutingHook() = default;

void
AgentRoutingHook::SetAgent(Ptr<ForwardingAgent> agent)
{
    m_agent = agent;
}

void
AgentRoutingHook::DoDispose()
{
    m_agent = nullptr;
    m_ipv4 = nullptr;
    Ipv4RoutingProtocol::DoDispose();
}

Ptr<Ipv4Route>
AgentRoutingHook::RouteOutput(Ptr<Packet> /* p */,
                              const Ipv4Header& /* header */,
                              Ptr<NetDevice> /* oif */,
                              Socket::SocketErrno& sockerr)
{
    // The node's own packets are routed by the other protocols.
    sockerr = Socket::ERROR_NOROUTETOHOST;
    return nullptr;
}

bool
AgentRoutingHook::RouteInput(Ptr<const Packet> p,
                             const Ipv4Header& header,
                             Ptr<const NetDevice> /* idev */,
                             RouteInputCallback<UnicastForwardCallback> /* ucb */,
                             RouteInputCallback<MulticastForwardCallback> /* mcb */,
                             RouteInputCallback<LocalDeliverCallback> /* lcb */,
                             RouteInputCallback<ErrorCallback> /* ecb */)
{
    return m_agent && m_agent->Intercept(p, header);
}

void
AgentRoutingHook::NotifyInterfaceUp(uint32_t /* interface */)
{
}

void
AgentRoutingHook::NotifyInterfaceDown(uint32_t /* interface */)
{
}

void
AgentRoutingHook::NotifyAddAddress(uint32_t /* interface */, Ipv4InterfaceAddress /* address */)
{
}

void
AgentRoutingHook::NotifyRemoveAddress(uint32_t /* interface */, Ipv4InterfaceAddress /* address */)
{
}

void
AgentRoutingHook::SetIpv4(Ptr<Ipv4> ipv4)
{
    m_ipv4 = ipv4;
}

void
AgentRoutingHook::PrintRoutingTable(Ptr<OutputStreamWrapper> stream, Time::Unit /* unit */) const
{
    *stream->GetStream() << "Forwarding agent hook: transit packets go through the affinity cache"
                         << std::endl;
}

} // namespace sfc
} // namespace ns3
