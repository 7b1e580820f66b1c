/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_INTRUSION_PREVENTION_H
#define SFC_INTRUSION_PREVENTION_H

#include "service-node.h"

#include "ns3/flow-key.h"
#include "ns3/paired-state-table.h"

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief Intrusion prevention service function (seed 004's IPS): stateful
 *        inspection of every connection.
 *
 * A connection starts with a forward TCP SYN (without ACK) or, for other
 * protocols, with its first forward packet; its state (the directions seen)
 * lives until IdleTimeout passes without a packet, as the firewall's. A packet of a
 * connection the IPS never saw start (a mid-connection packet: TCP other
 * than an opening SYN, or return traffic of any protocol) is, in strict
 * mode (Strict = true), dropped (DropReason::NO_STATE) and counted as a
 * mid-flow drop; in loose mode the IPS adopts the connection (creates its
 * state, counted as adopted) and passes the packet. So inserting an IPS
 * into a running chain costs the existing connections in strict mode, and
 * nothing in loose mode.
 */
class IntrusionPrevention : public ServiceNode
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    IntrusionPrevention();
    ~IntrusionPrevention() override;

    std::string GetFunctionType() const override;
    uint32_t GetNStates() const override;

    /// \param key a tuple of either direction \return true if the connection is known
    bool HasConnection(const FlowKey& key) const;
    /// \return connections seen starting
    uint64_t GetStarted() const;
    /// \return connections adopted mid-flow (loose mode)
    uint64_t GetAdopted() const;
    /// \return mid-connection packets dropped (strict mode)
    uint64_t GetMidFlowDrops() const;
    /// \return connections currently held whose packets were seen in one direction only
    uint32_t GetOneDirectionConnections() const;

  protected:
    bool DoProcess(Ptr<Packet> packet,
                   InnerPacketInfo& info,
                   Direction dir,
                   DropReason& reason) override;
    void DoResetState() override;
    void DoDispose() override;

  private:
    /// Inspection state of a connection
    struct Connection
    {
        bool seen[2]{false, false}; //!< packets seen forward / reverse
    };

    using Table =
        PairedStateTable<FlowKey, Connection, FlowKeyUndirectedHash, FlowKeyPacking, true>;

    bool m_strict;       //!< drop mid-connection packets of unknown connections
    Time m_idleTimeout;  //!< connection idle timeout
    uint32_t m_capacity; //!< max connections (0 = unlimited)
    Table m_table;       //!< connections
    uint64_t m_started;  //!< connections started
    uint64_t m_adopted;  //!< connections adopted
    uint64_t m_midDrops; //!< mid-connection drops
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_INTRUSION_PREVENTION_H */
