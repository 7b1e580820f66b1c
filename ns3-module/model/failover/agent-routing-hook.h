/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_AGENT_ROUTING_HOOK_H
#define SFC_AGENT_ROUTING_HOOK_H

#include "ns3/ipv4-header.h"
#include "ns3/ipv4-routing-protocol.h"
#include "ns3/ipv4.h"
#include "ns3/sfc-ns3-compat.h"
#include "ns3/socket.h"

namespace ns3
{
namespace sfc
{

class ForwardingAgent;

/**
 * \ingroup sfc
 * \brief Puts a ForwardingAgent in a router's forwarding path.
 *
 * A routing protocol added to the node's Ipv4ListRouting with a priority
 * above static and global routing. Ipv4ListRouting delivers packets for
 * the node itself before asking any protocol, so RouteInput() sees exactly
 * the packets the router forwards; it hands them to the agent, which
 * either consumes them (returns true) or lets the next protocol route them
 * normally. It never answers RouteOutput(): the node's own packets are
 * routed as usual.
 */
class AgentRoutingHook : public Ipv4RoutingProtocol
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    AgentRoutingHook();
    ~AgentRoutingHook() override;

    /// \param agent the agent to hand transit packets to (nullptr detaches)
    void SetAgent(Ptr<ForwardingAgent> agent);

    Ptr<Ipv4Route> RouteOutput(Ptr<Packet> p,
                               const Ipv4Header& header,
                               Ptr<NetDevice> oif,
                               Socket::SocketErrno& sockerr) override;
    bool RouteInput(Ptr<const Packet> p,
                    const Ipv4Header& header,
                    Ptr<const NetDevice> idev,
                    RouteInputCallback<UnicastForwardCallback> ucb,
                    RouteInputCallback<MulticastForwardCallback> mcb,
                    RouteInputCallback<LocalDeliverCallback> lcb,
                    RouteInputCallback<ErrorCallback> ecb) override;
    void NotifyInterfaceUp(uint32_t interface) override;
    void NotifyInterfaceDown(uint32_t interface) override;
    void NotifyAddAddress(uint32_t interface, Ipv4InterfaceAddress address) override;
    void NotifyRemoveAddress(uint32_t interface, Ipv4InterfaceAddress address) override;
    void SetIpv4(Ptr<Ipv4> ipv4) override;
    void PrintRoutingTable(Ptr<OutputStreamWrapper> stream,
                           Time::Unit unit = Time::S) const override;

  protected:
    void DoDispose() override;

  private:
    Ptr<ForwardingAgent> m_agent; //!< the agent
    Ptr<Ipv4> m_ipv4;             //!< the node's IPv4
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_AGENT_ROUTING_HOOK_H */
