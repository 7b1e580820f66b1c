/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_FLOW_SERVER_H
#define SFC_FLOW_SERVER_H

#include "flow-payload-header.h"

#include "ns3/application.h"
#include "ns3/failable.h"
#include "ns3/flat-slot-map.h"
#include "ns3/flow-key.h"
#include "ns3/ipv4-address.h"
#include "ns3/nstime.h"
#include "ns3/socket.h"
#include "ns3/traced-callback.h"

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief The outside end of FlowClient's flows: answers like a TCP server.
 *
 * Connections are identified by their 5-tuple as they arrive (after any
 * address translation), as a real TCP server does: a SYN opens one and is
 * answered by a SYN-ACK, every request segment by a response segment of
 * ResponseSize bytes, a FIN by a FIN-ACK. A segment other than a SYN for a
 * connection the server does not know is answered with a RST.
 *
 * For measurement only, the server also remembers the last 5-tuple under
 * which each flow id arrived; a flow seen under another tuple (its
 * translation changed mid-flow) fires the TupleChange trace. That record is
 * released with the flow's connection, Linger after the server answered its
 * FIN (a later segment of the flow is answered with a RST anyway); a
 * connection that is never closed (its flow failed) keeps its state, as a
 * TCP without keep-alive does.
 */
class FlowServer : public Application, public Failable
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    FlowServer();
    ~FlowServer() override;

    /// \return connections opened (SYNs accepted)
    uint32_t GetConnections() const;
    /// \return RSTs sent
    uint32_t GetResets() const;
    /// \return flows seen under more than one 5-tuple
    uint32_t GetTupleChanges() const;
    /// \return connections held now (open, lingering or never closed)
    uint32_t GetLiveConnections() const;
    /// \return flow ids whose last tuple is held now
    uint32_t GetLiveTuples() const;

    /// Crash: stop answering and forget every connection (FailureInjector)
    void Fail() override;
    /// Restart with no connection
    void Recover() override;
    /// \return true between Fail() and Recover()
    bool IsFailed() const override;

    /**
     * TracedCallback signature for a flow seen under a new tuple.
     * \param [in] flowId the flow
     * \param [in] first the tuple it first arrived with
     * \param [in] now the tuple it arrives with now
     */
    typedef void (*TupleChangeTracedCallback)(uint64_t flowId,
                                              const FlowKey& first,
                                              const FlowKey& now);

  private:
    /// One connection
    struct Connection
    {
        uint64_t flowId{0}; //!< flow id
        uint32_t seq{0};    //!< next sequence number to send
        uint32_t ack{0};    //!< next expected sequence number
        bool closed{false}; //!< FIN answered
    };

    void StartApplication() override;
    void StopApplication() override;
    void DoDispose() override;
    void HandleRead(Ptr<Socket> socket);

    void Reply(const FlowKey& incoming,
               uint8_t flags,
               uint32_t seq,
               uint32_t ack,
               uint64_t flowId,
               uint32_t kind,
               uint32_t paySeq,
               uint32_t payload);

    uint16_t m_port;         //!< listening port
    uint32_t m_responseSize; //!< response payload bytes
    Time m_linger;           //!< how long a closed connection answers retransmitted FINs
    Ptr<Socket> m_socket;    //!< raw IPv4 socket, protocol 6
    FlatSlotMap<FlowKey, Connection, FlowKeyHash> m_connections; //!< by incoming tuple
    FlatSlotMap<uint64_t, FlowKey> m_tuples;                     //!< flow id -> last tuple seen
    uint32_t m_nConnections;                                     //!< connections opened
    uint32_t m_resets;                                           //!< RSTs sent
    uint32_t m_tupleChanges; //!< flows seen under a second tuple
    bool m_failed{false};    //!< crashed

    TracedCallback<uint64_t, const FlowKey&, const FlowKey&> m_tupleChangeTrace; //!< tuple change
    TracedCallback<const FlowKey&, const FlowPayloadHeader&, uint8_t, uint32_t>
        m_txTrace; //!< segment sent
    TracedCallback<const FlowKey&, const FlowPayloadHeader&, uint8_t, uint32_t>
        m_rxTrace; //!< segment with a flow payload received
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_FLOW_SERVER_H */
