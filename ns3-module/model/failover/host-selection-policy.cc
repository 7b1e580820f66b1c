/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "host-selection-policy.h"

#include "ns3/abort.h"

namespace ns3
{
namespace sfc
{

NS_OBJECT_ENSURE_REGISTERED(HostSelectionPolicy);
NS_OBJECT_ENSURE_REGISTERED(RoundRobinHostPolicy);
NS_OBJECT_ENSURE_REGISTERED(LeastConnectionsHostPolicy);
NS_OBJECT_ENSURE_REGISTERED(RandomHostPolicy);
NS_OBJECT_ENSURE_REGISTERED(HashHostPolicy);

TypeId
HostSelectionPolicy::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sfc::HostSelectionPolicy").SetParent<Object>().SetGroupName("Sfc");
    return tid;
}

HostSelectionPolicy::~HostSelectionPolicy() = default;

int64_t
HostSelectionPolicy::AssignStreams(int64_t /* stream */)
{
    return 0;
}

Ptr<HostSelectionPolicy>
HostSelectionPolicy::CreateByName(const std::string& name)
{
    if (name == "round-robin")
    {
        return CreateObject<RoundRobinHostPolicy>();
    }
    if (name == "least-connections")
    {
        return CreateObject<LeastConnectionsHostPolicy>();
    }
    if (name == "random")
    {
        return CreateObject<RandomHostPolicy>();
    }
    if (name == "hash")
    {
        return CreateObject<HashHostPolicy>();
    }
    return nullptr;
}

std::vector<std::string>
HostSelectionPolicy::GetNames()
{
    return {"least-connections", "round-robin", "random", "hash"};
}

TypeId
RoundRobinHostPolicy::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sfc::RoundRobinHostPolicy")
                            .SetParent<HostSelectionPolicy>()
                            .SetGroupName("Sfc")
                            .AddConstructor<RoundRobinHostPolicy>();
    return tid;
}

uint32_t
RoundRobinHostPolicy::Select(const FlowKey& /* key */, const std::vector<uint32_t>& load)
{
    NS_ABORT_MSG_IF(load.empty(), "no host to select");
    uint32_t i = m_next % load.size();
    m_next = i + 1;
    return i;
}

TypeId
LeastConnectionsHostPolicy::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sfc::LeastConnectionsHostPolicy")
                            .SetParent<HostSelectionPolicy>()
                            .SetGroupName("Sfc")
                            .AddConstructor<LeastConnectionsHostPolicy>();
    return tid;
}

uint32_t
LeastConnectionsHostPolicy::Select(const FlowKey& /* key */, const std::vector<uint32_t>& load)
{
    NS_ABORT_MSG_IF(load.empty(), "no host to select");
    uint32_t n = static_cast<uint32_t>(load.size());
    uint32_t best = m_next % n;
    for (uint32_t k = 1; k < n; ++k)
    {
        uint32_t i = (m_next + k) % n;
        if (load[i] < load[best])
        {
            best = i;
        }
    }
    m_next = best + 1;
    return best;
}

TypeId
RandomHostPolicy::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sfc::RandomHostPolicy")
                            .SetParent<HostSelectionPolicy>()
                            .SetGroupName("Sfc")
                            .AddConstructor<RandomHostPolicy>();
    return tid;
}

RandomHostPolicy::RandomHostPolicy()
    : m_rng(CreateObject<UniformRandomVariable>())
{
}

uint32_t
RandomHostPolicy::Select(const FlowKey& /* key */, const std::vector<uint32_t>& load)
{
    NS_ABORT_MSG_IF(load.empty(), "no host to select");
    return m_rng->GetInteger(0, static_cast<uint32_t>(load.size() - 1));
}

int64_t
RandomHostPolicy::AssignStreams(int64_t stream)
{
    m_rng->SetStream(stream);
    return 1;
}

TypeId
HashHostPolicy::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sfc::HashHostPolicy")
                            .SetParent<HostSelectionPolicy>()
                            .SetGroupName("Sfc")
                            .AddConstructor<HashHostPolicy>();
    return tid;
}

uint32_t
HashHostPolicy::Select(const FlowKey& key, const std::vector<uint32_t>& load)
{
    NS_ABORT_MSG_IF(load.empty(), "no host to select");
    return key.Hash(0x5eed) % load.size();
}

} // namespace sfc
} // namespace ns3
