/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Fuzz target: LispMapRequestHeader::Deserialize (model/lisp, read through LispReader).
 * Properties: what parses consumed at most the bytes present and
 * re-serializes to exactly the bytes it consumed.
 */

#include "fuzz-check.h"

#include "ns3/lisp-map-request.h"

using namespace ns3::sfc;
using namespace sfcfuzz;

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size)
{
    LispMapRequestHeader h;
    uint32_t n = CheckRoundTrip(data, size, h);
    if (n == 0)
    {
        return 0;
    }
    SFC_FUZZ_CHECK(HeaderBytes(h) == Prefix(data, n));
    return 0;
}
