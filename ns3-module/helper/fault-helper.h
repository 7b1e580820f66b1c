/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_FAULT_HELPER_H
#define SFC_FAULT_HELPER_H

#include "ns3/channel.h"
#include "ns3/failure-injector.h"
#include "ns3/fault-schedule.h"
#include "ns3/link-fault-error-model.h"
#include "ns3/node.h"
#include "ns3/sfc-network-helper.h"

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief Injects a fault schedule (FaultSpec) into a built network: links
 *        down and up, per-link loss and delay, node crashes and recoveries,
 *        control-message loss; and reports what the faults dropped.
 *
 * The scenario names its nodes (AddNode) and shared channels (AddChannel,
 * e.g. a CSMA LAN as "lan"); a link "A-B" is every device of A on a channel
 * that B is on (B a node), or A's device on channel B.
 *
 * What each fault does, on a point-to-point link / on a node's attachment
 * to a shared LAN:
 * - link: both ends drop every frame they receive / the node's LAN device
 *   neither sends nor receives.
 * - loss, control: both ends lose received frames (control messages:
 *   UDP to or from a control port) with the probability, per link crossed /
 *   the node's LAN device loses frames it receives.
 * - delay: the channel's propagation delay (a shared LAN's delay is the
 *   whole LAN's).
 * - crash: FailureInjector (applications crash, links down).
 * Overlapping faults combine: a link is down while any down fault is active,
 * loss probabilities combine as independent losses, the latest delay wins
 * and the original comes back when none is active.
 */
class FaultHelper
{
  public:
    FaultHelper();

    /// \param name its name in schedules \param node the node
    void AddNode(const std::string& name, Ptr<Node> node);
    /// \param net a built network: every vertex's node under its topology name
    void AddNetwork(const SfcNetwork& net);
    /**
     * \param topology a topology
     * \return its vertices and links, by vertex name
     */
    static FaultTargets TargetsOf(const SfcTopology& topology);
    /// \param name its name in schedules \param channel a shared channel
    void AddChannel(const std::string& name, Ptr<Channel> channel);
    /// \param ports UDP ports whose datagrams are control messages
    void SetControlPorts(const std::vector<uint16_t>& ports);
    /// \param injector the failure injector to crash nodes with (shared with the scenario's own)
    void SetInjector(Ptr<FailureInjector> injector);
    /// \return the failure injector (created on first use)
    Ptr<FailureInjector> GetInjector();

    /**
     * \brief Schedule the faults. Every node and link must exist
     *        (FaultTargets::Check); a missing one aborts, as a programming error.
     * \param faults the schedule
     */
    void Install(const std::vector<FaultSpec>& faults);

    /**
     * \brief Fix the random streams of the loss models.
     * \param stream first stream
     * \return streams used
     */
    int64_t AssignStreams(int64_t stream);

    /**
     * \brief What the faults did, for the results (call before Simulator::Destroy()).
     * \return {"schedule", "faults", "crashes", "dropped_frames": {reason: n},
     *         "links": [{"link", reason: n}]}
     */
    nlohmann::ordered_json Report() const;

  private:
    /// State of one named link
    struct LinkState
    {
        std::string name;                           //!< "A-B"
        std::vector<Ptr<NetDevice>> devices;        //!< devices whose models act
        std::vector<Ptr<NetDevice>> lanSenders;     //!< LAN devices that stop sending when down
        std::vector<Ptr<Channel>> channels;         //!< channels whose delay changes
        uint32_t down{0};                           //!< active down faults
        std::vector<double> loss;                   //!< active loss probabilities
        std::vector<double> controlLoss;            //!< active control-loss probabilities
        std::vector<Time> delays;                   //!< active delays, latest last
        std::map<Ptr<Channel>, Time> originalDelay; //!< delays before any fault
    };

    uint32_t Resolve(const FaultSpec& f);
    void Start(uint32_t link, FaultSpec f);
    void End(uint32_t link, FaultSpec f);
    void Apply(LinkState& s);
    std::vector<Ptr<NetDevice>> AllDevices() const;

    std::map<std::string, Ptr<Node>> m_nodes;       //!< named nodes
    std::map<std::string, Ptr<Channel>> m_channels; //!< named channels
    std::vector<uint16_t> m_controlPorts;           //!< control ports
    Ptr<FailureInjector> m_injector;                //!< crashes
    std::vector<LinkState> m_links;                 //!< links faults act on
    std::vector<FaultSpec> m_faults;                //!< the schedule
    int64_t m_stream{-1};                           //!< first fixed stream
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_FAULT_HELPER_H */
