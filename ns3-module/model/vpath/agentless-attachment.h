/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_AGENTLESS_ATTACHMENT_H
#define SFC_AGENTLESS_ATTACHMENT_H

#include "ns3/net-device.h"
#include "ns3/object.h"
#include "ns3/service-node.h"
#include "ns3/traced-callback.h"

#include <cstdint>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief The plain interfaces of an agentless service node (seed 004): a
 *        ServiceNode that knows nothing of the overlay, on a node of its
 *        own (the service VM), connected to its server's VemSwitch by two
 *        point-to-point devices, the input tag and the output tag of its
 *        policy.
 *
 * A raw IPv4 packet arriving on the input device is forward traffic
 * (Direction::FORWARD), on the output device return traffic (REVERSE);
 * the ServiceNode's result leaves on the other device. Nothing but the
 * packet crosses the interfaces: no overlay header, no tag, no metadata.
 *
 * Migration: the node can be given the devices of another server (MoveTo);
 * packets that still arrive on the old devices are dropped and counted.
 * Its ServiceNode (and its state) moves with it.
 */
class AgentlessAttachment : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    AgentlessAttachment();
    ~AgentlessAttachment() override;

    /**
     * \brief Wire a service function to its tagged interfaces.
     * \param fn the service function (an Application on the device's node)
     * \param in node-side device of the input tag
     * \param out node-side device of the output tag
     */
    void Attach(Ptr<ServiceNode> fn, Ptr<NetDevice> in, Ptr<NetDevice> out);
    /**
     * \brief Use another pair of interfaces from now on (migration).
     * \param in node-side device of the new input tag
     * \param out node-side device of the new output tag
     */
    void MoveTo(Ptr<NetDevice> in, Ptr<NetDevice> out);
    /// \return the service function
    Ptr<ServiceNode> GetServiceNode() const;
    /// \return packets received on the active interfaces
    uint64_t GetReceived() const;
    /// \return packets received that carried an overlay header (should be 0)
    uint64_t GetEncapsulatedReceived() const;
    /// \return packets dropped because they arrived on a stale interface
    uint64_t GetStaleDrops() const;

    /// Trace signature: a raw packet and its direction
    typedef void (*RawTracedCallback)(Ptr<const Packet> packet, Direction dir);

  protected:
    void DoDispose() override;

  private:
    /// Node protocol handler of the tagged devices
    void Receive(Ptr<NetDevice> dev,
                 Ptr<const Packet> p,
                 uint16_t protocol,
                 const Address& from,
                 const Address& to,
                 NetDevice::PacketType type);
    /// ServiceNode transmit callback
    void Transmit(Ptr<ServiceNode> fn, Ptr<Packet> p, Direction dir, const InnerPacketInfo& info);
    /// \param dev a device: register the handler once
    void Listen(Ptr<NetDevice> dev);

    Ptr<ServiceNode> m_fn;                                  //!< the service function
    Ptr<NetDevice> m_in;                                    //!< active input tag device
    Ptr<NetDevice> m_out;                                   //!< active output tag device
    uint64_t m_rx;                                          //!< packets received
    uint64_t m_encap;                                       //!< of which carried UDP 4341 (overlay)
    uint64_t m_stale;                                       //!< on an old interface
    TracedCallback<Ptr<const Packet>, Direction> m_rxTrace; //!< raw packet in
    TracedCallback<Ptr<const Packet>, Direction> m_txTrace; //!< raw packet out
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_AGENTLESS_ATTACHMENT_H */
