/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_SCENARIO_TRACES_H
#define SFC_SCENARIO_TRACES_H

#include "scenario-options.h"

#include "ns3/application-container.h"
#include "ns3/flow-monitor.h"
#include "ns3/node.h"
#include "ns3/ptr.h"
#include "ns3/sfc-flow-probe.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace ns3
{

class AnimationInterface;

namespace sfc
{

/**
 * \ingroup sfc
 * \brief The optional ns-3 traces of a scenario program: pcap files
 *        (--pcap), FlowMonitor XML (--flowmon) and a NetAnim trace with
 *        placed and named nodes (--netanim).
 *
 * In a scenario: DeclareOptions() next to the scenario's own options; in
 * its Run(), once the network and the applications are installed, construct
 * a ScenarioTraces with the three file names and call Enable(); after
 * Simulator::Run() call Finish(); call Close() before Simulator::Destroy().
 * An empty file name turns that trace off.
 */
class ScenarioTraces
{
  public:
    /// A node as NetAnim shows it
    struct AnimNode
    {
        Ptr<Node> node;   //!< the node
        double x;         //!< horizontal position
        double y;         //!< vertical position
        std::string name; //!< description
    };

    /// What part of the run the NetAnim trace covers
    struct AnimWindow
    {
        uint32_t maxPackets{0}; //!< packets per trace file before NetAnim stops (0: no limit)
        Time start;             //!< first traced time
        Time stop;              //!< last traced time (0: the end of the run)
    };

    /// Enables pcap on the scenario's devices, given the file name prefix
    using PcapEnabler = std::function<void(const std::string& prefix)>;

    /**
     * \brief Declare --pcap, --flowmon, --netanim and the NetAnim window
     *        (--netanimMaxPackets, --netanimStart, --netanimStop), in this order.
     * \param opts the program's options
     * \param pcap bound to --pcap (file name prefix)
     * \param flowmon bound to --flowmon (FlowMonitor XML file)
     * \param netanim bound to --netanim (NetAnim XML file)
     * \param window bound to the NetAnim window options
     */
    static void DeclareOptions(ScenarioOptions& opts,
                               std::string& pcap,
                               std::string& flowmon,
                               std::string& netanim,
                               AnimWindow& window);

    /**
     * \param pcap pcap file name prefix ("" = none)
     * \param flowmon FlowMonitor XML file ("" = none)
     * \param netanim NetAnim XML file ("" = none)
     */
    ScenarioTraces(std::string pcap, std::string flowmon, std::string netanim);

    /// \param window the part of the run NetAnim traces (default: all of it, no packet limit)
    void SetAnimWindow(const AnimWindow& window);
    /// Closes the NetAnim trace if Close() was not called.
    ~ScenarioTraces();
    ScenarioTraces(const ScenarioTraces&) = delete;            //!< not copyable
    ScenarioTraces& operator=(const ScenarioTraces&) = delete; //!< not copyable

    /**
     * \brief Enable the traces whose file is set; call before Simulator::Run().
     *
     * The nodes get their ns-3 names (ns3::Names: "server0", "gateway", ...),
     * so pcap files read prefix-server0-1.pcap and Config paths
     * /Names/server0/... work; Close() clears the names again.
     * pcap: enablePcap(prefix). FlowMonitor: on every node. NetAnim: the nodes
     * get a constant position (as placed) and their description, in the
     * order given.
     *
     * \param enablePcap enables pcap on the scenario's devices
     * \param nodes the nodes NetAnim shows and Names names
     */
    void Enable(const PcapEnabler& enablePcap, const std::vector<AnimNode>& nodes);

    /**
     * \brief The traffic applications FlowMonitor measures (FlowClient and
     *        FlowServer; others are ignored); call before Enable().
     *
     * FlowMonitor classifies by the module's flow identity (SfcFlowProbe):
     * ns-3's IPv4 classifier cannot follow a NAT or see through the overlay.
     *
     * \param apps applications
     */
    void WatchTraffic(const ApplicationContainer& apps);

    /// Write the FlowMonitor XML, if enabled; call after Simulator::Run().
    void Finish();

    /// End the NetAnim trace, if any, and clear the node names; call before Simulator::Destroy().
    void Close();

  private:
    std::string m_pcap;                         //!< pcap prefix
    std::string m_flowmon;                      //!< FlowMonitor XML file
    std::string m_netanim;                      //!< NetAnim XML file
    Ptr<FlowMonitor> m_monitor;                 //!< FlowMonitor (--flowmon)
    ApplicationContainer m_traffic;             //!< what FlowMonitor measures
    Ptr<SfcFlowProbe> m_probe;                  //!< FlowMonitor's probe
    AnimWindow m_window;                        //!< NetAnim window
    std::unique_ptr<AnimationInterface> m_anim; //!< NetAnim trace
    bool m_named{false};                        //!< Enable() added node names
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_SCENARIO_TRACES_H */
