/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Fuzz target: VxlanGpeHeader::Deserialize. Properties: what parses
 * consumed exactly 8 bytes and re-serializes to them with the reserved
 * fields (octets 1-2 and 7) zeroed, the canonical form.
 */

#include "fuzz-check.h"

#include "ns3/vxlan-gpe-header.h"

using namespace ns3::sfc;
using namespace sfcfuzz;

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size)
{
    VxlanGpeHeader h;
    uint32_t n = CheckRoundTrip(data, size, h);
    if (n == 0)
    {
        return 0;
    }
    SFC_FUZZ_CHECK(n == VxlanGpeHeader::kSize);
    Bytes canonical = Prefix(data, n);
    canonical[1] = canonical[2] = canonical[7] = 0;
    SFC_FUZZ_CHECK(HeaderBytes(h) == canonical);
    SFC_FUZZ_CHECK(h.GetVni() <= 0xffffff);
    return 0;
}
