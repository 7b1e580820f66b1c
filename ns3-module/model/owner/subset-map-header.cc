/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "subset-map-header.h"

#include "ns3/abort.h"

namespace ns3
{
namespace sfc
{

NS_OBJECT_ENSURE_REGISTERED(SubsetMapHeader);

SubsetMapHeader::SubsetMapHeader()
    : m_txid(0),
      m_map(0, {}, 1),
      m_valid(true)
{
}

TypeId
SubsetMapHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sfc::SubsetMapHeader")
                            .SetParent<Header>()
                            .SetGroupName("Sfc")
                            .AddConstructor<SubsetMapHeader>();
    return tid;
}

TypeId
SubsetMapHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

uint32_t
SubsetMapHeader::SizeFor(uint32_t k, uint32_t v)
{
    return kFixedSize + 4 * v + 2 * k + ((k % 2) ? 2 : 0);
}

uint32_t
SubsetMapHeader::GetSerializedSize() const
{
    return SizeFor(m_map.GetNSubsets(), static_cast<uint32_t>(m_map.GetVplanes().size()));
}

void
SubsetMapHeader::Serialize(Buffer::Iterator start) const
{
    uint32_t k = m_map.GetNSubsets();
    const auto& vplanes = m_map.GetVplanes();
    start.WriteU8(kVersion);
    start.WriteU8(kType);
    start.WriteU16(0);
    start.WriteHtonU32(m_txid);
    start.WriteHtonU32(m_map.GetEpoch());
    start.WriteHtonU16(static_cast<uint16_t>(k));
    start.WriteHtonU16(static_cast<uint16_t>(vplanes.size()));
    for (const auto& v : vplanes)
    {
        start.WriteHtonU32(v.Get());
    }
    for (uint32_t s = 0; s < k; ++s)
    {
        start.WriteHtonU16(m_map.GetIndex(s));
    }
    if (k % 2)
    {
        start.WriteU16(0);
    }
}

uint32_t
SubsetMapHeader::Deserialize(Buffer::Iterator start)
{
    m_valid = false;
    const uint32_t available = start.GetRemainingSize();
    if (available < kFixedSize)
    {
        return 0;
    }
    uint8_t version = start.ReadU8();
    uint8_t type = start.ReadU8();
    uint16_t reserved = start.ReadU16();
    uint32_t txid = start.ReadNtohU32();
    uint32_t epoch = start.ReadNtohU32();
    uint32_t k = start.ReadNtohU16();
    uint32_t v = start.ReadNtohU16();
    if (version != kVersion || type != kType || reserved != 0 || k == 0 ||
        k > QuerySubsetFunction::kMaxSubsets || v > kMaxVplanes)
    {
        return 0;
    }
    // The counts are only trusted once the bytes behind them are known to be there.
    const uint32_t size = SizeFor(k, v);
    if (available < size)
    {
        return 0;
    }
    std::vector<Ipv4Address> vplanes;
    vplanes.reserve(v);
    for (uint32_t i = 0; i < v; ++i)
    {
        uint32_t a = start.ReadNtohU32();
        if (i > 0 && a <= vplanes.back().Get())
        {
            return 0;
        }
        vplanes.emplace_back(a);
    }
    SubsetMap map(epoch, vplanes, k);
    for (uint32_t s = 0; s < k; ++s)
    {
        if (!map.SetIndex(s, start.ReadNtohU16()))
        {
            return 0;
        }
    }
    if ((k % 2) && start.ReadU16() != 0)
    {
        return 0;
    }
    m_txid = txid;
    m_map = std::move(map);
    m_valid = true;
    return size;
}

void
SubsetMapHeader::Print(std::ostream& os) const
{
    uint32_t assigned = 0;
    for (uint32_t s = 0; s < m_map.GetNSubsets(); ++s)
    {
        assigned += m_map.GetIndex(s) != SubsetMap::kUnassigned;
    }
    os << "owner-subset-map tx=" << m_txid << " epoch=" << m_map.GetEpoch()
       << " subsets=" << m_map.GetNSubsets() << " vplanes=" << m_map.GetVplanes().size()
       << " assigned=" << assigned;
}

void
SubsetMapHeader::SetTransaction(uint32_t id)
{
    m_txid = id;
}

uint32_t
SubsetMapHeader::GetTransaction() const
{
    return m_txid;
}

void
SubsetMapHeader::SetMap(const SubsetMap& map)
{
    NS_ABORT_MSG_IF(map.GetNSubsets() == 0 || map.GetNSubsets() > QuerySubsetFunction::kMaxSubsets,
                    "subset map must have 1.." << QuerySubsetFunction::kMaxSubsets << " subsets");
    NS_ABORT_MSG_IF(map.GetVplanes().size() > kMaxVplanes,
                    "subset map carries at most " << kMaxVplanes << " vPlanes");
    m_map = map;
}

const SubsetMap&
SubsetMapHeader::GetMap() const
{
    return m_map;
}

bool
SubsetMapHeader::IsValid() const
{
    return m_valid;
}

} // namespace sfc
} // namespace ns3
