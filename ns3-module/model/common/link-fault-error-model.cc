/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "link-fault-error-model.h"

#include "ns3/log.h"
#include "ns3/pointer.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SfcLinkFaultErrorModel");

namespace sfc
{

NS_OBJECT_ENSURE_REGISTERED(LinkFaultErrorModel);

namespace
{
constexpr uint16_t kPppIpv4 = 0x0021;       //!< PPP protocol number of IPv4
constexpr uint16_t kEtherTypeIpv4 = 0x0800; //!< EtherType of IPv4
constexpr uint8_t kUdp = 17;                //!< IPv4 protocol number of UDP
} // namespace

TypeId
LinkFaultErrorModel::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sfc::LinkFaultErrorModel")
            .SetParent<ErrorModel>()
            .SetGroupName("Sfc")
            .AddConstructor<LinkFaultErrorModel>()
            .AddTraceSource("Drop",
                            "A frame was dropped by an injected fault.",
                            MakeTraceSourceAccessor(&LinkFaultErrorModel::m_dropTrace),
                            "ns3::sfc::LinkFaultErrorModel::DropTracedCallback");
    return tid;
}

LinkFaultErrorModel::LinkFaultErrorModel()
{
    m_dropped.fill(0);
}

Ptr<LinkFaultErrorModel>
LinkFaultErrorModel::Find(Ptr<NetDevice> device)
{
    PointerValue current;
    if (!device->GetAttributeFailSafe("ReceiveErrorModel", current))
    {
        return nullptr;
    }
    return current.Get<LinkFaultErrorModel>();
}

Ptr<LinkFaultErrorModel>
LinkFaultErrorModel::Get(Ptr<NetDevice> device)
{
    PointerValue current;
    if (!device->GetAttributeFailSafe("ReceiveErrorModel", current))
    {
        return nullptr;
    }
    if (Ptr<LinkFaultErrorModel> em = current.Get<LinkFaultErrorModel>())
    {
        return em;
    }
    Ptr<LinkFaultErrorModel> em = CreateObject<LinkFaultErrorModel>();
    device->SetAttribute("ReceiveErrorModel", PointerValue(em));
    return em;
}

void
LinkFaultErrorModel::SetNodeDown(bool down)
{
    m_nodeDown = down;
}

void
LinkFaultErrorModel::SetLinkDown(bool down)
{
    m_linkDown = down;
}

void
LinkFaultErrorModel::SetLossProbability(double p)
{
    m_loss = std::clamp(p, 0.0, 1.0);
}

void
LinkFaultErrorModel::SetControlLoss(double p, const std::vector<uint16_t>& ports)
{
    m_controlLoss = std::clamp(p, 0.0, 1.0);
    m_controlPorts = ports;
}

bool
LinkFaultErrorModel::IsDown() const
{
    return m_nodeDown || m_linkDown;
}

bool
LinkFaultErrorModel::IsLinkDown() const
{
    return m_linkDown;
}

uint64_t
LinkFaultErrorModel::GetDropped(Reason reason) const
{
    return reason < REASONS ? m_dropped[reason] : 0;
}

const char*
LinkFaultErrorModel::ReasonName(Reason reason)
{
    switch (reason)
    {
    case NODE_DOWN:
        return "node_down";
    case LINK_DOWN:
        return "link_down";
    case LOSS:
        return "loss";
    case CONTROL_LOSS:
        return "control_loss";
    default:
        return "unknown";
    }
}

int64_t
LinkFaultErrorModel::AssignStreams(int64_t stream)
{
    m_stream = stream;
    if (m_rng)
    {
        m_rng->SetStream(stream);
    }
    return 1;
}

bool
LinkFaultErrorModel::Draw(double p)
{
    if (p <= 0)
    {
        return false;
    }
    if (p >= 1)
    {
        return true;
    }
    if (!m_rng)
    {
        m_rng = CreateObject<UniformRandomVariable>();
        if (m_stream >= 0)
        {
            m_rng->SetStream(m_stream);
        }
    }
    return m_rng->GetValue() < p;
}

bool
LinkFaultErrorModel::IsControl(Ptr<const Packet> p) const
{
    // Framing (PPP or Ethernet), the IPv4 header with its options, the UDP ports.
    uint8_t b[14 + 60 + 4];
    uint32_t n = p->CopyData(b, sizeof(b));
    uint32_t ip = 0;
    if (n >= 2 && ((b[0] << 8) | b[1]) == kPppIpv4)
    {
        ip = 2;
    }
    else if (n >= 14 && ((b[12] << 8) | b[13]) == kEtherTypeIpv4)
    {
        ip = 14;
    }
    else
    {
        return false;
    }
    if (n < ip + 20 || (b[ip] >> 4) != 4 || (b[ip] & 0x0f) < 5 || b[ip + 9] != kUdp)
    {
        return false;
    }
    uint32_t udp = ip + 4 * (b[ip] & 0x0f);
    if (n < udp + 4)
    {
        return false;
    }
    uint16_t ports[2] = {uint16_t((b[udp] << 8) | b[udp + 1]),
                         uint16_t((b[udp + 2] << 8) | b[udp + 3])};
    for (uint16_t port : ports)
    {
        if (std::find(m_controlPorts.begin(), m_controlPorts.end(), port) != m_controlPorts.end())
        {
            return true;
        }
    }
    return false;
}

void
LinkFaultErrorModel::Drop(Ptr<const Packet> p, Reason reason)
{
    ++m_dropped[reason];
    m_dropTrace(p, reason);
}

bool
LinkFaultErrorModel::DoCorrupt(Ptr<Packet> p)
{
    if (m_nodeDown)
    {
        Drop(p, NODE_DOWN);
        return true;
    }
    if (m_linkDown)
    {
        Drop(p, LINK_DOWN);
        return true;
    }
    if (Draw(m_loss))
    {
        Drop(p, LOSS);
        return true;
    }
    if (m_controlLoss > 0 && IsControl(p) && Draw(m_controlLoss))
    {
        Drop(p, CONTROL_LOSS);
        return true;
    }
    return false;
}

void
LinkFaultErrorModel::DoReset()
{
}

} // namespace sfc
} // namespace ns3
