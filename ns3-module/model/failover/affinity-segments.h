/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_AFFINITY_SEGMENTS_H
#define SFC_AFFINITY_SEGMENTS_H

#include "service-message-header.h"

#include "ns3/flow-key.h"
#include "ns3/ipv4-address.h"

#include <cstdint>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief A wildcard affinity (FIG. 7): a filter over 5-tuples.
 *
 * The packet's source ANDed with the source netmask must equal the
 * wildcard's source ANDed with it, likewise for the destination; a zero
 * protocol or port matches any.
 */
struct WildcardAffinity
{
    uint8_t flags{0};                               //!< dispatch / information flags
    uint8_t protocol{0};                            //!< IP protocol (0 = any)
    Ipv4Address source{Ipv4Address::GetAny()};      //!< source address
    Ipv4Mask sourceMask{0u};                        //!< source netmask
    Ipv4Address destination{Ipv4Address::GetAny()}; //!< destination address
    Ipv4Mask destinationMask{0u};                   //!< destination netmask
    uint16_t sourcePort{0};                         //!< source port (0 = any)
    uint16_t destinationPort{0};                    //!< destination port (0 = any)
    uint32_t ttlMs{0};                              //!< time to live (ms)

    /// \param k a tuple \return true if the tuple is in range of this wildcard
    bool Matches(const FlowKey& k) const;
    /// \param o other \return true if both describe the same set of tuples
    bool SameFilter(const WildcardAffinity& o) const;
};

/**
 * \ingroup sfc
 * \brief Wildcard affinity segment (FIG. 7), 28 data bytes.
 *
 * flags(1: bit0 dispatch, bit1 information) protocol(1) reserved(2)
 * source(4) source netmask(4) destination(4) destination netmask(4)
 * source port(2) destination port(2) time to live in milliseconds(4).
 */
class WildcardAffinitySegment : public ServiceSegment
{
  public:
    static constexpr uint32_t kDataSize = 28; //!< data bytes

    /// \return the TypeId
    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;
    WildcardAffinitySegment();

    WildcardAffinity affinity; //!< the affinity

  protected:
    uint32_t GetDataSize() const override;
    void SerializeData(Buffer::Iterator& i) const override;
    void DeserializeData(Buffer::Iterator& i, uint32_t size) override;
    void PrintData(std::ostream& os) const override;
};

/**
 * \ingroup sfc
 * \brief Fixed affinity segment (FIG. 6), 24 data bytes.
 *
 * flags(1) protocol(1) reserved(2) source(4) destination(4) source port(2)
 * destination port(2) forward address(4) time to live in milliseconds(4).
 */
class FixedAffinitySegment : public ServiceSegment
{
  public:
    static constexpr uint32_t kDataSize = 24; //!< data bytes

    /// \return the TypeId
    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;
    FixedAffinitySegment();

    uint8_t flags{0};                               //!< dispatch / information flags
    uint8_t protocol{0};                            //!< IP protocol
    Ipv4Address source{Ipv4Address::GetAny()};      //!< source address
    Ipv4Address destination{Ipv4Address::GetAny()}; //!< destination address
    uint16_t sourcePort{0};                         //!< source port
    uint16_t destinationPort{0};                    //!< destination port
    Ipv4Address forward{Ipv4Address::GetAny()};     //!< forward address
    uint32_t ttlMs{0};                              //!< time to live (ms); 0 deletes

  protected:
    uint32_t GetDataSize() const override;
    void SerializeData(Buffer::Iterator& i) const override;
    void DeserializeData(Buffer::Iterator& i, uint32_t size) override;
    void PrintData(std::ostream& os) const override;
};

/**
 * \ingroup sfc
 * \brief Affinity identifier segment (FIG. 10A), 16 data bytes: which
 *        affinity caused an interest match, and why.
 *
 * flags(1) protocol(1) interest match reasons(2) source(4) destination(4)
 * source port(2) destination port(2).
 */
class AffinityIdentifierSegment : public ServiceSegment
{
  public:
    static constexpr uint32_t kDataSize = 16; //!< data bytes

    /// \return the TypeId
    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;
    AffinityIdentifierSegment();

    uint8_t flags{0};                               //!< flags of the matching affinity
    uint8_t protocol{0};                            //!< protocol of its key
    uint16_t reasons{0};                            //!< InterestBits that caused the match
    Ipv4Address source{Ipv4Address::GetAny()};      //!< key source
    Ipv4Address destination{Ipv4Address::GetAny()}; //!< key destination
    uint16_t sourcePort{0};                         //!< key source port
    uint16_t destinationPort{0};                    //!< key destination port

  protected:
    uint32_t GetDataSize() const override;
    void SerializeData(Buffer::Iterator& i) const override;
    void DeserializeData(Buffer::Iterator& i, uint32_t size) override;
    void PrintData(std::ostream& os) const override;
};

/**
 * \ingroup sfc
 * \brief Affinity service precedence segment (FIG. 10B), 4 data bytes:
 *        search order(1: 1 = a higher value is a higher precedence,
 *        0 = a lower value is) reserved(1) precedence(2).
 */
class ServicePrecedenceSegment : public ServiceSegment
{
  public:
    static constexpr uint32_t kDataSize = 4; //!< data bytes

    /// \return the TypeId
    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;
    ServicePrecedenceSegment();

    bool higherFirst{true}; //!< search order
    uint16_t value{0};      //!< precedence value

  protected:
    uint32_t GetDataSize() const override;
    void SerializeData(Buffer::Iterator& i) const override;
    void DeserializeData(Buffer::Iterator& i, uint32_t size) override;
    void PrintData(std::ostream& os) const override;
};

/**
 * \ingroup sfc
 * \brief Affinity backup precedence (field 909 / 929), 4 data bytes:
 *        precedence(2) reserved(2). Among otherwise equal affinities the
 *        lowest value wins.
 */
class BackupPrecedenceSegment : public ServiceSegment
{
  public:
    static constexpr uint32_t kDataSize = 4; //!< data bytes

    /// \return the TypeId
    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;
    BackupPrecedenceSegment();

    uint16_t value{0}; //!< backup precedence

  protected:
    uint32_t GetDataSize() const override;
    void SerializeData(Buffer::Iterator& i) const override;
    void DeserializeData(Buffer::Iterator& i, uint32_t size) override;
    void PrintData(std::ostream& os) const override;
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_AFFINITY_SEGMENTS_H */
