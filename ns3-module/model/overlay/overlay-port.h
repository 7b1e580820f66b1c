/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_OVERLAY_PORT_H
#define SFC_OVERLAY_PORT_H

#include "ns3/callback.h"
#include "ns3/ipv4-address.h"
#include "ns3/node.h"
#include "ns3/object.h"
#include "ns3/packet.h"
#include "ns3/sfc-types.h"

#include <cstdint>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief What travels with an inner packet between two forwarder instances,
 *        whatever the encapsulation that carries it.
 *
 * The service-plane position (SPI, SI), the service-plane TTL, the context
 * the receiving forwarder handles the packet in and the instance the sender
 * chose. An OverlayPort maps these fields onto its wire format (VXLAN-GPE +
 * NSH: NshOverlayPort) and back.
 */
struct OverlayMeta
{
    /// context value of a packet that carried none
    static constexpr uint8_t kNoContext = 0xFF;

    Ipv4Address peer;            //!< the other forwarder: destination (send), sender (receive)
    uint32_t spi{0};             //!< service path identifier
    uint8_t si{0};               //!< service index
    uint8_t ttl{0};              //!< service-plane TTL, as sent / as received
    uint8_t context{kNoContext}; //!< context at the receiver (FlowTableKey::Context)
    uint32_t instance{0};        //!< instance chosen by the sender (0 = none)
    uint32_t hops{0};            //!< links the outer packet crossed (receive side only)
};

/**
 * \ingroup sfc
 * \brief The overlay port of a forwarder: encapsulates inner packets for
 *        another forwarder instance and decapsulates what arrives.
 *
 * The forwarder decides where a packet goes; the overlay port only knows how
 * to carry it there. A port is opened on the forwarder's node and locator
 * when the forwarder starts. Received packets are handed to the receive
 * callback with the inner IPv4 packet at the front and the OverlayMeta
 * decoded from the encapsulation; packets whose encapsulation is malformed
 * are handed to the drop callback (DropReason::MALFORMED) and go no further.
 *
 * Implementations: NshOverlayPort (VXLAN-GPE + NSH on UDP 4790). A further
 * encapsulation (e.g. the LISP data plane) is another subclass.
 */
class OverlayPort : public Object
{
  public:
    /// Called with a decapsulated inner packet and what its encapsulation said
    using ReceiveCallback = Callback<void, Ptr<Packet>, const OverlayMeta&>;
    /// Called with a packet whose encapsulation was rejected, and why
    using DropCallback = Callback<void, Ptr<const Packet>, DropReason>;

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    ~OverlayPort() override;

    /**
     * \brief Start receiving and sending.
     * \param node the forwarder's node
     * \param locator the forwarder's overlay address (an address of node)
     */
    virtual void Open(Ptr<Node> node, Ipv4Address locator) = 0;
    /// \brief Stop: nothing is received or sent any more.
    virtual void Close() = 0;
    /**
     * \brief Encapsulate an inner packet and send it to another forwarder.
     * \param inner the inner IPv4 packet (headers are added to it)
     * \param meta destination (peer) and the fields to carry
     */
    virtual void Send(Ptr<Packet> inner, const OverlayMeta& meta) = 0;

    /// \param cb called for every decapsulated packet
    void SetReceiveCallback(ReceiveCallback cb);
    /// \param cb called for every rejected packet
    void SetDropCallback(DropCallback cb);

  protected:
    void DoDispose() override;

    /// \param inner decapsulated packet \param meta what came with it
    void Deliver(Ptr<Packet> inner, const OverlayMeta& meta) const;
    /// \param packet rejected packet \param reason why
    void Reject(Ptr<const Packet> packet, DropReason reason) const;

  private:
    ReceiveCallback m_receive; //!< receive callback
    DropCallback m_drop;       //!< drop callback
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_OVERLAY_PORT_H */
