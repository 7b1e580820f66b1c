/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_SERVICE_MANAGER_H
#define SFC_SERVICE_MANAGER_H

#include "affinity-cache.h"
#include "host-selection-policy.h"
#include "manager-redundancy.h"
#include "service-message-endpoint.h"
#include "service-message.h"

#include "ns3/application.h"
#include "ns3/event-id.h"
#include "ns3/failable.h"
#include "ns3/inner-packet.h"
#include "ns3/ipv4-address.h"
#include "ns3/traced-callback.h"

#include <map>
#include <vector>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief Service manager of seed 002: load balances the flows to a
 *        virtual IP among real hosts by steering forwarding agents, with
 *        stateful backup.
 *
 * Registration: the manager sends its wildcard affinities (client domain
 * -> VIP:port, and, when hosts are reached by NAT, hosts:port -> client
 * domain) to every agent, unicast or to a multicast group, with its
 * service and backup precedence, an interest criteria action asking for
 * every matching packet, and an action list; it refreshes them before
 * their time to live runs out.
 *
 * Decisions: an interest match carries the packet. For a flow it has no
 * affinity for, the manager picks a host (HostSelectionPolicy), remembers
 * the fixed affinity (NAT to the host, interest criteria FIN|RST), and
 * returns the packet with it in an affinity update-fixed message. A packet
 * of a flow it knows gets the stored affinity again, and the stored
 * affinity's expiration is renewed: the manager keeps each affinity for
 * its time to live plus ExpiryTolerance, so agents always forget first.
 * After a FIN or RST the affinity is kept only for StickyTime (the seed's
 * sticky timer) and agents holding it are told so.
 *
 * Security: the manager signs with the managers' key (SecurityKey) and
 * verifies agents' messages with AgentKey, its peers' with SecurityKey;
 * with a key every message, IP packet only included, must be signed
 * (ServiceMessageEndpoint), the others are ignored and counted by reason.
 *
 * Replication: an active manager sends a replication packet (the fixed
 * affinity as sent) to its peers every time it sends or renews a fixed
 * affinity. A backup stores it for the same interval plus ReplicationSlack
 * if one of its own wildcards covers the flow (partitioned backups) and
 * expires it by the same rule: no deletion messages exist.
 *
 * Failover: the active manager sends heartbeats (with its wildcards) to
 * its peers every HeartbeatInterval. A backup that misses
 * HeartbeatMissCount of them from the manager it monitors takes over:
 * optionally cancels the failed manager's wildcards on the agents (time to
 * live 0, which discards the fixed affinities they supported), then answers
 * interest matches of existing flows from the replicated affinities and
 * starts heartbeats and replication of its own. A recovered manager
 * listens first and rejoins as a standby if another manager is active.
 *
 * The redundancy (state, heartbeats, failure detection, replication,
 * takeover) is a ManagerRedundancy this manager owns; its settings are
 * this manager's attributes. The manager itself is the load balancing of
 * the virtual service: service-manager.cc holds the attributes, life cycle
 * and message dispatch, service-manager-decisions.cc the registration,
 * the host choice for a flow and the affinity store.
 */
class ServiceManager : public Application, public Failable, private ManagerRedundancy::Owner
{
  public:
    /// Configured role
    enum Role : uint8_t
    {
        PRIMARY = 0, //!< active from the start
        BACKUP = 1   //!< standby, watching a primary
    };

    /// Current state (STANDBY, ACTIVE, FAILED, LISTENING)
    using State = ManagerState;

    /// How a decision was made
    enum class DecisionKind : uint8_t
    {
        NEW = 0,        //!< policy choice for a flow without an affinity
        EXISTING = 1,   //!< the manager's own stored affinity
        REPLICATED = 2, //!< an affinity learned by replication (a takeover)
        REVERSE = 3     //!< return direction derived from the forward affinity
    };

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    ServiceManager();
    ~ServiceManager() override;

    /// \param hosts the real hosts behind the virtual IP
    void SetHosts(const std::vector<Ipv4Address>& hosts);
    /// \return the hosts
    const std::vector<Ipv4Address>& GetHosts() const;
    /// \param agents forwarding agents (unicast registration and cancellation)
    void SetAgents(const std::vector<Ipv4Address>& agents);
    /// \param peers other managers (heartbeats and replication)
    void SetPeers(const std::vector<Ipv4Address>& peers);
    /// \param primary the manager a backup watches
    void SetMonitoredManager(Ipv4Address primary);

    /// \return the role
    Role GetRole() const;
    /// \return the state
    State GetState() const;
    /// \return this manager's address
    Ipv4Address GetAddress() const override;
    /// \return the affinity store (wildcards registered, fixed affinities kept)
    AffinityCache& GetStore();
    /// \return fixed affinities stored now
    uint32_t GetNStored() const;
    /// \return peak fixed affinities stored
    uint32_t GetPeakStored() const;
    /// \param k kind \return decisions of that kind
    uint64_t GetDecisions(DecisionKind k) const;
    /// \return replication packets stored
    uint64_t GetReplicationsStored() const;
    /// \return replication packets lost (ReplicationLossProbability)
    uint64_t GetReplicationsLost() const;
    /// \return affinity update-deny messages received
    uint64_t GetDenies() const;
    /// \return messages ignored (any reason of the endpoint, or a malformed packet inside)
    uint64_t GetRejected() const;
    /// \param v a reason of the endpoint (ACCEPTED: malformed enclosed packets) \return
    /// messages ignored for it
    uint64_t GetRejected(ServiceMessageEndpoint::Verdict v) const;
    /// \return messages not sent because they would exceed 65535 bytes
    uint64_t GetOversizeDrops() const;
    /// \return time to live 0 messages sent (explicit deletions)
    uint64_t GetDeletionsSent() const;
    /// \return when this manager last took over (-1 s if never)
    Time GetTakeoverTime() const;

    /// \param stream first stream \return streams used
    int64_t AssignStreams(int64_t stream);

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

    /// \param s state \return its name
    static const char* ToString(State s);

    /**
     * TracedCallback signature for service messages.
     * \param [in] payload the UDP payload
     * \param [in] type message type
     * \param [in] peer the other end
     */
    typedef void (*MessageTracedCallback)(Ptr<const Packet> payload,
                                          uint8_t type,
                                          Ipv4Address peer);
    /**
     * TracedCallback signature for decisions.
     * \param [in] key the flow direction decided
     * \param [in] host the real host
     * \param [in] kind DecisionKind
     * \param [in] tcpFlags TCP flags of the packet that asked (0 without packet)
     */
    typedef void (*DecisionTracedCallback)(const FlowKey& key,
                                           Ipv4Address host,
                                           uint8_t kind,
                                           uint8_t tcpFlags);
    /**
     * TracedCallback signature for state changes.
     * \param [in] from old state
     * \param [in] to new state
     */
    typedef void (*StateTracedCallback)(uint8_t from, uint8_t to);
    /**
     * TracedCallback signature for the store size.
     * \param [in] fixed fixed affinities stored
     */
    typedef void (*StoreTracedCallback)(uint32_t fixed);
    /**
     * TracedCallback signature for an expired affinity.
     * \param [in] key its key
     */
    typedef void (*ExpiryTracedCallback)(const FlowKey& key);

  protected:
    void DoDispose() override;

  private:
    /// Interest mask of the wildcards: every packet, reporting its TCP flags and data
    static constexpr uint16_t kWildcardInterest =
        InterestBits::ALL | InterestBits::FIN | InterestBits::SYN | InterestBits::RST |
        InterestBits::PSH | InterestBits::ACK | InterestBits::URG | InterestBits::DATA;
    /// The TCP flags that close a connection
    static constexpr uint16_t kClosing = InterestBits::FIN | InterestBits::RST;

    // Life cycle and message dispatch (service-manager.cc)
    void StartApplication() override;
    void StopApplication() override;
    void Open();
    void Close();
    void Sweep();

    // ManagerRedundancy::Owner (service-manager.cc; the store parts with the decisions)
    const std::string& GetName() const override;
    uint16_t GetServicePrecedence() const override;
    std::vector<WildcardEntry> GetRegisteredWildcards() const override;
    void SendToPeer(const ServiceMessage& m, Ipv4Address peer) override;
    void NotifyState(ManagerState from, ManagerState to) override;

    // Load balancing of the virtual service (service-manager-decisions.cc)
    void HandleInterest(const ServiceMessage& msg, Ipv4Address from, uint16_t port);
    void HandleIpPacket(const ServiceMessage& msg, Ipv4Address from, uint16_t port);
    void Respond(const FlowKey& key,
                 Ptr<Packet> ip,
                 uint8_t tcpFlags,
                 uint16_t reasons,
                 Ipv4Address agent,
                 uint16_t port,
                 std::shared_ptr<OpaqueSegment> faData);
    void Closing(const FlowKey& opposite);

    bool IsForward(const FlowKey& k) const;
    bool IsReverse(const FlowKey& k) const;
    Precedence Mine() const;
    InterestCriteria FixedInterest() const;
    std::vector<WildcardEntry> MyWildcards(uint32_t ttlMs) const;
    FixedEntry Store(const FixedEntry& e, Time hold);
    void Account(const FixedEntry& e, int delta);
    void Forget(const FlowKey& key);
    void CancelFixed(const Precedence& p) override;
    bool StoreReplica(FixedEntry e, Time slack) override;

    void RegisterWildcards() override;
    void SendWildcard(const WildcardEntry& w) override;
    void SendFixed(const FixedEntry& e,
                   Ipv4Address agent,
                   uint16_t port,
                   Ptr<const Packet> ip,
                   std::shared_ptr<OpaqueSegment> faData);
    void ReturnPacket(Ptr<const Packet> ip, Ipv4Address agent, uint16_t port);

    // Configuration
    Role m_role;                       //!< configured role
    uint16_t m_port;                   //!< service message port
    Ipv4Address m_vip;                 //!< virtual IP
    uint16_t m_servicePort;            //!< service port
    uint8_t m_protocol;                //!< service protocol
    Ipv4Address m_clientNetwork;       //!< client domain
    Ipv4Mask m_clientMask;             //!< client domain mask
    Ipv4Address m_hostNetwork;         //!< host network
    Ipv4Mask m_hostMask;               //!< host mask
    uint16_t m_servicePrecedence;      //!< service precedence
    Time m_wildcardTtl;                //!< wildcard time to live
    Time m_wildcardRefresh;            //!< wildcard refresh period
    Time m_affinityTtl;                //!< fixed affinity time to live
    Time m_tolerance;                  //!< extra keep time at the manager
    Time m_sticky;                     //!< keep time after FIN / RST
    Ptr<HostSelectionPolicy> m_policy; //!< load-balancing policy
    ManagerRedundancy m_redundancy;    //!< state, heartbeats, replication, takeover
    Ipv4Address m_group;               //!< multicast group for wildcards (0 = unicast)
    uint16_t m_fixedInterest;          //!< interest mask of fixed affinities
    bool m_dispatch;                   //!< dispatch to hosts instead of NAT
    Time m_sweepInterval;              //!< store sweep period
    std::string m_name;                //!< identity name

    std::vector<Ipv4Address> m_hosts;            //!< hosts
    std::map<Ipv4Address, uint32_t> m_hostIndex; //!< host -> index
    std::vector<Ipv4Address> m_agents;           //!< agents

    // State
    bool m_started;                    //!< StartApplication ran
    ServiceMessageEndpoint m_endpoint; //!< socket, signing, checks
    Ipv4Address m_address;             //!< own address
    AffinityCache m_store;             //!< wildcards registered + fixed affinities kept
    std::vector<uint32_t> m_load;      //!< forward affinities per host

    EventId m_refresh; //!< next wildcard refresh
    EventId m_sweep;   //!< next sweep

    // Counters
    uint64_t m_decisions[4];                                     //!< by DecisionKind
    uint64_t m_denies;                                           //!< denies received
    uint64_t m_rejected;                                         //!< messages ignored
    uint64_t m_rejectedBy[ServiceMessageEndpoint::kNumVerdicts]; //!< by verdict (0: bad packet)
    uint64_t m_deletions;                                        //!< TTL-0 messages sent
    uint32_t m_peakStored;                                       //!< peak fixed affinities

    TracedCallback<Ptr<const Packet>, uint8_t, Ipv4Address> m_txTrace; //!< message sent
    TracedCallback<Ptr<const Packet>, uint8_t, Ipv4Address> m_rxTrace; //!< message accepted
    TracedCallback<const FlowKey&, Ipv4Address, uint8_t, uint8_t> m_decisionTrace; //!< decision
    TracedCallback<uint8_t, uint8_t> m_stateTrace;                                 //!< state change
    TracedCallback<uint32_t> m_storeTrace;                                         //!< store size
    TracedCallback<const FlowKey&> m_expiryTrace; //!< affinity expired
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_SERVICE_MANAGER_H */
