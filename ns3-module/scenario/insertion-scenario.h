/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_INSERTION_SCENARIO_H
#define SFC_INSERTION_SCENARIO_H

#include "scenario-options.h"

#include "ns3/insertion-monitor.h"
#include "ns3/lisp-mapping-system.h"
#include "ns3/nstime.h"
#include "ns3/vem-switch.h"

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
 * \brief The sfc-insertion scenario (seed 004, SPEC study 4): servers with
 *        a VemSwitch each and a LISP mapping system on one LAN, VMs on every
 *        server, TCP-like flows from half of them to the other half through
 *        a chain of an agentless firewall and a DPI with an agent; an
 *        agentless IPS inserted into the running chain by re-programming the
 *        mapping system (and optionally removed), the firewall optionally
 *        moved to another server.
 */
class InsertionScenario
{
  public:
    /// Parameters (defaults: the single run of the README)
    struct Params
    {
        uint32_t servers{4};                   //!< servers (one VemSwitch each)
        uint32_t vms{8};                       //!< VMs, round robin over the servers
        uint32_t flows{80};                    //!< flows in all
        double flowRate{40};                   //!< flow arrivals per second, all clients
        double flowPackets{40};                //!< request segments per flow
        Time packetInterval{MilliSeconds(50)}; //!< between request segments
        Time insertAt{Seconds(1)};             //!< IPS put on the chain
        Time removeAt{Seconds(0)};             //!< IPS taken off (0: never)
        uint32_t ipsPosition{0};               //!< IPS position in the chain (0: first)
        std::string ips{"loose"};              //!< strict | loose
        uint32_t ttl{3};                       //!< record TTL, seconds (non-standard unit)
        bool smr{true};                        //!< Solicit-Map-Request on change
        Time mapLatency{MilliSeconds(5)};      //!< mapping-system lookup latency
        uint32_t mapRequestRate{1};            //!< Map-Requests per prefix per second
        Time migrateAt{Seconds(0)};            //!< firewall moves (0: never)
        uint32_t migrateTo{0};                 //!< to this server
        Time grace{Seconds(3)};                //!< after the last flow opened / event
        std::string pcap;                      //!< pcap prefix of the LAN
    };

    InsertionScenario() = default;

    /// \return the parameters (modifiable before Run())
    Params& GetParams();
    /// \param opts options to declare every parameter in
    void DeclareOptions(ScenarioOptions& opts);
    /// \return empty, or what is wrong with the parameters
    std::string Validate() const;
    /// \return the metrics of one run
    nlohmann::ordered_json Run();
    /// \return the monitor of the last run (its flows; valid until the next Run())
    Ptr<InsertionMonitor> GetMonitor() const;
    /// \param m metrics \param os where to print a summary
    void PrintSummary(const nlohmann::ordered_json& m, std::ostream& os) const;

    /// \return server of the firewall
    uint32_t FirewallServer() const;
    /// \return server of the DPI
    uint32_t DpiServer() const;
    /// \return server of the IPS
    uint32_t IpsServer() const;

  private:
    Params m_p;                      //!< parameters
    Ptr<InsertionMonitor> m_monitor; //!< the last run's monitor
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_INSERTION_SCENARIO_H */
