/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_OWNER_CONTROL_ENDPOINT_H
#define SFC_OWNER_CONTROL_ENDPOINT_H

#include "owner-message-header.h"
#include "subset-map-header.h"

#include "ns3/callback.h"
#include "ns3/event-id.h"
#include "ns3/ipv4-address.h"
#include "ns3/node.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/random-variable-stream.h"
#include "ns3/socket.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <map>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief The owner-control path of a vPlane or of the controller: one UDP
 *        socket that sends and receives OwnerMessageHeader and
 *        SubsetMapHeader datagrams, with retransmission until acknowledged.
 *
 * Receive: the first two octets (version, type) pick the header; a datagram
 * either header rejects, or with bytes after the message, is dropped and
 * counted (GetMalformed(), trace Malformed); nothing from the wire aborts.
 *
 * Send: Send() sends once; SendReliable() keeps a copy under the message's
 * transaction id and re-sends it every RetransmitTimeout until Acknowledge()
 * with that id, at most MaxRetransmissions times (then it gives up, counted).
 * Loss on the control path is modelled here: each datagram sent is lost with
 * probability LossProbability (counted, never reaches the wire), and each
 * send may be held back by a delay the caller gives (the controller's
 * per-vPlane control delay).
 */
class OwnerControlEndpoint : public Object
{
  public:
    /// Called with a parsed owner message and its sender's address
    using MessageCallback = Callback<void, const OwnerMessageHeader&, Ipv4Address>;
    /// Called with a parsed subset map and its sender's address
    using MapCallback = Callback<void, const SubsetMapHeader&, Ipv4Address>;

    /// \return the TypeId
    static TypeId GetTypeId();

    OwnerControlEndpoint();
    ~OwnerControlEndpoint() override;

    /**
     * \brief Bind the socket.
     * \param node the node \param local address to bind
     * \param onMessage owner messages \param onMap subset maps
     */
    void Open(Ptr<Node> node, Ipv4Address local, MessageCallback onMessage, MapCallback onMap);
    /// \brief Close the socket and cancel every retransmission.
    void Close();

    /// \param h message \param to receiver \param delay held back this long first
    void Send(const OwnerMessageHeader& h, Ipv4Address to, Time delay = Time(0));
    /// \param h message (its transaction id keys the retransmission) \param to receiver
    /// \param delay held back this long before each transmission
    void SendReliable(const OwnerMessageHeader& h, Ipv4Address to, Time delay = Time(0));
    /// \param h map (its transaction id keys the retransmission) \param to receiver
    /// \param delay held back this long before each transmission
    void SendMapReliable(const SubsetMapHeader& h, Ipv4Address to, Time delay = Time(0));
    /// \param txid transaction id \return true if a retransmission was pending for it
    bool Acknowledge(uint32_t txid);
    /// \param txid transaction id \return true if it is still waiting for its ACK
    bool IsPending(uint32_t txid) const;
    /// \return a fresh transaction id (never 0)
    uint32_t NextTransaction();

    /// \return the UDP port
    uint16_t GetPort() const;
    /// \return datagrams sent (retransmissions included, lost ones included)
    uint64_t GetSent() const;
    /// \return bytes sent (message bytes, without UDP/IP headers)
    uint64_t GetSentBytes() const;
    /// \return datagrams sent by type (1..8)
    uint64_t GetSent(uint8_t type) const;
    /// \return retransmissions
    uint64_t GetRetransmissions() const;
    /// \return datagrams lost on the control path
    uint64_t GetLost() const;
    /// \return reliable sends given up after MaxRetransmissions
    uint64_t GetGivenUp() const;
    /// \return datagrams received and accepted
    uint64_t GetReceived() const;
    /// \return datagrams rejected as malformed
    uint64_t GetMalformed() const;
    /// \param stream first stream \return streams used
    int64_t AssignStreams(int64_t stream);

  protected:
    void DoDispose() override;

  private:
    /// A datagram waiting for its ACK
    struct Pending
    {
        Ptr<Packet> packet; //!< the message
        Ipv4Address to;     //!< receiver
        Time delay;         //!< held back before each transmission
        uint32_t tries{0};  //!< transmissions so far
        EventId timer;      //!< next retransmission
    };

    void HandleRead(Ptr<Socket> socket);
    void Transmit(Ptr<Packet> message, Ipv4Address to, uint8_t type, Time delay);
    void Emit(Ptr<Packet> message, Ipv4Address to, uint8_t type);
    void StartReliable(uint32_t txid, Ptr<Packet> message, Ipv4Address to, Time delay);
    void Retransmit(uint32_t txid);

    uint16_t m_port;                       //!< Port attribute
    Time m_rto;                            //!< RetransmitTimeout attribute
    uint32_t m_maxRetx;                    //!< MaxRetransmissions attribute
    double m_loss;                         //!< LossProbability attribute
    Ptr<UniformRandomVariable> m_coin;     //!< loss decisions
    Ptr<Socket> m_socket;                  //!< the socket
    MessageCallback m_onMessage;           //!< owner messages
    MapCallback m_onMap;                   //!< subset maps
    std::map<uint32_t, Pending> m_pending; //!< by transaction id
    uint32_t m_nextTx;                     //!< transaction counter
    uint64_t m_sent;                       //!< datagrams sent
    uint64_t m_sentBytes;                  //!< bytes sent
    uint64_t m_sentByType[9];              //!< by type
    uint64_t m_retx;                       //!< retransmissions
    uint64_t m_lost;                       //!< lost on the path
    uint64_t m_givenUp;                    //!< given up
    uint64_t m_received;                   //!< accepted
    uint64_t m_malformed;                  //!< rejected
    TracedCallback<Ptr<const Packet>, Ipv4Address> m_malformedTrace; //!< Malformed trace
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_OWNER_CONTROL_ENDPOINT_H */
