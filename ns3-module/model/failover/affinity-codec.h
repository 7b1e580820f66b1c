/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_AFFINITY_CODEC_H
#define SFC_AFFINITY_CODEC_H

#include "affinity-entry.h"
#include "service-message.h"

#include "ns3/ipv4-address.h"

#include <memory>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief Conversions between affinities and the segments of a service message.
 */
class AffinityCodec
{
  public:
    /// \param a affinity \return its segment
    static std::shared_ptr<WildcardAffinitySegment> ToSegment(const WildcardAffinity& a);
    /// \param a affinity \return its segment
    static std::shared_ptr<FixedAffinitySegment> ToSegment(const FixedAffinity& a);
    /// \param s segment \return the affinity
    static WildcardAffinity FromSegment(const WildcardAffinitySegment& s);
    /// \param s segment \return the affinity
    static FixedAffinity FromSegment(const FixedAffinitySegment& s);

    /**
     * \brief Append the precedence and action segments of an entry.
     * \param msg message to extend
     * \param e entry
     */
    static void AddCommon(ServiceMessage& msg, const AffinityEntryBase& e);
    /**
     * \brief Read precedence, actions and service manager interest data.
     * \param msg a parsed message
     * \param e entry to fill
     */
    static void ReadCommon(const ServiceMessage& msg, AffinityEntryBase& e);

    /**
     * \brief The wildcard entry a message carries: its first wildcard
     *        affinity segment and ReadCommon().
     * \param msg a parsed message with a wildcard affinity segment
     * \param sender who sent it
     * \return the entry
     */
    static WildcardEntry ReadWildcardEntry(const ServiceMessage& msg, Ipv4Address sender);
    /**
     * \brief The fixed entry a message carries: its first fixed affinity
     *        segment and ReadCommon().
     * \param msg a parsed message with a fixed affinity segment
     * \param sender who sent it
     * \return the entry
     */
    static FixedEntry ReadFixedEntry(const ServiceMessage& msg, Ipv4Address sender);
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_AFFINITY_CODEC_H */
