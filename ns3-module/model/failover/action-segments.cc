/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "action-segments.h"

#include <algorithm>

namespace ns3
{

namespace sfc
{

NS_OBJECT_ENSURE_REGISTERED(NatActionSegment);
NS_OBJECT_ENSURE_REGISTERED(AdvertiseActionSegment);
NS_OBJECT_ENSURE_REGISTERED(SeqAdjustActionSegment);
NS_OBJECT_ENSURE_REGISTERED(InterestCriteriaSegment);
NS_OBJECT_ENSURE_REGISTERED(ActionListSegment);

// ---- NatAction ---------------------------------------------------------------

FlowKey
NatAction::Apply(const FlowKey& k) const
{
    FlowKey out = k;
    if (source != Ipv4Address::GetAny())
    {
        out.src = source;
    }
    if (destination != Ipv4Address::GetAny())
    {
        out.dst = destination;
    }
    if (sourcePort != 0)
    {
        out.sport = sourcePort;
    }
    if (destinationPort != 0)
    {
        out.dport = destinationPort;
    }
    return out;
}

// ---- NatActionSegment --------------------------------------------------------

TypeId
NatActionSegment::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sfc::NatActionSegment")
                            .SetParent<ServiceSegment>()
                            .SetGroupName("Sfc")
                            .AddConstructor<NatActionSegment>();
    return tid;
}

TypeId
NatActionSegment::GetInstanceTypeId() const
{
    return GetTypeId();
}

NatActionSegment::NatActionSegment()
    : ServiceSegment(SegmentType::ACTION_NAT, true, kDataSize)
{
}

uint32_t
NatActionSegment::GetDataSize() const
{
    return kDataSize;
}

void
NatActionSegment::SerializeData(Buffer::Iterator& i) const
{
    WriteAddress(i, action.source);
    WriteAddress(i, action.destination);
    i.WriteHtonU16(action.sourcePort);
    i.WriteHtonU16(action.destinationPort);
}

void
NatActionSegment::DeserializeData(Buffer::Iterator& i, uint32_t /* size */)
{
    action.source = ReadAddress(i);
    action.destination = ReadAddress(i);
    action.sourcePort = i.ReadNtohU16();
    action.destinationPort = i.ReadNtohU16();
}

void
NatActionSegment::PrintData(std::ostream& os) const
{
    os << "nat src=" << action.source << ":" << action.sourcePort << " dst=" << action.destination
       << ":" << action.destinationPort;
}

// ---- AdvertiseActionSegment --------------------------------------------------

TypeId
AdvertiseActionSegment::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sfc::AdvertiseActionSegment")
                            .SetParent<ServiceSegment>()
                            .SetGroupName("Sfc")
                            .AddConstructor<AdvertiseActionSegment>();
    return tid;
}

TypeId
AdvertiseActionSegment::GetInstanceTypeId() const
{
    return GetTypeId();
}

AdvertiseActionSegment::AdvertiseActionSegment()
    : ServiceSegment(SegmentType::ACTION_ADVERTISE, true, kDataSize)
{
}

uint32_t
AdvertiseActionSegment::GetDataSize() const
{
    return kDataSize;
}

void
AdvertiseActionSegment::SerializeData(Buffer::Iterator& i) const
{
    WriteAddress(i, action.address);
    i.WriteHtonU32(action.mask.Get());
}

void
AdvertiseActionSegment::DeserializeData(Buffer::Iterator& i, uint32_t /* size */)
{
    action.address = ReadAddress(i);
    action.mask = Ipv4Mask(i.ReadNtohU32());
}

void
AdvertiseActionSegment::PrintData(std::ostream& os) const
{
    os << "advertise " << action.address << "/" << action.mask;
}

// ---- SeqAdjustActionSegment --------------------------------------------------

TypeId
SeqAdjustActionSegment::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sfc::SeqAdjustActionSegment")
                            .SetParent<ServiceSegment>()
                            .SetGroupName("Sfc")
                            .AddConstructor<SeqAdjustActionSegment>();
    return tid;
}

TypeId
SeqAdjustActionSegment::GetInstanceTypeId() const
{
    return GetTypeId();
}

SeqAdjustActionSegment::SeqAdjustActionSegment()
    : ServiceSegment(SegmentType::ACTION_SEQ_ADJUST, true, kDataSize)
{
}

uint32_t
SeqAdjustActionSegment::GetDataSize() const
{
    return kDataSize;
}

void
SeqAdjustActionSegment::SerializeData(Buffer::Iterator& i) const
{
    i.WriteHtonU32(static_cast<uint32_t>(action.seqDelta));
    i.WriteHtonU32(action.initialSeq);
    i.WriteHtonU32(static_cast<uint32_t>(action.ackDelta));
    i.WriteHtonU32(action.initialAck);
}

void
SeqAdjustActionSegment::DeserializeData(Buffer::Iterator& i, uint32_t /* size */)
{
    action.seqDelta = static_cast<int32_t>(i.ReadNtohU32());
    action.initialSeq = i.ReadNtohU32();
    action.ackDelta = static_cast<int32_t>(i.ReadNtohU32());
    action.initialAck = i.ReadNtohU32();
}

void
SeqAdjustActionSegment::PrintData(std::ostream& os) const
{
    os << "seq-adjust seq+" << action.seqDelta << " from " << action.initialSeq << " ack+"
       << action.ackDelta << " from " << action.initialAck;
}

// ---- InterestCriteriaSegment -------------------------------------------------

TypeId
InterestCriteriaSegment::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sfc::InterestCriteriaSegment")
                            .SetParent<ServiceSegment>()
                            .SetGroupName("Sfc")
                            .AddConstructor<InterestCriteriaSegment>();
    return tid;
}

TypeId
InterestCriteriaSegment::GetInstanceTypeId() const
{
    return GetTypeId();
}

InterestCriteriaSegment::InterestCriteriaSegment()
    : ServiceSegment(SegmentType::ACTION_INTEREST_CRITERIA, true, kDataSize)
{
}

uint32_t
InterestCriteriaSegment::GetDataSize() const
{
    return kDataSize;
}

void
InterestCriteriaSegment::SerializeData(Buffer::Iterator& i) const
{
    WriteAddress(i, criteria.address);
    i.WriteHtonU16(criteria.port);
    i.WriteHtonU16(criteria.mask);
    i.WriteHtonU16(criteria.dataFlag);
    i.WriteHtonU16(criteria.copyFlag);
    i.WriteHtonU16(criteria.holdFlag);
    i.WriteU16(0);
}

void
InterestCriteriaSegment::DeserializeData(Buffer::Iterator& i, uint32_t /* size */)
{
    criteria.address = ReadAddress(i);
    criteria.port = i.ReadNtohU16();
    criteria.mask = i.ReadNtohU16();
    criteria.dataFlag = i.ReadNtohU16();
    criteria.copyFlag = i.ReadNtohU16();
    criteria.holdFlag = i.ReadNtohU16();
}

void
InterestCriteriaSegment::PrintData(std::ostream& os) const
{
    os << "interest " << criteria.address << ":" << criteria.port << std::hex << " criteria.mask=0x"
       << criteria.mask << " data=0x" << criteria.dataFlag << " copy=0x" << criteria.copyFlag
       << " hold=0x" << criteria.holdFlag << std::dec;
}

// ---- ActionListSegment -------------------------------------------------------

TypeId
ActionListSegment::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sfc::ActionListSegment")
                            .SetParent<ServiceSegment>()
                            .SetGroupName("Sfc")
                            .AddConstructor<ActionListSegment>();
    return tid;
}

TypeId
ActionListSegment::GetInstanceTypeId() const
{
    return GetTypeId();
}

ActionListSegment::ActionListSegment()
    : ServiceSegment(SegmentType::ACTION_LIST, true)
{
}

uint32_t
ActionListSegment::GetDataSize() const
{
    return 2 * static_cast<uint32_t>(std::min<std::size_t>(actions.size(), kMaxActions));
}

void
ActionListSegment::SerializeData(Buffer::Iterator& i) const
{
    std::size_t n = std::min<std::size_t>(actions.size(), kMaxActions);
    for (std::size_t k = 0; k < n; ++k)
    {
        i.WriteHtonU16(actions[k]);
    }
}

void
ActionListSegment::DeserializeData(Buffer::Iterator& i, uint32_t size)
{
    actions.clear();
    for (uint32_t k = 0; k + 1 < size; k += 2)
    {
        actions.push_back(i.ReadNtohU16());
    }
}

void
ActionListSegment::PrintData(std::ostream& os) const
{
    os << "action list";
    for (uint16_t a : actions)
    {
        os << " " << a;
    }
}

} // namespace sfc
} // namespace ns3
