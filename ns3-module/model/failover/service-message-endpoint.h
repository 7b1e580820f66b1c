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
#include "ns3/nstime.h"
#include "ns3/sfc-ns3-compat.h"
#include "ns3/socket.h"

#include <cstdint>
#include <map>
#include <string>
#include <type_traits>
#include <vector>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief One end of the service-message protocol of seed 002: the UDP
 *        socket, signing with an epoch and an increasing sequence number,
 *        and the checks every received message passes (well-formed,
 *        authentic, meant for this node, not replayed).
 *
 * ServiceManager and ForwardingAgent each own one. The owner keeps its own
 * attributes and trace sources: the security settings are declared on the
 * owner with MakeEndpointAccessor(), and the owner's MessageTx trace is the
 * send callback.
 *
 * Security (FIG. 8C), per-role keys: the endpoint has a role (the key id of
 * what it sends: managers MANAGER_KEY, agents AGENT_KEY) and signs every
 * message, "IP packet only" included, with its role's key (SecurityKey). It
 * verifies a message with the key of the role that sends that message type
 * (ExpectedKeyId()): agents verify the managers' key, managers the agents'
 * key for interest matches, denies and IP packets, and their own key for
 * replication and heartbeats. A role key left empty is the endpoint's own
 * key (one shared key). With a key, security is required
 * (GetRequireSecurity() is true whatever RequireSecurity was set to).
 *
 * The code covers the whole message, including the sender's identity
 * (SetIdentity()), the receiver the sender addressed (a unicast address of
 * this node, or a multicast group), the key id, the algorithm, and the
 * replay counters: the epoch, the sender's boot counter, which Restart()
 * increments, and a sequence number increasing with every message sent
 * (never below the simulation time in ns). Replay windows are kept per
 * authenticated sender identity (not per UDP source address): a message
 * is fresh if its (epoch, sequence) is above the last accepted from that
 * sender, and not stale: as the sequence is never below the sender's clock
 * in ns, one more than SetMaxMessageAge() below this node's clock is too
 * old (a message captured and withheld from its receiver, e.g. one sent
 * to a failed node, cannot be delivered later; clocks are the simulator's).
 * The epoch, the last sequence sent and the replay windows are the
 * node's persistent state in the model (its non-volatile memory): Close()
 * and the owner's Fail()/Recover() keep them, so a node that restarts
 * neither reuses its counters nor accepts old messages again.
 *
 * A message larger than ServiceMessageHeader::kMaxSize is never built:
 * Send() drops and counts it (GetOversizeDrops()).
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
        REPLAY = 4,          //!< (epoch, sequence) not above the sender's last accepted
        BAD_ALGORITHM = 5,   //!< signed with another algorithm than this node's
        BAD_KEY_ID = 6,      //!< signed with a key of a role that does not send this type
        WRONG_RECEIVER = 7,  //!< addressed to another node
        STALE = 8            //!< sequence (the sender's clock in ns) older than MaxMessageAge
    };
    /// Number of Verdict values
    static constexpr uint32_t kNumVerdicts = 9;

    /// \param v verdict \return its snake_case name
    static const char* ToString(Verdict v);

    /**
     * \brief The key id a message type must be signed with.
     * \param type message type
     * \param receiverRole the receiver's role (SecuritySegment::KeyId)
     * \return the key id of the role that sends it (IP packet only: the other role)
     */
    static uint8_t ExpectedKeyId(ServiceMessageType type, uint8_t receiverRole);

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

    /// \param role key id of the messages sent (SecuritySegment::KeyId)
    explicit ServiceMessageEndpoint(uint8_t role = SecuritySegment::MANAGER_KEY);
    ~ServiceMessageEndpoint();
    /// Not copyable: the socket calls back into this object.
    ServiceMessageEndpoint(const ServiceMessageEndpoint&) = delete;
    /// Not copyable: the socket calls back into this object.
    ServiceMessageEndpoint& operator=(const ServiceMessageEndpoint&) = delete;

    /// \param key this role's HMAC key, signs what is sent ("" = messages are sent unsigned)
    void SetSecurityKey(const std::string& key);
    /// \return this role's HMAC key
    const std::string& GetSecurityKey() const;
    /// \param key the managers' key, to verify their messages ("" = SecurityKey)
    void SetManagerKey(const std::string& key);
    /// \return the managers' key as set
    const std::string& GetManagerKey() const;
    /// \param key the agents' key, to verify their messages ("" = SecurityKey)
    void SetAgentKey(const std::string& key);
    /// \return the agents' key as set
    const std::string& GetAgentKey() const;
    /// \param algorithm SecuritySegment::Algorithm of the messages sent and accepted
    void SetSecurityAlgorithm(uint8_t algorithm);
    /// \return SecuritySegment::Algorithm of the messages sent and accepted
    uint8_t GetSecurityAlgorithm() const;
    /// \param require reject messages without a valid security segment (always, with a key)
    void SetRequireSecurity(bool require);
    /// \return true if messages without a valid security segment are rejected
    bool GetRequireSecurity() const;
    /// \param age oldest a signed message may be (its sequence against this node's clock)
    void SetMaxMessageAge(Time age);
    /// \return oldest a signed message may be
    Time GetMaxMessageAge() const;
    /// \return bytes the security segment adds to a message Send() signs (0 without a key)
    uint32_t GetSecurityOverhead() const;

    /// \param id this node's identity, the sender of what it signs
    void SetIdentity(Ipv4Address id);
    /// \param a an address (or group) messages to this node may name as receiver
    void AddLocalAddress(Ipv4Address a);
    /// A restart: the boot epoch of the messages sent is incremented.
    void Restart();
    /// \return the boot epoch of the messages sent
    uint16_t GetEpoch() const;
    /// \return messages not sent because they would exceed kMaxSize bytes
    uint64_t GetOversizeDrops() const;

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
    /// Close the socket, if open (the persistent state is kept).
    void Close();

    /**
     * \brief Sign (with a key) and send a message.
     *
     * The send callback sees the message even when no socket is open; it is
     * then not sent. A message over kMaxSize bytes is dropped and counted.
     *
     * \param msg the message
     * \param to destination address (unicast or multicast): the receiver signed
     * \param port destination UDP port
     * \return false if the message was too large to build
     */
    bool Send(const ServiceMessage& msg, Ipv4Address to, uint16_t port);

    /**
     * \brief Parse, authenticate and replay-check a received payload.
     * \param payload the UDP payload
     * \param from UDP source address (logs only: the window is the signed sender's)
     * \param msg receives the message when the verdict is ACCEPTED
     * \return the verdict
     */
    Verdict Accept(Ptr<const Packet> payload, Ipv4Address from, ServiceMessage& msg);

  private:
    /// \param socket the socket with datagrams to read
    void HandleRead(Ptr<Socket> socket);
    /// \param keyId a role \return the key its messages are verified with
    const std::string& VerifyKey(uint8_t keyId) const;
    /// \param a a receiver named in a message \return true if it is this node (or a group)
    bool IsLocal(Ipv4Address a) const;

    /// Last (epoch, sequence) accepted from a sender
    struct Window
    {
        uint16_t epoch{0};    //!< epoch
        uint64_t sequence{0}; //!< sequence
    };

    uint8_t m_role;                   //!< key id of what is sent
    std::string m_key;                //!< this role's HMAC key ("" = none)
    std::string m_managerKey;         //!< managers' key ("" = m_key)
    std::string m_agentKey;           //!< agents' key ("" = m_key)
    uint8_t m_algorithm;              //!< HMAC algorithm, sent and accepted
    bool m_requireSecurity;           //!< reject unauthenticated messages
    Time m_maxAge;                    //!< oldest signed message accepted
    Ipv4Address m_identity;           //!< sender identity
    std::vector<Ipv4Address> m_local; //!< receiver addresses besides the node's own
    Ptr<Node> m_node;                 //!< the node (its addresses), while open
    Ptr<Socket> m_socket;             //!< UDP socket (null when closed)
    ReceiveCallback m_receive;        //!< receive path
    SendCallback m_sendCallback;      //!< transmit notification
    uint64_t m_oversize;              //!< messages too large to build
    // Persistent state (kept across Close(), Fail() and Recover())
    uint16_t m_epoch;                        //!< boot epoch
    uint64_t m_sequence;                     //!< last security sequence sent
    std::map<Ipv4Address, Window> m_windows; //!< per signed sender, last accepted
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
