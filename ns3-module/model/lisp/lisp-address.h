/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_LISP_ADDRESS_H
#define SFC_LISP_ADDRESS_H

#include "lisp-reader.h"

#include "ns3/buffer.h"
#include "ns3/ipv4-address.h"

#include <array>
#include <cstdint>
#include <ostream>
#include <vector>

namespace ns3
{
namespace sfc
{

class LispAddress;

/**
 * \ingroup sfc
 * \brief One hop of an RFC 8060 Explicit Locator Path (LCAF type 10).
 *
 * \verbatim
 |           Rsvd3         |L|P|S|           AFI = x             |
 |                         Reencap Hop k  ...                    |
 \endverbatim
 */
struct LispElpHop
{
    static constexpr uint16_t kLookup = 0x0004; //!< L: look the hop up in the mapping system
    static constexpr uint16_t kProbe = 0x0002;  //!< P: RLOC-probe this hop
    static constexpr uint16_t kStrict = 0x0001; //!< S: strict hop (must be visited)

    uint16_t flags = 0;             //!< Rsvd3 + L/P/S bits, as on the wire
    uint16_t afi = 1;               //!< hop address AFI (1 IPv4, 2 IPv6)
    Ipv4Address ipv4;               //!< the hop for AFI 1
    std::array<uint8_t, 16> ipv6{}; //!< the hop for AFI 2

    /// \return the L bit
    bool IsLookup() const;
    /// \return the P bit
    bool IsProbe() const;
    /// \return the S bit
    bool IsStrict() const;
};

/**
 * \ingroup sfc
 * \brief An AFI-encoded address as carried in LISP control messages
 *        (RFC 9301 section 5, RFC 8060 LCAF).
 *
 * Understood: AFI 0 (no address), AFI 1 (IPv4), AFI 2 (IPv6, kept as 16
 * bytes), AFI 16387 (LCAF): Instance ID (type 2) around any understood
 * address, Explicit Locator Path (type 10) with IPv4/IPv6 hops; any other
 * LCAF type is kept as opaque bytes (its length is in its header), so that
 * it re-serializes unchanged. Other AFIs have no known length and are
 * rejected.
 *
 * \verbatim
 LCAF:  |           AFI = 16387         |     Rsvd1     |     Flags     |
        |    Type       |     Rsvd2     |            Length             |
 \endverbatim
 */
class LispAddress
{
  public:
    static constexpr uint16_t kAfiNone = 0;       //!< no address
    static constexpr uint16_t kAfiIpv4 = 1;       //!< IPv4
    static constexpr uint16_t kAfiIpv6 = 2;       //!< IPv6
    static constexpr uint16_t kAfiLcaf = 16387;   //!< LISP Canonical Address Format
    static constexpr uint8_t kLcafInstanceId = 2; //!< RFC 8060 Instance ID
    static constexpr uint8_t kLcafElp = 10;       //!< RFC 8060 Explicit Locator Path
    static constexpr int kMaxDepth = 4;           //!< nesting of LCAFs accepted

    /// An AFI-0 (no address) address
    LispAddress();
    /// \param a an IPv4 address \return it as AFI 1
    static LispAddress FromIpv4(Ipv4Address a);
    /// \param bytes 16 bytes \return them as AFI 2
    static LispAddress FromIpv6(const std::array<uint8_t, 16>& bytes);
    /**
     * \param iid 24-bit instance id (RFC 8060 section 4.1)
     * \param maskLen IID mask-len carried in Rsvd2
     * \param inner the address in the instance
     * \return the Instance-ID LCAF
     */
    static LispAddress FromInstanceId(uint32_t iid, uint8_t maskLen, const LispAddress& inner);
    /// \param hops the path, first hop first \return the ELP LCAF
    static LispAddress FromElp(const std::vector<LispElpHop>& hops);

    /// \return the AFI
    uint16_t GetAfi() const;
    /// \return true for AFI 1
    bool IsIpv4() const;
    /// \return the IPv4 address (AFI 1)
    Ipv4Address GetIpv4() const;
    /// \return the 16 IPv6 bytes (AFI 2)
    const std::array<uint8_t, 16>& GetIpv6() const;
    /// \return the LCAF type (LCAF only)
    uint8_t GetLcafType() const;
    /// \return the instance id (Instance-ID LCAF)
    uint32_t GetInstanceId() const;
    /// \return the IID mask-len (Instance-ID LCAF)
    uint8_t GetInstanceIdMaskLen() const;
    /// \return the address inside the instance (Instance-ID LCAF)
    const LispAddress& GetInner() const;
    /// \return the hops (ELP LCAF)
    const std::vector<LispElpHop>& GetElpHops() const;

    /// \return bytes on the wire, AFI included
    uint32_t GetSerializedSize() const;
    /// \param it where to write (advanced)
    void Write(Buffer::Iterator& it) const;
    /**
     * \brief Read an address (AFI first).
     * \param r reader
     * \param depth LCAF nesting so far
     * \return false (reader failed) if truncated, unknown AFI or inconsistent LCAF
     */
    bool Read(LispReader& r, int depth = 0);
    /// \param os where to print
    void Print(std::ostream& os) const;
    /// \param o other \return true if the wire forms are equal
    bool operator==(const LispAddress& o) const;

  private:
    uint16_t m_afi;                   //!< AFI
    Ipv4Address m_ipv4;               //!< AFI 1
    std::array<uint8_t, 16> m_ipv6;   //!< AFI 2
    uint8_t m_lcafRsvd1;              //!< LCAF Rsvd1
    uint8_t m_lcafFlags;              //!< LCAF Flags
    uint8_t m_lcafType;               //!< LCAF Type
    uint8_t m_lcafRsvd2;              //!< LCAF Rsvd2 (IID mask-len for type 2)
    uint32_t m_iid;                   //!< Instance-ID LCAF: instance id
    std::vector<LispAddress> m_inner; //!< Instance-ID LCAF: one inner address
    std::vector<LispElpHop> m_hops;   //!< ELP LCAF hops
    std::vector<uint8_t> m_opaque;    //!< other LCAF types: body bytes
};

/// \param os stream \param a address \return os
std::ostream& operator<<(std::ostream& os, const LispAddress& a);

} // namespace sfc
} // namespace ns3

#endif /* SFC_LISP_ADDRESS_H */
