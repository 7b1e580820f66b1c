/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "vpath-agent.h"

#include "vpath-overlay.h"

#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/packet.h"

namespace ns3
{
namespace sfc
{

NS_LOG_COMPONENT_DEFINE("VpathAgent");
NS_OBJECT_ENSURE_REGISTERED(VpathAgent);

TypeId
VpathAgent::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sfc::VpathAgent")
            .SetParent<Object>()
            .SetGroupName("Sfc")
            .AddConstructor<VpathAgent>()
            .AddTraceSource("Rx",
                            "An overlay packet terminated by the agent (raw packet, instance id).",
                            MakeTraceSourceAccessor(&VpathAgent::m_rxTrace),
                            "ns3::sfc::VpathAgent::OverlayTracedCallback");
    return tid;
}

VpathAgent::VpathAgent()
    : m_inReceive(false),
      m_rx(0),
      m_malformed(0)
{
}

VpathAgent::~VpathAgent() = default;

void
VpathAgent::DoDispose()
{
    m_fn = nullptr;
    m_port = nullptr;
    Object::DoDispose();
}

void
VpathAgent::Attach(Ptr<ServiceNode> fn, Ptr<NetDevice> port)
{
    m_fn = fn;
    m_port = port;
    fn->SetTransmitCallback(MakeCallback(&VpathAgent::Transmit, this));
    fn->TraceConnectWithoutContext("Drop", MakeCallback(&VpathAgent::OnDrop, this));
    port->GetNode()->RegisterProtocolHandler(MakeCallback(&VpathAgent::Receive, this),
                                             0x0800,
                                             port,
                                             false);
}

void
VpathAgent::Receive(Ptr<NetDevice> /* dev */,
                    Ptr<const Packet> cp,
                    uint16_t /* protocol */,
                    const Address& /* from */,
                    const Address& /* to */,
                    NetDevice::PacketType /* type */)
{
    Ptr<Packet> p = cp->Copy();
    VpathOverlay::Outer outer;
    if (!VpathOverlay::Decapsulate(p, outer) ||
        (outer.dst.Get() != kInAddress && outer.dst.Get() != kOutAddress))
    {
        ++m_malformed;
        return;
    }
    ++m_rx;
    m_rxTrace(p, outer.iid);
    Direction dir = outer.dst.Get() == kInAddress ? Direction::FORWARD : Direction::REVERSE;
    m_fifo.push_back(Context{outer.iid, outer.src, outer.sport});
    m_inReceive = true;
    m_fn->Receive(p, dir);
    m_inReceive = false;
}

void
VpathAgent::OnDrop(Ptr<const Packet> /* p */, Direction /* dir */, DropReason /* reason */)
{
    if (m_fifo.empty())
    {
        return;
    }
    if (m_inReceive) // refused on arrival: the packet just offered
    {
        m_fifo.pop_back();
    }
    else // dropped in service: the head
    {
        m_fifo.pop_front();
    }
}

void
VpathAgent::Transmit(Ptr<ServiceNode> /* fn */,
                     Ptr<Packet> p,
                     Direction dir,
                     const InnerPacketInfo& /* info */)
{
    if (m_fifo.empty())
    {
        return;
    }
    Context c = m_fifo.front();
    m_fifo.pop_front();
    Ipv4Address self(dir == Direction::FORWARD ? kInAddress : kOutAddress);
    VpathOverlay::Encapsulate(p, self, c.sw, c.swPort, c.iid, 0);
    m_port->Send(p, m_port->GetBroadcast(), 0x0800);
}

Ptr<ServiceNode>
VpathAgent::GetServiceNode() const
{
    return m_fn;
}

uint64_t
VpathAgent::GetReceived() const
{
    return m_rx;
}

uint64_t
VpathAgent::GetMalformed() const
{
    return m_malformed;
}

} // namespace sfc
} // namespace ns3
