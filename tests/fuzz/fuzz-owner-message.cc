/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Fuzz target: OwnerMessageHeader::Deserialize (model/owner). Properties:
 * what parses has a known type, consumed at most the bytes present and
 * re-serializes to exactly the bytes it consumed (every field is carried
 * in every type, as the header documents).
 */

#include "fuzz-check.h"

#include "ns3/owner-message-header.h"

using namespace ns3::sfc;
using namespace sfcfuzz;

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size)
{
    OwnerMessageHeader h;
    uint32_t n = CheckRoundTrip(data, size, h);
    if (n == 0)
    {
        return 0;
    }
    SFC_FUZZ_CHECK(OwnerMessageHeader::IsKnownType(data[1]));
    SFC_FUZZ_CHECK(OwnerMessageHeader::TypeName(data[1]) != nullptr);
    SFC_FUZZ_CHECK(HeaderBytes(h) == Prefix(data, n));
    return 0;
}
