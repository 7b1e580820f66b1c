/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "overlay-port.h"

namespace ns3
{
namespace sfc
{

NS_OBJECT_ENSURE_REGISTERED(OverlayPort);

TypeId
OverlayPort::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sfc::OverlayPort").SetParent<Object>().SetGroupName("Sfc");
    return tid;
}

OverlayPort::~OverlayPort() = default;

void
OverlayPort::SetReceiveCallback(ReceiveCallback cb)
{
    m_receive = cb;
}

void
OverlayPort::SetDropCallback(DropCallback cb)
{
    m_drop = cb;
}

void
OverlayPort::DoDispose()
{
    m_receive = ReceiveCallback();
    m_drop = DropCallback();
    Object::DoDispose();
}

void
OverlayPort::Deliver(Ptr<Packet> inner, const OverlayMeta& meta) const
{
    if (!m_receive.IsNull())
    {
        m_receive(inner, meta);
    }
}

void
OverlayPort::Reject(Ptr<const Packet> packet, DropReason reason) const
{
    if (!m_drop.IsNull())
    {
        m_drop(packet, reason);
    }
}

} // namespace sfc
} // namespace ns3
