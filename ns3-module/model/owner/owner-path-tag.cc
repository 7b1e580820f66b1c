/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "owner-path-tag.h"

namespace ns3
{
namespace sfc
{

NS_OBJECT_ENSURE_REGISTERED(OwnerPathTag);

TypeId
OwnerPathTag::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sfc::OwnerPathTag")
                            .SetParent<Tag>()
                            .SetGroupName("Sfc")
                            .AddConstructor<OwnerPathTag>();
    return tid;
}

TypeId
OwnerPathTag::GetInstanceTypeId() const
{
    return GetTypeId();
}

uint32_t
OwnerPathTag::GetSerializedSize() const
{
    return 16;
}

void
OwnerPathTag::Serialize(TagBuffer i) const
{
    i.WriteU64(static_cast<uint64_t>(entered.GetTimeStep()));
    i.WriteU32(links);
    i.WriteU32(legs);
}

void
OwnerPathTag::Deserialize(TagBuffer i)
{
    entered = TimeStep(static_cast<int64_t>(i.ReadU64()));
    links = i.ReadU32();
    legs = i.ReadU32();
}

void
OwnerPathTag::Print(std::ostream& os) const
{
    os << "entered=" << entered.As(Time::US) << " links=" << links << " legs=" << legs;
}

} // namespace sfc
} // namespace ns3
