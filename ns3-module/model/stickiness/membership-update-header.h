/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_MEMBERSHIP_UPDATE_HEADER_H
#define SFC_MEMBERSHIP_UPDATE_HEADER_H

#include "ns3/header.h"
#include "ns3/ipv4-address.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief A membership update from the scaling controller to a forwarder (20
 *        bytes, 52 authenticated; UDP).
 *
 * \verbatim
  0                   1                   2                   3
 +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 |  Version (1)  |   Type (1)    |           Chain id            |
 +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 |                        Sequence number                        |
 +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 |   Function    |    Action     |     Auth      |    Key id     |
 +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 |                          Instance id                          |
 +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 |                 Locator (the instance's forwarder)            |
 +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 |     Code (32 bytes, Auth = 1 only): HMAC-SHA256 under the      |
 |     controller's key of the 20 bytes above + the receiver       |
 +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 \endverbatim
 *
 * This is the module's own control protocol (no standard exists for it);
 * the sequence number, increasing per controller, lets a forwarder ignore an
 * update older than one it already applied for the same instance.
 *
 * Authentication (issue 13): with Auth = 1 (AUTH_HMAC_SHA256) the update is
 * followed by an HMAC-SHA256 code under the controller's key over its 20
 * bytes and the receiving forwarder's address (4 bytes, not sent), so an
 * update is valid for one forwarder only. Auth = 0 is an unsigned update
 * (the 20-byte format, whose bytes 10-11 were reserved and zero); a
 * forwarder with a key rejects it. Other Auth values are malformed.
 */
class MembershipUpdateHeader : public Header
{
  public:
    static constexpr uint8_t kVersion = 1;         //!< protocol version
    static constexpr uint8_t kTypeUpdate = 1;      //!< message type
    static constexpr uint32_t kSize = 20;          //!< serialized size without a code
    static constexpr uint8_t AUTH_NONE = 0;        //!< unsigned
    static constexpr uint8_t AUTH_HMAC_SHA256 = 1; //!< 32-byte HMAC-SHA256 code follows
    static constexpr uint32_t kCodeSize = 32;      //!< code bytes

    /// What happens to the instance
    enum Action : uint8_t
    {
        ADD = 1,   //!< in service: may receive new flows
        DRAIN = 2, //!< no new flows; existing flows keep their cached paths
        REMOVE = 3 //!< gone: forget it, and any cached path through it
    };

    MembershipUpdateHeader();

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;
    uint32_t GetSerializedSize() const override;
    void Serialize(Buffer::Iterator start) const override;
    /**
     * \brief Read the header; short input, a bad version, type or action is
     *        rejected (IsValid() false, returns 0).
     * \param start buffer iterator
     * \return bytes read
     */
    uint32_t Deserialize(Buffer::Iterator start) override;
    void Print(std::ostream& os) const override;

    /// \param chain chain id
    void SetChain(uint16_t chain);
    /// \return chain id
    uint16_t GetChain() const;
    /// \param seq sequence number
    void SetSequence(uint32_t seq);
    /// \return sequence number
    uint32_t GetSequence() const;
    /// \param function 1-based function index
    void SetFunction(uint8_t function);
    /// \return function index
    uint8_t GetFunction() const;
    /// \param action action
    void SetAction(Action action);
    /// \return action
    Action GetAction() const;
    /// \param instance instance id
    void SetInstance(uint32_t instance);
    /// \return instance id
    uint32_t GetInstance() const;
    /// \param locator overlay address of the instance's forwarder
    void SetLocator(Ipv4Address locator);
    /// \return locator
    Ipv4Address GetLocator() const;
    /// \return true if the last Deserialize() succeeded
    bool IsValid() const;

    /**
     * \brief Sign the update for one receiver (Auth = 1).
     * \param key the controller's key (empty: unsigned, Auth = 0)
     * \param receiver the forwarder it is sent to
     */
    void Sign(const std::string& key, Ipv4Address receiver);
    /// \return true if the update carries a code
    bool IsSigned() const;
    /**
     * \param key the controller's key
     * \param receiver this forwarder's address
     * \return true if the code is the HMAC of this update for receiver under key
     */
    bool Verifies(const std::string& key, Ipv4Address receiver) const;

  private:
    uint16_t m_chain;            //!< chain id
    uint32_t m_sequence;         //!< sequence number
    uint8_t m_function;          //!< function index
    Action m_action;             //!< action
    uint32_t m_instance;         //!< instance id
    Ipv4Address m_locator;       //!< instance's forwarder
    bool m_valid;                //!< last parse result
    uint8_t m_auth;              //!< AUTH_NONE or AUTH_HMAC_SHA256
    std::vector<uint8_t> m_code; //!< the code (kCodeSize bytes when signed)

    /// \param key the key \param receiver the receiver \return the code for it under key
    std::vector<uint8_t> Code(const std::string& key, Ipv4Address receiver) const;
    /// \param i iterator the 20 fixed bytes are written at
    void WriteFixed(Buffer::Iterator& i) const;
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_MEMBERSHIP_UPDATE_HEADER_H */
