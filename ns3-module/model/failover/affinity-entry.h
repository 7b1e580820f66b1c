/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_AFFINITY_ENTRY_H
#define SFC_AFFINITY_ENTRY_H

#include "action-segments.h"
#include "affinity-segments.h"

#include "ns3/flow-key.h"
#include "ns3/ipv4-address.h"
#include "ns3/nstime.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace ns3
{
namespace sfc
{

/// Dispatch flag of an affinity (FIG. 6/7)
constexpr uint8_t kAffinityDispatch = 0x01;
/// Information flag of an affinity (FIG. 6/7)
constexpr uint8_t kAffinityInformation = 0x02;

/**
 * \ingroup sfc
 * \brief Service and backup precedence of an affinity.
 *
 * Among several affinities matching a packet, the one with the best
 * service precedence wins (higher or lower value first, per the search
 * order flag of FIG. 10B); among equal service precedences, the lowest
 * backup precedence value wins (seed 002).
 */
struct Precedence
{
    uint16_t service{0};    //!< service precedence value
    bool higherFirst{true}; //!< search order: a higher value is a better precedence
    uint16_t backup{0};     //!< backup precedence (lower is preferred)

    /// \return the service precedence on one scale where larger is better
    uint32_t ServiceRank() const
    {
        return higherFirst ? service : 0xffffu - service;
    }

    /// \param o other \return true if this precedence is strictly better than o
    bool BetterThan(const Precedence& o) const
    {
        if (ServiceRank() != o.ServiceRank())
        {
            return ServiceRank() > o.ServiceRank();
        }
        return backup < o.backup;
    }

    /// \param o other \return true if both identify the same registration
    bool operator==(const Precedence& o) const
    {
        return service == o.service && higherFirst == o.higherFirst && backup == o.backup;
    }
};

/// Actions attached to an affinity
struct AffinityActions
{
    std::optional<NatAction> nat;             //!< NAT
    std::optional<SeqAdjustAction> seqAdjust; //!< sequence number adjust
    std::optional<InterestCriteria> interest; //!< interest criteria
    std::optional<AdvertiseAction> advertise; //!< advertise (wildcards)
};

/**
 * \ingroup sfc
 * \brief A fixed affinity (FIG. 6): one exact 5-tuple (the affinity key).
 */
struct FixedAffinity
{
    uint8_t flags{0};                           //!< dispatch / information flags
    FlowKey key;                                //!< the affinity key
    Ipv4Address forward{Ipv4Address::GetAny()}; //!< forward address
    uint32_t ttlMs{0};                          //!< time to live (ms)
};

/// What every cached affinity carries besides its filter
struct AffinityEntryBase
{
    Precedence precedence;   //!< service / backup precedence
    AffinityActions actions; //!< attached actions
    Ipv4Address sender{
        Ipv4Address::GetAny()};          //!< who sent it (interest matches go there by default)
    std::vector<uint8_t> smInterestData; //!< service manager interest data to echo
    Time expiry;                         //!< when it stops being valid
};

/// A cached wildcard affinity
struct WildcardEntry : AffinityEntryBase
{
    WildcardAffinity affinity; //!< the filter
};

/// A cached fixed affinity
struct FixedEntry : AffinityEntryBase
{
    FixedAffinity affinity;           //!< the affinity
    bool dataSeen{false};             //!< a data packet was seen (FIRST_DATA interest)
    bool finSeen{false};              //!< a FIN or RST was seen (service managers)
    std::vector<Ipv4Address> holders; //!< agents it was sent to (service managers)
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_AFFINITY_ENTRY_H */
