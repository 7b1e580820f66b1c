/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "lisp-reader.h"

namespace ns3
{
namespace sfc
{

LispReader::LispReader(Buffer::Iterator it)
    : m_it(it),
      m_left(it.GetRemainingSize()),
      m_consumed(0),
      m_ok(true)
{
}

bool
LispReader::Need(uint32_t n)
{
    if (m_ok && n > m_left)
    {
        m_ok = false;
    }
    return m_ok;
}

uint8_t
LispReader::U8()
{
    if (!Need(1))
    {
        return 0;
    }
    m_left -= 1;
    m_consumed += 1;
    return m_it.ReadU8();
}

uint16_t
LispReader::U16()
{
    if (!Need(2))
    {
        return 0;
    }
    m_left -= 2;
    m_consumed += 2;
    return m_it.ReadNtohU16();
}

uint32_t
LispReader::U32()
{
    if (!Need(4))
    {
        return 0;
    }
    m_left -= 4;
    m_consumed += 4;
    return m_it.ReadNtohU32();
}

uint64_t
LispReader::U64()
{
    if (!Need(8))
    {
        return 0;
    }
    m_left -= 8;
    m_consumed += 8;
    return m_it.ReadNtohU64();
}

bool
LispReader::Bytes(std::vector<uint8_t>& out, uint32_t n)
{
    out.clear();
    if (!Need(n))
    {
        return false;
    }
    out.resize(n);
    if (n > 0)
    {
        m_it.Read(out.data(), n);
    }
    m_left -= n;
    m_consumed += n;
    return true;
}

void
LispReader::Fail()
{
    m_ok = false;
}

bool
LispReader::Ok() const
{
    return m_ok;
}

uint32_t
LispReader::Consumed() const
{
    return m_consumed;
}

uint32_t
LispReader::Left() const
{
    return m_left;
}

} // namespace sfc
} // namespace ns3
