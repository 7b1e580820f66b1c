/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "load-balancing-policy.h"

namespace ns3
{
namespace sfc
{

NS_OBJECT_ENSURE_REGISTERED(LoadBalancingPolicy);
NS_OBJECT_ENSURE_REGISTERED(HashPolicy);
NS_OBJECT_ENSURE_REGISTERED(FlowTablePolicy);

namespace
{
/// Pick from a sorted instance list by a hash value.
uint32_t
PickByHash(uint32_t hash, const std::vector<uint32_t>& instances)
{
    return instances.empty() ? 0 : instances[hash % instances.size()];
}
} // namespace

TypeId
LoadBalancingPolicy::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sfc::LoadBalancingPolicy").SetParent<Object>().SetGroupName("Sfc");
    return tid;
}

LoadBalancingPolicy::~LoadBalancingPolicy() = default;

Ptr<LoadBalancingPolicy>
LoadBalancingPolicy::CreateByName(const std::string& name)
{
    if (name == "hash")
    {
        return CreateObject<HashPolicy>();
    }
    if (name == "flow-table")
    {
        return CreateObject<FlowTablePolicy>();
    }
    return nullptr;
}

std::vector<std::string>
LoadBalancingPolicy::GetNames()
{
    return {"flow-table", "hash"};
}

TypeId
HashPolicy::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sfc::HashPolicy")
                            .SetParent<LoadBalancingPolicy>()
                            .SetGroupName("Sfc")
                            .AddConstructor<HashPolicy>();
    return tid;
}

bool
HashPolicy::IsStateful() const
{
    return false;
}

uint32_t
HashPolicy::Select(const FlowKey& key,
                   Direction /* dir */,
                   uint32_t function,
                   const MembershipView& view)
{
    return PickByHash(key.Hash(function), view.GetInstances(function));
}

std::string
HashPolicy::GetName() const
{
    return "hash";
}

TypeId
FlowTablePolicy::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sfc::FlowTablePolicy")
                            .SetParent<LoadBalancingPolicy>()
                            .SetGroupName("Sfc")
                            .AddConstructor<FlowTablePolicy>();
    return tid;
}

bool
FlowTablePolicy::IsStateful() const
{
    return true;
}

uint32_t
FlowTablePolicy::Select(const FlowKey& key,
                        Direction /* dir */,
                        uint32_t function,
                        const MembershipView& view)
{
    return PickByHash(key.Hash(function), view.GetInstances(function));
}

std::string
FlowTablePolicy::GetName() const
{
    return "flow-table";
}

} // namespace sfc
} // namespace ns3
