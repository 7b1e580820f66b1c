/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_SCALING_HELPER_H
#define SFC_SCALING_HELPER_H

#include "service-chain-helper.h"

#include "ns3/object-factory.h"
#include "ns3/scaling-controller.h"

#include <vector>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief Puts a ScalingController on a node, gives every forwarder of a
 *        deployment (and the gateway) its own membership view fed by the
 *        control path, and loads the schedule.
 */
class ScalingHelper
{
  public:
    ScalingHelper();

    /// \param name ScalingController attribute \param value its value
    void SetControllerAttribute(const std::string& name, const AttributeValue& value);

    /**
     * \param node the controller's node (needs an IPv4 address routed to the forwarders)
     * \param deployment the chain deployment to scale
     * \param events the schedule, functions resolved
     * \return the controller
     */
    Ptr<ScalingController> Install(Ptr<Node> node,
                                   const ChainDeployment& deployment,
                                   const std::vector<ScalingEvent>& events) const;

    /**
     * \brief Spare instances each function needs for a schedule: the largest
     *        number of instances above the initial count at any time.
     * \param events the schedule, functions resolved
     * \param initial instances in service at the start, per function (index 0 unused)
     * \return spares per function (index 0 unused)
     */
    static std::vector<uint32_t> SparesNeeded(const std::vector<ScalingEvent>& events,
                                              const std::vector<uint32_t>& initial);

  private:
    ObjectFactory m_factory; //!< ScalingController factory
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_SCALING_HELPER_H */
