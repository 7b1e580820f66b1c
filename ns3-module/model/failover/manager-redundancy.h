/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_MANAGER_REDUNDANCY_H
#define SFC_MANAGER_REDUNDANCY_H

#include "affinity-entry.h"
#include "member-accessor.h"
#include "service-message.h"

#include "ns3/event-id.h"
#include "ns3/ipv4-address.h"
#include "ns3/nstime.h"
#include "ns3/random-variable-stream.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace ns3
{
namespace sfc
{

/// State of a service manager (ServiceManager::State)
enum class ManagerState : uint8_t
{
    STANDBY = 0,  //!< registered, not replicating, watching heartbeats
    ACTIVE = 1,   //!< heartbeats and replication
    FAILED = 2,   //!< crashed
    LISTENING = 3 //!< restarted, listening for an active peer before rejoining
};

/// Settings of a manager's redundancy: ServiceManager attributes
struct RedundancySettings
{
    uint16_t backupPrecedence{1};      //!< configured backup precedence
    Time slack{MilliSeconds(500)};     //!< extra keep time of replicated affinities
    Time heartbeat{MilliSeconds(500)}; //!< heartbeat interval
    uint32_t missCount{3};             //!< heartbeats missed before takeover
    bool replication{true};            //!< send replication packets
    bool cancel{true};                 //!< cancel the failed manager's wildcards on takeover
    bool cancelFixed{false};           //!< also cancel its fixed affinities one by one
    double replicationLoss{0};         //!< probability a received replication packet is lost
};

/**
 * \ingroup sfc
 * \brief The redundancy of a service manager (seed 002, stateful backup):
 *        its state, heartbeats and failure detection, replication to the
 *        backups, takeover and the cancellation of a failed manager's
 *        affinities.
 *
 * ServiceManager owns one and keeps the load balancing of the virtual
 * service; the two meet through the narrow Owner interface (what the
 * redundancy needs of the service: its registration, its store of
 * replicated affinities, its identity and its messages to peers).
 *
 * An active manager sends heartbeats (with its wildcards) to its peers
 * every heartbeat interval and a replication packet for every fixed
 * affinity it sends or renews. A backup that misses missCount heartbeats
 * of the manager it monitors takes over: optionally cancels the failed
 * manager's wildcards (and fixed affinities) on the agents, registers its
 * own and starts heartbeats. A recovered manager listens first and rejoins
 * as a standby, below the active manager's backup precedence, if another
 * manager is active.
 */
class ManagerRedundancy
{
  public:
    /// What the redundancy needs of the service manager that owns it
    class Owner
    {
      public:
        virtual ~Owner() = default;
        /// \return the manager's address (identity segments)
        virtual Ipv4Address GetAddress() const = 0;
        /// \return the manager's name (identity segments, logs)
        virtual const std::string& GetName() const = 0;
        /// \return the service precedence of the manager's affinities
        virtual uint16_t GetServicePrecedence() const = 0;
        /// \return the wildcards the manager registers (heartbeats carry them)
        virtual std::vector<WildcardEntry> GetRegisteredWildcards() const = 0;
        /// Register (again) the manager's wildcards on the agents.
        virtual void RegisterWildcards() = 0;
        /// \param w a wildcard to send to the agents (time to live 0 deletes it)
        virtual void SendWildcard(const WildcardEntry& w) = 0;
        /// \param p delete on every agent each stored fixed affinity of this precedence
        virtual void CancelFixed(const Precedence& p) = 0;
        /**
         * \brief Store (time to live 0: delete) a replicated fixed affinity.
         * \param e the affinity as the primary sent it
         * \param slack extra keep time of a replicated affinity
         * \return true if it was stored
         */
        virtual bool StoreReplica(FixedEntry e, Time slack) = 0;
        /// \param m message \param peer another manager to send it to
        virtual void SendToPeer(const ServiceMessage& m, Ipv4Address peer) = 0;
        /// \param from old state \param to new state
        virtual void NotifyState(ManagerState from, ManagerState to) = 0;
    };

    /// \param owner the service manager (outlives this object)
    explicit ManagerRedundancy(Owner& owner);

    /// \return the settings (ServiceManager attributes)
    RedundancySettings& GetSettings();
    /// \return the settings
    const RedundancySettings& GetSettings() const;

    /// \param peers other managers (heartbeats and replication)
    void SetPeers(const std::vector<Ipv4Address>& peers);
    /// \param primary the manager a backup watches
    void SetMonitoredManager(Ipv4Address primary);

    /// \return the state
    ManagerState GetState() const;
    /// \return the backup precedence in use (raised after a rejoin)
    uint16_t GetBackupPrecedence() const;
    /// \return replication packets stored
    uint64_t GetReplicationsStored() const;
    /// \return replication packets lost (replicationLoss)
    uint64_t GetReplicationsLost() const;
    /// \return when this manager last took over (-1 s if never)
    Time GetTakeoverTime() const;
    /// \param stream the stream of the replication loss \return streams used
    int64_t AssignStreams(int64_t stream);

    /// \param primary true to start active, false as a standby
    void Start(bool primary);
    /// Cancel the pending heartbeat, detection and listening events.
    void Stop();
    /// Enter FAILED and forget the peers (the caller stops first).
    void Fail();
    /// Enter LISTENING: rejoin when the listening time ends.
    void Recover();
    /// Release the random variable.
    void Dispose();

    /// \param e a fixed affinity sent or renewed: replicated to the peers when active
    void Replicate(const FixedEntry& e);
    /// \param msg a replication packet \param from its sender
    void HandleReplication(const ServiceMessage& msg, Ipv4Address from);
    /// \param msg a heartbeat \param from its sender
    void HandleHeartbeat(const ServiceMessage& msg, Ipv4Address from);

  private:
    void SetState(ManagerState s);
    void BecomeActive();
    void BecomeStandby();
    void EndListening();
    void ArmDetection(Time after);
    void TakeOver();
    void SendHeartbeat();

    /// What a heartbeat told about a peer
    struct PeerInfo
    {
        Precedence precedence;                //!< its precedence
        std::vector<WildcardEntry> wildcards; //!< its wildcards
        Time interval;                        //!< its heartbeat interval
        bool active{false};                   //!< it said it is active
    };

    Owner& m_owner;                             //!< the service manager
    RedundancySettings m_settings;              //!< settings
    bool m_primary;                             //!< configured to start active
    std::vector<Ipv4Address> m_peers;           //!< peer managers
    Ipv4Address m_monitored;                    //!< watched manager
    ManagerState m_state;                       //!< state
    uint16_t m_effectiveBackup;                 //!< backup precedence in use
    std::map<Ipv4Address, PeerInfo> m_peerInfo; //!< by address
    EventId m_heartbeatEvent;                   //!< next heartbeat
    EventId m_detect;                           //!< takeover deadline
    EventId m_listen;                           //!< end of listening after a restart
    uint32_t m_heartbeatSeq;                    //!< heartbeats sent
    Ptr<UniformRandomVariable> m_lossRng;       //!< replication loss
    Time m_takeoverTime;                        //!< last takeover
    uint64_t m_replicationsStored;              //!< replication packets stored
    uint64_t m_replicationsLost;                //!< replication packets lost
};

/**
 * \ingroup sfc
 * \brief Attribute accessor for a RedundancySettings field of an owner's
 *        ManagerRedundancy member, so that the owner declares the settings
 *        as its own attributes.
 *
 * \tparam V the AttributeValue type (TimeValue, UintegerValue, ...)
 * \tparam T the owner class
 * \tparam U the field type
 * \param redundancy the owner's member
 * \param field the setting
 * \return the accessor
 */
template <class V, class T, class U>
Ptr<const AttributeAccessor>
MakeRedundancyAccessor(ManagerRedundancy T::*redundancy, U RedundancySettings::*field)
{
    return MakeMemberAccessor<V, T, U>(
        [redundancy, field](const T& owner) { return (owner.*redundancy).GetSettings().*field; },
        [redundancy, field](T& owner, const U& value) {
            (owner.*redundancy).GetSettings().*field = value;
        });
}

} // namespace sfc
} // namespace ns3

#endif /* SFC_MANAGER_REDUNDANCY_H */
