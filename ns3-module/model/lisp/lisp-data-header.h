/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_LISP_DATA_HEADER_H
#define SFC_LISP_DATA_HEADER_H

#include "ns3/header.h"

#include <cstdint>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief LISP data-plane header (RFC 9300 section 5.3), 8 bytes after the
 *        outer UDP header (destination port 4341).
 *
 * \verbatim
  0                   1                   2                   3
  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 |N|L|E|V|I|R|K|K|            Nonce/Map-Version                  |
 +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 |                 Instance ID/Locator-Status-Bits               |
 +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 \endverbatim
 *
 * N: the 24 bits are a nonce; V: they are the source and destination
 * map versions (12 bits each; N and V together are malformed); I: the
 * second word is a 24-bit instance id and 8 locator-status bits,
 * otherwise 32 locator-status bits (meaningful when L is set). E asks for
 * the nonce to be echoed; R and KK (RFC 8061 key bits) are kept as read.
 */
class LispDataHeader : public Header
{
  public:
    static constexpr uint32_t kSize = 8;    //!< bytes on the wire
    static constexpr uint16_t kPort = 4341; //!< UDP destination port
    static constexpr uint8_t kFlagN = 0x80; //!< nonce present
    static constexpr uint8_t kFlagL = 0x40; //!< locator-status bits enabled
    static constexpr uint8_t kFlagE = 0x20; //!< echo-nonce request
    static constexpr uint8_t kFlagV = 0x10; //!< map-version present
    static constexpr uint8_t kFlagI = 0x08; //!< instance id present

    LispDataHeader();

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;
    uint32_t GetSerializedSize() const override;
    void Serialize(Buffer::Iterator start) const override;
    /**
     * \brief Read the header. Rejected (IsValid() false, returns 0): fewer
     *        than 8 bytes, N and V both set.
     * \param start buffer iterator
     * \return bytes read (0 if rejected)
     */
    uint32_t Deserialize(Buffer::Iterator start) override;
    void Print(std::ostream& os) const override;

    /// \return the flags byte as on the wire
    uint8_t GetFlags() const;
    /// \param flags the whole flags byte (no consistency check)
    void SetFlags(uint8_t flags);
    /// \param nonce 24-bit nonce; sets N, clears V
    void SetNonce(uint32_t nonce);
    /// \return the nonce (N set), else 0
    uint32_t GetNonce() const;
    /// \return the N bit
    bool HasNonce() const;
    /// \param echo set or clear the E bit
    void SetEchoNonce(bool echo);
    /// \return the E bit
    bool IsEchoNonce() const;
    /**
     * \brief Carry map versions instead of a nonce: sets V, clears N.
     * \param source 12-bit source map version
     * \param dest 12-bit destination map version
     */
    void SetMapVersions(uint16_t source, uint16_t dest);
    /// \return the V bit
    bool HasMapVersions() const;
    /// \return the source map version (V set)
    uint16_t GetSourceMapVersion() const;
    /// \return the destination map version (V set)
    uint16_t GetDestMapVersion() const;
    /// \param iid 24-bit instance id; sets I
    void SetInstanceId(uint32_t iid);
    /// \return the I bit
    bool HasInstanceId() const;
    /// \return the instance id (I set), else 0
    uint32_t GetInstanceId() const;
    /**
     * \brief Set the locator-status bits and the L bit: 32 bits, or the low
     *        8 of them when an instance id is carried.
     * \param lsb the bits
     */
    void SetLocatorStatusBits(uint32_t lsb);
    /// \return the L bit
    bool HasLocatorStatusBits() const;
    /// \return the locator-status bits (8 when I is set, else 32)
    uint32_t GetLocatorStatusBits() const;
    /// \return true if the last Deserialize() succeeded (always true for a built header)
    bool IsValid() const;

  private:
    uint8_t m_flags;   //!< N L E V I R K K
    uint32_t m_first;  //!< 24 bits: nonce or map versions
    uint32_t m_second; //!< instance id / locator-status bits
    bool m_valid;      //!< last parse result
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_LISP_DATA_HEADER_H */
