/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_STICKINESS_SCENARIO_H
#define SFC_STICKINESS_SCENARIO_H

#include "scenario-options.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <ostream>
#include <string>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief The stickiness study as a reusable piece: build the network and the
 *        chain, run the flows, collect the metrics.
 *
 * sources (VMs on servers) -> fw -> dpi -> ... -> nat -> gateway -> external hosts
 *
 * The sfc-stickiness program is a thin main() around it; tests run it
 * in-process. Run() performs one complete simulation (it calls
 * Simulator::Destroy() at the end), so it can be called repeatedly.
 */
class StickinessScenario
{
  public:
    /// Parameters (defaults: the main job's single run)
    struct Params
    {
        std::string policy{"flow-table-df"}; //!< load-balancing policy
        uint32_t functions{3};              //!< functions in the chain
        bool nat{true};                     //!< last function is a NAT
        uint32_t instances{3};              //!< instances per function
        uint32_t servers{4};                //!< servers
        uint32_t racks{2};                  //!< top-of-rack switches
        uint32_t sources{4};                //!< source VMs
        uint32_t destinations{2};           //!< external hosts
        uint32_t flows{200};                //!< flows in total
        double flowRate{100};               //!< flow arrivals per second
        double flowPackets{10};             //!< request segments per flow (mean)
        std::string flowSize{"constant"};   //!< constant | exponential
        double packetInterval{0.01};        //!< seconds between request segments
        uint32_t requestSize{200};          //!< request payload bytes
        uint32_t responseSize{1000};        //!< response payload bytes
        double idleTimeout{30};             //!< flow-table idle timeout (s)
        uint32_t tableCapacity{0};          //!< flow-table capacity (entries; 0 = unlimited)
        std::string overflow{"drop"};       //!< drop | bypass
        double processingDelayUs{5};        //!< instance service time per packet (us)
        double grace{20};                   //!< seconds after the last flow opened
        std::string flowsCsv;               //!< per-flow CSV file
        std::string pcap;                   //!< pcap prefix
        std::string flowmon;                //!< FlowMonitor XML file
        std::string netanim;                //!< NetAnim XML file
    };

    StickinessScenario() = default;

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
    std::string Validate() const;

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

    /**
     * \brief Name of function i (1-based) of the chain: the last is "nat" when
     *        Params::nat, the others alternate "fw" and "dpi".
     * \param i function index
     * \return its short name
     */
    std::string FunctionName(uint32_t i) const;

  private:
    Params m_p; //!< parameters
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_STICKINESS_SCENARIO_H */
