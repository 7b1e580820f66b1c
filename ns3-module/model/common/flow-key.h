/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_FLOW_KEY_H
#define SFC_FLOW_KEY_H

#include "ns3/ipv4-address.h"

#include <cstdint>
#include <functional>
#include <ostream>
#include <tuple>

namespace ns3
{
class Packet;

namespace sfc
{

/**
 * \ingroup sfc
 * \brief The 5-tuple that identifies one direction of a flow.
 *
 * A FlowKey is what a forwarder or a service node sees in the inner IPv4
 * header of a packet: protocol, source and destination address, source and
 * destination port (ports are zero for protocols without ports).
 *
 * Reverse() swaps the two ends, giving the key of the return direction.
 */
struct FlowKey
{
    Ipv4Address src;     //!< source address
    Ipv4Address dst;     //!< destination address
    uint16_t sport{0};   //!< source port
    uint16_t dport{0};   //!< destination port
    uint8_t protocol{0}; //!< IP protocol number (6 = TCP, 17 = UDP)

    FlowKey() = default;

    /**
     * \param s source address
     * \param d destination address
     * \param sp source port
     * \param dp destination port
     * \param proto IP protocol number
     */
    FlowKey(Ipv4Address s, Ipv4Address d, uint16_t sp, uint16_t dp, uint8_t proto)
        : src(s),
          dst(d),
          sport(sp),
          dport(dp),
          protocol(proto)
    {
    }

    /// \return the key of the opposite direction (ends swapped)
    FlowKey Reverse() const
    {
        return FlowKey(dst, src, dport, sport, protocol);
    }

    /**
     * \brief Hash of the 5-tuple (murmur3 over its 13 bytes in network order).
     *
     * The value depends on the direction: Hash() of a key and of its
     * Reverse() differ in general. Stable across runs and platforms.
     * \param salt mixed into the hash (e.g. a function index, so that
     *        different functions spread the same flows independently)
     * \return 32-bit hash
     */
    uint32_t Hash(uint32_t salt = 0) const;

    /**
     * \brief Commutative hash: the same value for a key and its Reverse().
     *
     * The two endpoints (address, port) are put in a canonical order before
     * hashing, as the seed's "commutative hash" requires.
     * \param salt mixed into the hash
     * \return 32-bit hash
     */
    uint32_t SymmetricHash(uint32_t salt = 0) const;

    /**
     * \brief Read the 5-tuple from the IPv4 header at the front of a packet.
     *
     * Never reads past the end of the packet and never asserts: a packet that
     * is too short, is not IPv4, has a bad header length or a truncated
     * TCP/UDP header is rejected.
     *
     * \param packet an IPv4 packet (IPv4 header first)
     * \param key filled on success
     * \return true if the packet holds a well-formed IPv4 header (and, for TCP
     *         and UDP, the ports)
     */
    static bool FromPacket(const Packet& packet, FlowKey& key);

    /**
     * \brief Write the 13 bytes of the tuple in network byte order.
     * \param out buffer of at least 13 bytes
     */
    void Serialize(uint8_t* out) const;
};

bool operator==(const FlowKey& a, const FlowKey& b);
bool operator!=(const FlowKey& a, const FlowKey& b);
/// Total order (for deterministic containers)
bool operator<(const FlowKey& a, const FlowKey& b);
std::ostream& operator<<(std::ostream& os, const FlowKey& key);

/**
 * \ingroup sfc
 * \brief A FlowKey as the state tables store it: the 13 bytes of the tuple in
 *        16 (a FlowKey is 24: ns-3's Ipv4Address is 8 bytes).
 */
struct PackedFlowKey
{
    uint32_t src{0};     //!< source address (Ipv4Address::Get())
    uint32_t dst{0};     //!< destination address
    uint16_t sport{0};   //!< source port
    uint16_t dport{0};   //!< destination port
    uint8_t protocol{0}; //!< IP protocol number

    /// \param o other \return true if both hold the same tuple
    bool operator==(const PackedFlowKey& o) const
    {
        return src == o.src && dst == o.dst && sport == o.sport && dport == o.dport &&
               protocol == o.protocol;
    }

    /// \param o other \return true if this key comes first in FlowKey's order
    bool operator<(const PackedFlowKey& o) const
    {
        return std::tie(src, dst, sport, dport, protocol) <
               std::tie(o.src, o.dst, o.sport, o.dport, o.protocol);
    }
};

/**
 * \ingroup sfc
 * \brief PairedStateTable key packing of FlowKey (see PairedStateIdentityKeys).
 */
struct FlowKeyPacking
{
    using Stored = PackedFlowKey; //!< stored form

    /// \param k key \return its packed form
    static PackedFlowKey Pack(const FlowKey& k)
    {
        return PackedFlowKey{k.src.Get(), k.dst.Get(), k.sport, k.dport, k.protocol};
    }

    /// \param s packed key \return the key
    static FlowKey Unpack(const PackedFlowKey& s)
    {
        return FlowKey(Ipv4Address(s.src), Ipv4Address(s.dst), s.sport, s.dport, s.protocol);
    }

    /// \param s a packed key \return the packed form of its Reverse()
    static PackedFlowKey Reverse(const PackedFlowKey& s)
    {
        return PackedFlowKey{s.dst, s.src, s.dport, s.sport, s.protocol};
    }
};

/**
 * \ingroup sfc
 * \brief Hash functor for unordered containers keyed by FlowKey.
 *
 * A few multiply-xorshift rounds over the packed tuple: much cheaper than
 * FlowKey::Hash() (murmur3), which the load-balancing policies use for its
 * stable, well-documented distribution. Deterministic on every platform.
 */
struct FlowKeyHash
{
    /// \param x 64-bit value \return a well-mixed 64-bit value (splitmix64's finalizer)
    static uint64_t Mix(uint64_t x)
    {
        x ^= x >> 30;
        x *= 0xbf58476d1ce4e5b9ULL;
        x ^= x >> 27;
        x *= 0x94d049bb133111ebULL;
        x ^= x >> 31;
        return x;
    }

    /// \param k key \return container hash
    std::size_t operator()(const FlowKey& k) const
    {
        return (*this)(FlowKeyPacking::Pack(k));
    }

    /// \param k a packed key \return the hash of the key it packs
    std::size_t operator()(const PackedFlowKey& k) const
    {
        uint64_t a = (uint64_t(k.src) << 32) | k.dst;
        uint64_t b = (uint64_t(k.sport) << 24) | (uint64_t(k.dport) << 8) | k.protocol;
        return static_cast<std::size_t>(Mix(a ^ Mix(b)));
    }
};

/**
 * \ingroup sfc
 * \brief Hash functor that gives a FlowKey and its Reverse() the same value.
 *
 * For the state tables that index a flow once for both directions
 * (PairedStateTable with derived reverse keys): the two endpoints (address,
 * port) are ordered before mixing, as in FlowKeyHash. Deterministic on every
 * platform.
 */
struct FlowKeyUndirectedHash
{
    /// \param k key \return hash, equal for k and k.Reverse()
    std::size_t operator()(const FlowKey& k) const
    {
        return (*this)(FlowKeyPacking::Pack(k));
    }

    /// \param k a packed key \return the hash of the key it packs
    std::size_t operator()(const PackedFlowKey& k) const
    {
        uint64_t a = (uint64_t(k.src) << 16) | k.sport;
        uint64_t b = (uint64_t(k.dst) << 16) | k.dport;
        uint64_t lo = a < b ? a : b;
        uint64_t hi = a < b ? b : a;
        return static_cast<std::size_t>(
            FlowKeyHash::Mix(lo ^ FlowKeyHash::Mix(hi ^ (uint64_t(k.protocol) << 48))));
    }
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_FLOW_KEY_H */
