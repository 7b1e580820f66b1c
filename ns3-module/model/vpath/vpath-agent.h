/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_VPATH_AGENT_H
#define SFC_VPATH_AGENT_H

#include "ns3/ipv4-address.h"
#include "ns3/net-device.h"
#include "ns3/object.h"
#include "ns3/service-node.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <deque>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief The VPATH agent of a service node that has one (seed 004's VA):
 *        the overlay extends into the node, which terminates it itself.
 *
 * The node is connected to its switch by one point-to-point port. The
 * switch hands it the packet still encapsulated: outer IPv4 + UDP 4341 +
 * the RFC 9300 data header (instance id = policy id) + the raw packet.
 * The agent checks and strips the overlay, gives the raw packet to its
 * ServiceNode, and re-encapsulates the result with the policy id it came
 * with (the agent reads the service header; the function does not).
 *
 * Direction: the switch addresses forward traffic to the agent's input
 * address and return traffic to its output address (the overlay form of
 * the agentless node's input and output tags); the agent answers from
 * the address the packet came to, to the switch address it came from.
 * Malformed overlay packets are dropped and counted.
 */
class VpathAgent : public Object
{
  public:
    static constexpr uint32_t kInAddress = 0xa9fe0001;  //!< 169.254.0.1: input side
    static constexpr uint32_t kOutAddress = 0xa9fe0002; //!< 169.254.0.2: output side

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    VpathAgent();
    ~VpathAgent() override;

    /**
     * \param fn the service function (an Application on the port's node)
     * \param port the node's device towards its switch
     */
    void Attach(Ptr<ServiceNode> fn, Ptr<NetDevice> port);
    /// \return the service function
    Ptr<ServiceNode> GetServiceNode() const;
    /// \return overlay packets received
    uint64_t GetReceived() const;
    /// \return packets dropped as malformed (not IPv4/UDP 4341/LISP)
    uint64_t GetMalformed() const;

    /// Trace signature: the instance id and the raw packet
    typedef void (*OverlayTracedCallback)(Ptr<const Packet> raw, uint32_t instanceId);

  protected:
    void DoDispose() override;

  private:
    /// What the agent remembers of a packet in its function
    struct Context
    {
        uint32_t iid;    //!< instance (policy) id
        Ipv4Address sw;  //!< switch address it came from
        uint16_t swPort; //!< switch UDP port
    };

    /// Node protocol handler of the port
    void Receive(Ptr<NetDevice> dev,
                 Ptr<const Packet> p,
                 uint16_t protocol,
                 const Address& from,
                 const Address& to,
                 NetDevice::PacketType type);
    /// ServiceNode transmit callback
    void Transmit(Ptr<ServiceNode> fn, Ptr<Packet> p, Direction dir, const InnerPacketInfo& info);
    /// ServiceNode drop trace
    void OnDrop(Ptr<const Packet> p, Direction dir, DropReason reason);

    Ptr<ServiceNode> m_fn;      //!< the function
    Ptr<NetDevice> m_port;      //!< port to the switch
    std::deque<Context> m_fifo; //!< contexts of packets in the function, in order
    bool m_inReceive;           //!< inside ServiceNode::Receive
    uint64_t m_rx;              //!< received
    uint64_t m_malformed;       //!< malformed
    TracedCallback<Ptr<const Packet>, uint32_t> m_rxTrace; //!< overlay terminated
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_VPATH_AGENT_H */
