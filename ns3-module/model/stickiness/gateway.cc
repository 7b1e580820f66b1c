/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "gateway.h"

namespace ns3
{
namespace sfc
{

NS_OBJECT_ENSURE_REGISTERED(Gateway);

TypeId
Gateway::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sfc::Gateway")
                            .SetParent<Forwarder>()
                            .SetGroupName("Sfc")
                            .AddConstructor<Gateway>();
    return tid;
}

Gateway::Gateway() = default;

Gateway::~Gateway() = default;

uint32_t
Gateway::AddExternalPort(Ptr<NetDevice> device, Ipv4Address network, Ipv4Mask mask)
{
    uint32_t port = AddEdgePort(device, Direction::REVERSE);
    ForwardingTable::Route route;
    route.kind = ForwardingTable::Route::EDGE;
    route.port = port;
    GetForwardingTable().AddRoute(network, mask, route);
    return port;
}

} // namespace sfc
} // namespace ns3
