/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_LISP_ECM_HEADER_H
#define SFC_LISP_ECM_HEADER_H

#include "ns3/header.h"
#include "ns3/ipv4-address.h"
#include "ns3/packet.h"

#include <cstdint>
#include <vector>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief LISP Encapsulated Control Message (RFC 9301 section 5.8): the ECM
 *        header, the inner IPv4 and UDP headers and the inner control
 *        message (typically a Map-Request from an ITR to a map-resolver).
 *
 * \verbatim
 |Type=8 |S|D|E|M|            Reserved                           |
 |                       IPv4 header (inner)                     |  20+ bytes
 |   Source Port = xxxx          |       Dest Port = 4342        |
 |           UDP Length          |        UDP Checksum           |
 |                  LISP control message ...                     |
 \endverbatim
 *
 * S: LISP-SEC; D: DDT-originated; E: to-ETR; M: to-MS (RFC 9301 and
 * the DDT/LISP-SEC extensions; kept as read). The whole message is one
 * header: it owns the inner message bytes (SetInnerMessage from a control
 * header, GetInnerMessage to parse them back). A parsed message
 * re-serializes byte for byte, inner checksums included; a built or
 * modified one gets a computed IPv4 header checksum and UDP checksum.
 * Only an IPv4 inner header is understood (an IPv6 one is rejected).
 */
class LispEcmHeader : public Header
{
  public:
    static constexpr uint8_t kType = 8;            //!< LISP message type
    static constexpr uint32_t kEcmSize = 4;        //!< ECM header bytes
    static constexpr uint32_t kFlagS = 0x08000000; //!< LISP-SEC
    static constexpr uint32_t kFlagD = 0x04000000; //!< DDT-originated
    static constexpr uint32_t kFlagE = 0x02000000; //!< to-ETR
    static constexpr uint32_t kFlagM = 0x01000000; //!< to-MS

    LispEcmHeader();

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;
    uint32_t GetSerializedSize() const override;
    void Serialize(Buffer::Iterator start) const override;
    /**
     * \brief Read the message. Rejected (IsValid() false, returns 0): type
     *        not 8, inner header not IPv4 or not UDP, IHL < 5, inner total
     *        length or UDP length inconsistent or beyond the bytes present.
     * \param start buffer iterator
     * \return bytes read (0 if rejected)
     */
    uint32_t Deserialize(Buffer::Iterator start) override;
    void Print(std::ostream& os) const override;

    /// \param flag one of the kFlag constants \param on set or clear
    void SetFlag(uint32_t flag, bool on);
    /// \param flag one of the kFlag constants \return whether it is set
    bool GetFlag(uint32_t flag) const;
    /**
     * \brief Set the inner addresses and ports.
     * \param src inner source (the ITR's EID or RLOC)
     * \param dst inner destination (the EID looked up)
     * \param srcPort inner UDP source port
     * \param dstPort inner UDP destination port (4342)
     */
    void SetInner(Ipv4Address src, Ipv4Address dst, uint16_t srcPort, uint16_t dstPort);
    /// \return the inner IPv4 source
    Ipv4Address GetInnerSource() const;
    /// \return the inner IPv4 destination
    Ipv4Address GetInnerDestination() const;
    /// \return the inner UDP source port
    uint16_t GetInnerSourcePort() const;
    /// \return the inner UDP destination port
    uint16_t GetInnerDestinationPort() const;
    /// \param ttl inner IPv4 TTL
    void SetInnerTtl(uint8_t ttl);
    /// \return the inner IPv4 TTL
    uint8_t GetInnerTtl() const;
    /// \param msg the control message to carry (e.g. a LispMapRequestHeader)
    void SetInnerMessage(const Header& msg);
    /// \return the inner message bytes
    const std::vector<uint8_t>& GetInnerMessageBytes() const;
    /// \return the LISP type of the inner message (0 if empty)
    uint8_t GetInnerType() const;
    /**
     * \brief Parse the inner message.
     * \param h receives it
     * \return true if it parsed as h's type (h.IsValid())
     */
    template <typename H>
    bool GetInnerMessage(H& h) const;
    /// \return true if the last Deserialize() succeeded (always true for a built header)
    bool IsValid() const;

  private:
    /// \return the IPv4 header checksum of the inner header as written
    uint16_t ComputeIpChecksum() const;
    /// \return the UDP checksum over the inner pseudo-header, header and message
    uint16_t ComputeUdpChecksum() const;

    uint32_t m_bits;                //!< first word (flags and reserved)
    uint8_t m_tos;                  //!< inner TOS
    uint16_t m_id;                  //!< inner identification
    uint16_t m_fragment;            //!< inner flags + fragment offset
    uint8_t m_ttl;                  //!< inner TTL
    Ipv4Address m_src;              //!< inner source
    Ipv4Address m_dst;              //!< inner destination
    std::vector<uint8_t> m_options; //!< inner IPv4 options
    uint16_t m_srcPort;             //!< inner UDP source port
    uint16_t m_dstPort;             //!< inner UDP destination port
    std::vector<uint8_t> m_message; //!< inner control message
    bool m_keepChecksums;           //!< write the parsed checksums back
    uint16_t m_ipChecksum;          //!< parsed inner IPv4 checksum
    uint16_t m_udpChecksum;         //!< parsed inner UDP checksum
    bool m_valid;                   //!< last parse result
};

template <typename H>
bool
LispEcmHeader::GetInnerMessage(H& h) const
{
    if (m_message.empty())
    {
        return false;
    }
    Ptr<Packet> p = Create<Packet>(m_message.data(), static_cast<uint32_t>(m_message.size()));
    return p->PeekHeader(h) > 0 && h.IsValid();
}

} // namespace sfc
} // namespace ns3

#endif /* SFC_LISP_ECM_HEADER_H */
