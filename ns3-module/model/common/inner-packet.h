/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_INNER_PACKET_H
#define SFC_INNER_PACKET_H

#include "flow-key.h"

#include "ns3/flow-payload-header.h"
#include "ns3/ptr.h"

#include <cstdint>

namespace ns3
{
class Packet;

namespace sfc
{

/**
 * \ingroup sfc
 * \brief What a bounds-checked parse of an inner IPv4 packet found.
 *
 * Forwarders, service nodes and the metrics collector all read the inner
 * packet (IPv4 + TCP/UDP + payload) through InnerPacket::Parse(), which
 * checks every length against the bytes actually present, so a malformed
 * packet is rejected instead of being read past its end.
 */
struct InnerPacketInfo
{
    FlowKey key;               //!< the 5-tuple
    uint32_t ipHeaderBytes{0}; //!< IPv4 header length (IHL * 4)
    uint32_t l4HeaderBytes{0}; //!< TCP (data offset * 4) or UDP (8) header length; 0 otherwise
    uint32_t totalLength{0};   //!< IPv4 total length
    uint8_t tcpFlags{0};       //!< TCP flags (0 if not TCP)
    uint32_t tcpSeq{0};        //!< TCP sequence number (0 if not TCP)
    uint8_t ttl{0};            //!< IPv4 TTL

    /// \return offset of the L4 payload from the start of the packet
    uint32_t PayloadOffset() const
    {
        return ipHeaderBytes + l4HeaderBytes;
    }
};

/**
 * \ingroup sfc
 * \brief A shift of TCP sequence and acknowledgment numbers (a splicing
 *        middlebox's sequence-number adjustment): numbers at or above a
 *        threshold move by a delta (modulo 2^32); the ACK number only when
 *        the ACK flag is set.
 */
struct TcpNumberShift
{
    uint32_t fromSeq{0}; //!< lowest sequence number shifted
    int32_t seqDelta{0}; //!< added to shifted sequence numbers
    uint32_t fromAck{0}; //!< lowest acknowledgment number shifted
    int32_t ackDelta{0}; //!< added to shifted acknowledgment numbers
};

/**
 * \ingroup sfc
 * \brief Bounds-checked parsing and rewriting of inner IPv4 packets.
 */
class InnerPacket
{
  public:
    /**
     * \brief Parse the IPv4 and TCP/UDP headers at the front of a packet.
     * \param p the packet (IPv4 header first)
     * \param info filled on success
     * \return false if the packet is not a well-formed IPv4 packet
     */
    static bool Parse(const Packet& p, InnerPacketInfo& info);

    /**
     * \brief Read the FlowPayloadHeader at the start of the L4 payload, if any.
     * \param p the packet (IPv4 header first), already parsed into info
     * \param info result of Parse()
     * \param out filled on success
     * \return true if a valid FlowPayloadHeader was found
     */
    static bool ReadFlowPayload(const Packet& p,
                                const InnerPacketInfo& info,
                                FlowPayloadHeader& out);

    /**
     * \brief Rewrite the addresses and ports of a parsed packet in place
     *        (what a NAT does), fixing IPv4 and TCP/UDP checksums when
     *        ns-3 checksums are enabled (the ChecksumEnabled global value).
     *
     * The IPv4 header is rebuilt with ns-3's Ipv4Header, which has no
     * options: IPv4 options, if any, are removed (TOS, identification,
     * fragment fields and TTL are kept). A UDP checksum is recomputed, or
     * set to zero (none) when checksums are disabled.
     * \param p the packet, parsed into info
     * \param info result of Parse() on p
     * \param newKey the new 5-tuple (same protocol)
     * \param shift if given (TCP only), also shift the sequence and ACK numbers
     */
    static void Rewrite(Ptr<Packet> p,
                        const InnerPacketInfo& info,
                        const FlowKey& newKey,
                        const TcpNumberShift* shift = nullptr);

    /**
     * \brief Build a TCP segment (TCP header + payload) carrying a FlowPayloadHeader.
     *
     * The IPv4 header is added by the sending socket. The TCP checksum is
     * computed when ns-3 checksums are enabled.
     *
     * \param key the segment's 5-tuple (addresses for the checksum, ports)
     * \param flags TCP flags
     * \param seq sequence number
     * \param ack acknowledgment number
     * \param payload the application header to put first in the payload
     * \param payloadBytes total payload size (at least FlowPayloadHeader::kSize)
     * \return the segment
     */
    static Ptr<Packet> BuildTcpSegment(const FlowKey& key,
                                       uint8_t flags,
                                       uint32_t seq,
                                       uint32_t ack,
                                       const FlowPayloadHeader& payload,
                                       uint32_t payloadBytes);
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_INNER_PACKET_H */
