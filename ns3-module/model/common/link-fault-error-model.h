/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_LINK_FAULT_ERROR_MODEL_H
#define SFC_LINK_FAULT_ERROR_MODEL_H

#include "ns3/error-model.h"
#include "ns3/net-device.h"
#include "ns3/random-variable-stream.h"
#include "ns3/traced-callback.h"

#include <array>
#include <cstdint>
#include <vector>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief The receive error model of one end of a link under injected faults.
 *
 * A device has one receive error model, so every fault that drops frames at
 * a device goes through this one: the link is down (its node or its peer
 * crashed, or the link itself was taken down), frames are lost at random
 * (LossProbability), or control messages are lost at random
 * (ControlLossProbability: UDP datagrams to or from one of the control ports,
 * found in the IPv4 header after the point-to-point or Ethernet framing; a
 * frame that is not IPv4/UDP, or is too short to tell, is not a control
 * message). Every drop is counted by its reason.
 *
 * The model is always enabled; with no fault active it drops nothing and
 * draws no random number, so installing it changes no result. Its random
 * variable is created the first time a probability above 0 is set.
 */
class LinkFaultErrorModel : public ErrorModel
{
  public:
    /// Why a frame was dropped
    enum Reason : uint8_t
    {
        NODE_DOWN = 0, //!< the link's node or its peer is failed
        LINK_DOWN,     //!< the link was taken down
        LOSS,          //!< random loss on the link
        CONTROL_LOSS,  //!< random loss of control messages
        REASONS        //!< number of reasons
    };

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    LinkFaultErrorModel();

    /**
     * \brief The device's LinkFaultErrorModel, installed as its
     *        ReceiveErrorModel on first use.
     * \param device a point-to-point or CSMA device
     * \return its model (null if the device has no ReceiveErrorModel attribute)
     */
    static Ptr<LinkFaultErrorModel> Get(Ptr<NetDevice> device);
    /// \param device a device \return its LinkFaultErrorModel, null if none is installed
    static Ptr<LinkFaultErrorModel> Find(Ptr<NetDevice> device);

    /// \param down the link's node or its peer is failed
    void SetNodeDown(bool down);
    /// \param down the link is taken down
    void SetLinkDown(bool down);
    /// \param p probability of losing any frame
    void SetLossProbability(double p);
    /**
     * \param p probability of losing a control message
     * \param ports the control ports (UDP source or destination)
     */
    void SetControlLoss(double p, const std::vector<uint16_t>& ports);
    /// \return true if every frame is dropped
    bool IsDown() const;
    /// \return true if the link is taken down (not counting node failures)
    bool IsLinkDown() const;

    /// \param reason a reason \return frames dropped for it
    uint64_t GetDropped(Reason reason) const;
    /// \return name of a reason ("node_down", ...)
    static const char* ReasonName(Reason reason);

    /**
     * \brief Use a fixed random stream.
     * \param stream first stream index
     * \return streams used (1)
     */
    int64_t AssignStreams(int64_t stream);

    /**
     * TracedCallback signature for drops.
     * \param [in] packet the frame
     * \param [in] reason a Reason
     */
    typedef void (*DropTracedCallback)(Ptr<const Packet> packet, uint8_t reason);

  private:
    bool DoCorrupt(Ptr<Packet> p) override;
    void DoReset() override;
    bool IsControl(Ptr<const Packet> p) const;
    bool Draw(double p);
    void Drop(Ptr<const Packet> p, Reason reason);

    bool m_nodeDown{false};                                 //!< node or peer failed
    bool m_linkDown{false};                                 //!< link taken down
    double m_loss{0};                                       //!< frame loss probability
    double m_controlLoss{0};                                //!< control-message loss probability
    std::vector<uint16_t> m_controlPorts;                   //!< control ports
    int64_t m_stream{-1};                                   //!< fixed stream (-1: automatic)
    Ptr<UniformRandomVariable> m_rng;                       //!< created on first need
    std::array<uint64_t, REASONS> m_dropped;                //!< drops by reason
    TracedCallback<Ptr<const Packet>, uint8_t> m_dropTrace; //!< every drop
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_LINK_FAULT_ERROR_MODEL_H */
