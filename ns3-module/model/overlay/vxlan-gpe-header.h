/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_VXLAN_GPE_HEADER_H
#define SFC_VXLAN_GPE_HEADER_H

#include "ns3/header.h"

#include <cstdint>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief VXLAN Generic Protocol Extension header (draft-ietf-nvo3-vxlan-gpe), 8 bytes.
 *
 * \verbatim
  0                   1                   2                   3
  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 |R|R|Ver|I|P|B|O|           Reserved            |Next Protocol  |
 +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 |                VXLAN Network Identifier (VNI) |   Reserved    |
 +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 \endverbatim
 *
 * Carried over UDP port 4790; Wireshark dissects it and, with Next
 * Protocol = NSH, the NSH header that follows.
 *
 * In this module the VNI names the virtual port at the receiving tunnel
 * endpoint: 0 lets the receiving forwarder decide, a non-zero value is the
 * id of the service-node instance the sender chose for the packet.
 */
class VxlanGpeHeader : public Header
{
  public:
    static constexpr uint16_t kUdpPort = 4790;    //!< IANA port for VXLAN-GPE
    static constexpr uint8_t kNextIpv4 = 0x1;     //!< Next Protocol: IPv4
    static constexpr uint8_t kNextIpv6 = 0x2;     //!< Next Protocol: IPv6
    static constexpr uint8_t kNextEthernet = 0x3; //!< Next Protocol: Ethernet
    static constexpr uint8_t kNextNsh = 0x4;      //!< Next Protocol: NSH
    static constexpr uint32_t kSize = 8;          //!< serialized size

    VxlanGpeHeader();

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;
    uint32_t GetSerializedSize() const override;
    void Serialize(Buffer::Iterator start) const override;
    /**
     * \brief Read the header; a buffer shorter than 8 bytes or a header with a
     *        non-zero version is rejected (IsValid() false, returns 0).
     * \param start buffer iterator
     * \return bytes read (0 if rejected)
     */
    uint32_t Deserialize(Buffer::Iterator start) override;
    void Print(std::ostream& os) const override;

    /// \param vni 24-bit VXLAN network identifier
    void SetVni(uint32_t vni);
    /// \return the VNI
    uint32_t GetVni() const;
    /// \param next next-protocol code
    void SetNextProtocol(uint8_t next);
    /// \return the next-protocol code
    uint8_t GetNextProtocol() const;
    /// \param oam set the O (OAM) flag
    void SetOam(bool oam);
    /// \return the O flag
    bool IsOam() const;
    /// \return true if the last Deserialize() succeeded (always true for a built header)
    bool IsValid() const;

  private:
    uint8_t m_flags;        //!< R|R|Ver|I|P|B|O
    uint8_t m_nextProtocol; //!< next protocol
    uint32_t m_vni;         //!< VNI (24 bits)
    bool m_valid;           //!< last parse result
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_VXLAN_GPE_HEADER_H */
