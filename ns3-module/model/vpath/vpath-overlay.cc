/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "vpath-overlay.h"

#include "ns3/ipv4-header.h"
#include "ns3/lisp-data-header.h"
#include "ns3/udp-header.h"

namespace ns3
{
namespace sfc
{

void
VpathOverlay::Encapsulate(Ptr<Packet> p,
                          Ipv4Address src,
                          Ipv4Address dst,
                          uint16_t dport,
                          uint32_t iid,
                          uint32_t nonce)
{
    LispDataHeader lisp;
    lisp.SetNonce(nonce);
    lisp.SetInstanceId(iid);
    p->AddHeader(lisp);
    UdpHeader udp;
    udp.SetSourcePort(LispDataHeader::kPort);
    udp.SetDestinationPort(dport);
    p->AddHeader(udp); // checksum 0: allowed for UDP over IPv4 (RFC 9300 5.3)
    Ipv4Header ip;
    ip.SetSource(src);
    ip.SetDestination(dst);
    ip.SetProtocol(17);
    ip.SetTtl(64);
    ip.SetPayloadSize(p->GetSize());
    ip.EnableChecksum();
    p->AddHeader(ip);
}

bool
VpathOverlay::Decapsulate(Ptr<Packet> p, Outer& outer)
{
    Ptr<Packet> copy = p->Copy();
    Ipv4Header ip;
    UdpHeader udp;
    LispDataHeader lisp;
    if (copy->GetSize() < 20 + 8 + LispDataHeader::kSize || copy->RemoveHeader(ip) == 0 ||
        ip.GetProtocol() != 17 || ip.GetPayloadSize() != copy->GetSize() ||
        copy->RemoveHeader(udp) == 0 ||
        (udp.GetDestinationPort() != LispDataHeader::kPort &&
         udp.GetSourcePort() != LispDataHeader::kPort) ||
        copy->RemoveHeader(lisp) == 0 || !lisp.IsValid() || !lisp.HasInstanceId())
    {
        return false;
    }
    outer.src = ip.GetSource();
    outer.dst = ip.GetDestination();
    outer.sport = udp.GetSourcePort();
    outer.iid = lisp.GetInstanceId();
    p->RemoveAtStart(ip.GetSerializedSize() + udp.GetSerializedSize() + lisp.GetSerializedSize());
    return true;
}

} // namespace sfc
} // namespace ns3
