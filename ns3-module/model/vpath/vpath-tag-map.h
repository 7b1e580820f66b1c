/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_VPATH_TAG_MAP_H
#define SFC_VPATH_TAG_MAP_H

#include <cstdint>
#include <map>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief The tags of an agentless service node's switch ports: per policy
 *        (chain id) an input tag and an output tag (seed 004: t1 and t2).
 *
 * Forward traffic of a policy enters the node on the input tag and comes
 * back on the output tag; return traffic enters on the output tag and comes
 * back on the input tag (a bump in the wire with an inside and an outside
 * port). A tag names one port, so it belongs to one policy and one side.
 */
class VpathTagMap
{
  public:
    /// The two tags of one policy
    struct TagPair
    {
        uint16_t inTag{0};  //!< input tag
        uint16_t outTag{0}; //!< output tag
    };

    /**
     * \brief Tag a pair of ports with a policy.
     * \param policy policy (chain) id
     * \param inTag input tag
     * \param outTag output tag
     * \return false if the policy is tagged already, a tag is in use or
     *         the two tags are equal
     */
    bool Add(uint32_t policy, uint16_t inTag, uint16_t outTag);
    /// \param policy a policy \return true if it was removed
    bool Remove(uint32_t policy);
    /// \param policy a policy id \return its tags, or nullptr
    const TagPair* ForPolicy(uint32_t policy) const;
    /**
     * \brief Which policy and side a tag belongs to.
     * \param tag a tag
     * \param policy receives the policy
     * \param isOutput receives true for an output tag
     * \return false if the tag is unknown
     */
    bool FromTag(uint16_t tag, uint32_t& policy, bool& isOutput) const;
    /// \return number of policies
    uint32_t GetSize() const;
    /// \return policy -> tags, in policy order
    const std::map<uint32_t, TagPair>& GetPolicies() const;

  private:
    std::map<uint32_t, TagPair> m_byPolicy; //!< policy -> tags
    /// tag -> (policy, output?)
    std::map<uint16_t, std::pair<uint32_t, bool>> m_byTag;
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_VPATH_TAG_MAP_H */
