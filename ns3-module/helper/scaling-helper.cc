/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "scaling-helper.h"

#include "ns3/string.h"

#include <algorithm>

namespace ns3
{
namespace sfc
{

ScalingHelper::ScalingHelper()
{
    m_factory.SetTypeId(ScalingController::GetTypeId());
}

void
ScalingHelper::SetControllerAttribute(const std::string& name, const AttributeValue& value)
{
    m_factory.Set(name, value);
}

Ptr<ScalingController>
ScalingHelper::Install(Ptr<Node> node,
                       const ChainDeployment& d,
                       const std::vector<ScalingEvent>& events) const
{
    Ptr<ScalingController> c = m_factory.Create<ScalingController>();
    c->SetChain(d.chain);
    StringValue key; // forwarders verify the controller's membership updates
    c->GetAttribute("ControlKey", key);
    for (const auto& fwd : d.forwarders)
    {
        fwd->EnableControlPath(key.Get());
        c->AddForwarder(fwd->GetLocator());
    }
    d.gateway->EnableControlPath(key.Get());
    c->AddForwarder(d.gateway->GetLocator());
    for (const auto& e : events)
    {
        c->AddEvent(e);
    }
    node->AddApplication(c);
    return c;
}

std::vector<uint32_t>
ScalingHelper::SparesNeeded(const std::vector<ScalingEvent>& events,
                            const std::vector<uint32_t>& initial)
{
    std::vector<int64_t> count(initial.begin(), initial.end());
    std::vector<uint32_t> spares(initial.size(), 0);
    for (const auto& e : events)
    {
        if (e.index == 0 || e.index >= count.size())
        {
            continue;
        }
        count[e.index] = std::max<int64_t>(0, count[e.index] + e.delta);
        int64_t above = count[e.index] - int64_t(initial[e.index]);
        spares[e.index] =
            std::max<uint32_t>(spares[e.index], uint32_t(std::max<int64_t>(0, above)));
    }
    return spares;
}

} // namespace sfc
} // namespace ns3
