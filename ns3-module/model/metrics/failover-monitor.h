/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_FAILOVER_MONITOR_H
#define SFC_FAILOVER_MONITOR_H

#include "ns3/flow-client.h"
#include "ns3/flow-key.h"
#include "ns3/forwarding-agent.h"
#include "ns3/ipv4-header.h"
#include "ns3/node.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/service-manager.h"

#include <map>
#include <ostream>
#include <set>
#include <string>
#include <vector>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief Turns the traces of a failover run into the SPEC's metrics.
 *
 * Flows come from FlowClient traces (start, established, complete, fail),
 * decisions and state changes from ServiceManager traces, control traffic
 * from every MessageTx trace, cache sizes from ForwardingAgent CacheSize
 * and ServiceManager StoreSize traces.
 *
 * Definitions (SPEC section 2, for a failure at time F):
 * - a flow is active at the failure if it started before F and had not
 *   ended (completed or failed) by F;
 * - a flow is broken if it failed (reset, handshake or close timeout), had
 *   not completed by the end of the run, or was hijacked (a packet of it
 *   reached the rogue node instead of a host: the far end was not the one
 *   the service chose, SPEC "broken flow"); broken_ratio = broken flows
 *   among those active at the failure / flows active at the failure;
 * - takeover_time_s = time from F to the first new flow set up by a backup
 *   (its SYN decided by a manager other than the primary, and the SYN-ACK
 *   back at the client);
 * - the takeover window is [F, F + takeover_time_s]: new flows started in
 *   it are counted, and those that failed;
 * - a flow's renewed decision differs if a manager other than the primary
 *   decided its host afresh (no state) and picked another host than the
 *   primary had;
 * - control messages and bytes (IPv4 packet sizes: payload + 28) are
 *   counted at their senders, by message type.
 */
class FailoverMonitor : public Object
{
  public:
    /// One flow
    struct FlowRecord
    {
        uint64_t id{0};                                 //!< flow id
        FlowKey key;                                    //!< tuple at the client
        Time start;                                     //!< SYN sent
        Time established{-1};                           //!< SYN-ACK received (-1: never)
        Time end{-1};                                   //!< completed or failed (-1: open)
        bool completed{false};                          //!< FIN-ACK received
        bool failed{false};                             //!< failed
        uint8_t failReason{0};                          //!< FlowClient::FailReason
        uint32_t requests{0};                           //!< requests planned
        uint32_t responses{0};                          //!< responses received
        Ipv4Address primaryHost{Ipv4Address::GetAny()}; //!< host the primary chose
        Ipv4Address backupHost{Ipv4Address::GetAny()}; //!< host another manager chose without state
        bool setupByBackup{false}; //!< its SYN was decided afresh by another manager
        bool hijacked{false};      //!< a packet reached the rogue node
    };

    /// Metrics of a run
    struct Summary
    {
        uint32_t flows{0};                //!< flows opened
        uint32_t completedFlows{0};       //!< completed
        uint32_t failedFlows{0};          //!< failed
        uint32_t openFlows{0};            //!< neither at the end
        uint32_t brokenFlows{0};          //!< failed, open or hijacked
        uint32_t activeAtFailure{0};      //!< flows active at the failure
        uint32_t brokenActive{0};         //!< broken among them
        double brokenRatio{0};            //!< brokenActive / activeAtFailure
        uint32_t renewedDecisions{0};     //!< active flows decided afresh by another manager
        uint32_t renewedDiffers{0};       //!< ... with another host
        uint32_t brokenRenewedDiffers{0}; //!< broken among those
        bool takeover{false};             //!< a backup set up a new flow after the failure
        double takeoverTimeS{0};          //!< takeover_time_s
        bool detected{false};             //!< a backup became active after the failure
        double detectionTimeS{0};         //!< backup active - failure
        uint32_t windowFlows{0};          //!< flows started in the takeover window
        uint32_t windowFailedFlows{0};    //!< failed or open among them
        double meanSetupS{0};             //!< mean SYN -> SYN-ACK of established flows
        double meanWindowSetupS{0};       //!< the same for flows started in the window
        std::map<std::string, uint64_t> messages; //!< control messages by category
        std::map<std::string, uint64_t> bytes;    //!< control bytes by category
        uint64_t controlMessages{0};              //!< all control messages
        uint64_t controlBytes{0};                 //!< all control bytes
        uint32_t peakFixed{0};                    //!< peak fixed affinities at one agent
        uint32_t peakEntries{0};                  //!< peak fixed + wildcard entries at one agent
        uint32_t peakEntriesTotal{0};             //!< peak of the sum over agents
        uint64_t peakCacheBytes{0};               //!< peak cache bytes at one agent
        std::vector<std::pair<std::string, uint32_t>> peakManager; //!< per manager
        std::vector<std::pair<std::string, uint32_t>> endManager;  //!< stored at the end
        std::vector<std::pair<std::string, double>> lastExpiryS;   //!< last expiry per manager
        uint64_t rejectedAuth{0};                   //!< agents: every authentication reason
        std::map<std::string, uint64_t> rejections; //!< agents + managers, by reason name
        uint64_t oversizeDrops{0};      //!< messages too large to build (agents + managers)
        uint64_t rejectedMalformed{0};  //!< agents: malformed
        uint64_t denies{0};             //!< update-deny messages
        uint64_t discardedFixed{0};     //!< fixed affinities without a supporting wildcard
        uint64_t deletions{0};          //!< time to live 0 messages sent by managers
        uint64_t replicationsStored{0}; //!< replication packets stored by backups
        uint64_t replicationsLost{0};   //!< replication packets lost
        uint32_t hijackedFlows{0};      //!< flows whose packets reached the rogue
        uint64_t rogueMessages{0};      //!< messages the rogue sent
    };

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    FailoverMonitor();
    ~FailoverMonitor() override;

    /**
     * \param at time of the failure studied
     * \param primary true if the failed node is the primary manager
     */
    void SetFailure(Time at, bool primary);

    /// \param client a FlowClient to follow
    void WatchClient(Ptr<FlowClient> client);
    /// \param agent an agent \param name its name
    void WatchAgent(Ptr<ForwardingAgent> agent, const std::string& name);
    /// \param manager a manager \param name its name \param primary true for the primary
    void WatchManager(Ptr<ServiceManager> manager, const std::string& name, bool primary);
    /// \param rogue a rogue manager (its messages are counted apart)
    void WatchRogue(Ptr<ServiceManager> rogue);
    /// \param node the rogue's node: TCP packets delivered there are hijacked
    void WatchHijackTarget(Ptr<Node> node);

    /**
     * \param end end of the run
     * \return the metrics
     */
    Summary Finalize(Time end);

    /// \param os CSV output, one line per flow
    void WriteFlowsCsv(std::ostream& os) const;

    /// \param type ServiceMessageType \return its metric category
    static std::string Category(uint8_t type);

  private:
    FlowRecord* Find(uint64_t id);
    void OnStart(uint64_t id, const FlowKey& key, uint32_t requests);
    void OnEstablished(uint64_t id);
    void OnComplete(uint64_t id, uint32_t responses);
    void OnFail(uint64_t id, FlowClient::FailReason reason);
    void OnMessage(Ptr<const Packet> p, uint8_t type, Ipv4Address to);
    void OnRogueMessage(Ptr<const Packet> p, uint8_t type, Ipv4Address to);
    void OnDecision(uint32_t manager,
                    const FlowKey& key,
                    Ipv4Address host,
                    uint8_t kind,
                    uint8_t flags);
    void OnState(uint32_t manager, uint8_t from, uint8_t to);
    void OnCache(uint32_t agent, uint32_t fixed, uint32_t wildcards, uint64_t bytes);
    void OnStore(uint32_t manager, uint32_t n);
    void OnExpiry(uint32_t manager, const FlowKey& key);
    void OnDeliver(const Ipv4Header& h, Ptr<const Packet> p, uint32_t iface);

    Time m_failAt{-1};                      //!< failure time (-1: none)
    bool m_primaryFails{false};             //!< the failure is the primary's
    std::vector<FlowRecord> m_flows;        //!< in start order
    std::map<uint64_t, std::size_t> m_byId; //!< flow id -> index
    std::map<FlowKey, std::size_t> m_byKey; //!< tuple at the client -> index
    std::map<std::pair<uint32_t, uint16_t>, std::size_t> m_bySource; //!< (client, port) -> index
    std::vector<Ptr<ForwardingAgent>> m_agents;                      //!< agents
    std::vector<Ptr<ServiceManager>> m_managers;                     //!< managers
    std::vector<std::string> m_managerNames;                         //!< their names
    std::vector<bool> m_isPrimary;                                   //!< which is the primary
    std::vector<Ptr<ServiceManager>> m_rogues;                       //!< rogues
    Time m_detectedAt{-1};                                           //!< a backup became active
    uint64_t m_typeMessages[256]{};                                  //!< by message type
    uint64_t m_typeBytes[256]{};                                     //!< by message type
    uint64_t m_rogueMessages{0};                                     //!< rogue messages
    std::vector<uint32_t> m_agentEntries;                            //!< current entries per agent
    uint32_t m_peakFixed{0};                                         //!< see Summary
    uint32_t m_peakEntries{0};                                       //!< see Summary
    uint32_t m_peakEntriesTotal{0};                                  //!< see Summary
    uint64_t m_peakBytes{0};                                         //!< see Summary
    std::vector<uint32_t> m_peakStore;                               //!< per manager
    std::vector<Time> m_lastExpiry;                                  //!< per manager
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_FAILOVER_MONITOR_H */
