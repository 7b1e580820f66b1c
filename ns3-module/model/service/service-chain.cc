/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "service-chain.h"

#include "service-node.h"

#include "ns3/abort.h"
#include "ns3/log.h"
#include "ns3/uinteger.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SfcServiceChain");

namespace sfc
{

MembershipView::MembershipView(uint32_t nFunctions)
    : m_instances(nFunctions + 1)
{
}

const std::vector<uint32_t>&
MembershipView::GetInstances(uint32_t function) const
{
    static const std::vector<uint32_t> empty;
    return function < m_instances.size() ? m_instances[function] : empty;
}

bool
MembershipView::SetActive(uint32_t function, uint32_t instance, bool active)
{
    if (function == 0 || function >= m_instances.size())
    {
        return false;
    }
    auto& list = m_instances[function];
    auto it = std::lower_bound(list.begin(), list.end(), instance);
    bool present = it != list.end() && *it == instance;
    if (active == present)
    {
        return false;
    }
    if (active)
    {
        list.insert(it, instance);
    }
    else
    {
        list.erase(it);
    }
    m_version++;
    return true;
}

uint64_t
MembershipView::GetVersion() const
{
    return m_version;
}

uint32_t
MembershipView::GetNFunctions() const
{
    return static_cast<uint32_t>(m_instances.size() - 1);
}

NS_OBJECT_ENSURE_REGISTERED(ServiceChain);

TypeId
ServiceChain::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sfc::ServiceChain")
            .SetParent<Object>()
            .SetGroupName("Sfc")
            .AddConstructor<ServiceChain>()
            .AddAttribute("ChainId",
                          "Chain id; the NSH SPIs are 2*ChainId (forward) and 2*ChainId+1 "
                          "(reverse).",
                          UintegerValue(1),
                          MakeUintegerAccessor(&ServiceChain::m_chainId),
                          MakeUintegerChecker<uint16_t>(1, 4095))
            .AddTraceSource("Membership",
                            "An instance entered or left service.",
                            MakeTraceSourceAccessor(&ServiceChain::m_membershipTrace),
                            "ns3::sfc::ServiceChain::MembershipTracedCallback");
    return tid;
}

ServiceChain::ServiceChain()
    : m_chainId(1),
      m_functions(1),
      m_translates(1, false),
      m_df(1),
      m_membership(Create<MembershipView>(0))
{
}

ServiceChain::~ServiceChain() = default;

void
ServiceChain::DoDispose()
{
    m_instances.clear();
    Object::DoDispose();
}

void
ServiceChain::SetChainId(uint16_t id)
{
    m_chainId = id;
}

uint16_t
ServiceChain::GetChainId() const
{
    return m_chainId;
}

uint32_t
ServiceChain::AddFunction(const std::string& name)
{
    NS_ABORT_MSG_IF(!m_instances.empty(), "add all functions before any instance");
    NS_ABORT_MSG_IF(m_functions.size() > 250, "a chain has at most 250 functions");
    m_functions.push_back(name);
    m_translates.push_back(false);
    m_df.emplace_back();
    m_membership = Create<MembershipView>(GetNFunctions());
    return GetNFunctions();
}

uint32_t
ServiceChain::GetNFunctions() const
{
    return static_cast<uint32_t>(m_functions.size() - 1);
}

std::string
ServiceChain::GetFunctionName(uint32_t function) const
{
    NS_ABORT_MSG_IF(function == 0 || function > GetNFunctions(), "bad function index");
    return m_functions[function];
}

void
ServiceChain::AddInstance(const InstanceInfo& info)
{
    NS_ABORT_MSG_IF(info.id == 0 || m_instances.count(info.id) != 0,
                    "instance ids must be unique and non-zero");
    NS_ABORT_MSG_IF(info.function == 0 || info.function > GetNFunctions(), "bad function index");
    m_instances[info.id] = info;
    if (info.node)
    {
        m_translates[info.function] =
            m_translates[info.function] || info.node->TranslatesAddresses();
        Ipv4Address owned = info.node->GetOwnedAddress();
        if (owned != Ipv4Address())
        {
            m_owners[{info.function, owned.Get()}].push_back(info.id);
        }
    }
}

bool
ServiceChain::FunctionTranslates(uint32_t function) const
{
    return function < m_translates.size() && m_translates[function];
}

uint32_t
ServiceChain::FindAddressOwner(uint32_t function, Ipv4Address address) const
{
    auto it = m_owners.find({function, address.Get()});
    if (it == m_owners.end())
    {
        return 0;
    }
    for (uint32_t id : it->second)
    {
        if (m_instances.at(id).node->IsRunning())
        {
            return id;
        }
    }
    return 0;
}

const ServiceChain::InstanceInfo*
ServiceChain::GetInstance(uint32_t id) const
{
    auto it = m_instances.find(id);
    return it == m_instances.end() ? nullptr : &it->second;
}

const std::map<uint32_t, ServiceChain::InstanceInfo>&
ServiceChain::GetAllInstances() const
{
    return m_instances;
}

void
ServiceChain::SetActive(uint32_t id, bool active)
{
    const InstanceInfo* info = GetInstance(id);
    NS_ABORT_MSG_IF(info == nullptr, "unknown instance " << id);
    if (m_membership->SetActive(info->function, id, active))
    {
        NS_LOG_INFO("chain " << m_chainId << " function " << info->function << " instance " << id
                             << (active ? " in service" : " out of service"));
        m_membershipTrace(info->function, id, active);
    }
}

Ptr<MembershipView>
ServiceChain::GetMembership() const
{
    return m_membership;
}

void
ServiceChain::SetDesignatedForwarder(uint32_t function, Ipv4Address locator)
{
    NS_ABORT_MSG_IF(function == 0 || function > GetNFunctions(), "bad function index");
    m_df[function] = locator;
}

Ipv4Address
ServiceChain::GetDesignatedForwarder(uint32_t function) const
{
    return (function == 0 || function > GetNFunctions()) ? Ipv4Address() : m_df[function];
}

uint32_t
ServiceChain::GetSpi(Direction dir) const
{
    return 2u * m_chainId + (dir == Direction::REVERSE ? 1u : 0u);
}

uint8_t
ServiceChain::GetServiceIndex(Direction dir, uint32_t boundary) const
{
    uint32_t done = (dir == Direction::FORWARD) ? boundary : GetNFunctions() - boundary;
    return static_cast<uint8_t>(255 - done);
}

bool
ServiceChain::Locate(uint32_t spi, uint8_t si, Direction& dir, uint32_t& boundary) const
{
    if (spi != GetSpi(Direction::FORWARD) && spi != GetSpi(Direction::REVERSE))
    {
        return false;
    }
    uint32_t done = 255u - si;
    if (done > GetNFunctions())
    {
        return false;
    }
    dir = (spi == GetSpi(Direction::FORWARD)) ? Direction::FORWARD : Direction::REVERSE;
    boundary = (dir == Direction::FORWARD) ? done : GetNFunctions() - done;
    return true;
}

} // namespace sfc
} // namespace ns3
