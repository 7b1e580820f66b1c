/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_OWNER_SCENARIO_H
#define SFC_OWNER_SCENARIO_H

#include "scenario-faults.h"
#include "scenario-options.h"
#include "scenario-traces.h"

#include "ns3/nstime.h"

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
 * \brief The sfc-owner scenario (seed 003, SPEC study 5): hosts with a vPlane
 *        each, VMs, a gateway vPlane and a controller; east-west flows,
 *        outbound source-NAT flows and inbound flows to port-forwarded public
 *        addresses; vPlanes joining and leaving helper service; one mode of
 *        finding owners (notify, query, central, source-owner).
 */
class OwnerScenario
{
  public:
    /// A vPlane joining or leaving helper service
    struct Event
    {
        Time time;        //!< when
        bool join{false}; //!< join (else leave)
        uint32_t host{0}; //!< host index
    };

    /// Parameters (defaults: a small single run)
    struct Params
    {
        std::string mode{"notify"};               //!< notify | query | central | source-owner
        uint32_t vplanes{4};                      //!< host vPlanes (servers)
        uint32_t racks{2};                        //!< top-of-rack switches
        uint32_t vms{8};                          //!< VMs, spread over the hosts
        uint32_t wanHosts{2};                     //!< WAN hosts behind the gateway
        uint32_t portForwards{2};                 //!< public addresses port-forwarded to VMs
        uint32_t flows{120};                      //!< flows, split evenly over the three kinds
        double flowRate{200};                     //!< flow arrivals per second, all kinds
        double flowPackets{5};                    //!< request segments per flow
        Time packetInterval{MilliSeconds(10)};    //!< between request segments
        uint32_t requestSize{200};                //!< request payload bytes
        uint32_t responseSize{500};               //!< response payload bytes
        std::string events;                       //!< TIME:join|leave:HOST,...
        Time controlDelay{MilliSeconds(5)};       //!< mean subset-map delay per vPlane
        double controlLoss{0};                    //!< loss probability of control datagrams
        bool registration{true};                  //!< owners register NAT bindings
        std::string rebalance{"transfer"};        //!< transfer | reregister
        uint32_t queueLimit{8};                   //!< query-mode packets queued per flow
        Time queryTimeout{MilliSeconds(20)};      //!< query retransmission timeout
        Time cacheTimeout{Seconds(30)};           //!< owner-cache idle timeout
        Time lifetime{Seconds(30)};               //!< registration soft-state lifetime
        uint32_t subsets{1024};                   //!< query subsets K
        std::string subsetFields{"five-tuple"};   //!< five-tuple | addresses
        std::string assignment{"rendezvous"};     //!< rendezvous | maglev
        bool preferHigher{false};                 //!< owner = higher host address
        Time processingDelay{MicroSeconds(2)};    //!< per packet, per function
        Time grace{Seconds(2)};                   //!< after the last flow opened / event
        std::string pcap;                         //!< pcap prefix
        std::string flowmon;                      //!< FlowMonitor XML file
        std::string netanim;                      //!< NetAnim XML file
        ScenarioTraces::AnimWindow netanimWindow; //!< what NetAnim covers
        std::string faults;                       //!< fault schedule (ScenarioFaults)
        uint32_t randomFaults{0};                 //!< random faults to add
    };

    OwnerScenario() = default;

    /// \return the parameters (modifiable before Run())
    Params& GetParams();
    /// \param opts options to declare every parameter in
    void DeclareOptions(ScenarioOptions& opts);
    /// \return empty, or what is wrong with the parameters
    std::string Validate();
    /// \return the metrics of one run
    nlohmann::ordered_json Run();
    /// \param m metrics \param os where to print a summary
    void PrintSummary(const nlohmann::ordered_json& m, std::ostream& os) const;
    /// \param modes modes \param metrics their metrics \param os where to print the table
    static void PrintComparison(const std::vector<std::string>& modes,
                                const std::vector<nlohmann::ordered_json>& metrics,
                                std::ostream& os);
    /// \return the mode names, in option order
    static std::vector<std::string> ModeNames();

  private:
    Params m_p;                  //!< parameters
    std::vector<Event> m_events; //!< parsed --events
    ScenarioFaults m_faults;     //!< checked fault schedule (from Validate())

    /// \return the leaf-spine parameters of Params
    SfcTopology::LeafSpineParams TopologyParams() const;
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_OWNER_SCENARIO_H */
