/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_SERVICE_MESSAGE_HEADER_H
#define SFC_SERVICE_MESSAGE_HEADER_H

#include "ns3/buffer.h"
#include "ns3/header.h"
#include "ns3/ipv4-address.h"

#include <cstdint>
#include <memory>

namespace ns3
{
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
    static constexpr uint8_t kVersion = 1;       //!< protocol version
    static constexpr uint32_t kSize = 4;         //!< header bytes
    static constexpr uint16_t kUdpPort = 50100;  //!< default UDP port (IANA dynamic range)
    static constexpr uint32_t kMaxSize = 0xffff; //!< largest message (16-bit length field)

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
 *
 * DataSizeRange() and Create() are the parser's tables over every segment
 * type; they are defined in service-message-parser.cc.
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

    /// \param i iterator \param a address written in network order
    static void WriteAddress(Buffer::Iterator& i, Ipv4Address a)
    {
        i.WriteHtonU32(a.Get());
    }

    /// \param i iterator \return the address read in network order
    static Ipv4Address ReadAddress(Buffer::Iterator& i)
    {
        return Ipv4Address(i.ReadNtohU32());
    }

    /// \param i iterator \param bytes a byte string (vector or string) \param n bytes of it to
    /// write
    template <class Bytes>
    static void WriteBytes(Buffer::Iterator& i, const Bytes& bytes, uint32_t n)
    {
        if (n > 0)
        {
            i.Write(reinterpret_cast<const uint8_t*>(bytes.data()), n);
        }
    }

    /// \param i iterator \param bytes replaced by the next size bytes \param size bytes to read
    template <class Bytes>
    static void ReadBytes(Buffer::Iterator& i, Bytes& bytes, uint32_t size)
    {
        bytes.assign(size, 0);
        if (size > 0)
        {
            i.Read(reinterpret_cast<uint8_t*>(&bytes[0]), size);
        }
    }

  private:
    uint16_t m_type;    //!< segment type
    bool m_required;    //!< Required flag
    uint32_t m_minData; //!< fewest data bytes DeserializeData() reads
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_SERVICE_MESSAGE_HEADER_H */
