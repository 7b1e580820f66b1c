/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_STATEFUL_FIREWALL_H
#define SFC_STATEFUL_FIREWALL_H

#include "service-node.h"

#include "ns3/flow-key.h"
#include "ns3/paired-state-table.h"

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief Stateful firewall service function.
 *
 * A connection is admitted in the forward direction (by a TCP SYN, or by
 * the first packet of any other protocol) and then kept as state. Return
 * traffic is accepted only if the instance holds the connection's state;
 * otherwise it is dropped (DropReason::NO_STATE). With StrictTcp, forward
 * TCP segments of a connection the instance has never seen (not a SYN) are
 * dropped as well. Idle connections are removed after IdleTimeout.
 */
class StatefulFirewall : public ServiceNode
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    StatefulFirewall();
    ~StatefulFirewall() override;

    std::string GetFunctionType() const override;
    uint32_t GetNStates() const override;

    /// \param key forward tuple \return true if the connection is admitted
    bool HasConnection(const FlowKey& key) const;

  protected:
    bool DoProcess(Ptr<Packet> packet,
                   InnerPacketInfo& info,
                   Direction dir,
                   DropReason& reason) override;
    void DoResetState() override;
    void DoDispose() override;

  private:
    /// Connection state (nothing beyond the keys and timers for now)
    struct Connection
    {
        Time admitted; //!< when the connection was admitted
    };

    using Table =
        PairedStateTable<FlowKey, Connection, FlowKeyUndirectedHash, FlowKeyPacking, true>;

    Time m_idleTimeout;  //!< connection idle timeout
    bool m_strictTcp;    //!< drop forward non-SYN without state
    uint32_t m_capacity; //!< max connections (0 = unlimited)
    Table m_table;       //!< connections
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_STATEFUL_FIREWALL_H */
