/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_SERVICE_MESSAGE_PARSER_H
#define SFC_SERVICE_MESSAGE_PARSER_H

#include "service-message-header.h"

#include "ns3/ptr.h"

#include <cstdint>
#include <vector>

namespace ns3
{
class Packet;

namespace sfc
{

/**
 * \ingroup sfc
 * \brief Why ServiceMessage::Parse() rejected bytes.
 */
enum class ParseStatus : uint8_t
{
    OK = 0,
    TRUNCATED,         //!< shorter than a header, or a segment runs past the end
    BAD_VERSION,       //!< unknown protocol version
    BAD_TYPE,          //!< unknown message type
    BAD_LENGTH,        //!< header length differs from the datagram size
    BAD_SEGMENT,       //!< a segment length below 4 or outside its type's size rule
    MISSING_SEGMENT,   //!< the message type's mandatory segment is absent
    SECURITY_MISPLACED //!< a security segment not right after the header
};

/// \param s status \return its snake_case name
const char* ToString(ParseStatus s);

class ServiceMessage;

/**
 * \ingroup sfc
 * \brief Turns a UDP payload into a ServiceMessage, checking every length
 *        against the bytes present before deserializing anything.
 *
 * The checks, in order: header (size, version, type, length), then every
 * segment header (length at least 4, within the message and within its
 * type's size rule, a security segment only right after the header, an
 * action list of whole entries), then the message type's mandatory
 * segment. Only then are the segments deserialized; a segment of an
 * unknown type becomes an OpaqueSegment.
 */
class ServiceMessageParser
{
  public:
    /**
     * \brief Parse a UDP payload.
     * \param packet the payload
     * \param out filled on success
     * \param raw if not null, receives the payload bytes (for ServiceMessage::Verify())
     * \return OK or why the bytes are not a valid message
     */
    static ParseStatus Parse(Ptr<const Packet> packet,
                             ServiceMessage& out,
                             std::vector<uint8_t>* raw = nullptr);

    /// \param type message type \return the segment type it cannot do without
    static uint16_t MandatorySegment(ServiceMessageType type);
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_SERVICE_MESSAGE_PARSER_H */
