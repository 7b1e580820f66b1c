/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Shared by the fuzz targets (tests/fuzz/fuzz-*.cc): the property check
 * that stops a run, and the byte helpers every target uses to parse an
 * ns-3 Header from raw bytes and to serialize it back.
 *
 * Each target defines LLVMFuzzerTestOneInput(). Built with clang and
 * -DSFC_FUZZ=ON it is a libFuzzer program; in every build it is also linked
 * with fuzz-replay-main.cc into a replay program that feeds it the seed
 * corpus and the regression inputs (ctest label "fuzz").
 */

#ifndef SFC_FUZZ_CHECK_H
#define SFC_FUZZ_CHECK_H

#include "ns3/buffer.h"
#include "ns3/header.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

namespace sfcfuzz
{

/// Bytes of a message
using Bytes = std::vector<uint8_t>;

/**
 * \brief Report a broken property and abort (libFuzzer then saves the input
 *        as a crash; the replay program exits non-zero).
 * \param file source file \param line line \param what the property
 */
[[noreturn]] inline void
Fail(const char* file, int line, const char* what)
{
    std::fprintf(stderr, "%s:%d: fuzz property failed: %s\n", file, line, what);
    std::fflush(stderr);
    std::abort();
}

/// Check a property of a parse; abort with its text if it does not hold
#define SFC_FUZZ_CHECK(cond)                                                                       \
    do                                                                                             \
    {                                                                                              \
        if (!(cond))                                                                               \
        {                                                                                          \
            ::sfcfuzz::Fail(__FILE__, __LINE__, #cond);                                            \
        }                                                                                          \
    } while (false)

/**
 * \brief A buffer holding exactly these bytes.
 * \param data bytes \param size count \return the buffer
 */
inline ns3::Buffer
ToBuffer(const uint8_t* data, std::size_t size)
{
    ns3::Buffer b;
    b.AddAtStart(static_cast<uint32_t>(size));
    b.Begin().Write(data, static_cast<uint32_t>(size));
    return b;
}

/**
 * \brief Deserialize a header from the start of these bytes, as a receiver
 *        does (the iterator sees every byte up to the end).
 * \param data bytes \param size count \param h header to fill
 * \return what Deserialize() returned
 */
inline uint32_t
ParseHeader(const uint8_t* data, std::size_t size, ns3::Header& h)
{
    ns3::Buffer b = ToBuffer(data, size);
    return h.Deserialize(b.Begin());
}

/**
 * \brief Serialize a header alone; its size must be what it announces.
 * \param h header \return its bytes
 */
inline Bytes
HeaderBytes(const ns3::Header& h)
{
    uint32_t n = h.GetSerializedSize();
    ns3::Buffer b;
    b.AddAtStart(n);
    h.Serialize(b.Begin());
    Bytes out(n);
    b.CopyData(out.data(), n);
    return out;
}

/// \param data bytes \param n count \return the first n bytes as a vector
inline Bytes
Prefix(const uint8_t* data, std::size_t n)
{
    return Bytes(data, data + n);
}

/**
 * \brief The round trip every header parser must pass: whatever parses
 *        says it consumed at most the bytes present, serializes to as many
 *        bytes as it consumed, and parses again from its own bytes to the
 *        same bytes (the serializer's form is a fixed point).
 * \tparam H header type (IsValid() after Deserialize())
 * \param data bytes \param size count \param h receives the parse
 * \return bytes consumed (0: rejected)
 */
template <typename H>
uint32_t
CheckRoundTrip(const uint8_t* data, std::size_t size, H& h)
{
    uint32_t n = ParseHeader(data, size, h);
    SFC_FUZZ_CHECK((n > 0) == h.IsValid());
    if (n == 0)
    {
        return 0;
    }
    SFC_FUZZ_CHECK(n <= size);
    SFC_FUZZ_CHECK(h.GetSerializedSize() == n);
    Bytes wire = HeaderBytes(h);
    H again;
    SFC_FUZZ_CHECK(ParseHeader(wire.data(), wire.size(), again) == wire.size());
    SFC_FUZZ_CHECK(again.IsValid());
    SFC_FUZZ_CHECK(HeaderBytes(again) == wire);
    return n;
}

} // namespace sfcfuzz

#endif /* SFC_FUZZ_CHECK_H */
