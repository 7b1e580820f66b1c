/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Fuzz target: LispEcmHeader::Deserialize (model/lisp, read through
 * LispReader) and the parse of the control message it carries.
 * Properties: what parses consumed at most the bytes present and
 * re-serializes to exactly the bytes it consumed; the inner message, when
 * it parses as the type it announces, re-serializes to the bytes it took
 * from the front of the inner message.
 */

#include "fuzz-check.h"

#include "ns3/lisp-ecm-header.h"
#include "ns3/lisp-map-register.h"
#include "ns3/lisp-map-reply.h"
#include "ns3/lisp-map-request.h"

using namespace ns3::sfc;
using namespace sfcfuzz;

namespace
{

template <typename H>
void
CheckInner(const LispEcmHeader& ecm)
{
    H h;
    if (!ecm.GetInnerMessage(h))
    {
        return;
    }
    const Bytes& inner = ecm.GetInnerMessageBytes();
    Bytes wire = HeaderBytes(h);
    SFC_FUZZ_CHECK(wire.size() <= inner.size());
    SFC_FUZZ_CHECK(Bytes(inner.begin(), inner.begin() + wire.size()) == wire);
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size)
{
    LispEcmHeader h;
    uint32_t n = CheckRoundTrip(data, size, h);
    if (n == 0)
    {
        return 0;
    }
    SFC_FUZZ_CHECK(HeaderBytes(h) == Prefix(data, n));
    switch (h.GetInnerType())
    {
    case 1:
        CheckInner<LispMapRequestHeader>(h);
        break;
    case 2:
        CheckInner<LispMapReplyHeader>(h);
        break;
    case 3:
        CheckInner<LispMapRegisterHeader>(h);
        break;
    case 4:
        CheckInner<LispMapNotifyHeader>(h);
        break;
    default:
        break;
    }
    return 0;
}
