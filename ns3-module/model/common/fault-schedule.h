/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_FAULT_SCHEDULE_H
#define SFC_FAULT_SCHEDULE_H

#include "ns3/nstime.h"
#include "ns3/random-variable-stream.h"

#include <string>
#include <utility>
#include <vector>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief One injected fault: what, where, from when, until when.
 *
 * Text form (the --faults option), items separated by commas:
 *
 *     link:A-B:START[:END]          link between nodes A and B down
 *     loss:A-B=P:START[:END]        frames on that link lost with probability P
 *     delay:A-B=TIME:START[:END]    that link's propagation delay set to TIME
 *     crash:NODE:START[:END]        node crashes (and recovers at END)
 *     control:A-B=P:START[:END]     control messages on that link lost with probability P
 *     control:*=P:START[:END]       ... on every link
 *
 * Times take ns-3's Time syntax (time-text.h); without END the fault lasts
 * until the end of the run.
 */
struct FaultSpec
{
    /// Kinds of fault
    enum Kind : uint8_t
    {
        LINK,    //!< link down
        LOSS,    //!< random frame loss
        DELAY,   //!< propagation delay
        CRASH,   //!< node crash and recovery
        CONTROL, //!< random control-message loss
    };

    Kind kind{LINK};       //!< kind
    std::string a;         //!< node (CRASH), a link end, or "*" (CONTROL on every link)
    std::string b;         //!< the link's other end (empty for CRASH and "*")
    double probability{0}; //!< LOSS, CONTROL
    Time delay;            //!< DELAY
    Time start;            //!< when it starts
    Time end;              //!< when it ends (not after start: never)

    /// \return the text form
    std::string ToString() const;
    /// \return true if it lasts until the end of the run
    bool IsPermanent() const;
    /// \return the kind's name ("link", ...)
    std::string KindName() const;
};

/**
 * \ingroup sfc
 * \brief What a scenario lets faults act on: named nodes and the links
 *        between them (a shared LAN is a pseudo-node, e.g. "lan", and a node's
 *        attachment to it a link "agent0-lan").
 */
struct FaultTargets
{
    std::vector<std::string> nodes;                         //!< nodes that can crash
    std::vector<std::pair<std::string, std::string>> links; //!< links, by end names

    /**
     * \param faults a schedule
     * \return an error naming the first fault whose node or link does not
     *         exist, empty if all do
     */
    std::string Check(const std::vector<FaultSpec>& faults) const;
    /// \param a one end \param b the other \return true if the link exists (either order)
    bool HasLink(const std::string& a, const std::string& b) const;
};

/**
 * \ingroup sfc
 * \brief Parses and draws fault schedules.
 */
class FaultSchedule
{
  public:
    /**
     * \brief Parse a schedule.
     * \param text items separated by commas (empty: none)
     * \param [out] faults the items, in the order given
     * \return an error message naming the bad item, empty on success
     */
    static std::string Parse(const std::string& text, std::vector<FaultSpec>& faults);

    /**
     * \brief Draw random faults.
     *
     * Each fault picks a kind, a link or node, a start in [from, to) and a
     * duration of up to a quarter of the window, uniformly.
     *
     * \param rng the random variable (its stream decides the draw)
     * \param count how many
     * \param from earliest start
     * \param to latest end
     * \param links candidate links (node name pairs)
     * \param nodes candidate nodes to crash
     * \return the faults, in start order
     */
    static std::vector<FaultSpec> Random(
        Ptr<UniformRandomVariable> rng,
        uint32_t count,
        Time from,
        Time to,
        const std::vector<std::pair<std::string, std::string>>& links,
        const std::vector<std::string>& nodes);

    /**
     * \param faults a schedule
     * \return its text form (Parse() gives it back)
     */
    static std::string ToString(const std::vector<FaultSpec>& faults);
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_FAULT_SCHEDULE_H */
