/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_VPATH_FLOW_TABLE_H
#define SFC_VPATH_FLOW_TABLE_H

#include "ns3/flow-key.h"
#include "ns3/ipv4-address.h"
#include "ns3/nstime.h"
#include "ns3/paired-state-table.h"

#include <cstdint>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief Key of a VpathFlowTable entry: the 5-tuple a packet will carry,
 *        the hop of the chain it is at on this switch (the hop EID of a
 *        service node, or the EID of a VM) and what the entry is for.
 */
struct VpathFlowKey
{
    /// What an entry remembers
    enum Kind : uint8_t
    {
        RETURN_TO = 0,  //!< reverse traffic leaving this hop goes to the entry's RLOC
        REVERSE_IN = 1, //!< a packet with this tuple reaching this hop is reverse traffic
    };

    FlowKey flow;            //!< the tuple the packet carries at this hop
    uint32_t hop{0};         //!< hop EID (IPv4, host order) of the node or VM
    uint8_t kind{RETURN_TO}; //!< entry kind

    /// \param o other \return true if equal
    bool operator==(const VpathFlowKey& o) const
    {
        return flow == o.flow && hop == o.hop && kind == o.kind;
    }
};

/// Hash of a VpathFlowKey (FlowKeyHash mixed with the hop and kind)
struct VpathFlowKeyHash
{
    /// \param k key \return hash
    std::size_t operator()(const VpathFlowKey& k) const
    {
        uint64_t h = FlowKeyHash()(k.flow);
        return static_cast<std::size_t>(
            FlowKeyHash::Mix(h ^ ((uint64_t(k.hop) << 8) | k.kind) ^ 0x9e3779b97f4a7c15ULL));
    }
};

/// The value of a VpathFlowTable entry
struct VpathFlowEntry
{
    Ipv4Address rloc;  //!< RLOC the flow came from (RETURN_TO) or arrived at (REVERSE_IN)
    uint32_t chain{0}; //!< chain (instance) id of the flow
};

/**
 * \ingroup sfc
 * \brief A VEM's flow table: per flow and hop, where the flow came from,
 *        so that return traffic goes back to the switch (and service node)
 *        it came from, and which arrivals are return traffic.
 *
 * Entries are keyed by flow AND hop: a switch that appears several times
 * on a path (two service nodes of one chain on one server) keeps one entry
 * per visit, so the return path cannot loop back to a later hop. Backed by
 * PairedStateTable: O(1) lookup and refresh, idle expiry by one event,
 * deterministic order.
 */
class VpathFlowTable
{
  public:
    VpathFlowTable();

    /// \param timeout idle expiry of entries (zero: never)
    void SetIdleTimeout(Time timeout);
    /// \param maxEntries capacity (0 unlimited)
    void SetCapacity(uint32_t maxEntries);
    /**
     * \brief Insert or overwrite (and refresh) the entry of a key.
     * \param key the key
     * \param entry its value
     * \return false if the table is full
     */
    bool Set(const VpathFlowKey& key, const VpathFlowEntry& entry);
    /**
     * \brief Look up and refresh.
     * \param key the key
     * \return the entry or nullptr
     */
    const VpathFlowEntry* Find(const VpathFlowKey& key);
    /// \param key the key \return true if removed
    bool Erase(const VpathFlowKey& key);
    /// \return number of entries
    uint32_t GetSize() const;
    /// \return the largest number of entries held
    uint32_t GetPeakSize() const;
    /// Remove everything
    void Clear();

  private:
    using Table = PairedStateTable<VpathFlowKey, VpathFlowEntry, VpathFlowKeyHash>;
    Table m_table;   //!< the entries (both keys of a record are the same)
    Time m_timeout;  //!< idle timeout
    uint32_t m_peak; //!< peak size
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_VPATH_FLOW_TABLE_H */
