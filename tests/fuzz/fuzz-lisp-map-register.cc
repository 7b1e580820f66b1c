/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Fuzz target: LispMapRegisterHeader and LispMapNotifyHeader::Deserialize
 * (model/lisp, read through LispReader) and the authentication check on
 * what they accept. Properties: what parses consumed at most the bytes
 * present and re-serializes to exactly the bytes it consumed; checking the
 * authentication data of the parsed message and of its raw bytes agree and
 * never fail hard.
 */

#include "fuzz-check.h"

#include "ns3/lisp-auth.h"
#include "ns3/lisp-map-register.h"

using namespace ns3::sfc;
using namespace sfcfuzz;

namespace
{

template <typename H>
void
Check(const uint8_t* data, std::size_t size)
{
    H h;
    uint32_t n = CheckRoundTrip(data, size, h);
    if (n == 0)
    {
        return;
    }
    SFC_FUZZ_CHECK(HeaderBytes(h) == Prefix(data, n));
    const std::vector<uint8_t> key{'f', 'u', 'z', 'z'};
    SFC_FUZZ_CHECK(LispAuth::Verify(h, key) == LispAuth::VerifyBytes(data, n, key));
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size)
{
    Check<LispMapRegisterHeader>(data, size);
    Check<LispMapNotifyHeader>(data, size);
    return 0;
}
