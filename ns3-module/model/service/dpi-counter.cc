/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "dpi-counter.h"

namespace ns3
{
namespace sfc
{

NS_OBJECT_ENSURE_REGISTERED(DpiCounter);

TypeId
DpiCounter::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sfc::DpiCounter")
                            .SetParent<ServiceNode>()
                            .SetGroupName("Sfc")
                            .AddConstructor<DpiCounter>();
    return tid;
}

DpiCounter::DpiCounter()
    : m_packets{0, 0},
      m_bytes{0, 0}
{
}

DpiCounter::~DpiCounter() = default;

std::string
DpiCounter::GetFunctionType() const
{
    return "dpi";
}

uint64_t
DpiCounter::GetPackets(Direction dir) const
{
    return m_packets[static_cast<uint8_t>(dir)];
}

uint64_t
DpiCounter::GetBytes(Direction dir) const
{
    return m_bytes[static_cast<uint8_t>(dir)];
}

bool
DpiCounter::DoProcess(Ptr<Packet> packet,
                      InnerPacketInfo& /* info */,
                      Direction dir,
                      DropReason& /* reason */)
{
    m_packets[static_cast<uint8_t>(dir)]++;
    m_bytes[static_cast<uint8_t>(dir)] += packet->GetSize();
    return true;
}

} // namespace sfc
} // namespace ns3
