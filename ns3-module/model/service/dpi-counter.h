/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_DPI_COUNTER_H
#define SFC_DPI_COUNTER_H

#include "service-node.h"

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief A stateless inspection function: counts packets and bytes per
 *        direction and never drops.
 *
 * It stands for functions that hold no per-flow state (a DPI probe in
 * monitoring mode, a counter): whichever instance a packet reaches can
 * process it, so misrouted packets do not break anything here. Stickiness is
 * still measured for it.
 */
class DpiCounter : public ServiceNode
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    DpiCounter();
    ~DpiCounter() override;

    std::string GetFunctionType() const override;

    /// \param dir direction \return packets inspected in that direction
    uint64_t GetPackets(Direction dir) const;
    /// \param dir direction \return bytes inspected in that direction
    uint64_t GetBytes(Direction dir) const;

  protected:
    bool DoProcess(Ptr<Packet> packet,
                   InnerPacketInfo& info,
                   Direction dir,
                   DropReason& reason) override;

  private:
    uint64_t m_packets[2]; //!< per direction
    uint64_t m_bytes[2];   //!< per direction
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_DPI_COUNTER_H */
