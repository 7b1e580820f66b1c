/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "subset-assigner.h"

#include "ns3/abort.h"
#include "ns3/enum.h"
#include "ns3/hash.h"
#include "ns3/log.h"
#include "ns3/maglev-table.h"
#include "ns3/sfc-ns3-compat.h"
#include "ns3/uinteger.h"

namespace ns3
{
namespace sfc
{

NS_LOG_COMPONENT_DEFINE("SfcSubsetAssigner");

namespace
{
/// murmur3 over two 32-bit words in network byte order (the same on every platform)
uint32_t
HashWords(uint32_t a, uint32_t b)
{
    char bytes[8];
    for (int i = 0; i < 4; ++i)
    {
        bytes[i] = static_cast<char>(a >> (24 - 8 * i));
        bytes[4 + i] = static_cast<char>(b >> (24 - 8 * i));
    }
    return Hash32(bytes, sizeof(bytes));
}
} // namespace

NS_OBJECT_ENSURE_REGISTERED(SubsetAssigner);

TypeId
SubsetAssigner::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sfc::SubsetAssigner")
            .SetParent<Object>()
            .SetGroupName("Sfc")
            .AddConstructor<SubsetAssigner>()
            .AddAttribute("NumSubsets",
                          "Number K of query subsets (must match the vPlanes' "
                          "QuerySubsetFunction).",
                          UintegerValue(1024),
                          MakeUintegerAccessor(&SubsetAssigner::m_numSubsets),
                          MakeUintegerChecker<uint32_t>(1, QuerySubsetFunction::kMaxSubsets))
            .AddAttribute("Algorithm",
                          "Consistent hashing of subsets onto vPlanes.",
                          EnumValue(SubsetAssigner::RENDEZVOUS),
                          MakeEnumAccessorOf<Algorithm>(&SubsetAssigner::m_algorithm),
                          MakeEnumChecker(SubsetAssigner::MAGLEV,
                                          "maglev",
                                          SubsetAssigner::RENDEZVOUS,
                                          "rendezvous"))
            .AddAttribute("MaglevSize",
                          "Maglev table size (a prime >= NumSubsets); 0 = the smallest such "
                          "prime.",
                          UintegerValue(0),
                          MakeUintegerAccessor(&SubsetAssigner::m_maglevSize),
                          MakeUintegerChecker<uint32_t>())
            .AddTraceSource("MapChanged",
                            "A new subset map (old map, new map).",
                            MakeTraceSourceAccessor(&SubsetAssigner::m_mapChanged),
                            "ns3::sfc::SubsetAssigner::MapChangedTracedCallback");
    return tid;
}

SubsetAssigner::SubsetAssigner()
    : m_numSubsets(1024),
      m_algorithm(RENDEZVOUS),
      m_maglevSize(0)
{
    NS_LOG_FUNCTION(this);
}

SubsetAssigner::~SubsetAssigner()
{
    NS_LOG_FUNCTION(this);
}

uint32_t
SubsetAssigner::NextPrime(uint32_t n)
{
    while (!MaglevTable::IsPrime(n))
    {
        n++;
    }
    return n;
}

SubsetMap
SubsetAssigner::Compute(Algorithm algorithm,
                        const std::set<Ipv4Address>& vplanes,
                        uint32_t numSubsets,
                        uint32_t maglevSize,
                        uint32_t epoch)
{
    std::vector<Ipv4Address> list(vplanes.begin(), vplanes.end());
    SubsetMap map(epoch, list, numSubsets);
    if (list.empty())
    {
        return map;
    }
    if (algorithm == MAGLEV)
    {
        uint32_t m = maglevSize == 0 ? NextPrime(numSubsets) : maglevSize;
        NS_ABORT_MSG_IF(m < numSubsets || !MaglevTable::IsPrime(m),
                        "MaglevSize must be a prime >= NumSubsets, got " << m);
        std::vector<uint32_t> ids;
        ids.reserve(list.size());
        for (const auto& v : list)
        {
            ids.push_back(v.Get());
        }
        MaglevTable table(m);
        table.BuildFromIds(ids);
        // A table of about K slots: subset s is slot s (Maglev's balance carries over).
        // A larger table: subset s is slot murmur3(s) mod M (contiguous slots of a large
        // table are not a fair sample of it).
        const bool compact = m < 2 * numSubsets;
        for (uint32_t s = 0; s < numSubsets; ++s)
        {
            uint32_t slot = compact ? s : HashWords(s, 0x6d61676c) % m;
            map.SetIndex(s, static_cast<uint16_t>(table.GetEntries()[slot]));
        }
        return map;
    }
    // Rendezvous: the highest murmur3(subset, vPlane) wins; ties go to the lower address.
    for (uint32_t s = 0; s < numSubsets; ++s)
    {
        uint32_t best = 0;
        uint16_t bestIndex = 0;
        for (uint16_t i = 0; i < list.size(); ++i)
        {
            uint32_t w = HashWords(s, list[i].Get());
            if (i == 0 || w > best)
            {
                best = w;
                bestIndex = i;
            }
        }
        map.SetIndex(s, bestIndex);
    }
    return map;
}

void
SubsetAssigner::Recompute()
{
    SubsetMap before = m_map;
    m_map = Compute(m_algorithm, m_vplanes, m_numSubsets, m_maglevSize, before.GetEpoch() + 1);
    NS_LOG_INFO("subset map epoch " << m_map.GetEpoch() << ": " << m_vplanes.size() << " vPlanes, "
                                    << SubsetMap::Moved(before, m_map).size() << " subsets moved");
    m_mapChanged(before, m_map);
}

const SubsetMap&
SubsetAssigner::Join(Ipv4Address vplane)
{
    NS_LOG_FUNCTION(this << vplane);
    if (m_vplanes.insert(vplane).second)
    {
        Recompute();
    }
    return m_map;
}

const SubsetMap&
SubsetAssigner::Leave(Ipv4Address vplane)
{
    NS_LOG_FUNCTION(this << vplane);
    if (m_vplanes.erase(vplane) > 0)
    {
        Recompute();
    }
    return m_map;
}

const SubsetMap&
SubsetAssigner::SetVplanes(const std::vector<Ipv4Address>& vplanes)
{
    NS_LOG_FUNCTION(this << vplanes.size());
    m_vplanes = std::set<Ipv4Address>(vplanes.begin(), vplanes.end());
    Recompute();
    return m_map;
}

const SubsetMap&
SubsetAssigner::GetMap() const
{
    return m_map;
}

const std::set<Ipv4Address>&
SubsetAssigner::GetVplanes() const
{
    return m_vplanes;
}

} // namespace sfc
} // namespace ns3
