/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * VPlane forwarding: edge ports, the overlay to other vPlanes, delivery.
 */

#include "owner-path-tag.h"
#include "vplane.h"

#include "ns3/ipv4-l3-protocol.h"
#include "ns3/log.h"
#include "ns3/nsh-header.h"

namespace ns3
{
namespace sfc
{

NS_LOG_COMPONENT_DEFINE("SfcVPlaneForwarding");

namespace
{
/// Service index of every overlay packet between vPlanes (one hop, no chain)
constexpr uint8_t kServiceIndex = 255;
} // namespace

void
VPlane::HandleEdge(Ptr<NetDevice> device,
                   Ptr<const Packet> packet,
                   uint16_t /* protocol */,
                   const Address& /* from */,
                   const Address& /* to */,
                   NetDevice::PacketType /* type */)
{
    if (!m_running)
    {
        return;
    }
    Ptr<Packet> p = packet->Copy();
    InnerPacketInfo info;
    if (!InnerPacket::Parse(*p, info))
    {
        Drop(p, DropReason::MALFORMED);
        return;
    }
    auto it = m_deviceVnet.find(device->GetIfIndex());
    uint32_t vnet = it == m_deviceVnet.end() ? 0 : it->second;
    OwnerPathTag tag;
    tag.entered = Simulator::Now();
    p->ReplacePacketTag(tag);
    Steer(p, info, vnet);
}

void
VPlane::HandleOverlay(Ptr<Packet> packet, const OverlayMeta& meta)
{
    InnerPacketInfo info;
    if (!InnerPacket::Parse(*packet, info) || meta.spi < TO_OWNER || meta.spi > DELIVER)
    {
        Drop(packet, DropReason::MALFORMED);
        return;
    }
    if (meta.ttl <= 1)
    {
        Drop(packet, DropReason::TTL_EXPIRED);
        return;
    }
    OwnerPathTag tag;
    if (packet->PeekPacketTag(tag))
    {
        tag.links += meta.hops;
        tag.legs++;
        packet->ReplacePacketTag(tag);
    }
    uint32_t vnet = meta.instance;
    switch (meta.spi)
    {
    case TO_OWNER:
        Own(packet, info, vnet);
        break;
    case TO_HELPER:
        HelperPacket(packet, info, vnet, meta.peer, meta.ttl - 1);
        break;
    default:
        DeliverLocal(packet, info, vnet);
    }
}

void
VPlane::SendOverlay(Ptr<Packet> packet, Ipv4Address to, Purpose purpose, uint32_t vnet, uint8_t ttl)
{
    if (to == m_locator || !m_running)
    {
        Drop(packet, DropReason::NO_ROUTE);
        return;
    }
    OverlayMeta meta;
    meta.peer = to;
    meta.spi = purpose;
    meta.si = kServiceIndex;
    meta.ttl = ttl;
    meta.context = 0;
    meta.instance = vnet;
    m_overlay->Send(packet, meta);
}

void
VPlane::Deliver(Ptr<Packet> packet, const InnerPacketInfo& info, uint32_t vnet)
{
    // A processed packet goes to the host of its destination VM, or, in VNet 0
    // (the WAN), to the gateway.
    if (vnet != 0)
    {
        Resolution dst = m_table->Resolve(VnetEndpoint(vnet, info.key.dst));
        if (!dst.resolvable)
        {
            Drop(packet, DropReason::NO_ROUTE);
            return;
        }
        if (dst.host == m_locator)
        {
            DeliverLocal(packet, info, vnet);
            return;
        }
        SendOverlay(packet, dst.host, DELIVER, vnet);
        return;
    }
    if (m_role == GATEWAY)
    {
        DeliverLocal(packet, info, vnet);
        return;
    }
    SendOverlay(packet, m_gateway, DELIVER, vnet);
}

void
VPlane::DeliverLocal(Ptr<Packet> packet, const InnerPacketInfo& info, uint32_t vnet)
{
    Ptr<NetDevice> dev;
    if (vnet == 0)
    {
        auto it = m_wan.find(info.key.dst);
        if (it != m_wan.end())
        {
            dev = it->second;
        }
    }
    else
    {
        auto it = m_vms.find(VnetEndpoint(vnet, info.key.dst));
        if (it != m_vms.end())
        {
            dev = it->second;
        }
    }
    if (!dev)
    {
        Drop(packet, DropReason::NO_ROUTE);
        return;
    }
    OwnerPathTag tag;
    if (packet->RemovePacketTag(tag))
    {
        m_deliveredTrace(packet, info, Simulator::Now() - tag.entered, tag.links);
    }
    dev->Send(packet, dev->GetBroadcast(), Ipv4L3Protocol::PROT_NUMBER);
}

void
VPlane::Drop(Ptr<const Packet> packet, DropReason reason)
{
    NS_LOG_LOGIC(m_locator << " drops a packet: " << ToString(reason));
    m_drops[static_cast<uint32_t>(reason)]++;
    m_dropTrace(packet, reason);
}

} // namespace sfc
} // namespace ns3
