/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_DESTINATION_NAT_H
#define SFC_DESTINATION_NAT_H

#include "service-node.h"

#include "ns3/flow-key.h"
#include "ns3/ipv4-address.h"
#include "ns3/paired-state-table.h"

#include <map>
#include <tuple>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief Stateful destination NAT (port forwarding): a connection to a public
 *        (address, port) is translated to a private (address, port), and its
 *        return traffic back.
 *
 * Forward packets (towards the public address) that match a rule open a
 * binding (original tuple, translated tuple) and have their destination
 * rewritten; reverse packets (from the private end) are rewritten back only
 * with a binding, else dropped (NO_STATE). A forward TCP segment other than a
 * SYN without a binding is dropped (StrictTcp). Bindings expire after
 * IdleTimeout without use (traces NewBinding, BindingExpired).
 */
class DestinationNat : public ServiceNode
{
  public:
    /// \return the TypeId
    static TypeId GetTypeId();

    DestinationNat();
    ~DestinationNat() override;

    std::string GetFunctionType() const override;
    uint32_t GetNStates() const override;
    bool TranslatesAddresses() const override;

    /**
     * \brief Add a port-forwarding rule.
     * \param publicAddress public address \param publicPort public port
     * \param protocol IP protocol \param privateAddress private address
     * \param privatePort private port
     */
    void AddRule(Ipv4Address publicAddress,
                 uint16_t publicPort,
                 uint8_t protocol,
                 Ipv4Address privateAddress,
                 uint16_t privatePort);
    /**
     * \param key a tuple towards a public address
     * \param privateAddress set to the rule's private address
     * \param privatePort set to the rule's private port
     * \return true if a rule matches the destination of key
     */
    bool MatchRule(const FlowKey& key, Ipv4Address& privateAddress, uint16_t& privatePort) const;
    /// \param key a tuple \return true if a binding holds it (either side)
    bool HasBinding(const FlowKey& key) const;
    /// \param key a tuple \return true if a binding holds it as its private (return) side
    bool IsReturnOfBinding(const FlowKey& key) const;

    typedef void (*BindingTracedCallback)(const FlowKey& original, const FlowKey& translated);

  protected:
    bool DoProcess(Ptr<Packet> packet,
                   InnerPacketInfo& info,
                   Direction dir,
                   DropReason& reason) override;
    void DoResetState() override;
    void DoDispose() override;

  private:
    /**
     * A binding. Empty: its two tuples are the record's keys, the original
     * tuple (keys[FORWARD]) and the translated one reversed (keys[REVERSE]),
     * so a record does not hold them twice.
     */
    struct Binding
    {
    };

    using Table = PairedStateTable<FlowKey, Binding, FlowKeyHash, FlowKeyPacking>;
    /// (public address, port, protocol)
    using RuleKey = std::tuple<uint32_t, uint16_t, uint8_t>;

    bool Translate(Ptr<Packet> packet,
                   InnerPacketInfo& info,
                   const FlowKey& newKey,
                   DropReason& reason);

    Time m_idleTimeout;                                            //!< binding idle timeout
    bool m_strictTcp;                                              //!< drop non-SYN without binding
    std::map<RuleKey, std::pair<Ipv4Address, uint16_t>> m_rules;   //!< port forwards
    Table m_table;                                                 //!< bindings
    TracedCallback<const FlowKey&, const FlowKey&> m_newTrace;     //!< binding created
    TracedCallback<const FlowKey&, const FlowKey&> m_expiredTrace; //!< binding expired
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_DESTINATION_NAT_H */
