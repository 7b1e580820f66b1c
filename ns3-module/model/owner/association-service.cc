/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "association-service.h"

#include "ns3/boolean.h"
#include "ns3/log.h"
#include "ns3/pointer.h"

namespace ns3
{
namespace sfc
{

NS_LOG_COMPONENT_DEFINE("SfcAssociationService");
NS_OBJECT_ENSURE_REGISTERED(AssociationService);

TypeId
AssociationService::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sfc::AssociationService")
            .SetParent<Object>()
            .SetGroupName("Sfc")
            .AddConstructor<AssociationService>()
            .AddAttribute("SelectPortForward",
                          "For a new flow to a port-forwarded public address with no "
                          "association, select the DNAT target's host as its owner (otherwise "
                          "answer that no owner is known).",
                          BooleanValue(true),
                          MakeBooleanAccessor(&AssociationService::m_select),
                          MakeBooleanChecker())
            .AddAttribute("Store",
                          "The association store.",
                          PointerValue(),
                          MakePointerAccessor(&AssociationService::m_store),
                          MakePointerChecker<AssociationStore>());
    return tid;
}

AssociationService::AssociationService()
    : m_select(true),
      m_store(CreateObject<AssociationStore>()),
      m_selections(0),
      m_answered(0),
      m_unanswered(0)
{
}

AssociationService::~AssociationService() = default;

void
AssociationService::DoDispose()
{
    if (m_store)
    {
        m_store->Clear();
    }
    m_store = nullptr;
    m_table = nullptr;
    Object::DoDispose();
}

void
AssociationService::SetTranslationTable(Ptr<TranslationTable> table)
{
    m_table = table;
}

void
AssociationService::AddPortForward(const PortForwardRule& rule)
{
    m_rules[RuleKey{rule.publicAddress.Get(), rule.publicPort, rule.protocol}] = rule;
}

Ptr<AssociationStore>
AssociationService::GetStore() const
{
    return m_store;
}

bool
AssociationService::MatchPortForward(const VnetFlowKey& key, VnetEndpoint& target) const
{
    if (key.vnet != 0)
    {
        return false;
    }
    auto it = m_rules.find(RuleKey{key.tuple.dst.Get(), key.tuple.dport, key.tuple.protocol});
    if (it == m_rules.end())
    {
        return false;
    }
    target = it->second.target;
    return true;
}

bool
AssociationService::Answer(const VnetFlowKey& key, Ipv4Address& owner, Association::Origin& origin)
{
    Association a;
    if (m_store->Lookup(key, a))
    {
        owner = a.owner;
        origin = a.origin;
        m_answered++;
        return true;
    }
    VnetEndpoint target;
    if (m_select && m_table && MatchPortForward(key, target))
    {
        Resolution r = m_table->Resolve(target);
        if (r.resolvable && m_store->Register(key, r.host, Time(0), Association::SELECTED) !=
                                AssociationStore::FULL)
        {
            NS_LOG_LOGIC("selects " << r.host << " for " << key);
            owner = r.host;
            origin = Association::SELECTED;
            m_selections++;
            m_answered++;
            return true;
        }
    }
    m_unanswered++;
    return false;
}

AssociationStore::RegisterResult
AssociationService::HandleRegister(const OwnerMessageHeader& h)
{
    Association::Origin origin = (h.GetFlags() & OwnerMessageHeader::FLAG_TRANSFER)
                                     ? Association::TRANSFERRED
                                     : Association::REGISTERED;
    return m_store->Register(h.GetKey(), h.GetOwner(), MilliSeconds(h.GetLifetimeMs()), origin);
}

bool
AssociationService::HandleWithdraw(const OwnerMessageHeader& h)
{
    return m_store->Withdraw(h.GetKey(), h.GetOwner());
}

uint64_t
AssociationService::GetSelections() const
{
    return m_selections;
}

uint64_t
AssociationService::GetAnswered() const
{
    return m_answered;
}

uint64_t
AssociationService::GetUnanswered() const
{
    return m_unanswered;
}

} // namespace sfc
} // namespace ns3
