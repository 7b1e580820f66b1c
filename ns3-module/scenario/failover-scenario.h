/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_FAILOVER_SCENARIO_H
#define SFC_FAILOVER_SCENARIO_H

#include "scenario-faults.h"
#include "scenario-options.h"
#include "scenario-traces.h"

#include "ns3/nstime.h"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief The service-manager failover study (seed 002) as a reusable piece.
 *
 * clients -> forwarding agents (their routers) -> LAN -> hosts behind a
 * virtual IP, steered by a primary service manager and its backup(s). Long-
 * lived flows are opened at the start; new short flows keep arriving; a node
 * (by default the primary) fails at --failAt. The run reports how many of
 * the flows active at the failure broke, how long the backup took to set up
 * a new flow, the control traffic per flow by message type and the peak
 * affinity-cache sizes.
 *
 * The sfc-failover program is a thin main() around it; tests run it
 * in-process. Run() performs one complete simulation (it calls
 * Simulator::Destroy() at the end), so it can be called repeatedly.
 */
class FailoverScenario
{
  public:
    /// Parameters (defaults: the program's default run)
    struct Params
    {
        uint32_t clients{4};                     //!< client nodes
        uint32_t agents{2};                      //!< forwarding agents
        uint32_t hosts{4};                       //!< hosts behind the VIP
        uint32_t backups{1};                     //!< backup managers
        bool partitioned{false};                 //!< backups partition the client domain
        bool replication{true};                  //!< primary replicates fixed affinities
        std::string failNode{"primary"};         //!< primary | backup | agent | host | none
        Time failAt{Seconds(5)};                 //!< failure time
        Time recoverAt{Seconds(0)};              //!< recovery time (0 = never)
        Time heartbeat{MilliSeconds(500)};       //!< heartbeat interval
        uint32_t missCount{3};                   //!< heartbeats missed before takeover
        Time ttl{Seconds(2)};                    //!< fixed affinity time to live
        Time wildcardTtl{Seconds(10)};           //!< wildcard time to live
        Time tolerance{Seconds(2)};              //!< manager keep time beyond the time to live
        Time sticky{Seconds(1)};                 //!< keep time after FIN / RST
        Time slack{MilliSeconds(500)};           //!< backup keep time beyond the primary's
        bool cancel{true};                       //!< backup cancels the primary's wildcards
        bool cancelFixed{false};                 //!< ... and each of its fixed affinities
        double replicationLoss{0};               //!< replication packet loss probability
        std::string policy{"least-connections"}; //!< host selection policy
        bool security{true};                     //!< HMAC on, agents and managers require it
        std::string keySeed;                     //!< per-role keys derive from it ("": RngSeed/Run)
        std::string algorithm{"HMAC-SHA256"};    //!< HMAC-SHA256 | HMAC-MD5
        bool rogue{false};                       //!< add a rogue manager and attacker without keys
        Time rogueAt{Seconds(2)};                //!< when the rogue starts
        bool multicast{true};                    //!< wildcards to a multicast group
        uint32_t flows{40};                      //!< long-lived flows
        Time duration{Seconds(12)};              //!< traffic duration
        Time packetInterval{MilliSeconds(100)};  //!< gap between requests of long flows
        double newFlowRate{20};                  //!< new short flows per second
        uint32_t newFlowPackets{5};              //!< requests per short flow
        uint32_t requestSize{200};               //!< request payload bytes
        uint32_t responseSize{1000};             //!< response payload bytes
        Time grace{Seconds(20)};                 //!< run time after the traffic
        std::string flowsCsv;                    //!< per-flow CSV file
        std::string pcap;                        //!< pcap prefix
        std::string flowmon;                     //!< FlowMonitor XML file
        std::string netanim;                     //!< NetAnim XML file
        ScenarioTraces::AnimWindow netanimWindow; //!< what NetAnim covers
        std::string faults;                       //!< fault schedule (ScenarioFaults)
        uint32_t randomFaults{0};                 //!< random faults to add
    };

    FailoverScenario() = default;

    /// \return the parameters (modifiable before Run())
    Params& GetParams();

    /**
     * \brief Declare every parameter as a command-line option.
     * \param opts the program's options
     */
    void DeclareOptions(ScenarioOptions& opts);

    /**
     * \brief Check the parameters.
     * \return an error message, empty if they are consistent
     */
    std::string Validate();

    /// \param m manager index (0: the primary) \return its name in results and fault schedules
    static std::string ManagerName(uint32_t m);

    /**
     * \brief Run one simulation.
     * \return the metrics (SPEC names) as a JSON object
     */
    nlohmann::ordered_json Run();

    /**
     * \brief Print a readable summary of Run()'s metrics.
     * \param metrics what Run() returned
     * \param os output stream
     */
    void PrintSummary(const nlohmann::ordered_json& metrics, std::ostream& os) const;

  private:
    Params m_p;              //!< parameters
    ScenarioFaults m_faults; //!< checked fault schedule (from Validate())
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_FAILOVER_SCENARIO_H */
