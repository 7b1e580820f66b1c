/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_ACTION_SEGMENTS_H
#define SFC_ACTION_SEGMENTS_H

#include "service-message-header.h"

#include "ns3/flow-key.h"
#include "ns3/ipv4-address.h"

#include <cstdint>
#include <vector>

namespace ns3
{
namespace sfc
{

// The contents of the action segments: each segment carries one of these, as
// does an affinity (AffinityActions) once decoded.

/// NAT action (FIG. 10F): non-zero fields replace the packet's
struct NatAction
{
    Ipv4Address source{Ipv4Address::GetAny()};      //!< new source (0 = keep)
    Ipv4Address destination{Ipv4Address::GetAny()}; //!< new destination (0 = keep)
    uint16_t sourcePort{0};                         //!< new source port (0 = keep)
    uint16_t destinationPort{0};                    //!< new destination port (0 = keep)

    /// \param k a tuple \return the tuple after translation
    FlowKey Apply(const FlowKey& k) const;
};

/// Sequence number adjust action (FIG. 10G)
struct SeqAdjustAction
{
    int32_t seqDelta{0};    //!< added to sequence numbers >= initialSeq
    uint32_t initialSeq{0}; //!< lowest sequence number adjusted
    int32_t ackDelta{0};    //!< added to ACK numbers >= initialAck
    uint32_t initialAck{0}; //!< lowest ACK number adjusted
};

/// Interest criteria action (FIG. 10I)
struct InterestCriteria
{
    Ipv4Address address{
        Ipv4Address::GetAny()}; //!< where interest matches go (0 = the affinity's sender)
    uint16_t port{0};           //!< their port (0 = the service message port)
    uint16_t mask{0};           //!< InterestBits causing an interest match
    uint16_t dataFlag{0};       //!< InterestBits for which the packet goes along
    uint16_t copyFlag{0};       //!< InterestBits for which only a copy goes (original forwarded)
    uint16_t holdFlag{0};       //!< InterestBits to hold (agents here never hold: treated as sent)
};

/// Advertise action (FIG. 10H)
struct AdvertiseAction
{
    Ipv4Address address{Ipv4Address::GetAny()}; //!< advertised address
    Ipv4Mask mask{0xffffffffu};                 //!< its mask
};

/**
 * \ingroup sfc
 * \brief NAT action segment (FIG. 10F), 12 data bytes: source(4)
 *        destination(4) source port(2) destination port(2) to put in the
 *        packet; a zero field is left unchanged.
 */
class NatActionSegment : public ServiceSegment
{
  public:
    static constexpr uint32_t kDataSize = 12; //!< data bytes

    /// \return the TypeId
    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;
    NatActionSegment();

    NatAction action; //!< the translation

  protected:
    uint32_t GetDataSize() const override;
    void SerializeData(Buffer::Iterator& i) const override;
    void DeserializeData(Buffer::Iterator& i, uint32_t size) override;
    void PrintData(std::ostream& os) const override;
};

/**
 * \ingroup sfc
 * \brief Advertise action segment (FIG. 10H), 8 data bytes: address(4)
 *        subnet mask(4).
 */
class AdvertiseActionSegment : public ServiceSegment
{
  public:
    static constexpr uint32_t kDataSize = 8; //!< data bytes

    /// \return the TypeId
    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;
    AdvertiseActionSegment();

    AdvertiseAction action; //!< the advertised subnet

  protected:
    uint32_t GetDataSize() const override;
    void SerializeData(Buffer::Iterator& i) const override;
    void DeserializeData(Buffer::Iterator& i, uint32_t size) override;
    void PrintData(std::ostream& os) const override;
};

/**
 * \ingroup sfc
 * \brief Sequence number adjust action segment (FIG. 10G), 16 data bytes:
 *        sequence delta(4, two's complement) initial sequence(4) ACK
 *        delta(4) initial ACK(4).
 */
class SeqAdjustActionSegment : public ServiceSegment
{
  public:
    static constexpr uint32_t kDataSize = 16; //!< data bytes

    /// \return the TypeId
    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;
    SeqAdjustActionSegment();

    SeqAdjustAction action; //!< the adjustment

  protected:
    uint32_t GetDataSize() const override;
    void SerializeData(Buffer::Iterator& i) const override;
    void DeserializeData(Buffer::Iterator& i, uint32_t size) override;
    void PrintData(std::ostream& os) const override;
};

/**
 * \ingroup sfc
 * \brief Interest criteria action segment (FIG. 10I), 16 data bytes:
 *        interest address(4) interest port(2) interest mask(2) data
 *        flag(2) copy flag(2) hold flag(2) reserved(2). The masks use
 *        InterestBits.
 */
class InterestCriteriaSegment : public ServiceSegment
{
  public:
    static constexpr uint32_t kDataSize = 16; //!< data bytes

    /// \return the TypeId
    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;
    InterestCriteriaSegment();

    InterestCriteria criteria; //!< the criteria

  protected:
    uint32_t GetDataSize() const override;
    void SerializeData(Buffer::Iterator& i) const override;
    void DeserializeData(Buffer::Iterator& i, uint32_t size) override;
    void PrintData(std::ostream& os) const override;
};

/**
 * \ingroup sfc
 * \brief Action list segment (FIG. 10J): segment types(2 each) the
 *        receiver must support (in an update) or could not process (in a
 *        deny).
 */
class ActionListSegment : public ServiceSegment
{
  public:
    static constexpr uint32_t kMaxActions = 128; //!< most entries

    /// \return the TypeId
    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;
    ActionListSegment();

    std::vector<uint16_t> actions; //!< segment types

  protected:
    uint32_t GetDataSize() const override;
    void SerializeData(Buffer::Iterator& i) const override;
    void DeserializeData(Buffer::Iterator& i, uint32_t size) override;
    void PrintData(std::ostream& os) const override;
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_ACTION_SEGMENTS_H */
