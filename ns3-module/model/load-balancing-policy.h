/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_LOAD_BALANCING_POLICY_H
#define SFC_LOAD_BALANCING_POLICY_H

#include "flow-key.h"
#include "service-chain.h"
#include "sfc-types.h"

#include "ns3/object.h"

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
 * A stateful policy (IsStateful()) is asked only on flow-table misses and
 * the forwarder caches the result with a reverse entry to the previous hop;
 * a stateless policy is asked for every packet, in both directions, and the
 * flow table is not used.
 *
 * Policies are named for the command line ("flow-table", "hash", ...);
 * CreateByName() builds one from its name.
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

    /// \return true if forwarders cache the decisions in their flow tables
    virtual bool IsStateful() const = 0;

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
     * \brief Build a policy from its command-line name.
     * \param name e.g. "flow-table" or "hash"
     * \return the policy, or nullptr if the name is unknown
     */
    static Ptr<LoadBalancingPolicy> CreateByName(const std::string& name);

    /// \return every name CreateByName() accepts
    static std::vector<std::string> GetNames();
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
    bool IsStateful() const override;
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
 * Whether designated forwarders are used is the forwarder's
 * DesignatedForwarding attribute.
 */
class FlowTablePolicy : public LoadBalancingPolicy
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    bool IsStateful() const override;
    uint32_t Select(const FlowKey& key,
                    Direction dir,
                    uint32_t function,
                    const MembershipView& view) override;
    std::string GetName() const override;
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_LOAD_BALANCING_POLICY_H */
