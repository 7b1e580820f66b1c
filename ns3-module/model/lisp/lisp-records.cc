/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "lisp-records.h"

namespace ns3
{
namespace sfc
{

// ---------------------------------------------------------------------------
// LispLocator

uint32_t
LispLocator::GetSerializedSize() const
{
    return 6 + rloc.GetSerializedSize();
}

void
LispLocator::Write(Buffer::Iterator& it) const
{
    it.WriteU8(priority);
    it.WriteU8(weight);
    it.WriteU8(mPriority);
    it.WriteU8(mWeight);
    it.WriteHtonU16(flags);
    rloc.Write(it);
}

bool
LispLocator::Read(LispReader& r)
{
    priority = r.U8();
    weight = r.U8();
    mPriority = r.U8();
    mWeight = r.U8();
    flags = r.U16();
    return r.Ok() && rloc.Read(r);
}

// ---------------------------------------------------------------------------
// LispMappingRecord

bool
LispMappingRecord::IsNegative() const
{
    return locators.empty();
}

uint32_t
LispMappingRecord::GetSerializedSize() const
{
    uint32_t n = 12 + eid.GetSerializedSize() - 2; // the EID AFI is in the 12 fixed bytes
    for (const auto& l : locators)
    {
        n += l.GetSerializedSize();
    }
    return n;
}

void
LispMappingRecord::Write(Buffer::Iterator& it) const
{
    it.WriteHtonU32(ttl);
    it.WriteU8(static_cast<uint8_t>(locators.size()));
    it.WriteU8(eidMaskLen);
    it.WriteHtonU16(static_cast<uint16_t>(((action & 0x7) << 13) | (authoritative ? 0x1000 : 0) |
                                          (reserved & 0x0fff)));
    it.WriteHtonU16(static_cast<uint16_t>(((rsvd & 0xf) << 12) | (mapVersion & 0x0fff)));
    eid.Write(it);
    for (const auto& l : locators)
    {
        l.Write(it);
    }
}

bool
LispMappingRecord::Read(LispReader& r)
{
    ttl = r.U32();
    uint8_t count = r.U8();
    eidMaskLen = r.U8();
    uint16_t w = r.U16();
    action = static_cast<uint8_t>(w >> 13);
    authoritative = (w & 0x1000) != 0;
    reserved = w & 0x0fff;
    uint16_t v = r.U16();
    rsvd = static_cast<uint8_t>(v >> 12);
    mapVersion = v & 0x0fff;
    eid.Read(r);
    locators.clear();
    // at most 255 rounds, each consuming at least 8 bytes or failing
    for (uint32_t i = 0; i < count && r.Ok(); ++i)
    {
        LispLocator l;
        l.Read(r);
        locators.push_back(l);
    }
    return r.Ok();
}

void
LispMappingRecord::Print(std::ostream& os) const
{
    os << "{eid=" << eid << "/" << unsigned(eidMaskLen) << " ttl=" << ttl
       << " act=" << unsigned(action) << (authoritative ? " A" : "") << " v=" << mapVersion;
    for (const auto& l : locators)
    {
        os << " rloc=" << l.rloc << " p/w=" << unsigned(l.priority) << "/" << unsigned(l.weight);
    }
    os << "}";
}

// ---------------------------------------------------------------------------
// LispEidRecord

uint32_t
LispEidRecord::GetSerializedSize() const
{
    return 2 + eid.GetSerializedSize();
}

void
LispEidRecord::Write(Buffer::Iterator& it) const
{
    it.WriteU8(reserved);
    it.WriteU8(eidMaskLen);
    eid.Write(it);
}

bool
LispEidRecord::Read(LispReader& r)
{
    reserved = r.U8();
    eidMaskLen = r.U8();
    return r.Ok() && eid.Read(r);
}

// ---------------------------------------------------------------------------

void
WriteMappingRecords(Buffer::Iterator& it, const std::vector<LispMappingRecord>& records)
{
    for (const auto& rec : records)
    {
        rec.Write(it);
    }
}

bool
ReadMappingRecords(LispReader& r, uint32_t count, std::vector<LispMappingRecord>& records)
{
    records.clear();
    for (uint32_t i = 0; i < count && r.Ok(); ++i)
    {
        LispMappingRecord rec;
        rec.Read(r);
        records.push_back(rec);
    }
    return r.Ok();
}

uint32_t
MappingRecordsSize(const std::vector<LispMappingRecord>& records)
{
    uint32_t n = 0;
    for (const auto& rec : records)
    {
        n += rec.GetSerializedSize();
    }
    return n;
}

} // namespace sfc
} // namespace ns3
