/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_CONTROL_SEGMENTS_H
#define SFC_CONTROL_SEGMENTS_H

#include "service-message-header.h"

#include "ns3/ipv4-address.h"
#include "ns3/ptr.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{
class Packet;

namespace sfc
{

/**
 * \ingroup sfc
 * \brief Opaque-data segments: service manager interest data (FIG. 10C),
 *        forwarding agent interest data (FIG. 10D), and any segment type
 *        the receiver does not know (kept so it can be denied or skipped).
 */
class OpaqueSegment : public ServiceSegment
{
  public:
    static constexpr uint32_t kMaxData = 1024; //!< most data bytes (interest data)

    /// \return the TypeId
    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;
    OpaqueSegment();
    /// \param type segment type \param required Required flag
    OpaqueSegment(uint16_t type, bool required);

    std::vector<uint8_t> data; //!< the data

  protected:
    uint32_t GetDataSize() const override;
    void SerializeData(Buffer::Iterator& i) const override;
    void DeserializeData(Buffer::Iterator& i, uint32_t size) override;
    void PrintData(std::ostream& os) const override;
};

/**
 * \ingroup sfc
 * \brief Identity information segment (FIG. 10E): the sender's IP
 *        address(4) and host name (the remaining bytes, at most 64).
 */
class IdentityInfoSegment : public ServiceSegment
{
  public:
    static constexpr uint32_t kMinData = 4;  //!< data bytes without a name (the address)
    static constexpr uint32_t kMaxName = 64; //!< longest host name

    /// \return the TypeId
    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;
    IdentityInfoSegment();
    /// \param address sender address \param name host name
    IdentityInfoSegment(Ipv4Address address, std::string name);

    Ipv4Address address{Ipv4Address::GetAny()}; //!< sender address
    std::string name;                           //!< host name

  protected:
    uint32_t GetDataSize() const override;
    void SerializeData(Buffer::Iterator& i) const override;
    void DeserializeData(Buffer::Iterator& i, uint32_t size) override;
    void PrintData(std::ostream& os) const override;
};

/**
 * \ingroup sfc
 * \brief IP packet segment: a complete IPv4 packet, header first.
 */
class IpPacketSegment : public ServiceSegment
{
  public:
    static constexpr uint32_t kMinData = 20; //!< fewest data bytes (an IPv4 header)

    /// \return the TypeId
    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;
    IpPacketSegment();
    /// \param p IPv4 packet (header first) to carry
    explicit IpPacketSegment(Ptr<const Packet> p);

    /// \param p IPv4 packet (header first) to carry
    void SetPacket(Ptr<const Packet> p);
    /// \return the carried bytes as a new ns-3 packet
    Ptr<Packet> GetPacket() const;

    std::vector<uint8_t> bytes; //!< the packet bytes

  protected:
    uint32_t GetDataSize() const override;
    void SerializeData(Buffer::Iterator& i) const override;
    void DeserializeData(Buffer::Iterator& i, uint32_t size) override;
    void PrintData(std::ostream& os) const override;
};

/**
 * \ingroup sfc
 * \brief Heartbeat segment (module extension), 12 data bytes:
 *        sequence(4) interval in ms(4) backup precedence(2) state(1)
 *        reserved(1).
 */
class HeartbeatSegment : public ServiceSegment
{
  public:
    static constexpr uint32_t kDataSize = 12; //!< data bytes

    /// \return the TypeId
    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;
    HeartbeatSegment();

    uint32_t sequence{0};         //!< heartbeat number
    uint32_t intervalMs{0};       //!< sender's heartbeat interval
    uint16_t backupPrecedence{0}; //!< sender's backup precedence
    uint8_t state{0};             //!< sender's state (1 = active)

  protected:
    uint32_t GetDataSize() const override;
    void SerializeData(Buffer::Iterator& i) const override;
    void DeserializeData(Buffer::Iterator& i, uint32_t size) override;
    void PrintData(std::ostream& os) const override;
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_CONTROL_SEGMENTS_H */
