/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_NSH_OVERLAY_PORT_H
#define SFC_NSH_OVERLAY_PORT_H

#include "overlay-port.h"

#include "ns3/socket.h"

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief The forwarders' standard overlay: VXLAN-GPE (RFC draft-ietf-nvo3-vxlan-gpe)
 *        carrying NSH (RFC 8300) carrying the inner IPv4 packet, on UDP 4790.
 *
 * Mapping of OverlayMeta onto the wire:
 * - VXLAN-GPE VNI: the instance the sender chose (0 = none); next protocol NSH;
 * - NSH service path header: SPI and SI; NSH TTL: the service-plane TTL;
 *   next protocol IPv4;
 * - NSH MD type 2 TLV of class 0xFFF6 (experimental range of the RFC 8300
 *   IANA registry), type 1, one byte: the receiving forwarder's context.
 *
 * The outer IPv4 header is the UDP socket's, with TTL 64; the receive side
 * derives the links the outer packet crossed from the TTL it arrives with.
 * A VXLAN-GPE header that is invalid or does not announce NSH, or an NSH
 * header that is invalid or does not announce IPv4, is rejected as
 * MALFORMED. A missing context TLV is reported as OverlayMeta::kNoContext.
 */
class NshOverlayPort : public OverlayPort
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    NshOverlayPort();
    ~NshOverlayPort() override;

    void Open(Ptr<Node> node, Ipv4Address locator) override;
    void Close() override;
    void Send(Ptr<Packet> inner, const OverlayMeta& meta) override;

  protected:
    void DoDispose() override;

  private:
    void HandleRead(Ptr<Socket> socket);

    uint16_t m_port;      //!< UDP port
    Ptr<Socket> m_socket; //!< the overlay socket
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_NSH_OVERLAY_PORT_H */
