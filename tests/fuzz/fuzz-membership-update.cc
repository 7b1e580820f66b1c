/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Fuzz target: MembershipUpdateHeader::Deserialize. Properties: what
 * parses consumed exactly 20 bytes, has a known action and re-serializes
 * to those bytes with the reserved field zeroed (the canonical form).
 */

#include "fuzz-check.h"

#include "ns3/membership-update-header.h"

using namespace ns3::sfc;
using namespace sfcfuzz;

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size)
{
    MembershipUpdateHeader h;
    uint32_t n = CheckRoundTrip(data, size, h);
    if (n == 0)
    {
        return 0;
    }
    SFC_FUZZ_CHECK(n == MembershipUpdateHeader::kSize);
    SFC_FUZZ_CHECK(h.GetAction() >= MembershipUpdateHeader::ADD &&
                   h.GetAction() <= MembershipUpdateHeader::REMOVE);
    Bytes canonical = Prefix(data, n);
    canonical[10] = canonical[11] = 0;
    SFC_FUZZ_CHECK(HeaderBytes(h) == canonical);
    return 0;
}
