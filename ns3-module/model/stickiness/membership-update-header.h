/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_MEMBERSHIP_UPDATE_HEADER_H
#define SFC_MEMBERSHIP_UPDATE_HEADER_H

#include "ns3/header.h"
#include "ns3/ipv4-address.h"

#include <cstdint>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief A membership update from the scaling controller to a forwarder (20 bytes, UDP).
 *
 * \verbatim
  0                   1                   2                   3
 +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 |  Version (1)  |   Type (1)    |           Chain id            |
 +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 |                        Sequence number                        |
 +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 |   Function    |    Action     |            Reserved           |
 +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 |                          Instance id                          |
 +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 |                 Locator (the instance's forwarder)            |
 +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 \endverbatim
 *
 * This is the module's own control protocol (no standard exists for it);
 * the sequence number, increasing per controller, lets a forwarder ignore an
 * update older than one it already applied for the same instance.
 */
class MembershipUpdateHeader : public Header
{
  public:
    static constexpr uint8_t kVersion = 1;    //!< protocol version
    static constexpr uint8_t kTypeUpdate = 1; //!< message type
    static constexpr uint32_t kSize = 20;     //!< serialized size

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

  private:
    uint16_t m_chain;      //!< chain id
    uint32_t m_sequence;   //!< sequence number
    uint8_t m_function;    //!< function index
    Action m_action;       //!< action
    uint32_t m_instance;   //!< instance id
    Ipv4Address m_locator; //!< instance's forwarder
    bool m_valid;          //!< last parse result
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_MEMBERSHIP_UPDATE_HEADER_H */
