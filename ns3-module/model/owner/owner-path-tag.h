/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_OWNER_PATH_TAG_H
#define SFC_OWNER_PATH_TAG_H

#include "ns3/nstime.h"
#include "ns3/tag.h"

#include <cstdint>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief Measurement tag a packet carries from the vPlane it enters to the
 *        vPlane that delivers it: when it entered and how many fabric links
 *        its overlay legs crossed. A simulation instrument, not on the wire
 *        (a packet tag: no bytes, no effect on forwarding).
 */
class OwnerPathTag : public Tag
{
  public:
    /// \return the TypeId
    static TypeId GetTypeId();
    TypeId GetInstanceTypeId() const override;
    uint32_t GetSerializedSize() const override;
    void Serialize(TagBuffer i) const override;
    void Deserialize(TagBuffer i) override;
    void Print(std::ostream& os) const override;

    Time entered;      //!< when the packet entered the first vPlane
    uint32_t links{0}; //!< fabric links crossed by its overlay legs
    uint32_t legs{0};  //!< overlay legs (vPlane to vPlane)
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_OWNER_PATH_TAG_H */
