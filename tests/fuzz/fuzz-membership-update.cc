/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Fuzz target: MembershipUpdateHeader::Deserialize. Properties: what
 * parses consumed exactly 20 bytes (52 when signed: Auth = 1 and its
 * 32-byte code), has a known action and re-serializes to exactly those bytes.
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
    // 20 bytes, or 52 with the code of a signed update (Auth = 1); bytes 10-11 are the
    // Auth and key id fields, so what parses re-serializes exactly.
    SFC_FUZZ_CHECK(n == MembershipUpdateHeader::kSize +
                            (h.IsSigned() ? MembershipUpdateHeader::kCodeSize : 0));
    SFC_FUZZ_CHECK(h.GetAction() >= MembershipUpdateHeader::ADD &&
                   h.GetAction() <= MembershipUpdateHeader::REMOVE);
    SFC_FUZZ_CHECK(HeaderBytes(h) == Prefix(data, n));
    return 0;
}
