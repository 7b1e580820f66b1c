/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_LISP_READER_H
#define SFC_LISP_READER_H

#include "ns3/buffer.h"

#include <cstdint>
#include <vector>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief Bounds-checked reader over a Buffer::Iterator for the LISP parsers.
 *
 * Every read first checks that the bytes are there; past the end it reads
 * nothing, returns 0 and the reader stays failed (Ok() false). Parsers read
 * straight through and check Ok() once, so no parser can read past the buffer.
 */
class LispReader
{
  public:
    /// \param it where to start; the reader sees the bytes up to the buffer end
    explicit LispReader(Buffer::Iterator it);
    /// \param n bytes wanted \return false (and the reader failed) if fewer are left
    bool Need(uint32_t n);
    /// \return the next byte (0 on failure)
    uint8_t U8();
    /// \return the next 16-bit big-endian value (0 on failure)
    uint16_t U16();
    /// \return the next 32-bit big-endian value (0 on failure)
    uint32_t U32();
    /// \return the next 64-bit big-endian value (0 on failure)
    uint64_t U64();
    /// \param out receives n bytes \param n count \return false on failure
    bool Bytes(std::vector<uint8_t>& out, uint32_t n);
    /// Mark the input malformed
    void Fail();
    /// \return true while no read failed and nothing was marked malformed
    bool Ok() const;
    /// \return bytes consumed so far
    uint32_t Consumed() const;
    /// \return bytes left
    uint32_t Left() const;

  private:
    Buffer::Iterator m_it; //!< read position
    uint32_t m_left;       //!< bytes left
    uint32_t m_consumed;   //!< bytes consumed
    bool m_ok;             //!< no failure so far
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_LISP_READER_H */
