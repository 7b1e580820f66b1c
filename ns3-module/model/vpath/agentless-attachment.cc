/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "agentless-attachment.h"

#include "ns3/inner-packet.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/packet.h"

namespace ns3
{
namespace sfc
{

NS_LOG_COMPONENT_DEFINE("AgentlessAttachment");
NS_OBJECT_ENSURE_REGISTERED(AgentlessAttachment);

TypeId
AgentlessAttachment::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sfc::AgentlessAttachment")
            .SetParent<Object>()
            .SetGroupName("Sfc")
            .AddConstructor<AgentlessAttachment>()
            .AddTraceSource("Rx",
                            "A raw packet received on a tagged interface (input: forward).",
                            MakeTraceSourceAccessor(&AgentlessAttachment::m_rxTrace),
                            "ns3::sfc::AgentlessAttachment::RawTracedCallback")
            .AddTraceSource("Tx",
                            "A serviced raw packet sent back on a tagged interface.",
                            MakeTraceSourceAccessor(&AgentlessAttachment::m_txTrace),
                            "ns3::sfc::AgentlessAttachment::RawTracedCallback");
    return tid;
}

AgentlessAttachment::AgentlessAttachment()
    : m_rx(0),
      m_encap(0),
      m_stale(0)
{
}

AgentlessAttachment::~AgentlessAttachment() = default;

void
AgentlessAttachment::DoDispose()
{
    m_fn = nullptr;
    m_in = nullptr;
    m_out = nullptr;
    Object::DoDispose();
}

void
AgentlessAttachment::Listen(Ptr<NetDevice> dev)
{
    dev->GetNode()->RegisterProtocolHandler(MakeCallback(&AgentlessAttachment::Receive, this),
                                            0x0800,
                                            dev,
                                            false);
}

void
AgentlessAttachment::Attach(Ptr<ServiceNode> fn, Ptr<NetDevice> in, Ptr<NetDevice> out)
{
    m_fn = fn;
    m_fn->SetTransmitCallback(MakeCallback(&AgentlessAttachment::Transmit, this));
    MoveTo(in, out);
}

void
AgentlessAttachment::MoveTo(Ptr<NetDevice> in, Ptr<NetDevice> out)
{
    NS_LOG_FUNCTION(this);
    m_in = in;
    m_out = out;
    Listen(in);
    Listen(out);
}

void
AgentlessAttachment::Receive(Ptr<NetDevice> dev,
                             Ptr<const Packet> p,
                             uint16_t /* protocol */,
                             const Address& /* from */,
                             const Address& /* to */,
                             NetDevice::PacketType /* type */)
{
    if (dev != m_in && dev != m_out)
    {
        ++m_stale;
        return;
    }
    Direction dir = dev == m_in ? Direction::FORWARD : Direction::REVERSE;
    Ptr<Packet> copy = p->Copy();
    InnerPacketInfo info;
    if (InnerPacket::Parse(*copy, info) && info.key.protocol == 17 && info.key.dport == 4341)
    {
        ++m_encap; // an overlay packet would show up here
    }
    ++m_rx;
    m_rxTrace(copy, dir);
    m_fn->Receive(copy, dir);
}

void
AgentlessAttachment::Transmit(Ptr<ServiceNode> /* fn */,
                              Ptr<Packet> p,
                              Direction dir,
                              const InnerPacketInfo& /* info */)
{
    Ptr<NetDevice> dev = dir == Direction::FORWARD ? m_out : m_in;
    m_txTrace(p, dir);
    dev->Send(p, dev->GetBroadcast(), 0x0800);
}

Ptr<ServiceNode>
AgentlessAttachment::GetServiceNode() const
{
    return m_fn;
}

uint64_t
AgentlessAttachment::GetReceived() const
{
    return m_rx;
}

uint64_t
AgentlessAttachment::GetEncapsulatedReceived() const
{
    return m_encap;
}

uint64_t
AgentlessAttachment::GetStaleDrops() const
{
    return m_stale;
}

} // namespace sfc
} // namespace ns3
