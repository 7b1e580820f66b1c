/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_SERVICE_NODE_H
#define SFC_SERVICE_NODE_H

#include "ns3/application.h"
#include "ns3/callback.h"
#include "ns3/event-id.h"
#include "ns3/inner-packet.h"
#include "ns3/ipv4-address.h"
#include "ns3/nstime.h"
#include "ns3/packet.h"
#include "ns3/sfc-types.h"
#include "ns3/traced-callback.h"

#include <deque>
#include <string>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief One instance of a service function (a VM on a server).
 *
 * A ServiceNode is an ns-3 Application on the server node that hosts it;
 * the server's Forwarder hands it inner IPv4 packets (Receive()) and gets
 * them back through the transmit callback once processed. The instance is
 * NSH-unaware: the forwarder strips and restores the overlay, acting as the
 * SFC proxy of RFC 7665.
 *
 * Processing is a FIFO single server: each packet occupies the instance for
 * ProcessingDelay, at most QueueLimit packets wait, the rest are dropped.
 * Starting and stopping the application at run time brings the instance up
 * and down (elastic scaling); a stopped instance drops what it receives and
 * loses its per-flow state.
 *
 * Subclasses implement the function in DoProcess().
 */
class ServiceNode : public Application
{
  public:
    /// Callback handing a processed packet back to the forwarder
    using TransmitCallback =
        Callback<void, Ptr<ServiceNode>, Ptr<Packet>, Direction, const InnerPacketInfo&>;

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    ServiceNode();
    ~ServiceNode() override;

    /**
     * \brief Offer a packet to the instance.
     * \param packet inner IPv4 packet
     * \param dir its direction
     */
    void Receive(Ptr<Packet> packet, Direction dir);
    /**
     * \brief Offer a packet whose headers the caller has parsed already (the
     *        forwarder parses each packet once per arrival).
     * \param packet inner IPv4 packet
     * \param dir its direction
     * \param info InnerPacket::Parse() of packet
     */
    void Receive(Ptr<Packet> packet, Direction dir, const InnerPacketInfo& info);

    /// \param cb where processed packets go
    void SetTransmitCallback(TransmitCallback cb);

    /**
     * \brief Bring the instance up now (scale-out). Also done by the
     *        Application's start time.
     */
    void Activate();
    /**
     * \brief Take the instance down now: queued packets are dropped and its
     *        per-flow state is lost (abrupt scale-in, failure). Also done by the
     *        Application's stop time.
     */
    void Deactivate();
    /**
     * \brief Let the instance finish its flows: it keeps serving, and `done` is
     *        called once no packet has arrived for `idle`, or after `timeout`,
     *        whichever comes first (the caller then deactivates it).
     * \param idle quiet period that ends the drain
     * \param timeout longest drain
     * \param done called once when the drain ends
     */
    void StartDraining(Time idle, Time timeout, Callback<void> done);
    /// \return true while draining
    bool IsDraining() const;

    /// \return globally unique instance id (non-zero)
    uint32_t GetInstanceId() const;
    /// \param id instance id (non-zero)
    void SetInstanceId(uint32_t id);
    /// \return index of the function this instance belongs to (1-based position in its chain)
    uint32_t GetFunctionIndex() const;
    /// \param index 1-based position of the function in its chain
    void SetFunctionIndex(uint32_t index);
    /// \return short name of the function type ("nat", "firewall", ...)
    virtual std::string GetFunctionType() const = 0;
    /// \return true between StartApplication and StopApplication
    bool IsRunning() const;
    /**
     * \brief Tell the instance it is slot `index` of `count` instances provisioned
     *        for its function (e.g. a NAT sharing a public address takes its share
     *        of the port range). The default does nothing.
     * \param index 0-based slot
     * \param count number of slots
     */
    virtual void SetSlot(uint32_t index, uint32_t count);
    /// \return number of flows the instance holds state for
    virtual uint32_t GetNStates() const;
    /// \return true if the function rewrites addresses (return traffic then
    ///         carries tuples the forward direction never had)
    virtual bool TranslatesAddresses() const;
    /// \return the address return traffic to this instance is sent to, if it
    ///         owns one (a NAT's public address); 0.0.0.0 otherwise
    virtual Ipv4Address GetOwnedAddress() const;

    /// \return packets processed (both directions)
    uint64_t GetProcessedPackets() const;
    /// \return total time spent serving packets (utilization = its growth / elapsed time)
    Time GetBusyTime() const;
    /// \param reason drop reason \return packets dropped for that reason
    uint64_t GetDrops(DropReason reason) const;

    /**
     * TracedCallback signature for packets at an instance.
     * \param [in] packet the inner packet
     * \param [in] dir its direction
     */
    typedef void (*PacketTracedCallback)(Ptr<const Packet> packet, Direction dir);
    /**
     * TracedCallback signature for drops.
     * \param [in] packet the inner packet
     * \param [in] dir its direction
     * \param [in] reason why it was dropped
     */
    typedef void (*DropTracedCallback)(Ptr<const Packet> packet, Direction dir, DropReason reason);

  protected:
    void DoDispose() override;

    /**
     * \brief Apply the function to one packet.
     * \param packet the packet; may be rewritten in place
     * \param info its parsed headers; a function that rewrites the packet
     *        updates them (they travel on with the packet)
     * \param dir its direction
     * \param reason set when the packet is to be dropped
     * \return true to pass the packet on, false to drop it
     */
    virtual bool DoProcess(Ptr<Packet> packet,
                           InnerPacketInfo& info,
                           Direction dir,
                           DropReason& reason) = 0;

    /// Forget all per-flow state (called when the instance stops)
    virtual void DoResetState();

  private:
    void StartApplication() override;
    void StopApplication() override;
    /// A packet waiting for service
    struct Pending;
    void Enqueue(Pending&& p);
    void StartService();
    void CompleteService();
    void CheckDrain();
    void EndDrain();
    void Drop(Ptr<const Packet> packet, Direction dir, DropReason reason);

    /// A packet waiting for service
    struct Pending
    {
        Ptr<Packet> packet;   //!< the packet
        Direction dir;        //!< its direction
        InnerPacketInfo info; //!< its headers, if parsed
        bool parsed;          //!< info is valid
    };

    uint32_t m_instanceId;             //!< instance id
    uint32_t m_functionIndex;          //!< function index in the chain
    Time m_processingDelay;            //!< service time per packet
    uint32_t m_queueLimit;             //!< waiting room
    bool m_running;                    //!< up?
    bool m_busy;                       //!< serving a packet?
    bool m_draining;                   //!< finishing its flows before going down
    Time m_lastRx;                     //!< arrival time of the last packet
    Time m_drainIdle;                  //!< quiet period that ends a drain
    EventId m_drainCheck;              //!< next quiet-period check
    EventId m_drainTimeout;            //!< drain deadline
    Callback<void> m_drainDone;        //!< called when the drain ends
    std::deque<Pending> m_queue;       //!< FIFO (head is in service when m_busy)
    EventId m_serviceEvent;            //!< end of the current service
    TransmitCallback m_transmit;       //!< back to the forwarder
    uint64_t m_processed;              //!< packets processed
    Time m_busyTime;                   //!< time spent serving packets
    uint64_t m_drops[kNumDropReasons]; //!< drops by reason

    TracedCallback<Ptr<const Packet>, Direction> m_rxTrace; //!< packet arrived
    TracedCallback<Ptr<const Packet>, Direction>
        m_processedTrace; //!< packet processed and passed on
    TracedCallback<Ptr<const Packet>, Direction, DropReason> m_dropTrace; //!< packet dropped
    TracedCallback<> m_startTrace;                                        //!< instance started
    TracedCallback<> m_stopTrace;                                         //!< instance stopped
    TracedCallback<> m_drainTrace; //!< instance started draining
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_SERVICE_NODE_H */
