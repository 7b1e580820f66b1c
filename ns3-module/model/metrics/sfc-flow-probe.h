/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_FLOW_PROBE_H
#define SFC_FLOW_PROBE_H

#include "ns3/flow-classifier.h"
#include "ns3/flow-client.h"
#include "ns3/flow-key.h"
#include "ns3/flow-monitor.h"
#include "ns3/flow-payload-header.h"
#include "ns3/flow-probe.h"
#include "ns3/flow-server.h"

#include <map>
#include <utility>
#include <vector>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief FlowMonitor classifier by the module's flow identity: one
 *        FlowMonitor flow per traffic flow and direction, whatever
 *        translations and tunnels its packets cross.
 *
 * ns-3's Ipv4FlowClassifier classifies a packet by its 5-tuple where it is
 * sent and where it is received, and its probe ignores a packet whose tag's
 * addresses differ from the received header's (to skip tunnels). Through a
 * NAT both break: the tuple received is not the tuple sent, so every flow
 * reads 0 packets received and 100 % loss, and every overlay tunnel is a flow
 * of its own that never receives. This classifier keys flows by the flow id
 * the traffic applications carry (FlowPayloadHeader) and the direction; a
 * flow's 5-tuple is the one its sender used.
 *
 * SerializeToXmlStream() writes the element Ipv4FlowClassifier with the
 * attributes ns-3's writes (so tools such as flowmon-parse-results.py read
 * it), plus sfcFlowId and direction.
 */
class SfcFlowClassifier : public FlowClassifier
{
  public:
    SfcFlowClassifier();

    /**
     * \param flowId the module's flow id
     * \param reverse true for server-to-client segments
     * \param key the segment's 5-tuple as sent (recorded the first time)
     * \return the FlowMonitor flow id
     */
    FlowId Classify(uint64_t flowId, bool reverse, const FlowKey& key);

    /**
     * \param flowId the module's flow id
     * \param reverse direction
     * \param [out] id the FlowMonitor flow id, if classified already
     * \return true if the flow and direction are known
     */
    bool Find(uint64_t flowId, bool reverse, FlowId& id) const;

    void SerializeToXmlStream(std::ostream& os, uint16_t indent) const override;

  private:
    /// What a FlowMonitor flow is
    struct Entry
    {
        uint64_t flowId; //!< module flow id
        bool reverse;    //!< direction
        FlowKey key;     //!< 5-tuple as sent
    };

    std::map<std::pair<uint64_t, bool>, FlowId> m_ids; //!< (flow id, reverse) -> FlowId
    std::vector<Entry> m_flows;                        //!< by FlowId - 1
};

/**
 * \ingroup sfc
 * \brief FlowMonitor probe at the traffic applications (FlowClient and
 *        FlowServer Tx and Rx): a segment's first transmission and its
 *        reception by the far end, whatever the chain did to its headers.
 *
 * Packet ids combine the segment's kind, TCP flags and payload sequence
 * number, which both ends see; a retransmission has the id of the segment it
 * repeats (FlowMonitor counts it as sent twice). Sizes include the IPv4
 * header, as ns-3's probes count them. Drops inside the chain are not
 * reported by reason; they show as lost packets.
 */
class SfcFlowProbe : public FlowProbe
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /**
     * \param monitor the FlowMonitor
     * \param classifier the classifier it was given
     */
    SfcFlowProbe(Ptr<FlowMonitor> monitor, Ptr<SfcFlowClassifier> classifier);

    /// \param client a traffic source to watch
    void WatchClient(Ptr<FlowClient> client);
    /// \param server a traffic sink to watch
    void WatchServer(Ptr<FlowServer> server);

    /**
     * \param payload a segment's flow payload header
     * \param tcpFlags its TCP flags
     * \return its FlowMonitor packet id
     */
    static FlowPacketId PacketId(const FlowPayloadHeader& payload, uint8_t tcpFlags);

  protected:
    void DoDispose() override;

  private:
    void Tx(bool reverse,
            const FlowKey& key,
            const FlowPayloadHeader& ph,
            uint8_t flags,
            uint32_t n);
    void Rx(bool reverse,
            const FlowKey& key,
            const FlowPayloadHeader& ph,
            uint8_t flags,
            uint32_t n);

    Ptr<FlowMonitor> m_monitor;          //!< reported to
    Ptr<SfcFlowClassifier> m_classifier; //!< classifies
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_FLOW_PROBE_H */
