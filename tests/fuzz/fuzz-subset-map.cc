/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Fuzz target: SubsetMapHeader::Deserialize (model/owner). Properties:
 * what parses consumed exactly SizeFor(K, V) bytes, at most the bytes
 * present, carries K subsets each unassigned or answered by one of its V
 * vPlanes, and re-serializes to exactly the bytes it consumed.
 */

#include "fuzz-check.h"

#include "ns3/subset-map-header.h"

using namespace ns3::sfc;
using namespace sfcfuzz;

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size)
{
    SubsetMapHeader h;
    uint32_t n = CheckRoundTrip(data, size, h);
    if (n == 0)
    {
        return 0;
    }
    uint32_t k = (uint32_t(data[12]) << 8) | data[13];
    uint32_t v = (uint32_t(data[14]) << 8) | data[15];
    SFC_FUZZ_CHECK(v <= SubsetMapHeader::kMaxVplanes);
    SFC_FUZZ_CHECK(n == SubsetMapHeader::SizeFor(k, v));
    const SubsetMap& map = h.GetMap();
    SFC_FUZZ_CHECK(map.GetNSubsets() == k && map.GetVplanes().size() == v);
    for (uint32_t s = 0; s < k; ++s)
    {
        uint16_t index = map.GetIndex(s);
        SFC_FUZZ_CHECK(index == SubsetMap::kUnassigned || index < v);
    }
    SFC_FUZZ_CHECK(HeaderBytes(h) == Prefix(data, n));
    return 0;
}
