/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "owner-rule.h"

#include "ns3/boolean.h"
#include "ns3/log.h"

namespace ns3
{
namespace sfc
{

NS_LOG_COMPONENT_DEFINE("SfcOwnerRule");
NS_OBJECT_ENSURE_REGISTERED(OwnerRule);

const char*
OwnerCaseName(OwnerCase c)
{
    switch (c)
    {
    case OwnerCase::BOTH_RESOLVABLE:
        return "both";
    case OwnerCase::SOURCE_ONLY:
        return "source-only";
    case OwnerCase::DESTINATION_ONLY:
        return "destination-only";
    case OwnerCase::UNRESOLVED:
        return "unresolved";
    }
    return "?";
}

std::ostream&
operator<<(std::ostream& os, OwnerCase c)
{
    os << OwnerCaseName(c);
    return os;
}

TypeId
OwnerRule::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sfc::OwnerRule")
            .SetParent<Object>()
            .SetGroupName("Sfc")
            .AddConstructor<OwnerRule>()
            .AddAttribute("PreferHigher",
                          "When both ends of a flow resolve to hosts, the host with the higher "
                          "underlay address owns it (claims 11, 15) instead of the lower one "
                          "(claims 1, 17).",
                          BooleanValue(false),
                          MakeBooleanAccessor(&OwnerRule::m_preferHigher),
                          MakeBooleanChecker());
    return tid;
}

OwnerRule::OwnerRule()
    : m_preferHigher(false)
{
    NS_LOG_FUNCTION(this);
}

OwnerRule::~OwnerRule()
{
    NS_LOG_FUNCTION(this);
}

OwnerDecision
OwnerRule::Decide(const Resolution& source, const Resolution& destination, bool preferHigher)
{
    OwnerDecision d;
    d.source = source;
    d.destination = destination;
    if (source.resolvable && destination.resolvable)
    {
        d.kind = OwnerCase::BOTH_RESOLVABLE;
        bool sourceLower = source.host.Get() <= destination.host.Get();
        d.owner = (sourceLower != preferHigher) ? source.host : destination.host;
        if (source.host == destination.host)
        {
            d.owner = source.host;
        }
    }
    else if (source.resolvable)
    {
        d.kind = OwnerCase::SOURCE_ONLY;
        d.owner = source.host;
    }
    else if (destination.resolvable)
    {
        d.kind = OwnerCase::DESTINATION_ONLY;
        d.owner = destination.host;
    }
    return d;
}

OwnerDecision
OwnerRule::Select(const VnetFlowKey& key, const TranslationTable& table) const
{
    OwnerDecision d =
        Decide(table.Resolve(key.Source()), table.Resolve(key.Destination()), m_preferHigher);
    NS_LOG_LOGIC(key << " -> " << d.kind << " " << d.owner);
    return d;
}

void
OwnerRule::SetPreferHigher(bool preferHigher)
{
    m_preferHigher = preferHigher;
}

bool
OwnerRule::GetPreferHigher() const
{
    return m_preferHigher;
}

} // namespace sfc
} // namespace ns3
