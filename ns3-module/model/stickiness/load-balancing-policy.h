/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_LOAD_BALANCING_POLICY_H
#define SFC_LOAD_BALANCING_POLICY_H

#include "maglev-table.h"

#include "ns3/flow-key.h"
#include "ns3/object.h"
#include "ns3/service-chain.h"
#include "ns3/sfc-types.h"

#include <map>
#include <string>
#include <vector>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief How a forwarder picks the instance of a function for a packet.
 *
 * A policy is a strategy object held by every forwarder (the Policy
 * attribute of Forwarder). Select() is asked for the forward direction with
 * the tuple the packet has before the function, and for the reverse
 * direction with the tuple the return packet has after the function (which
 * differs when the function translates addresses).
 *
 * What the forwarders cache is part of the policy:
 * - CachesForward(): forward decisions are kept in the flow table, so a
 *   flow stays on its instances whatever the membership does afterwards;
 * - CachesReverse(): a reverse entry to the previous hop is kept too, so
 *   return traffic retraces the forward path (the seed's method).
 * Without caching, Select() is asked for every packet, in both directions.
 *
 * Policies are named for the command line; CreateByName() builds one.
 */
class LoadBalancingPolicy : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    ~LoadBalancingPolicy() override;

    /// \return true if forward decisions are cached in the flow table
    virtual bool CachesForward() const;
    /// \return true if reverse entries to the previous hop are cached
    virtual bool CachesReverse() const;
    /// \return true if the forwarders use their flow tables at all
    bool IsStateful() const;

    /// \param chain the chain the policy balances (for policies that need more than the view)
    virtual void SetChain(Ptr<ServiceChain> chain);

    /**
     * \brief Choose an instance.
     * \param key the packet's 5-tuple at this point of the chain
     * \param dir the packet's direction
     * \param function 1-based index of the function to choose an instance of
     * \param view the instances in service, as this forwarder knows them
     * \return the chosen instance id, 0 if there is none
     */
    virtual uint32_t Select(const FlowKey& key,
                            Direction dir,
                            uint32_t function,
                            const MembershipView& view) = 0;

    /// \return the policy's command-line name
    virtual std::string GetName() const = 0;

    /**
     * \brief Build a policy from its name.
     *
     * Designated forwarding is not a policy but a forwarder attribute
     * (Forwarder::DesignatedForwarding); ServiceChainHelper::SetPolicy() takes
     * "flow-table-df" as the flow-table policy with that attribute set.
     *
     * \param name one of GetNames()
     * \return the policy, or nullptr if the name is unknown
     */
    static Ptr<LoadBalancingPolicy> CreateByName(const std::string& name);

    /// \return every name CreateByName() accepts
    static std::vector<std::string> GetNames();

  protected:
    void DoDispose() override;

    Ptr<ServiceChain> m_chain; //!< the chain (may be null)
};

/**
 * \ingroup sfc
 * \brief Stateless 5-tuple hash modulo the number of instances.
 *
 * Forward and return packets hash different tuples, so they usually reach
 * different instances; any change in the instance count remaps most flows.
 * This is the baseline the seed improves on.
 */
class HashPolicy : public LoadBalancingPolicy
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    uint32_t Select(const FlowKey& key,
                    Direction dir,
                    uint32_t function,
                    const MembershipView& view) override;
    std::string GetName() const override;
};

/**
 * \ingroup sfc
 * \brief Stateless commutative hash modulo the number of instances.
 *
 * A tuple and its reverse hash alike, so both directions reach the same
 * instance as long as no function on the way translates addresses and every
 * forwarder has the same membership (the seed's "commutative hash").
 */
class SymmetricHashPolicy : public LoadBalancingPolicy
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    uint32_t Select(const FlowKey& key,
                    Direction dir,
                    uint32_t function,
                    const MembershipView& view) override;
    std::string GetName() const override;
};

/**
 * \ingroup sfc
 * \brief Stateless consistent hashing with Maglev's lookup table.
 *
 * Each function's instances fill a MaglevTable of TableSize slots (a
 * prime), rebuilt whenever the forwarder's membership changes; a packet goes
 * to entry[hash mod M] where the hash is the commutative one, so both
 * directions of an untranslated flow agree. No connection tracking: a
 * membership change moves the flows whose slots changed owner, about 1/(N+1)
 * of them when an (N+1)-th instance arrives.
 */
class ConsistentHashPolicy : public LoadBalancingPolicy
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    ConsistentHashPolicy();
    uint32_t Select(const FlowKey& key,
                    Direction dir,
                    uint32_t function,
                    const MembershipView& view) override;
    std::string GetName() const override;

  private:
    /// A function's table, valid for one version of one view
    struct Cache
    {
        const MembershipView* view{nullptr}; //!< view it was built from
        uint64_t version{0};                 //!< view version it was built from
        MaglevTable table;                   //!< the table
        std::vector<uint32_t> ids;           //!< backend index -> instance id

        /// \param size table size
        explicit Cache(uint32_t size)
            : table(size)
        {
        }
    };

    uint32_t m_tableSize;              //!< M
    std::map<uint32_t, Cache> m_cache; //!< per function
};

/**
 * \ingroup sfc
 * \brief Per-instance NAT address pools with routing-based return.
 *
 * Each instance of an address-translating function owns its own public
 * address (SourceNat's AddressPerInstance), so the return traffic of a
 * translated flow is steered by its destination address to the instance
 * that translated it, with no per-flow state on the return path. Forward
 * decisions are cached (forward entries only, no reverse entries), so
 * existing flows keep their instances when instances are added; a removed
 * NAT instance takes its pool, and its flows, with it. Functions that do not
 * translate are balanced by the commutative hash in both directions.
 */
class NatPoolsPolicy : public LoadBalancingPolicy
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    bool CachesForward() const override;
    bool CachesReverse() const override;
    uint32_t Select(const FlowKey& key,
                    Direction dir,
                    uint32_t function,
                    const MembershipView& view) override;
    std::string GetName() const override;
};

/**
 * \ingroup sfc
 * \brief The seed's method: pick an instance on a flow-table miss (by
 *        5-tuple hash), then follow the cached forward and reverse entries.
 *
 * With designated forwarders (the forwarders' DesignatedForwarding
 * attribute; "flow-table-df" on the command line) one forwarder per function
 * balances and forwards its traffic (DesignatedForwarder).
 */
class FlowTablePolicy : public LoadBalancingPolicy
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    bool CachesForward() const override;
    bool CachesReverse() const override;
    uint32_t Select(const FlowKey& key,
                    Direction dir,
                    uint32_t function,
                    const MembershipView& view) override;
    std::string GetName() const override;
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_LOAD_BALANCING_POLICY_H */
