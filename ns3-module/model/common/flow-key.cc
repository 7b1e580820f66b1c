/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "flow-key.h"

#include "inner-packet.h"

#include "ns3/hash.h"
#include "ns3/packet.h"

#include <algorithm>
#include <tuple>

namespace ns3
{
namespace sfc
{

namespace
{
constexpr uint32_t kKeyBytes = 13;

void
WriteU32(uint8_t* p, uint32_t v)
{
    p[0] = static_cast<uint8_t>(v >> 24);
    p[1] = static_cast<uint8_t>(v >> 16);
    p[2] = static_cast<uint8_t>(v >> 8);
    p[3] = static_cast<uint8_t>(v);
}

void
WriteU16(uint8_t* p, uint16_t v)
{
    p[0] = static_cast<uint8_t>(v >> 8);
    p[1] = static_cast<uint8_t>(v);
}

} // namespace

void
FlowKey::Serialize(uint8_t* out) const
{
    WriteU32(out, src.Get());
    WriteU32(out + 4, dst.Get());
    WriteU16(out + 8, sport);
    WriteU16(out + 10, dport);
    out[12] = protocol;
}

uint32_t
FlowKey::Hash(uint32_t salt) const
{
    uint8_t buf[kKeyBytes + 4];
    Serialize(buf);
    WriteU32(buf + kKeyBytes, salt);
    return Hash32(reinterpret_cast<const char*>(buf), salt == 0 ? kKeyBytes : kKeyBytes + 4);
}

uint32_t
FlowKey::SymmetricHash(uint32_t salt) const
{
    // Canonical order of the two endpoints makes the hash commutative.
    uint64_t a = (uint64_t(src.Get()) << 16) | sport;
    uint64_t b = (uint64_t(dst.Get()) << 16) | dport;
    if (b < a)
    {
        std::swap(a, b);
    }
    FlowKey canonical(Ipv4Address(static_cast<uint32_t>(a >> 16)),
                      Ipv4Address(static_cast<uint32_t>(b >> 16)),
                      static_cast<uint16_t>(a & 0xffff),
                      static_cast<uint16_t>(b & 0xffff),
                      protocol);
    return canonical.Hash(salt);
}

bool
FlowKey::FromPacket(const Packet& packet, FlowKey& key)
{
    InnerPacketInfo info;
    if (!InnerPacket::Parse(packet, info))
    {
        return false;
    }
    key = info.key;
    return true;
}

bool
operator==(const FlowKey& a, const FlowKey& b)
{
    return a.src == b.src && a.dst == b.dst && a.sport == b.sport && a.dport == b.dport &&
           a.protocol == b.protocol;
}

bool
operator!=(const FlowKey& a, const FlowKey& b)
{
    return !(a == b);
}

bool
operator<(const FlowKey& a, const FlowKey& b)
{
    return std::make_tuple(a.src.Get(), a.dst.Get(), a.sport, a.dport, a.protocol) <
           std::make_tuple(b.src.Get(), b.dst.Get(), b.sport, b.dport, b.protocol);
}

std::ostream&
operator<<(std::ostream& os, const FlowKey& key)
{
    os << unsigned(key.protocol) << ":" << key.src << ":" << key.sport << "->" << key.dst << ":"
       << key.dport;
    return os;
}

} // namespace sfc
} // namespace ns3
