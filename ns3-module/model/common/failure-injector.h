/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_FAILURE_INJECTOR_H
#define SFC_FAILURE_INJECTOR_H

#include "failable.h"

#include "ns3/net-device.h"
#include "ns3/node.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/traced-callback.h"

#include <map>
#include <vector>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief Makes a node fail at a given time, and optionally recover.
 *
 * A failed node's applications that implement Failable (service managers,
 * forwarding agents, flow servers) crash and lose their state, and its
 * links go down: CSMA devices stop sending and drop what they receive, point-to-point
 * links drop every frame in both directions (the node-down state of the
 * LinkFaultErrorModel on both ends). Routing tables are left alone, as they would be until a
 * routing protocol noticed. Recovery brings the links up and restarts the applications with empty
 * state.
 */
class FailureInjector : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    FailureInjector();
    ~FailureInjector() override;

    /**
     * \brief Schedule a failure.
     * \param node the node
     * \param failAt when it fails
     * \param recoverAt when it recovers (a time not after failAt: never)
     */
    void Schedule(Ptr<Node> node, Time failAt, Time recoverAt = Time(0));

    /// \param node fail it now
    void FailNow(Ptr<Node> node);
    /// \param node bring it back now
    void RecoverNow(Ptr<Node> node);
    /// \param node a node \return true if it is failed
    bool IsFailed(Ptr<Node> node) const;

    /**
     * TracedCallback signature for failures and recoveries.
     * \param [in] nodeId the node
     * \param [in] failed true for a failure, false for a recovery
     */
    typedef void (*FailureTracedCallback)(uint32_t nodeId, bool failed);

  protected:
    void DoDispose() override;

  private:
    void SetLinks(Ptr<Node> node, bool up);

    std::map<uint32_t, bool> m_failed;      //!< node id -> failed
    TracedCallback<uint32_t, bool> m_trace; //!< failure / recovery
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_FAILURE_INJECTOR_H */
