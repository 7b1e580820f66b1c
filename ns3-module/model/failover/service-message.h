/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_SERVICE_MESSAGE_H
#define SFC_SERVICE_MESSAGE_H

#include "ns3/buffer.h"
#include "ns3/flow-key.h"
#include "ns3/header.h"
#include "ns3/ipv4-address.h"
#include "ns3/ptr.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace ns3
{
class Packet;

namespace sfc
{

/**
 * \ingroup sfc
 * \brief Service message types (seed 002, "Service Messages"), the first
 *        byte after the version in every service message.
 *
 * Types 1-6 are the seed's. Types 7 and 8 are this module's for the
 * service-manager interface, which the seed leaves unspecified: the
 * replication packet a primary sends its backups, and the heartbeat an
 * active manager sends its peers.
 */
enum class ServiceMessageType : uint8_t
{
    AFFINITY_UPDATE_WILDCARD = 1, //!< manager -> agent: register / delete a wildcard affinity
    AFFINITY_UPDATE_FIXED = 2,    //!< manager -> agent: add / refresh / delete a fixed affinity
    AFFINITY_UPDATE_DENY = 3,     //!< agent -> manager: a required segment cannot be processed
    INTEREST_MATCH_WILDCARD = 4,  //!< agent -> manager: a packet matched a wildcard affinity
    INTEREST_MATCH_FIXED = 5, //!< agent -> manager: a packet matched a fixed affinity's criteria
    IP_PACKET_ONLY = 6,       //!< either way: an IP packet and nothing else
    REPLICATION = 7,          //!< primary -> backups: a fixed affinity sent or renewed
    HEARTBEAT = 8             //!< active manager -> peers: alive, with its wildcards
};

/// \param t message type \return its snake_case name ("wildcard", "fixed", ...)
const char* ToString(ServiceMessageType t);

/// \param t raw type byte \return true if it names a known message type
bool IsKnownMessageType(uint8_t t);

/**
 * \ingroup sfc
 * \brief Segment types (seed 002, "The following message segments are used"),
 *        plus two of this module's (backup precedence, heartbeat).
 */
namespace SegmentType
{
constexpr uint16_t WILDCARD_AFFINITY = 1;         //!< FIG. 7
constexpr uint16_t FIXED_AFFINITY = 2;            //!< FIG. 6
constexpr uint16_t AFFINITY_IDENTIFIER = 3;       //!< FIG. 10A ("affinity interest")
constexpr uint16_t SERVICE_PRECEDENCE = 4;        //!< FIG. 10B
constexpr uint16_t SECURITY = 5;                  //!< FIG. 8C
constexpr uint16_t SM_INTEREST_DATA = 6;          //!< FIG. 10C
constexpr uint16_t FA_INTEREST_DATA = 7;          //!< FIG. 10D
constexpr uint16_t IDENTITY_INFO = 8;             //!< FIG. 10E
constexpr uint16_t ACTION_NAT = 9;                //!< FIG. 10F
constexpr uint16_t ACTION_ADVERTISE = 10;         //!< FIG. 10H
constexpr uint16_t ACTION_SEQ_ADJUST = 11;        //!< FIG. 10G
constexpr uint16_t ACTION_INTEREST_CRITERIA = 12; //!< FIG. 10I
constexpr uint16_t ACTION_LIST = 13;              //!< FIG. 10J
constexpr uint16_t IP_PACKET = 14;                //!< the enclosed IP packet
constexpr uint16_t BACKUP_PRECEDENCE = 15;        //!< field 909/929 of FIG. 9A/9B, as a segment
constexpr uint16_t HEARTBEAT = 16;                //!< module extension: heartbeat status
constexpr uint16_t MAX = 0x7fff;                  //!< largest type (15 bits)
} // namespace SegmentType

/// \param type segment type \return true if the module knows it
bool IsKnownSegmentType(uint16_t type);

/**
 * \ingroup sfc
 * \brief Interest criteria bit vector (FIG. 10I): for TCP bits 0-5 are the
 *        TCP flags FIN, SYN, RST, PSH, ACK, URG in their header positions.
 */
namespace InterestBits
{
constexpr uint16_t FIN = 1 << 0;        //!< FIN
constexpr uint16_t SYN = 1 << 1;        //!< SYN
constexpr uint16_t RST = 1 << 2;        //!< RST
constexpr uint16_t PSH = 1 << 3;        //!< PSH
constexpr uint16_t ACK = 1 << 4;        //!< ACK
constexpr uint16_t URG = 1 << 5;        //!< URG
constexpr uint16_t DATA = 1 << 6;       //!< data present
constexpr uint16_t FIRST_DATA = 1 << 7; //!< first data present
constexpr uint16_t FRAGMENT = 1 << 8;   //!< fragmented packet
constexpr uint16_t ALL = 1 << 15;       //!< all packets
} // namespace InterestBits

/**
 * \ingroup sfc
 * \brief The service message header (FIG. 8A): version and type, plus the
 *        total message length (the module's addition, for integrity checks).
 *
 * \verbatim
    0                   1                   2                   3
    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
   |    Version    |  Message type |   Message length (octets)     |
   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
   \endverbatim
 */
class ServiceMessageHeader : public Header
{
  public:
    static constexpr uint8_t kVersion = 1;      //!< protocol version
    static constexpr uint32_t kSize = 4;        //!< header bytes
    static constexpr uint16_t kUdpPort = 50100; //!< default UDP port (IANA dynamic range)

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;
    void Print(std::ostream& os) const override;
    uint32_t GetSerializedSize() const override;
    void Serialize(Buffer::Iterator start) const override;
    uint32_t Deserialize(Buffer::Iterator start) override;

    uint8_t version{kVersion}; //!< protocol version
    uint8_t type{0};           //!< message type (ServiceMessageType)
    uint16_t length{kSize};    //!< total message length, header included
};

/**
 * \ingroup sfc
 * \brief A message segment (FIG. 8B): segment header + segment data.
 *
 * \verbatim
    0                   1                   2                   3
    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
   |R|        Segment type         |  Segment length (octets, incl.|
   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
   |   this header)  ...  segment data ...                         |
   \endverbatim
 *
 * R is the Required flag: a receiver that cannot process a required
 * segment drops the message and answers with an affinity update-deny.
 *
 * Every concrete segment is an ns-3 Header; Deserialize() must only be
 * called on a segment whose length ServiceMessage::Parse() has validated
 * (ns-3's Buffer::Iterator does not check bounds). A segment declares the
 * fewest data bytes it reads (its fixed part): Deserialize() leaves the
 * fields of a shorter segment as they are, and always consumes the length
 * the segment header gives, whatever DeserializeData() read of it.
 */
class ServiceSegment : public Header
{
  public:
    static constexpr uint32_t kHeaderSize = 4; //!< segment header bytes

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /**
     * \param type segment type
     * \param required Required flag
     * \param minData the fewest data bytes DeserializeData() reads
     */
    ServiceSegment(uint16_t type, bool required, uint32_t minData = 0);
    ~ServiceSegment() override;

    /// \return the segment type
    uint16_t GetSegmentType() const;
    /// \return the Required flag
    bool IsRequired() const;
    /// \param required the Required flag
    void SetRequired(bool required);

    uint32_t GetSerializedSize() const override;
    void Serialize(Buffer::Iterator start) const override;
    uint32_t Deserialize(Buffer::Iterator start) override;
    uint32_t Deserialize(Buffer::Iterator start, Buffer::Iterator end) override;
    void Print(std::ostream& os) const override;

    /**
     * \brief Size rule of a segment type's data.
     * \param type segment type
     * \param minData minimum data bytes
     * \param maxData maximum data bytes
     * \return false for an unknown type
     */
    static bool DataSizeRange(uint16_t type, uint32_t& minData, uint32_t& maxData);

    /// \return a new empty segment of a known type (nullptr for unknown types)
    static std::shared_ptr<ServiceSegment> Create(uint16_t type);

  protected:
    /// \return bytes of segment data
    virtual uint32_t GetDataSize() const = 0;
    /// \param i iterator positioned at the data
    virtual void SerializeData(Buffer::Iterator& i) const = 0;
    /// \param i iterator positioned at the data \param size data bytes (validated, >= minData)
    virtual void DeserializeData(Buffer::Iterator& i, uint32_t size) = 0;
    /// \param os stream for the fields
    virtual void PrintData(std::ostream& os) const = 0;

  private:
    uint16_t m_type;    //!< segment type
    bool m_required;    //!< Required flag
    uint32_t m_minData; //!< fewest data bytes DeserializeData() reads
};

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

/**
 * \ingroup sfc
 * \brief Security segment (FIG. 8C): security type(1) key id(1)
 *        reserved(2) sequence(8) message authentication code (32 bytes
 *        for HMAC-SHA256, 16 for HMAC-MD5).
 *
 * It immediately follows the service message header. The code is an HMAC
 * over the whole message with the code field set to zero; the sequence
 * number increases with every message of a sender (replay protection).
 */
class SecuritySegment : public ServiceSegment
{
  public:
    /// Security types
    enum Algorithm : uint8_t
    {
        HMAC_SHA256 = 1, //!< HMAC-SHA256, 32-byte code
        HMAC_MD5 = 2     //!< HMAC-MD5 (the seed's MD5), 16-byte code
    };

    static constexpr uint32_t kFixedData = 12; //!< data bytes before the code
    /// Offset of the code from the start of the message
    static constexpr uint32_t kCodeOffset = ServiceMessageHeader::kSize + kHeaderSize + kFixedData;

    /// \return the TypeId
    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;
    SecuritySegment();

    /// \param a algorithm \return its code length (0 if unknown)
    static uint32_t CodeLength(uint8_t a);

    uint8_t algorithm{HMAC_SHA256}; //!< security type
    uint8_t keyId{0};               //!< key id
    uint64_t sequence{0};           //!< sender's sequence number
    std::vector<uint8_t> code;      //!< message authentication code

  protected:
    uint32_t GetDataSize() const override;
    void SerializeData(Buffer::Iterator& i) const override;
    void DeserializeData(Buffer::Iterator& i, uint32_t size) override;
    void PrintData(std::ostream& os) const override;
};

/**
 * \ingroup sfc
 * \brief Opaque-data segments: service manager interest data (FIG. 10C),
 *        forwarding agent interest data (FIG. 10D), and any segment type
 *        the receiver does not know (kept so it can be denied or skipped).
 */
class OpaqueSegment : public ServiceSegment
{
  public:
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
    static constexpr uint32_t kMinData = 4; //!< data bytes without a name (the address)

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

/**
 * \ingroup sfc
 * \brief IP packet segment: a complete IPv4 packet, header first.
 */
class IpPacketSegment : public ServiceSegment
{
  public:
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

/**
 * \ingroup sfc
 * \brief Why ServiceMessage::Parse() rejected bytes.
 */
enum class ParseStatus : uint8_t
{
    OK = 0,
    TRUNCATED,         //!< shorter than a header, or a segment runs past the end
    BAD_VERSION,       //!< unknown protocol version
    BAD_TYPE,          //!< unknown message type
    BAD_LENGTH,        //!< header length differs from the datagram size
    BAD_SEGMENT,       //!< a segment length below 4 or outside its type's size rule
    MISSING_SEGMENT,   //!< the message type's mandatory segment is absent
    SECURITY_MISPLACED //!< a security segment not right after the header
};

/// \param s status \return its snake_case name
const char* ToString(ParseStatus s);

/**
 * \ingroup sfc
 * \brief A service message: header + ordered segments, with bounds-checked
 *        parsing and optional HMAC authentication.
 *
 * ToPacket() writes the message as ns-3 headers (ServiceMessageHeader and
 * one ServiceSegment per segment) into a packet: the UDP payload. Parse()
 * checks every length against the bytes present before deserializing
 * anything, so any byte string is either a message or a ParseStatus.
 */
class ServiceMessage
{
  public:
    ServiceMessage() = default;
    /// \param type message type
    explicit ServiceMessage(ServiceMessageType type);

    /// \return the message type
    ServiceMessageType GetType() const;
    /// \param type the message type
    void SetType(ServiceMessageType type);

    /// \param segment appended in order
    void Add(std::shared_ptr<ServiceSegment> segment);
    /// \return the segments in order (the security segment, if any, first)
    const std::vector<std::shared_ptr<ServiceSegment>>& GetSegments() const;

    /// \return the first segment of class T, or nullptr
    template <class T>
    std::shared_ptr<T> Find() const
    {
        for (const auto& s : m_segments)
        {
            if (auto t = std::dynamic_pointer_cast<T>(s))
            {
                return t;
            }
        }
        return nullptr;
    }

    /// \param type segment type \return the first segment of that type, or nullptr
    std::shared_ptr<ServiceSegment> Find(uint16_t type) const;

    /// \return every segment of class T, in order
    template <class T>
    std::vector<std::shared_ptr<T>> FindAll() const
    {
        std::vector<std::shared_ptr<T>> out;
        for (const auto& s : m_segments)
        {
            if (auto t = std::dynamic_pointer_cast<T>(s))
            {
                out.push_back(t);
            }
        }
        return out;
    }

    /// \return the message size in bytes
    uint32_t GetSerializedSize() const;

    /**
     * \brief Build the UDP payload.
     *
     * With a key, a SecuritySegment carrying an HMAC of the whole message
     * (code field zeroed while computing) is inserted right after the
     * header, replacing any security segment already present.
     *
     * \param key shared secret (empty: no security segment is added)
     * \param algorithm SecuritySegment::Algorithm
     * \param sequence the sender's sequence number for this message
     * \return the packet
     */
    Ptr<Packet> ToPacket(const std::string& key = "",
                         uint8_t algorithm = SecuritySegment::HMAC_SHA256,
                         uint64_t sequence = 0) const;

    /**
     * \brief Parse a UDP payload.
     * \param packet the payload
     * \param out filled on success
     * \param raw if not null, receives the payload bytes (for Verify())
     * \return OK or why the bytes are not a valid message
     */
    static ParseStatus Parse(Ptr<const Packet> packet,
                             ServiceMessage& out,
                             std::vector<uint8_t>* raw = nullptr);

    /**
     * \brief Check the HMAC of a parsed message over its raw bytes.
     * \param raw the bytes Parse() saw
     * \param key the shared secret
     * \return true if the first segment is a security segment whose code is
     *         the HMAC of the message under key
     */
    bool Verify(const std::vector<uint8_t>& raw, const std::string& key) const;

    /**
     * \brief Compute an HMAC (OpenSSL libcrypto).
     * \param algorithm SecuritySegment::Algorithm
     * \param key the key
     * \param data bytes
     * \param size byte count
     * \return the code (empty for an unknown algorithm)
     */
    static std::vector<uint8_t> Hmac(uint8_t algorithm,
                                     const std::string& key,
                                     const uint8_t* data,
                                     std::size_t size);

  private:
    ServiceMessageType m_type{ServiceMessageType::IP_PACKET_ONLY}; //!< type
    std::vector<std::shared_ptr<ServiceSegment>> m_segments;       //!< segments
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_SERVICE_MESSAGE_H */
