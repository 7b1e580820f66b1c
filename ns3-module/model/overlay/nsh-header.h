/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_NSH_HEADER_H
#define SFC_NSH_HEADER_H

#include "ns3/header.h"

#include <array>
#include <cstdint>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief Network Service Header (RFC 8300): base header, service path header
 *        and MD type 1 or MD type 2 context.
 *
 * \verbatim
  0                   1                   2                   3
  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 |Ver|O|U|    TTL    |   Length  |U|U|U|U|MD Type| Next Protocol |
 +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 |          Service Path Identifier (SPI)        | Service Index |
 +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 |                  Context (MD type 1: 16 bytes;                |
 |                  MD type 2: zero or more TLVs)                |
 \endverbatim
 *
 * The SPI names the service path (in this module one per chain and
 * direction) and the SI the position on it: it starts at 255 and every
 * service function decrements it.
 */
class NshHeader : public Header
{
  public:
    static constexpr uint8_t kMdType1 = 0x1;          //!< fixed-length context
    static constexpr uint8_t kMdType2 = 0x2;          //!< variable-length context
    static constexpr uint8_t kNextIpv4 = 0x1;         //!< next protocol: IPv4
    static constexpr uint8_t kNextIpv6 = 0x2;         //!< next protocol: IPv6
    static constexpr uint8_t kNextEthernet = 0x3;     //!< next protocol: Ethernet
    static constexpr uint8_t kDefaultTtl = 63;        //!< RFC 8300 recommended initial TTL
    static constexpr uint32_t kMaxContextBytes = 244; //!< (63 - 2) words of context

    NshHeader();

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;
    uint32_t GetSerializedSize() const override;
    void Serialize(Buffer::Iterator start) const override;
    /**
     * \brief Read the header. Rejected (IsValid() false, returns 0): fewer bytes
     *        than the Length field says, version not 0, Length < 2, MD type 1
     *        with Length != 6, unknown MD type.
     * \param start buffer iterator
     * \return bytes read (0 if rejected)
     */
    uint32_t Deserialize(Buffer::Iterator start) override;
    void Print(std::ostream& os) const override;

    /// \param spi 24-bit service path identifier
    void SetSpi(uint32_t spi);
    /// \return the SPI
    uint32_t GetSpi() const;
    /// \param si service index
    void SetSi(uint8_t si);
    /// \return the service index
    uint8_t GetSi() const;
    /// \param ttl 6-bit TTL
    void SetTtl(uint8_t ttl);
    /// \return the TTL
    uint8_t GetTtl() const;
    /// \param next next-protocol code
    void SetNextProtocol(uint8_t next);
    /// \return the next-protocol code
    uint8_t GetNextProtocol() const;
    /// \param oam set the O bit
    void SetOam(bool oam);
    /// \return the O bit
    bool IsOam() const;
    /// \return MD type (1 or 2)
    uint8_t GetMdType() const;
    /**
     * \brief Set the context: MD type 1 needs exactly 16 bytes; MD type 2 a
     *        multiple of 4 bytes of TLVs, at most kMaxContextBytes.
     * \param mdType 1 or 2
     * \param data context bytes
     * \param size number of bytes
     * \return false (and nothing changed) if the size does not fit the MD type
     */
    bool SetContext(uint8_t mdType, const uint8_t* data, uint32_t size);
    /// \return context size in bytes
    uint32_t GetContextSize() const;
    /// \return context bytes
    const uint8_t* GetContext() const;
    /**
     * \brief Append an MD type 2 metadata TLV (RFC 8300 section 2.5.1) to the
     *        context (switching to MD type 2).
     * \param mdClass metadata class
     * \param type metadata type
     * \param data value
     * \param size value length in bytes (0..127); padded to 4 bytes on the wire
     * \return false if it does not fit (nothing changed)
     */
    bool AddTlv(uint16_t mdClass, uint8_t type, const uint8_t* data, uint8_t size);
    /**
     * \brief Find an MD type 2 metadata TLV by class and type.
     * \param mdClass metadata class
     * \param type metadata type
     * \param data receives the value (at most maxSize bytes)
     * \param maxSize capacity of data
     * \return the value length, or -1 if absent (or the TLVs are malformed)
     */
    int FindTlv(uint16_t mdClass, uint8_t type, uint8_t* data, uint8_t maxSize) const;
    /// \return true if the last Deserialize() succeeded (always true for a built header)
    bool IsValid() const;

  private:
    bool m_oam;                                      //!< O bit
    uint8_t m_ttl;                                   //!< 6-bit TTL
    uint8_t m_mdType;                                //!< MD type
    uint8_t m_nextProtocol;                          //!< next protocol
    uint32_t m_spi;                                  //!< service path identifier
    uint8_t m_si;                                    //!< service index
    uint32_t m_contextSize;                          //!< context bytes in use
    std::array<uint8_t, kMaxContextBytes> m_context; //!< context bytes
    bool m_valid;                                    //!< last parse result
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_NSH_HEADER_H */
