/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_FLOW_TABLE_H
#define SFC_FLOW_TABLE_H

#include "ns3/flow-key.h"
#include "ns3/ipv4-address.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/paired-state-table.h"
#include "ns3/traced-callback.h"
#include "ns3/traced-value.h"

#include <cstdint>
#include <ostream>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief The "next action" of a flow-table entry (and of a forwarding decision).
 *
 * The seed's actions: look up the forwarding table (route lookup), send to a
 * service-node instance, send to another forwarder instance (the designated
 * forwarder, or the forwarder on the server of a chosen instance), or send
 * to the previous hop. A reverse entry's "previous hop" is stored as the
 * concrete action that reaches it: a local service node, a remote forwarder,
 * or an edge port (a directly attached endpoint).
 */
struct FlowAction
{
    /// What to do with the packet
    enum Kind : uint8_t
    {
        NONE = 0,            //!< no action (invalid)
        ROUTE_LOOKUP = 1,    //!< look up the forwarding table
        TO_SERVICE_NODE = 2, //!< hand to a local service-node instance
        TO_FORWARDER = 3,    //!< encapsulate to another forwarder instance
        TO_EDGE = 4          //!< send out of a local edge port (endpoint link)
    };

    Kind kind{NONE};      //!< the action
    uint8_t context{0};   //!< receiving forwarder's context (TO_FORWARDER), see FlowTableKey
    uint32_t instance{0}; //!< service-node instance id (TO_SERVICE_NODE; optional for TO_FORWARDER)
    Ipv4Address forwarder; //!< locator of the remote forwarder (TO_FORWARDER)
    uint32_t port{0};      //!< edge port index (TO_EDGE)

    /// \return action "look up the forwarding table"
    static FlowAction RouteLookup();
    /// \param instance local instance id \return action "send to service node"
    static FlowAction ToServiceNode(uint32_t instance);
    /**
     * \param locator remote forwarder address
     * \param context the context of the remote forwarder that must handle the packet
     * \param instance instance the remote forwarder must deliver to (0: its own decision)
     * \return action "send to forwarder"
     */
    static FlowAction ToForwarder(Ipv4Address locator, uint8_t context, uint32_t instance = 0);
    /// \param port edge port index \return action "send out of edge port"
    static FlowAction ToEdge(uint32_t port);
};

bool operator==(const FlowAction& a, const FlowAction& b);
std::ostream& operator<<(std::ostream& os, const FlowAction& a);

/**
 * \ingroup sfc
 * \brief Key of a flow-table entry: the 5-tuple, the chain position and the
 *        forwarder context.
 *
 * A forwarder instance can see the same 5-tuple at several points of one
 * service chain (before F1, between F1 and F2, ...): every function that
 * does not translate leaves the tuple unchanged. Real service-function
 * forwarders keep their state per service-path position (NSH SPI/SI); here
 * the position is the chain id and the boundary index b (b = 0 before the
 * first function, b = n after the last one).
 *
 * At one boundary a forwarder can also play two parts for the same flow:
 * the egress of function b (taking what an instance of b emitted to the next
 * hop; as a non-designated forwarder, to b's designated forwarder) and the
 * ingress of function b+1 (balancing the flow onto an instance of b+1; with
 * designated forwarders, only b+1's DF does). The context says which part an
 * entry belongs to, exactly as the seed keeps a separate flow-table copy per
 * designated / non-designated forwarder role.
 */
struct FlowTableKey
{
    /// Which part of the boundary the entry belongs to
    enum Context : uint8_t
    {
        EGRESS = 0, //!< after function b: where its instances' packets go next
        INGRESS = 1 //!< before function b+1: which instance of b+1 gets the flow
    };

    FlowKey tuple;           //!< the 5-tuple as seen at this position
    uint16_t chain{0};       //!< chain id
    uint8_t boundary{0};     //!< boundary index in the chain
    uint8_t context{EGRESS}; //!< egress of b or ingress of b+1

    /// \return the key of the reverse direction at the same position
    FlowTableKey Reverse() const
    {
        return FlowTableKey{tuple.Reverse(), chain, boundary, context};
    }
};

bool operator==(const FlowTableKey& a, const FlowTableKey& b);

/**
 * \ingroup sfc
 * \brief A FlowTableKey as the flow table stores it: 20 bytes instead of 28
 *        (the tuple packed, see PackedFlowKey).
 */
struct PackedFlowTableKey
{
    PackedFlowKey tuple; //!< the 5-tuple
    /// chain id (bits 31-16), boundary index (15-8), FlowTableKey::Context (7-0): one
    /// word, so that a compare is one load (no partial stores read back whole)
    uint32_t position{0};

    /// \param chain chain id \param boundary boundary index \param context context
    /// \return the position word
    static uint32_t Position(uint16_t chain, uint8_t boundary, uint8_t context)
    {
        return (uint32_t(chain) << 16) | (uint32_t(boundary) << 8) | context;
    }

    /// \param o other \return true if both are the same key
    bool operator==(const PackedFlowTableKey& o) const
    {
        return tuple == o.tuple && position == o.position;
    }
};

/**
 * \ingroup sfc
 * \brief PairedStateTable key packing of FlowTableKey.
 */
struct FlowTableKeyPacking
{
    using Stored = PackedFlowTableKey; //!< stored form

    /// \param k key \return its packed form
    static PackedFlowTableKey Pack(const FlowTableKey& k)
    {
        return PackedFlowTableKey{FlowKeyPacking::Pack(k.tuple),
                                  PackedFlowTableKey::Position(k.chain, k.boundary, k.context)};
    }

    /// \param s packed key \return the key
    static FlowTableKey Unpack(const PackedFlowTableKey& s)
    {
        return FlowTableKey{FlowKeyPacking::Unpack(s.tuple),
                            static_cast<uint16_t>(s.position >> 16),
                            static_cast<uint8_t>(s.position >> 8),
                            static_cast<uint8_t>(s.position)};
    }

    /// \param s a packed key \return the packed form of its Reverse()
    static PackedFlowTableKey Reverse(const PackedFlowTableKey& s)
    {
        return PackedFlowTableKey{FlowKeyPacking::Reverse(s.tuple), s.position};
    }
};

/**
 * \ingroup sfc
 * \brief Hash of a FlowTableKey that is the same for the key and its Reverse()
 *        (the flow table indexes each pair once).
 */
struct FlowTableKeyUndirectedHash
{
    /// \param k key \return hash, equal for k and k.Reverse()
    std::size_t operator()(const FlowTableKey& k) const
    {
        return (*this)(FlowTableKeyPacking::Pack(k));
    }

    /// \param k a packed key \return the hash of the key it packs
    std::size_t operator()(const PackedFlowTableKey& k) const
    {
        return FlowKeyUndirectedHash()(k.tuple) ^
               static_cast<std::size_t>(FlowKeyHash::Mix(uint64_t(k.position) + 1));
    }
};

/**
 * \ingroup sfc
 * \brief A forwarder instance's flow table.
 *
 * On a miss for a packet of a new flow the forwarder caches two entries
 * (Insert()): a forward entry keyed by the packet's tuple with the next
 * action, and a reverse entry keyed by the swapped tuple whose action sends
 * return packets to the previous hop. The two entries of a flow share one
 * idle timer: data-plane activity on either keeps both alive, and they
 * expire together after the idle timeout (configurable per entry pair).
 *
 * Capacity is counted in entries (two per flow). When the table is full a
 * new pair cannot be cached; what the forwarder then does with the packet is
 * the OverflowPolicy attribute.
 */
class FlowTable : public Object
{
  public:
    /// What happens to a packet whose flow cannot be cached because the table is full
    enum OverflowPolicy
    {
        OVERFLOW_DROP,  //!< drop the packet (and count it)
        OVERFLOW_BYPASS //!< forward it by the uncached decision (no stickiness guarantee)
    };

    /// The value stored per flow
    struct Entry
    {
        FlowAction forward; //!< action for packets matching the forward key
        FlowAction reverse; //!< action for packets matching the reverse key
    };

    /// The underlying store
    using Store = PairedStateTable<FlowTableKey,
                                   Entry,
                                   FlowTableKeyUndirectedHash,
                                   FlowTableKeyPacking,
                                   true>;

    /// Result of Insert()
    enum InsertResult
    {
        INSERTED, //!< the pair is cached
        FULL,     //!< the table is full (an overflow: counted and traced)
        CONFLICT  //!< one of the two keys is already cached (another flow's entry)
    };

    /// Result of a lookup
    struct Hit
    {
        const FlowAction* action{nullptr}; //!< the matched entry's action (null on miss)
        bool reverse{false};               //!< true if the reverse entry matched
    };

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    FlowTable();
    ~FlowTable() override;

    /**
     * \brief Look up a packet's key; a hit refreshes the flow's idle timer.
     * \param key the packet's key
     * \param bytes packet size, for the entry counters
     * \return the action to perform, or a miss
     */
    Hit Lookup(const FlowTableKey& key, uint32_t bytes);

    /**
     * \brief Cache the forward and reverse entries of a flow.
     * \param forwardKey key of the packet that missed
     * \param forward action for the forward entry
     * \param reverse action for the reverse entry (the previous hop)
     * \param idleTimeout idle timeout of this pair; zero uses the IdleTimeout attribute
     * \return whether the pair was cached
     */
    InsertResult Insert(const FlowTableKey& forwardKey,
                        const FlowAction& forward,
                        const FlowAction& reverse,
                        Time idleTimeout = Time(0));

    /// \return number of entries (two per cached flow)
    uint32_t GetNEntries() const;
    /// \return largest number of entries held at any time
    uint32_t GetPeakEntries() const;
    /// \return capacity in entries (0 = unlimited)
    uint32_t GetCapacity() const;
    /// \return the overflow policy
    OverflowPolicy GetOverflowPolicy() const;
    /// \return number of flows that could not be cached because the table was full
    uint64_t GetOverflows() const;
    /// \return modelled memory of the entries, in bytes (see kEntryBytes)
    uint64_t GetBytes() const;
    /// Remove every entry (e.g. a forwarder restart)
    void Clear();
    /**
     * \brief Remove the entry pairs a predicate selects (no expiry trace).
     * \param predicate called with each pair's actions
     * \return number of entries removed (two per pair)
     */
    uint32_t RemoveIf(const std::function<bool(const Entry&)>& predicate);
    /// \return the store, read-only (tests, dumps)
    const Store& GetStore() const;

    /// Bytes charged per entry for the table-state metric: the key (5-tuple
    /// 13 B, chain 2 B, boundary 1 B), the action (10 B), two timestamps and
    /// two counters (32 B), rounded up to 64 B for hash-table overhead. A
    /// model of a compact forwarder's table, not of this simulator's memory
    /// (GetStore().GetMemoryBytes(): about 80 B per entry at 1 M flows).
    static constexpr uint32_t kEntryBytes = 64;

    /**
     * TracedCallback signature for entry-pair events.
     * \param [in] forwardKey key of the forward entry
     * \param [in] entry the two actions
     */
    typedef void (*EntryTracedCallback)(const FlowTableKey& forwardKey, const Entry& entry);

    /**
     * TracedCallback signature for a flow that could not be cached.
     * \param [in] forwardKey key of the packet that missed
     */
    typedef void (*OverflowTracedCallback)(const FlowTableKey& forwardKey);

  private:
    void DoDispose() override;
    void SetCapacity(uint32_t entries);
    uint32_t GetCapacityAttr() const;
    void OnExpire(const Store::Record& r);

    Store m_store;                    //!< entries
    Time m_idleTimeout;               //!< default idle timeout
    OverflowPolicy m_overflow;        //!< overflow behaviour
    uint32_t m_capacityEntries;       //!< capacity in entries
    uint64_t m_overflows{0};          //!< flows not cached because full
    TracedValue<uint32_t> m_nEntries; //!< current number of entries
    uint32_t m_peakEntries{0};        //!< peak number of entries

    TracedCallback<const FlowTableKey&, const Entry&> m_createdTrace; //!< pair cached
    TracedCallback<const FlowTableKey&, const Entry&> m_expiredTrace; //!< pair expired
    TracedCallback<const FlowTableKey&> m_overflowTrace;              //!< pair not cached
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_FLOW_TABLE_H */
