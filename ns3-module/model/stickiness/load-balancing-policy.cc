/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "load-balancing-policy.h"

#include "ns3/object-factory.h"
#include "ns3/uinteger.h"

namespace ns3
{
namespace sfc
{

NS_OBJECT_ENSURE_REGISTERED(LoadBalancingPolicy);
NS_OBJECT_ENSURE_REGISTERED(HashPolicy);
NS_OBJECT_ENSURE_REGISTERED(SymmetricHashPolicy);
NS_OBJECT_ENSURE_REGISTERED(ConsistentHashPolicy);
NS_OBJECT_ENSURE_REGISTERED(NatPoolsPolicy);
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

void
LoadBalancingPolicy::DoDispose()
{
    m_chain = nullptr;
    Object::DoDispose();
}

bool
LoadBalancingPolicy::CachesForward() const
{
    return false;
}

bool
LoadBalancingPolicy::CachesReverse() const
{
    return false;
}

bool
LoadBalancingPolicy::IsStateful() const
{
    return CachesForward() || CachesReverse();
}

void
LoadBalancingPolicy::SetChain(Ptr<ServiceChain> chain)
{
    m_chain = chain;
}

Ptr<LoadBalancingPolicy>
LoadBalancingPolicy::CreateByName(const std::string& name)
{
    if (name == "hash")
    {
        return CreateObject<HashPolicy>();
    }
    if (name == "symmetric-hash")
    {
        return CreateObject<SymmetricHashPolicy>();
    }
    if (name == "consistent-hash")
    {
        return CreateObject<ConsistentHashPolicy>();
    }
    if (name == "nat-pools")
    {
        return CreateObject<NatPoolsPolicy>();
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
    return {"flow-table", "hash", "symmetric-hash", "consistent-hash", "nat-pools"};
}

// ---- hash ---------------------------------------------------------------------------

TypeId
HashPolicy::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sfc::HashPolicy")
                            .SetParent<LoadBalancingPolicy>()
                            .SetGroupName("Sfc")
                            .AddConstructor<HashPolicy>();
    return tid;
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

// ---- symmetric-hash -----------------------------------------------------------------

TypeId
SymmetricHashPolicy::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sfc::SymmetricHashPolicy")
                            .SetParent<LoadBalancingPolicy>()
                            .SetGroupName("Sfc")
                            .AddConstructor<SymmetricHashPolicy>();
    return tid;
}

uint32_t
SymmetricHashPolicy::Select(const FlowKey& key,
                            Direction /* dir */,
                            uint32_t function,
                            const MembershipView& view)
{
    return PickByHash(key.SymmetricHash(function), view.GetInstances(function));
}

std::string
SymmetricHashPolicy::GetName() const
{
    return "symmetric-hash";
}

// ---- consistent-hash ----------------------------------------------------------------

TypeId
ConsistentHashPolicy::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sfc::ConsistentHashPolicy")
                            .SetParent<LoadBalancingPolicy>()
                            .SetGroupName("Sfc")
                            .AddConstructor<ConsistentHashPolicy>()
                            .AddAttribute("TableSize",
                                          "Maglev lookup-table size M (a prime).",
                                          UintegerValue(MaglevTable::kDefaultSize),
                                          MakeUintegerAccessor(&ConsistentHashPolicy::m_tableSize),
                                          MakeUintegerChecker<uint32_t>(2));
    return tid;
}

ConsistentHashPolicy::ConsistentHashPolicy()
    : m_tableSize(MaglevTable::kDefaultSize)
{
}

uint32_t
ConsistentHashPolicy::Select(const FlowKey& key,
                             Direction /* dir */,
                             uint32_t function,
                             const MembershipView& view)
{
    auto it = m_cache.find(function);
    if (it == m_cache.end())
    {
        it = m_cache.emplace(function, Cache(m_tableSize)).first;
    }
    Cache& c = it->second;
    if (c.view != &view || c.version != view.GetVersion())
    {
        // Membership changed: rebuild (once per change, not per packet).
        c.view = &view;
        c.version = view.GetVersion();
        c.ids = view.GetInstances(function);
        c.table.BuildFromIds(c.ids);
    }
    int32_t index = c.table.Lookup(key.SymmetricHash(function));
    return index < 0 ? 0 : c.ids[index];
}

std::string
ConsistentHashPolicy::GetName() const
{
    return "consistent-hash";
}

// ---- nat-pools ----------------------------------------------------------------------

TypeId
NatPoolsPolicy::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sfc::NatPoolsPolicy")
                            .SetParent<LoadBalancingPolicy>()
                            .SetGroupName("Sfc")
                            .AddConstructor<NatPoolsPolicy>();
    return tid;
}

bool
NatPoolsPolicy::CachesForward() const
{
    return true;
}

bool
NatPoolsPolicy::CachesReverse() const
{
    return false;
}

uint32_t
NatPoolsPolicy::Select(const FlowKey& key,
                       Direction dir,
                       uint32_t function,
                       const MembershipView& view)
{
    if (dir == Direction::REVERSE && m_chain && m_chain->FunctionTranslates(function))
    {
        // Routing-based return: the instance owning the destination address,
        // in service or draining.
        return m_chain->FindAddressOwner(function, key.dst);
    }
    return PickByHash(key.SymmetricHash(function), view.GetInstances(function));
}

std::string
NatPoolsPolicy::GetName() const
{
    return "nat-pools";
}

// ---- flow-table ---------------------------------------------------------------------

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
FlowTablePolicy::CachesForward() const
{
    return true;
}

bool
FlowTablePolicy::CachesReverse() const
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
