/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_LISP_EID_PREFIX_H
#define SFC_LISP_EID_PREFIX_H

#include "lisp-address.h"

#include <array>
#include <cstdint>
#include <ostream>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief An EID prefix in an instance: the key of map-caches and of the
 *        mapping system's database.
 *
 * Built from a LispAddress (IPv4, IPv6, or either inside an RFC 8060
 * Instance-ID LCAF) and a mask length; the address bits beyond the mask
 * are cleared, so that two spellings of one prefix compare equal. Ordered
 * (instance id, AFI, length, bytes) for deterministic iteration.
 */
class LispEidPrefix
{
  public:
    /// The empty IPv4 prefix 0.0.0.0/0 in instance 0
    LispEidPrefix();
    /**
     * \param eid an IPv4/IPv6 address, possibly in an Instance-ID LCAF
     * \param maskLen prefix length (clamped to the address length)
     * \return the prefix; IsValid() false for any other address kind
     */
    static LispEidPrefix FromAddress(const LispAddress& eid, uint8_t maskLen);
    /**
     * \param a an IPv4 address
     * \param maskLen prefix length (0..32)
     * \param iid instance id (0: none; non-zero is written as an Instance-ID LCAF)
     * \return the prefix
     */
    static LispEidPrefix FromIpv4(Ipv4Address a, uint8_t maskLen, uint32_t iid = 0);

    /// \return false if built from an address that is not an EID
    bool IsValid() const;
    /// \return the instance id
    uint32_t GetInstanceId() const;
    /// \return the AFI of the prefix address (1 or 2)
    uint16_t GetAfi() const;
    /// \return the prefix length
    uint8_t GetLength() const;
    /// \return the number of address bits (32 or 128)
    uint8_t GetMaxLength() const;
    /// \param len a shorter (or equal) length \return this prefix cut to it
    LispEidPrefix Truncate(uint8_t len) const;
    /// \param o another prefix \return true if o lies within this prefix (same instance and AFI)
    bool Contains(const LispEidPrefix& o) const;
    /// \return the prefix address as a LispAddress (Instance-ID LCAF when the iid is non-zero)
    LispAddress ToAddress() const;
    /// \param os where to print (e.g. "[7]10.0.1.0/24")
    void Print(std::ostream& os) const;

    /// \param o other \return ordering by (iid, AFI, length, bytes)
    bool operator<(const LispEidPrefix& o) const;
    /// \param o other \return equality
    bool operator==(const LispEidPrefix& o) const;

  private:
    uint32_t m_iid;                  //!< instance id
    uint16_t m_afi;                  //!< 1 or 2 (0: invalid)
    uint8_t m_len;                   //!< prefix length
    std::array<uint8_t, 16> m_bytes; //!< address bytes, cleared beyond the length
};

/// \param os stream \param p prefix \return os
std::ostream& operator<<(std::ostream& os, const LispEidPrefix& p);

} // namespace sfc
} // namespace ns3

#endif /* SFC_LISP_EID_PREFIX_H */
