/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Fuzz target: NshHeader::Deserialize (RFC 8300). Properties: what parses
 * consumed Length * 4 bytes, at most what was there, and re-serializes to
 * those bytes with the unassigned bits cleared (the U bit of the first
 * octet and the four U bits before the MD type: the canonical form); MD
 * type 1 has exactly 16 bytes of context; looking up a TLV never reads past
 * the context.
 */

#include "fuzz-check.h"

#include "ns3/nsh-header.h"

using namespace ns3::sfc;
using namespace sfcfuzz;

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size)
{
    NshHeader h;
    uint32_t n = CheckRoundTrip(data, size, h);
    if (n == 0)
    {
        return 0;
    }
    SFC_FUZZ_CHECK(n == (data[1] & 0x3fu) * 4u);
    SFC_FUZZ_CHECK(h.GetContextSize() == n - 8 &&
                   h.GetContextSize() <= NshHeader::kMaxContextBytes);
    SFC_FUZZ_CHECK(h.GetMdType() != NshHeader::kMdType1 || h.GetContextSize() == 16);
    Bytes canonical = Prefix(data, n);
    canonical[0] &= 0xef;
    canonical[2] &= 0x0f;
    SFC_FUZZ_CHECK(HeaderBytes(h) == canonical);
    if (h.GetContextSize() >= 4)
    {
        const uint8_t* c = h.GetContext();
        uint8_t value[128];
        int len = h.FindTlv(static_cast<uint16_t>((c[0] << 8) | c[1]), c[2], value, sizeof(value));
        SFC_FUZZ_CHECK(len < 128);
        SFC_FUZZ_CHECK(len < 0 || uint32_t(len) + 4 <= h.GetContextSize());
    }
    return 0;
}
