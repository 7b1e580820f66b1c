/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "affinity-codec.h"

namespace ns3
{
namespace sfc
{

std::shared_ptr<WildcardAffinitySegment>
AffinityCodec::ToSegment(const WildcardAffinity& a)
{
    auto s = std::make_shared<WildcardAffinitySegment>();
    s->affinity = a;
    return s;
}

std::shared_ptr<FixedAffinitySegment>
AffinityCodec::ToSegment(const FixedAffinity& a)
{
    auto s = std::make_shared<FixedAffinitySegment>();
    s->flags = a.flags;
    s->protocol = a.key.protocol;
    s->source = a.key.src;
    s->destination = a.key.dst;
    s->sourcePort = a.key.sport;
    s->destinationPort = a.key.dport;
    s->forward = a.forward;
    s->ttlMs = a.ttlMs;
    return s;
}

WildcardAffinity
AffinityCodec::FromSegment(const WildcardAffinitySegment& s)
{
    return s.affinity;
}

FixedAffinity
AffinityCodec::FromSegment(const FixedAffinitySegment& s)
{
    FixedAffinity a;
    a.flags = s.flags;
    a.key = FlowKey(s.source, s.destination, s.sourcePort, s.destinationPort, s.protocol);
    a.forward = s.forward;
    a.ttlMs = s.ttlMs;
    return a;
}

void
AffinityCodec::AddCommon(ServiceMessage& msg, const AffinityEntryBase& e)
{
    auto sp = std::make_shared<ServicePrecedenceSegment>();
    sp->value = e.precedence.service;
    sp->higherFirst = e.precedence.higherFirst;
    msg.Add(sp);
    auto bp = std::make_shared<BackupPrecedenceSegment>();
    bp->value = e.precedence.backup;
    msg.Add(bp);
    if (e.actions.nat)
    {
        auto s = std::make_shared<NatActionSegment>();
        s->action = *e.actions.nat;
        msg.Add(s);
    }
    if (e.actions.seqAdjust)
    {
        auto s = std::make_shared<SeqAdjustActionSegment>();
        s->action = *e.actions.seqAdjust;
        msg.Add(s);
    }
    if (e.actions.interest)
    {
        auto s = std::make_shared<InterestCriteriaSegment>();
        s->criteria = *e.actions.interest;
        msg.Add(s);
    }
    if (e.actions.advertise)
    {
        auto s = std::make_shared<AdvertiseActionSegment>();
        s->action = *e.actions.advertise;
        msg.Add(s);
    }
    if (!e.smInterestData.empty())
    {
        auto s = std::make_shared<OpaqueSegment>(SegmentType::SM_INTEREST_DATA, false);
        s->data = e.smInterestData;
        msg.Add(s);
    }
}

void
AffinityCodec::ReadCommon(const ServiceMessage& msg, AffinityEntryBase& e)
{
    if (auto s = msg.Find<ServicePrecedenceSegment>())
    {
        e.precedence.service = s->value;
        e.precedence.higherFirst = s->higherFirst;
    }
    if (auto s = msg.Find<BackupPrecedenceSegment>())
    {
        e.precedence.backup = s->value;
    }
    if (auto s = msg.Find<NatActionSegment>())
    {
        e.actions.nat = s->action;
    }
    if (auto s = msg.Find<SeqAdjustActionSegment>())
    {
        e.actions.seqAdjust = s->action;
    }
    if (auto s = msg.Find<InterestCriteriaSegment>())
    {
        e.actions.interest = s->criteria;
    }
    if (auto s = msg.Find<AdvertiseActionSegment>())
    {
        e.actions.advertise = s->action;
    }
    if (auto s = msg.Find(SegmentType::SM_INTEREST_DATA))
    {
        if (auto o = std::dynamic_pointer_cast<OpaqueSegment>(s))
        {
            e.smInterestData = o->data;
        }
    }
}

WildcardEntry
AffinityCodec::ReadWildcardEntry(const ServiceMessage& msg, Ipv4Address sender)
{
    WildcardEntry e;
    e.affinity = FromSegment(*msg.Find<WildcardAffinitySegment>());
    ReadCommon(msg, e);
    e.sender = sender;
    return e;
}

FixedEntry
AffinityCodec::ReadFixedEntry(const ServiceMessage& msg, Ipv4Address sender)
{
    FixedEntry e;
    e.affinity = FromSegment(*msg.Find<FixedAffinitySegment>());
    ReadCommon(msg, e);
    e.sender = sender;
    return e;
}

} // namespace sfc
} // namespace ns3
