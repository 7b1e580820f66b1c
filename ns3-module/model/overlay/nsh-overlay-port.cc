/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "nsh-overlay-port.h"

#include "nsh-header.h"
#include "vxlan-gpe-header.h"

#include "ns3/inet-socket-address.h"
#include "ns3/log.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SfcNshOverlayPort");

namespace sfc
{

NS_OBJECT_ENSURE_REGISTERED(NshOverlayPort);

namespace
{
/// TTL of the outer IPv4 header of overlay packets (ns-3's default)
constexpr uint8_t kOuterTtl = 64;
/// NSH MD type 2 TLV carrying the receiving forwarder's context: an
/// experimental metadata class (0xFFF6-0xFFFE, RFC 8300 IANA registry)
constexpr uint16_t kContextTlvClass = 0xFFF6;
/// Type of that TLV
constexpr uint8_t kContextTlvType = 0x01;
} // namespace

TypeId
NshOverlayPort::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sfc::NshOverlayPort")
                            .SetParent<OverlayPort>()
                            .SetGroupName("Sfc")
                            .AddConstructor<NshOverlayPort>()
                            .AddAttribute("Port",
                                          "UDP port of the VXLAN-GPE overlay.",
                                          UintegerValue(VxlanGpeHeader::kUdpPort),
                                          MakeUintegerAccessor(&NshOverlayPort::m_port),
                                          MakeUintegerChecker<uint16_t>(1));
    return tid;
}

NshOverlayPort::NshOverlayPort()
    : m_port(VxlanGpeHeader::kUdpPort)
{
}

NshOverlayPort::~NshOverlayPort() = default;

void
NshOverlayPort::DoDispose()
{
    m_socket = nullptr;
    OverlayPort::DoDispose();
}

void
NshOverlayPort::Open(Ptr<Node> node, Ipv4Address locator)
{
    NS_LOG_FUNCTION(this << locator);
    m_socket = Socket::CreateSocket(node, UdpSocketFactory::GetTypeId());
    if (m_socket->Bind(InetSocketAddress(locator, m_port)) != 0)
    {
        NS_FATAL_ERROR("overlay port cannot bind " << locator << ":" << m_port);
    }
    m_socket->SetIpRecvTtl(true);
    m_socket->SetRecvCallback(MakeCallback(&NshOverlayPort::HandleRead, this));
}

void
NshOverlayPort::Close()
{
    if (m_socket)
    {
        m_socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
        m_socket->Close();
        m_socket = nullptr;
    }
}

void
NshOverlayPort::HandleRead(Ptr<Socket> socket)
{
    Ptr<Packet> packet;
    Address from;
    while ((packet = socket->RecvFrom(from)))
    {
        OverlayMeta meta;
        SocketIpTtlTag ttlTag;
        if (packet->RemovePacketTag(ttlTag))
        {
            meta.hops = kOuterTtl - ttlTag.GetTtl() + 1;
        }
        VxlanGpeHeader vxlan;
        packet->PeekHeader(vxlan);
        if (!vxlan.IsValid() || vxlan.GetNextProtocol() != VxlanGpeHeader::kNextNsh)
        {
            Reject(packet, DropReason::MALFORMED);
            continue;
        }
        packet->RemoveAtStart(VxlanGpeHeader::kSize);
        NshHeader nsh;
        packet->PeekHeader(nsh);
        if (!nsh.IsValid() || nsh.GetNextProtocol() != NshHeader::kNextIpv4)
        {
            Reject(packet, DropReason::MALFORMED);
            continue;
        }
        packet->RemoveAtStart(nsh.GetSerializedSize());
        meta.peer = InetSocketAddress::ConvertFrom(from).GetIpv4();
        meta.spi = nsh.GetSpi();
        meta.si = nsh.GetSi();
        meta.ttl = nsh.GetTtl();
        meta.instance = vxlan.GetVni();
        uint8_t context = 0;
        meta.context = nsh.FindTlv(kContextTlvClass, kContextTlvType, &context, 1) == 1
                           ? context
                           : OverlayMeta::kNoContext;
        Deliver(packet, meta);
    }
}

void
NshOverlayPort::Send(Ptr<Packet> inner, const OverlayMeta& meta)
{
    NshHeader nsh;
    nsh.SetSpi(meta.spi);
    nsh.SetSi(meta.si);
    nsh.SetTtl(meta.ttl);
    nsh.SetNextProtocol(NshHeader::kNextIpv4);
    nsh.AddTlv(kContextTlvClass, kContextTlvType, &meta.context, 1);
    VxlanGpeHeader vxlan;
    vxlan.SetVni(meta.instance);
    vxlan.SetNextProtocol(VxlanGpeHeader::kNextNsh);
    inner->AddHeader(nsh);
    inner->AddHeader(vxlan);
    m_socket->SendTo(inner, 0, InetSocketAddress(meta.peer, m_port));
}

} // namespace sfc
} // namespace ns3
