/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_FLOW_PAYLOAD_HEADER_H
#define SFC_FLOW_PAYLOAD_HEADER_H

#include "ns3/header.h"

#include <cstdint>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief First 16 bytes of the TCP payload exchanged by FlowClient and FlowServer.
 *
 * \verbatim
  0                   1                   2                   3
 +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 |        Magic (0x5346)         |    Version    |     Kind      |
 +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 |                        Flow id (64 bits)                      |
 |                                                               |
 +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 |                     Packet sequence number                    |
 +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 \endverbatim
 *
 * This is the traffic applications' own application-layer header. The flow
 * id is the measurement's handle on a flow across address translation: the
 * far end and the metrics collector use it to relate packets whose 5-tuples
 * differ. No forwarder or service node reads it to take a decision.
 */
class FlowPayloadHeader : public Header
{
  public:
    static constexpr uint16_t kMagic = 0x5346; //!< "SF"
    static constexpr uint8_t kVersion = 1;     //!< current version
    static constexpr uint32_t kSize = 16;      //!< serialized size

    /// What the segment carries
    enum Kind : uint8_t
    {
        CONTROL = 0, //!< SYN, SYN-ACK, FIN, RST, pure ACK
        REQUEST = 1, //!< client data
        RESPONSE = 2 //!< server data
    };

    FlowPayloadHeader();
    /**
     * \param flowId flow id
     * \param seq packet sequence number within the flow and direction
     * \param kind segment kind
     */
    FlowPayloadHeader(uint64_t flowId, uint32_t seq, Kind kind);

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;
    uint32_t GetSerializedSize() const override;
    void Serialize(Buffer::Iterator start) const override;
    /**
     * \brief Read the header; fewer than 16 bytes, a wrong magic or version is
     *        rejected (IsValid() false, returns 0).
     * \param start buffer iterator
     * \return bytes read
     */
    uint32_t Deserialize(Buffer::Iterator start) override;
    void Print(std::ostream& os) const override;

    /**
     * \brief Parse the header from raw bytes (same checks as Deserialize()).
     * \param data bytes
     * \param size number of bytes available
     * \return true if valid; the header holds the parsed fields
     */
    bool ParseBytes(const uint8_t* data, uint32_t size);

    /// \return flow id
    uint64_t GetFlowId() const;
    /// \return packet sequence number
    uint32_t GetSeq() const;
    /// \return segment kind
    Kind GetKind() const;
    /// \return true if the last Deserialize() succeeded
    bool IsValid() const;

  private:
    uint64_t m_flowId; //!< flow id
    uint32_t m_seq;    //!< sequence number
    Kind m_kind;       //!< kind
    bool m_valid;      //!< last parse result
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_FLOW_PAYLOAD_HEADER_H */
