/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_OWNER_MESSAGE_HEADER_H
#define SFC_OWNER_MESSAGE_HEADER_H

#include "vnet-key.h"

#include "ns3/header.h"
#include "ns3/ipv4-address.h"

#include <cstdint>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief An owner-control message between vPlanes (40 bytes, UDP): query,
 *        reply, negative reply, notify, register, withdraw, ack.
 *
 * \verbatim
  0                   1                   2                   3
  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 |  Version (1)  |     Type      |     Code      |     Flags     |
 +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 |                        Transaction id                         |
 +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 |                     Subset-map epoch                          |
 +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 |                           VNet id                             |
 +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 |                        Source address                         |
 +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 |                      Destination address                      |
 +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 |          Source port          |       Destination port        |
 +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 |   Protocol    |              Reserved (zero)                  |
 +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 |                    Owner (underlay address)                   |
 +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 |                       Lifetime (ms)                           |
 +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 \endverbatim
 *
 * The module's own protocol (no standard exists; owner.rst documents it).
 * The transaction id matches a reply, negative reply or ack to the request
 * it answers, so the requester can retransmit on loss and drop duplicates.
 * Code is the reason of a NACK, the acknowledged type of an ACK, and zero
 * otherwise. Every field is carried in every type (unused ones zero), so
 * whatever Deserialize() accepts re-serializes to the same bytes.
 */
class OwnerMessageHeader : public Header
{
  public:
    static constexpr uint8_t kVersion = 1; //!< protocol version
    static constexpr uint32_t kSize = 40;  //!< serialized size

    /// Message type
    enum Type : uint8_t
    {
        QUERY = 1,    //!< source -> helper: who owns this flow?
        REPLY = 2,    //!< helper -> source: the owner (answers QUERY)
        NACK = 3,     //!< helper -> source: no owner known (Code = reason)
        NOTIFY = 4,   //!< helper -> source: I forwarded your packet to this owner
        REGISTER = 5, //!< owner -> helper: I own this flow (soft state, Lifetime)
        WITHDRAW = 6, //!< owner -> helper: I no longer own it
        ACK = 7       //!< receiver -> sender of REGISTER, WITHDRAW or a subset map (Code = type)
    };

    /// Reason of a NACK
    enum NackReason : uint8_t
    {
        NO_ASSOCIATION = 1, //!< the helper has no owner for the flow
        NOT_HELPER = 2      //!< the flow's subset is not the receiver's under its map (Epoch)
    };

    /// Flag bits
    enum Flag : uint8_t
    {
        FLAG_TRANSFER = 0x01 //!< REGISTER sent by a subset's previous helper, not by the owner
    };

    /// Type code of a SubsetMapHeader, for ACK's Code (the two share the version/type octets)
    static constexpr uint8_t kTypeSubsetMap = 8;

    OwnerMessageHeader();

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;
    uint32_t GetSerializedSize() const override;
    void Serialize(Buffer::Iterator start) const override;
    /**
     * \brief Read the message. Rejected (IsValid() false, returns 0): fewer
     *        than kSize bytes, another version, an unknown type, a Code not
     *        allowed for the type, unknown flag bits, non-zero reserved bytes.
     * \param start buffer iterator
     * \return bytes read (0 if rejected)
     */
    uint32_t Deserialize(Buffer::Iterator start) override;
    void Print(std::ostream& os) const override;

    /// \param type message type
    void SetType(Type type);
    /// \return message type
    Type GetType() const;
    /// \param code NACK reason, ACK's acknowledged type, else 0
    void SetCode(uint8_t code);
    /// \return the code
    uint8_t GetCode() const;
    /// \param flags flag bits
    void SetFlags(uint8_t flags);
    /// \return flag bits
    uint8_t GetFlags() const;
    /// \param id transaction id
    void SetTransaction(uint32_t id);
    /// \return transaction id
    uint32_t GetTransaction() const;
    /// \param epoch the sender's subset-map epoch
    void SetEpoch(uint32_t epoch);
    /// \return the sender's subset-map epoch
    uint32_t GetEpoch() const;
    /// \param key the flow
    void SetKey(const VnetFlowKey& key);
    /// \return the flow
    const VnetFlowKey& GetKey() const;
    /// \param owner the owner's underlay address
    void SetOwner(Ipv4Address owner);
    /// \return the owner
    Ipv4Address GetOwner() const;
    /// \param ms lifetime in milliseconds (REGISTER; 0: the helper's default)
    void SetLifetimeMs(uint32_t ms);
    /// \return lifetime in milliseconds
    uint32_t GetLifetimeMs() const;
    /// \return true if the last Deserialize() succeeded
    bool IsValid() const;

    /// \param type a type octet \return true if it names a Type
    static bool IsKnownType(uint8_t type);
    /// \param type a Type \return its name
    static const char* TypeName(uint8_t type);

  private:
    Type m_type;         //!< message type
    uint8_t m_code;      //!< reason / acknowledged type
    uint8_t m_flags;     //!< flags
    uint32_t m_txid;     //!< transaction id
    uint32_t m_epoch;    //!< subset-map epoch
    VnetFlowKey m_key;   //!< the flow
    Ipv4Address m_owner; //!< owner
    uint32_t m_lifetime; //!< lifetime, ms
    bool m_valid;        //!< last parse result
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_OWNER_MESSAGE_HEADER_H */
