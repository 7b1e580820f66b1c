/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Fuzz target: LispReader and the pieces every LISP message is made of,
 * read on their own: an address (AFI, Instance-ID and ELP LCAFs, nested),
 * a locator, a mapping record, an EID record, a run of mapping records.
 * The first input byte picks the piece (and, for a run, the count is the
 * second byte); the rest is the wire. Properties: the reader never
 * consumes more than is there; what reads re-serializes to exactly the
 * bytes consumed, and its announced size is that count.
 */

#include "fuzz-check.h"

#include "ns3/lisp-address.h"
#include "ns3/lisp-reader.h"
#include "ns3/lisp-records.h"

using namespace ns3;
using namespace ns3::sfc;
using namespace sfcfuzz;

namespace
{

/// Read one T from the bytes; if it reads, it writes back what it consumed
template <typename T>
void
CheckPiece(const uint8_t* data, std::size_t size)
{
    Buffer b = ToBuffer(data, size);
    LispReader r(b.Begin());
    T t;
    bool ok = t.Read(r);
    SFC_FUZZ_CHECK(r.Consumed() <= size && r.Consumed() + r.Left() == size);
    if (!ok)
    {
        return;
    }
    SFC_FUZZ_CHECK(r.Ok());
    uint32_t n = t.GetSerializedSize();
    SFC_FUZZ_CHECK(n == r.Consumed());
    Buffer out;
    out.AddAtStart(n);
    Buffer::Iterator it = out.Begin();
    t.Write(it);
    Bytes wire(n);
    out.CopyData(wire.data(), n);
    SFC_FUZZ_CHECK(wire == Prefix(data, n));
}

void
CheckRecords(uint32_t count, const uint8_t* data, std::size_t size)
{
    Buffer b = ToBuffer(data, size);
    LispReader r(b.Begin());
    std::vector<LispMappingRecord> records;
    bool ok = ReadMappingRecords(r, count, records);
    SFC_FUZZ_CHECK(r.Consumed() <= size);
    if (!ok)
    {
        return;
    }
    SFC_FUZZ_CHECK(records.size() == count);
    uint32_t n = MappingRecordsSize(records);
    SFC_FUZZ_CHECK(n == r.Consumed());
    Buffer out;
    out.AddAtStart(n);
    Buffer::Iterator it = out.Begin();
    WriteMappingRecords(it, records);
    Bytes wire(n);
    out.CopyData(wire.data(), n);
    SFC_FUZZ_CHECK(wire == Prefix(data, n));
}

} // namespace

extern "C" int
LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size)
{
    if (size < 2)
    {
        return 0;
    }
    switch (data[0] % 5)
    {
    case 0:
        CheckPiece<LispAddress>(data + 1, size - 1);
        break;
    case 1:
        CheckPiece<LispLocator>(data + 1, size - 1);
        break;
    case 2:
        CheckPiece<LispMappingRecord>(data + 1, size - 1);
        break;
    case 3:
        CheckPiece<LispEidRecord>(data + 1, size - 1);
        break;
    default:
        CheckRecords(data[1], data + 2, size - 2);
        break;
    }
    return 0;
}
