/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_ASSOCIATION_SERVICE_H
#define SFC_ASSOCIATION_SERVICE_H

#include "association-store.h"
#include "owner-message-header.h"
#include "translation-table.h"
#include "vnet-key.h"

#include "ns3/ipv4-address.h"
#include "ns3/object.h"

#include <cstdint>
#include <map>
#include <tuple>
#include <vector>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief A port-forwarding (destination NAT) rule the controller programs:
 *        connections to (public address, port) of VNet 0 go to a VM.
 */
struct PortForwardRule
{
    Ipv4Address publicAddress; //!< public address (VNet 0)
    uint16_t publicPort{0};    //!< public port
    uint8_t protocol{6};       //!< IP protocol
    VnetEndpoint target;       //!< the VM (VNet, address)
    uint16_t targetPort{0};    //!< the VM's port
};

/**
 * \ingroup sfc
 * \brief What a helper (or the central flow database) answers about flows:
 *        its AssociationStore, fed by REGISTER and WITHDRAW, plus, for a new
 *        flow to a port-forwarded public address, the selection of the DNAT
 *        target's host as the owner (recorded as Association::SELECTED).
 *
 * Used by the vPlane's helper role and by the controller's central database,
 * so both answer the same way. It neither sends nor receives: the caller
 * owns the control endpoint.
 */
class AssociationService : public Object
{
  public:
    /// \return the TypeId
    static TypeId GetTypeId();

    AssociationService();
    ~AssociationService() override;

    /// \param table the translation table the DNAT targets are resolved with
    void SetTranslationTable(Ptr<TranslationTable> table);
    /// \param rule a port-forwarding rule
    void AddPortForward(const PortForwardRule& rule);
    /// \return the store
    Ptr<AssociationStore> GetStore() const;

    /**
     * \brief The owner of a flow, if this service can name one.
     * \param key the flow (either direction)
     * \param owner set to the owner
     * \param origin set to where the answer came from
     * \return true if an owner is known or was selected
     */
    bool Answer(const VnetFlowKey& key, Ipv4Address& owner, Association::Origin& origin);

    /**
     * \param key a flow \param target set to the rule's target (VNet, address)
     * \return true if key's destination is a port-forwarded public address
     */
    bool MatchPortForward(const VnetFlowKey& key, VnetEndpoint& target) const;

    /// \param h a REGISTER \return the store's result
    AssociationStore::RegisterResult HandleRegister(const OwnerMessageHeader& h);
    /// \param h a WITHDRAW \return true if an association was removed
    bool HandleWithdraw(const OwnerMessageHeader& h);

    /// \return selections made (new flows to port-forwarded addresses)
    uint64_t GetSelections() const;
    /// \return answers given with an owner
    uint64_t GetAnswered() const;
    /// \return lookups with no owner
    uint64_t GetUnanswered() const;

  protected:
    void DoDispose() override;

  private:
    /// (public address, port, protocol)
    using RuleKey = std::tuple<uint32_t, uint16_t, uint8_t>;

    bool m_select;                              //!< SelectPortForward attribute
    Ptr<AssociationStore> m_store;              //!< associations
    Ptr<TranslationTable> m_table;              //!< resolves DNAT targets
    std::map<RuleKey, PortForwardRule> m_rules; //!< port forwards
    uint64_t m_selections;                      //!< SELECTED associations made
    uint64_t m_answered;                        //!< owner named
    uint64_t m_unanswered;                      //!< no owner
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_ASSOCIATION_SERVICE_H */
