/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_FORWARDING_AGENT_H
#define SFC_FORWARDING_AGENT_H

#include "affinity-cache.h"
#include "agent-routing-hook.h"
#include "service-message-endpoint.h"
#include "service-message.h"

#include "ns3/application.h"
#include "ns3/event-id.h"
#include "ns3/failable.h"
#include "ns3/inner-packet.h"
#include "ns3/ipv4-header.h"
#include "ns3/ipv4.h"
#include "ns3/socket.h"
#include "ns3/traced-callback.h"

#include <map>
#include <vector>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief Forwarding agent of seed 002: a router's affinity cache, steered
 *        by service managers over UDP service messages.
 *
 * Every packet the router forwards is looked up in the AffinityCache:
 * - a valid fixed affinity for its exact 5-tuple: its actions are applied
 *   (NAT rewrite, sequence number adjust) and the packet is forwarded,
 *   dispatched to the forward address (dispatch flag) or routed on its
 *   (translated) destination; if the packet matches the affinity's
 *   interest criteria (TCP flag bit vector) an interest match-fixed
 *   message is sent to the manager too;
 * - otherwise the best wildcard affinity in whose range it is: with
 *   interest criteria asking for the packet, the packet itself is sent to
 *   the manager in an interest match-wildcard message and the router keeps
 *   nothing; the manager answers with an affinity update-fixed carrying the
 *   packet back and the fixed affinity that now applies to its flow;
 * - otherwise it is routed normally (or dropped if its destination is
 *   advertised by a wildcard's advertise action).
 *
 * Service messages are received on a UDP socket (unicast or multicast).
 * Updates whose required segments (or action list) name something the
 * agent does not support are answered with an affinity update-deny. With
 * security (RequireSecurity, or a key set), every message (IP packet only
 * included) must be signed with the managers' key (ManagerKey) for this
 * agent or a group, by the pinned algorithm, and fresh for its signed
 * sender (ServiceMessageEndpoint); the others are ignored and counted by
 * reason, as are malformed messages. The agent signs what it sends with
 * the agents' key (SecurityKey).
 *
 * The implementation is in three files by concern: forwarding-agent.cc
 * (attributes, life cycle, interception and affinity lookup),
 * forwarding-agent-actions.cc (interest reporting, NAT, sequence number
 * adjust, dispatch and forwarding) and forwarding-agent-messages.cc
 * (service messages received, denies). AgentRoutingHook puts the agent in
 * the router's forwarding path.
 */
class ForwardingAgent : public Application, public Failable
{
  public:
    /// What happened to an intercepted packet
    enum class Verdict : uint8_t
    {
        NOT_MATCHED = 0, //!< no affinity: routed normally
        FIXED = 1,       //!< forwarded by a fixed affinity
        WILDCARD = 2,    //!< forwarded by a wildcard affinity's actions
        TO_MANAGER = 3,  //!< handed to a service manager (interest match)
        DROPPED = 4      //!< dropped (dispatch to 0, advertised without affinity, TTL, no route)
    };

    /// Why a received service message was ignored
    enum class Rejection : uint8_t
    {
        MALFORMED = 0,       //!< not a well-formed service message
        UNAUTHENTICATED = 1, //!< security expected, no security segment
        BAD_CODE = 2,        //!< the HMAC does not match (wrong key or altered)
        REPLAY = 3,          //!< sequence number not above the sender's last
        UNEXPECTED = 4,      //!< a message type an agent does not take
        BAD_PACKET = 5,      //!< the enclosed IP packet is malformed
        BAD_ALGORITHM = 6,   //!< signed with another algorithm than the agent's
        BAD_KEY_ID = 7,      //!< not signed with the managers' key
        WRONG_RECEIVER = 8,  //!< signed for another node
        STALE = 9            //!< older than MaxMessageAge
    };
    /// Number of Rejection values
    static constexpr uint32_t kNumRejections = 10;

    /// \param r reason \return its snake_case name
    static const char* ToString(Rejection r);

    /// Bits of the SupportedActions attribute
    enum ActionSupport : uint16_t
    {
        SUPPORT_NAT = 1,
        SUPPORT_ADVERTISE = 2,
        SUPPORT_SEQ_ADJUST = 4,
        SUPPORT_INTEREST = 8
    };

    /// Statistics kept for a forward address (information flag)
    struct ForwardStats
    {
        uint64_t packets{0}; //!< packets
        uint64_t bytes{0};   //!< bytes
    };

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    ForwardingAgent();
    ~ForwardingAgent() override;

    /// \return the affinity cache
    AffinityCache& GetCache();

    /**
     * \brief Handle a packet the router is about to forward.
     * \param p the packet without its IPv4 header
     * \param header its IPv4 header
     * \return true if the agent consumed it (forwarded, sent to a manager, dropped)
     */
    bool Intercept(Ptr<const Packet> p, const Ipv4Header& header);

    /**
     * \brief Handle one service message (the socket's receive path; public for tests).
     * \param payload the UDP payload
     * \param from sender address
     * \param port sender port
     */
    void ReceiveMessage(Ptr<const Packet> payload, Ipv4Address from, uint16_t port);

    void Fail() override;
    void Recover() override;
    bool IsFailed() const override;

    /// \param r reason \return messages ignored for it
    uint64_t GetRejected(Rejection r) const;
    /// \return affinity update-deny messages sent
    uint64_t GetDenies() const;
    /// \return messages not sent because they would exceed 65535 bytes
    uint64_t GetOversizeDrops() const;
    /// \return fixed affinities discarded for lack of a supporting wildcard
    uint64_t GetDiscardedFixed() const;
    /// \param v verdict \return packets that got it
    uint64_t GetVerdicts(Verdict v) const;
    /// \return the peak number of fixed affinities
    uint32_t GetPeakFixed() const;
    /// \return statistics per forward address (information flag)
    const std::map<Ipv4Address, ForwardStats>& GetForwardStats() const;

    /// \param a a seed segment type \return true if this agent can process it
    bool Supports(uint16_t a) const;

    /**
     * \brief Interest bits a packet exhibits (FIG. 10I).
     * \param info the parsed packet
     * \param firstData true if no data was seen on the affinity before
     * \param fragment true if the packet is an IPv4 fragment
     * \return InterestBits
     */
    static uint16_t InterestReasons(const InnerPacketInfo& info, bool firstData, bool fragment);

    /**
     * \brief Apply a sequence number adjust action to a TCP packet (IPv4 header first).
     * \param p the packet, rewritten in place
     * \param info result of InnerPacket::Parse on p
     * \param a the action
     */
    static void AdjustSequence(Ptr<Packet> p,
                               const InnerPacketInfo& info,
                               const SeqAdjustAction& a);

    /**
     * TracedCallback signature for service messages.
     * \param [in] payload the UDP payload
     * \param [in] type the message type
     * \param [in] peer the other end
     */
    typedef void (*MessageTracedCallback)(Ptr<const Packet> payload,
                                          uint8_t type,
                                          Ipv4Address peer);
    /**
     * TracedCallback signature for cache size changes.
     * \param [in] fixed fixed affinities
     * \param [in] wildcards wildcard affinities
     * \param [in] bytes EntryBytes of all entries
     */
    typedef void (*CacheTracedCallback)(uint32_t fixed, uint32_t wildcards, uint64_t bytes);
    /**
     * TracedCallback signature for ignored messages.
     * \param [in] payload the UDP payload
     * \param [in] reason why
     */
    typedef void (*RejectTracedCallback)(Ptr<const Packet> payload, Rejection reason);
    /**
     * TracedCallback signature for intercepted packets.
     * \param [in] packet the IPv4 packet (header first)
     * \param [in] verdict what happened to it
     */
    typedef void (*InterceptTracedCallback)(Ptr<const Packet> packet, Verdict verdict);

  protected:
    void DoDispose() override;

  private:
    // Life cycle, interception and matching (forwarding-agent.cc)
    void StartApplication() override;
    void StopApplication() override;
    void Open();
    void Close();
    void Sweep();
    void ReportCache();

    // Affinity actions (forwarding-agent-actions.cc)
    Verdict Apply(const AffinityEntryBase& e,
                  FixedEntry* fixed,
                  const WildcardEntry* wildcard,
                  Ptr<Packet> ip,
                  const InnerPacketInfo& info,
                  bool fragment);
    Verdict Execute(const AffinityEntryBase& e,
                    uint8_t flags,
                    Ipv4Address forward,
                    Ptr<Packet> ip,
                    const InnerPacketInfo& info);
    void SendInterestMatch(const AffinityEntryBase& e,
                           FixedEntry* fixed,
                           const WildcardEntry* wildcard,
                           uint16_t reasons,
                           Ptr<const Packet> ip);
    bool Forward(Ptr<Packet> ip, bool dispatch, Ipv4Address forward);

    // Service-message handling (forwarding-agent-messages.cc)
    void HandleWildcardUpdate(const ServiceMessage& msg, Ipv4Address from, uint16_t port);
    void HandleFixedUpdate(const ServiceMessage& msg, Ipv4Address from, uint16_t port);
    void HandleIpPacketOnly(const ServiceMessage& msg);
    bool Unsupported(const ServiceMessage& msg, std::vector<uint16_t>& types) const;
    void SendDeny(const ServiceMessage& msg,
                  const std::vector<uint16_t>& types,
                  Ipv4Address to,
                  uint16_t port);
    void Reject(Ptr<const Packet> payload, Rejection r);

    uint16_t m_port;        //!< service message UDP port
    Time m_sweepInterval;   //!< how often expired entries are freed
    uint32_t m_capacity;    //!< fixed affinity capacity (0 = unlimited)
    uint16_t m_supported;   //!< ActionSupport bits
    uint32_t m_maxMessage;  //!< largest service message with an enclosed packet
    int16_t m_hookPriority; //!< priority of the routing hook
    std::string m_name;     //!< identity name

    AffinityCache m_cache;                              //!< the affinity cache
    Ptr<Ipv4> m_ipv4;                                   //!< the node's IPv4
    Ptr<AgentRoutingHook> m_hook;                       //!< the routing hook
    ServiceMessageEndpoint m_endpoint;                  //!< socket, signing, checks
    Ipv4Address m_address;                              //!< identity address
    bool m_running;                                     //!< started and not failed
    bool m_failed;                                      //!< crashed
    EventId m_sweep;                                    //!< next sweep
    std::map<Ipv4Address, ForwardStats> m_forwardStats; //!< information flag statistics
    uint64_t m_rejected[kNumRejections];                //!< ignored messages by reason
    uint64_t m_verdicts[5];                             //!< packets by verdict
    uint64_t m_denies;                                  //!< denies sent
    uint64_t m_discardedFixed;                          //!< fixed affinities without support
    uint32_t m_peakFixed;                               //!< peak fixed entries

    TracedCallback<Ptr<const Packet>, uint8_t, Ipv4Address> m_txTrace; //!< message sent
    TracedCallback<Ptr<const Packet>, uint8_t, Ipv4Address> m_rxTrace; //!< message accepted
    TracedCallback<Ptr<const Packet>, Rejection> m_rejectTrace;        //!< message ignored
    TracedCallback<uint32_t, uint32_t, uint64_t> m_cacheTrace;         //!< cache size
    TracedCallback<Ptr<const Packet>, Verdict> m_interceptTrace;       //!< intercepted packet
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_FORWARDING_AGENT_H */
