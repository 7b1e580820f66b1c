/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_SERVICE_MESSAGE_ENDPOINT_H
#define SFC_SERVICE_MESSAGE_ENDPOINT_H

#include "member-accessor.h"
#include "service-message.h"

#include "ns3/callback.h"
#include "ns3/ipv4-address.h"
#include "ns3/net-device.h"
#include "ns3/node.h"
#include "ns3/socket.h"

#include <cstdint>
#include <map>
#include <string>
#include <type_traits>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief One end of the service-message protocol of seed 002: the UDP
 *        socket, signing with an increasing sequence number, and the checks
 *        every received message passes (well-formed, authentic, not replayed).
 *
 * ServiceManager and ForwardingAgent each own one. The owner keeps its own
 * attributes and trace sources: the security settings are declared on the
 * owner with MakeEndpointAccessor(), and the owner's MessageTx trace is the
 * send callback.
 *
 * Security (FIG. 8C): with a key, every message sent except "IP packet
 * only" carries a security segment with an HMAC of the whole message and a
 * sequence number that increases with every signed message, across restarts
 * too (never below the current simulation time in ns). With RequireSecurity,
 * Accept() rejects a message other than "IP packet only" that has no
 * security segment, whose HMAC does not match the key, or whose sequence
 * number is not above the last one accepted from the same sender address.
 */
class ServiceMessageEndpoint
{
  public:
    /// What Accept() decided about a received payload
    enum class Verdict : uint8_t
    {
        ACCEPTED = 0,        //!< a valid message (authentic, when security is required)
        MALFORMED = 1,       //!< not a well-formed service message
        UNAUTHENTICATED = 2, //!< security required, no security segment
        BAD_CODE = 3,        //!< the HMAC does not match (wrong key or altered)
        REPLAY = 4           //!< sequence number not above the sender's last accepted
    };

    /**
     * Called for every datagram the socket receives.
     * \param [in] payload the UDP payload
     * \param [in] from sender address
     * \param [in] port sender port
     */
    typedef Callback<void, Ptr<const Packet>, Ipv4Address, uint16_t> ReceiveCallback;
    /**
     * Called for every message, just before it is sent.
     * \param [in] payload the UDP payload
     * \param [in] type the message type
     * \param [in] to the destination address
     */
    typedef Callback<void, Ptr<const Packet>, uint8_t, Ipv4Address> SendCallback;

    ServiceMessageEndpoint();
    ~ServiceMessageEndpoint();
    /// Not copyable: the socket calls back into this object.
    ServiceMessageEndpoint(const ServiceMessageEndpoint&) = delete;
    /// Not copyable: the socket calls back into this object.
    ServiceMessageEndpoint& operator=(const ServiceMessageEndpoint&) = delete;

    /// \param key shared HMAC key ("" = messages are sent unsigned)
    void SetSecurityKey(const std::string& key);
    /// \return the shared HMAC key
    const std::string& GetSecurityKey() const;
    /// \param algorithm SecuritySegment::Algorithm of the messages sent
    void SetSecurityAlgorithm(uint8_t algorithm);
    /// \return SecuritySegment::Algorithm of the messages sent
    uint8_t GetSecurityAlgorithm() const;
    /// \param require reject messages without a valid security segment
    void SetRequireSecurity(bool require);
    /// \return true if messages without a valid security segment are rejected
    bool GetRequireSecurity() const;
    /// \return bytes the security segment adds to a message Send() signs (0 without a key)
    uint32_t GetSecurityOverhead() const;

    /// \param cb called for every message just before it is sent (e.g. the owner's MessageTx)
    void SetSendCallback(SendCallback cb);

    /**
     * \brief Create the UDP socket, bound to the port on every address.
     * \param node the node
     * \param port the UDP port
     * \param receive called for every datagram received (from an IPv4 sender)
     * \param device if not null, the socket is bound to it (link-local multicast
     *        leaves through a given device)
     */
    void Open(Ptr<Node> node,
              uint16_t port,
              ReceiveCallback receive,
              Ptr<NetDevice> device = nullptr);
    /// Close the socket, if open (the sequence number is kept).
    void Close();

    /**
     * \brief Sign (with a key, except "IP packet only") and send a message.
     *
     * The send callback sees the message even when no socket is open; it is
     * then not sent.
     *
     * \param msg the message
     * \param to destination address (unicast or multicast)
     * \param port destination UDP port
     */
    void Send(const ServiceMessage& msg, Ipv4Address to, uint16_t port);

    /**
     * \brief Parse, authenticate and replay-check a received payload.
     * \param payload the UDP payload
     * \param from sender address (the replay window is kept per address)
     * \param msg receives the message when the verdict is ACCEPTED
     * \return the verdict
     */
    Verdict Accept(Ptr<const Packet> payload, Ipv4Address from, ServiceMessage& msg);

    /// Forget the last sequence number accepted from every sender (after a crash).
    void ResetReplayWindows();

  private:
    /// \param socket the socket with datagrams to read
    void HandleRead(Ptr<Socket> socket);

    std::string m_key;                              //!< HMAC key ("" = none)
    uint8_t m_algorithm;                            //!< HMAC algorithm
    bool m_requireSecurity;                         //!< reject unauthenticated messages
    Ptr<Socket> m_socket;                           //!< UDP socket (null when closed)
    ReceiveCallback m_receive;                      //!< receive path
    SendCallback m_sendCallback;                    //!< transmit notification
    uint64_t m_sequence;                            //!< last security sequence sent
    std::map<Ipv4Address, uint64_t> m_lastSequence; //!< per sender, last accepted
};

/**
 * \ingroup sfc
 * \brief Attribute accessor for a setting of an owner's ServiceMessageEndpoint
 *        member, so that the owner declares the endpoint's settings as its own
 *        attributes without a forwarding setter and getter for each.
 *
 * \code
 *   .AddAttribute("SecurityKey", "...", StringValue(""),
 *                 MakeEndpointAccessor<StringValue>(&MyApp::m_endpoint,
 *                                                   &ServiceMessageEndpoint::SetSecurityKey,
 *                                                   &ServiceMessageEndpoint::GetSecurityKey),
 *                 MakeStringChecker())
 * \endcode
 *
 * \tparam V the AttributeValue type (StringValue, EnumValue, BooleanValue, ...)
 * \tparam T the owner class
 * \tparam U the setter's parameter type
 * \tparam R the getter's return type
 * \param endpoint the owner's endpoint member
 * \param setter the endpoint's setter
 * \param getter the endpoint's getter
 * \return the accessor
 */
template <class V, class T, class U, class R>
Ptr<const AttributeAccessor>
MakeEndpointAccessor(ServiceMessageEndpoint T::*endpoint,
                     void (ServiceMessageEndpoint::*setter)(U),
                     R (ServiceMessageEndpoint::*getter)() const)
{
    using Value = std::remove_cv_t<std::remove_reference_t<U>>;
    return MakeMemberAccessor<V, T, Value>(
        [endpoint, getter](const T& owner) { return ((owner.*endpoint).*getter)(); },
        [endpoint, setter](T& owner, const Value& value) { ((owner.*endpoint).*setter)(value); });
}

} // namespace sfc
} // namespace ns3

#endif /* SFC_SERVICE_MESSAGE_ENDPOINT_H */
