/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_FLOW_CLIENT_H
#define SFC_FLOW_CLIENT_H

#include "flow-payload-header.h"

#include "ns3/application.h"
#include "ns3/event-id.h"
#include "ns3/flat-slot-map.h"
#include "ns3/flow-key.h"
#include "ns3/ipv4-address.h"
#include "ns3/nstime.h"
#include "ns3/random-variable-stream.h"
#include "ns3/socket.h"
#include "ns3/traced-callback.h"

#include <vector>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief Opens bidirectional TCP-like flows to external hosts (the inside end).
 *
 * Flows arrive as a Poisson process (InterArrival). Each flow is a
 * connection with real TCP headers over a raw IPv4 socket:
 *
 *   SYN → SYN-ACK → N request segments (one every PacketInterval), each
 *   answered by a response segment → FIN → FIN-ACK → ACK.
 *
 * SYN and FIN are retransmitted with exponential back-off (InitialRto,
 * SynRetries / FinRetries); request and response segments are not. A flow
 * completes when the FIN-ACK arrives; it fails when the handshake or the
 * close times out or a RST arrives. Every segment's payload starts with a
 * FlowPayloadHeader carrying the flow id, so that the far end and the
 * metrics can follow the flow through address translation.
 *
 * The node's own TCP must be removed from its IPv4 stack (FlowTrafficHelper
 * does it), since this application is the node's TCP.
 *
 * The random variables (inter-arrival, flow size, destination) are the only
 * randomness, so with AssignStreams() every run with the same RngRun sees
 * the same flows whatever the network does (common random numbers).
 */
class FlowClient : public Application
{
  public:
    /// Why a flow failed
    enum FailReason : uint8_t
    {
        SYN_TIMEOUT = 0, //!< no SYN-ACK after all retries
        FIN_TIMEOUT = 1, //!< no FIN-ACK after all retries
        RESET = 2        //!< a RST arrived
    };

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    FlowClient();
    ~FlowClient() override;

    /// \param destinations external hosts to open flows to (chosen uniformly)
    void SetDestinations(const std::vector<Ipv4Address>& destinations);

    /**
     * \brief Assign fixed random-variable streams.
     * \param stream first stream index
     * \return number of streams used
     */
    int64_t AssignStreams(int64_t stream);

    /// \return flows opened so far
    uint32_t GetFlowsStarted() const;
    /// \return flows completed
    uint32_t GetFlowsCompleted() const;
    /// \return flows failed
    uint32_t GetFlowsFailed() const;
    /// \return flows open now (their state is released when they close)
    uint32_t GetOpenFlows() const;

    /**
     * TracedCallback signature for a new flow.
     * \param [in] flowId flow id
     * \param [in] key the flow's 5-tuple at the source
     * \param [in] requests number of request segments it will send
     */
    typedef void (*FlowStartTracedCallback)(uint64_t flowId, const FlowKey& key, uint32_t requests);
    /**
     * TracedCallback signature for an established flow (SYN-ACK received).
     * \param [in] flowId flow id
     */
    typedef void (*FlowEstablishedTracedCallback)(uint64_t flowId);
    /**
     * TracedCallback signature for a completed flow.
     * \param [in] flowId flow id
     * \param [in] responses response segments received
     */
    typedef void (*FlowCompleteTracedCallback)(uint64_t flowId, uint32_t responses);
    /**
     * TracedCallback signature for a failed flow.
     * \param [in] flowId flow id
     * \param [in] reason why it failed
     */
    typedef void (*FlowFailTracedCallback)(uint64_t flowId, FailReason reason);
    /**
     * TracedCallback signature for a segment sent or received by a traffic
     * application (FlowClient and FlowServer: Tx, Rx).
     * \param [in] key the segment's 5-tuple, as sent or as received
     * \param [in] payload its flow payload header (flow id, sequence, kind)
     * \param [in] tcpFlags its TCP flags
     * \param [in] ipBytes its size with the IPv4 header
     */
    typedef void (*SegmentTracedCallback)(const FlowKey& key,
                                          const FlowPayloadHeader& payload,
                                          uint8_t tcpFlags,
                                          uint32_t ipBytes);

  private:
    /// Connection state
    enum State : uint8_t
    {
        SYN_SENT,
        ESTABLISHED,
        FIN_WAIT,
        CLOSED
    };

    /// One flow
    struct Flow
    {
        uint64_t id{0};        //!< flow id
        FlowKey key;           //!< tuple at the source
        State state{SYN_SENT}; //!< state
        uint32_t requests{0};  //!< request segments to send
        uint32_t sent{0};      //!< request segments sent
        uint32_t responses{0}; //!< response segments received
        uint32_t attempts{0};  //!< SYN or FIN transmissions
        uint32_t seq{0};       //!< next TCP sequence number
        uint32_t ack{0};       //!< next expected peer sequence number
        EventId timer;         //!< retransmission or next-request timer
    };

    void StartApplication() override;
    void StopApplication() override;
    void DoDispose() override;

    void ScheduleNextFlow();
    void OpenFlow();
    void SendSyn(uint16_t port);
    void SendRequest(uint16_t port);
    void SendFin(uint16_t port);
    void Send(Flow& flow, uint8_t flags, uint32_t kind, uint32_t seq, uint32_t payload);
    void HandleRead(Ptr<Socket> socket);
    void Fail(Flow& flow, FailReason reason);
    void Close(Flow& flow);

    std::vector<Ipv4Address> m_destinations;  //!< external hosts
    uint16_t m_destinationPort;               //!< server port
    Ptr<RandomVariableStream> m_interArrival; //!< time between flow starts
    Ptr<RandomVariableStream> m_flowSize;     //!< request segments per flow
    Ptr<UniformRandomVariable> m_destChoice;  //!< destination choice
    uint32_t m_maxFlows;                      //!< flows to open (0 = unlimited)
    Time m_packetInterval;                    //!< gap between request segments
    uint32_t m_requestSize;                   //!< request payload bytes
    Time m_initialRto;                        //!< first SYN/FIN retransmission timeout
    uint32_t m_synRetries;                    //!< SYN retransmissions
    uint32_t m_finRetries;                    //!< FIN retransmissions
    uint32_t m_idOffset;                      //!< added to the per-node flow counter
    uint16_t m_firstPort;                     //!< lowest ephemeral port
    uint16_t m_lastPort;                      //!< highest ephemeral port
    uint16_t m_nextPort;                      //!< next ephemeral port
    Ipv4Address m_local;                      //!< this node's address
    Ptr<Socket> m_socket;                     //!< raw IPv4 socket, protocol 6
    EventId m_nextFlow;                       //!< next flow start
    FlatSlotMap<uint16_t, Flow> m_flows;      //!< open flows by local port
    uint32_t m_started;                       //!< flows opened
    uint32_t m_completed;                     //!< flows completed
    uint32_t m_failed;                        //!< flows failed

    TracedCallback<uint64_t, const FlowKey&, uint32_t> m_startTrace; //!< flow opened
    TracedCallback<uint64_t> m_establishedTrace;                     //!< SYN-ACK received
    TracedCallback<uint64_t, uint32_t> m_completeTrace;              //!< flow completed
    TracedCallback<uint64_t, FailReason> m_failTrace;                //!< flow failed
    TracedCallback<const FlowKey&, const FlowPayloadHeader&, uint8_t, uint32_t>
        m_txTrace; //!< segment sent
    TracedCallback<const FlowKey&, const FlowPayloadHeader&, uint8_t, uint32_t>
        m_rxTrace; //!< segment of an open flow received
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_FLOW_CLIENT_H */
