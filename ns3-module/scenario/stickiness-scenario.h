/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_STICKINESS_SCENARIO_H
#define SFC_STICKINESS_SCENARIO_H

#include "scenario-faults.h"
#include "scenario-options.h"
#include "scenario-traces.h"

#include "ns3/scaling-controller.h"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

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
        std::string traffic{"tcp-like"};     //!< tcp-like | ns3-tcp | ns3-udp (AppTraffic)
        bool forwarderSeries{false};         //!< per-forwarder flow entries in the time series
        uint32_t functions{3};               //!< functions in the chain
        bool nat{true};                      //!< last function is a NAT
        std::string chain;      //!< explicit chain "fw,dpi,nat" (overrides the two above)
        std::string events;     //!< scaling schedule
        std::string eventsFile; //!< scaling schedule file
        Time controlDelay{MilliSeconds(10)};      //!< mean control-path delay per forwarder
        bool controlAuth{true};                   //!< membership updates signed (controller key)
        std::string keySeed;                      //!< the controller key's secret ("": RngSeed/Run)
        bool rogue{false};                        //!< forged membership updates (control network)
        Time rogueAt{Seconds(1)};                 //!< when the forged updates are sent
        Time drainIdle{Seconds(1)};               //!< quiet period ending a drain
        Time drainTimeout{Seconds(30)};           //!< longest drain
        std::string natPorts{"sequential"};       //!< sequential | aligned
        std::string autoscale;                    //!< function to autoscale ("" = none)
        std::string autoscaleMode{"load"};        //!< load | random
        Time autoscalePeriod{Seconds(1)};         //!< time between autoscaling decisions
        double autoscaleHigh{0.7};                //!< utilization above which to add
        double autoscaleLow{0.3};                 //!< utilization below which to remove
        uint32_t autoscaleMin{1};                 //!< autoscaling floor
        uint32_t autoscaleMax{6};                 //!< autoscaling ceiling
        Time tsInterval{Seconds(1)};              //!< time-series interval
        std::string timeseriesCsv;                //!< time-series CSV file
        uint32_t instances{3};                    //!< instances per function
        uint32_t servers{4};                      //!< servers
        uint32_t racks{2};                        //!< top-of-rack switches
        uint32_t sources{4};                      //!< source VMs
        uint32_t destinations{2};                 //!< external hosts
        uint32_t flows{200};                      //!< flows in total
        double flowRate{100};                     //!< flow arrivals per second
        double flowPackets{10};                   //!< request segments per flow (mean)
        std::string flowSize{"constant"};         //!< constant | exponential
        Time packetInterval{MilliSeconds(10)};    //!< time between request segments
        uint32_t requestSize{200};                //!< request payload bytes
        uint32_t responseSize{1000};              //!< response payload bytes
        Time idleTimeout{Seconds(30)};            //!< flow-table idle timeout
        uint32_t tableCapacity{0};                //!< flow-table capacity (entries; 0 = unlimited)
        std::string overflow{"drop"};             //!< drop | bypass
        Time processingDelay{MicroSeconds(5)};    //!< instance service time per packet
        Time grace{Seconds(20)};                  //!< run time after the last flow opened
        std::string flowsCsv;                     //!< per-flow CSV file
        std::string pcap;                         //!< pcap prefix
        std::string flowmon;                      //!< FlowMonitor XML file
        std::string netanim;                      //!< NetAnim XML file
        ScenarioTraces::AnimWindow netanimWindow; //!< what NetAnim covers
        std::string faults;                       //!< fault schedule (ScenarioFaults)
        uint32_t randomFaults{0};                 //!< random faults to add
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
     * \brief Check the parameters (and read the schedule file, if any).
     * \return an error message, empty if they are consistent
     */
    std::string Validate();

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
     * \brief The chain's function names: Params::chain if set, otherwise
     *        Params::functions names where the last is "nat" when Params::nat and
     *        the others alternate "fw" and "dpi".
     * \return names, function 1 first
     */
    std::vector<std::string> FunctionNames() const;

    /**
     * \brief Print a side-by-side table of several runs' metrics.
     * \param policies column titles
     * \param metrics one Run() result per column
     * \param os output stream
     */
    static void PrintComparison(const std::vector<std::string>& policies,
                                const std::vector<nlohmann::ordered_json>& metrics,
                                std::ostream& os);

    /// \return the leaf-spine parameters of Params (a controller when scaling)
    SfcTopology::LeafSpineParams TopologyParams() const;
    /**
     * \brief Install the TCP-like flows (FlowClient, FlowServer) of a parameter
     *        set, --traffic=tcp-like: the flows split over the sources (the first
     *        take the remainder), a server on every external host. The benchmark
     *        against bare ns-3 installs the same flows on its own network.
     * \param p the parameters (flows, sources, flowRate, flowSize, ...)
     * \param sources the source nodes, in source order
     * \param externals the external hosts
     * \param externalAddresses their addresses, the flows' destinations
     * \param clients set to the clients, on the sources
     * \param servers set to the servers, on the external hosts
     */
    static void InstallFlows(const Params& p,
                             const NodeContainer& sources,
                             const NodeContainer& externals,
                             const std::vector<Ipv4Address>& externalAddresses,
                             ApplicationContainer& clients,
                             ApplicationContainer& servers);

    /**
     * \return ephemeral ports of one source VM's FlowClient (FirstPort..LastPort
     *         as their defaults are now, e.g. after --ns3::sfc::FlowClient::FirstPort)
     */
    static uint64_t GetClientPortsPerSource();

    /// \return the SourceNat's port pool per destination (PortMin..PortMax, current defaults)
    static uint64_t GetNatPortsPerDestination();

  private:
    /**
     * \brief Check that the flows open at once fit the source VMs' ephemeral
     *        ports and the NAT's port pool per destination.
     * \return an error naming the option to raise and to what, or ""
     */
    std::string CheckPortCapacity() const;

    Params m_p;                         //!< parameters
    std::vector<ScalingEvent> m_events; //!< parsed schedule (from Validate())
    uint32_t m_autoscaleFunction{0};    //!< resolved --autoscale (0 = none)
    ScenarioFaults m_faults;            //!< checked fault schedule (from Validate())
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_STICKINESS_SCENARIO_H */
