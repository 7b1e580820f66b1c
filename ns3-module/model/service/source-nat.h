/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_SOURCE_NAT_H
#define SFC_SOURCE_NAT_H

#include "service-node.h"

#include "ns3/flow-key.h"
#include "ns3/ipv4-address.h"
#include "ns3/paired-state-table.h"

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief Source NAT (NAPT) service function.
 *
 * Forward packets get their source address and port replaced by
 * PublicAddress and a port from [PortMin, PortMax]; the translation is kept
 * per flow and return packets get their destination mapped back. The state
 * is the instance's own: a return packet that reaches an instance without
 * the translation is dropped (DropReason::NO_STATE, the Drop trace source),
 * which is exactly what breaks a connection when the network steers return
 * traffic to the wrong instance.
 *
 * A TCP segment that opens nothing (not a SYN) and has no translation is
 * dropped too when StrictTcp is set, as a conntrack-based NAT does; without
 * StrictTcp it gets a fresh translation, so the far end sees a second
 * 5-tuple for the same connection.
 *
 * Ports are allocated sequentially (deterministic), skipping tuples in use
 * and, when a port filter is set, ports whose return tuple it refuses.
 * A translation idle for IdleTimeout is removed.
 *
 * Instances of one NAT function either share PublicAddress, each taking its
 * own share of the port range (SetSlot), or, with AddressPerInstance, each
 * own the address PublicAddress + slot index (per-instance pools).
 */
class SourceNat : public ServiceNode
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    SourceNat();
    ~SourceNat() override;

    std::string GetFunctionType() const override;
    uint32_t GetNStates() const override;
    /**
     * \brief Take the index-th of count equal shares of [PortMin, PortMax], so
     *        that instances sharing PublicAddress never hand out the same port.
     * \param index 0-based slot
     * \param count number of slots
     */
    void SetSlot(uint32_t index, uint32_t count) override;
    bool TranslatesAddresses() const override;
    Ipv4Address GetOwnedAddress() const override;

    /**
     * \brief Restrict port allocation to ports whose return tuple the callback
     *        accepts (e.g. "the network would steer it back to this instance":
     *        a NAT that cooperates with a stateless load balancer). When no port
     *        of the range is accepted, allocation falls back to the first free port.
     * \param filter called with the return tuple of a candidate translation
     */
    void SetPortFilter(Callback<bool, const FlowKey&> filter);

    /// \return the public (translated) address
    Ipv4Address GetPublicAddress() const;

    /**
     * \brief Look up the translation of an original (inside) 5-tuple.
     * \param original the tuple before translation
     * \param translated set to the translated tuple if found
     * \return true if the instance holds a translation for it
     */
    bool GetTranslation(const FlowKey& original, FlowKey& translated) const;

    /**
     * TracedCallback signature for a new translation.
     * \param [in] original the inside tuple
     * \param [in] translated the outside tuple
     */
    typedef void (*TranslationTracedCallback)(const FlowKey& original, const FlowKey& translated);

  protected:
    bool DoProcess(Ptr<Packet> packet,
                   InnerPacketInfo& info,
                   Direction dir,
                   DropReason& reason) override;
    void DoResetState() override;
    void DoDispose() override;

  private:
    /**
     * \brief Rewrite a packet to a new 5-tuple and parse it again into info.
     * \param packet the packet \param info its headers (updated)
     * \param newKey the new 5-tuple \param reason set if the result does not parse
     * \return true on success
     */
    bool Translate(Ptr<Packet> packet,
                   InnerPacketInfo& info,
                   const FlowKey& newKey,
                   DropReason& reason);

    /**
     * A translation. Empty: its two tuples are the record's keys, the original
     * tuple (keys[FORWARD]) and the translated one reversed (keys[REVERSE]),
     * so a record does not hold them twice.
     */
    struct Mapping
    {
    };

    using Table = PairedStateTable<FlowKey, Mapping, FlowKeyHash, FlowKeyPacking>;

    bool Allocate(const FlowKey& original, FlowKey& translated);

    Ipv4Address m_publicAddress; //!< translated source address
    uint16_t m_portMin;          //!< first port of the pool
    uint16_t m_portMax;          //!< last port of the pool
    uint16_t m_nextPort;         //!< allocation cursor
    Time m_idleTimeout;          //!< translation idle timeout
    bool m_strictTcp;            //!< drop non-SYN segments without state
    uint32_t m_capacity;         //!< max translations (0 = unlimited)
    bool m_addressPerInstance;   //!< each slot its own address (pool) instead of a port share
    Callback<bool, const FlowKey&> m_portFilter; //!< accepts candidate return tuples
    Table m_table;                               //!< translations

    TracedCallback<const FlowKey&, const FlowKey&> m_newTrace;     //!< translation created
    TracedCallback<const FlowKey&, const FlowKey&> m_expiredTrace; //!< translation expired
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_SOURCE_NAT_H */
