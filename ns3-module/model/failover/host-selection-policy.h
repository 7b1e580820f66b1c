/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_HOST_SELECTION_POLICY_H
#define SFC_HOST_SELECTION_POLICY_H

#include "ns3/flow-key.h"
#include "ns3/object.h"
#include "ns3/random-variable-stream.h"

#include <string>
#include <vector>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief How a service manager picks the real host behind a virtual IP for
 *        a flow it has no affinity for (the seed's "load balancing
 *        algorithm", pluggable).
 *
 * - round-robin: hosts in turn;
 * - least-connections: the host with the fewest flows the manager holds an
 *   affinity for (ties: in turn);
 * - random: uniformly at random;
 * - hash: a hash of the 5-tuple (stateless: every manager picks the same
 *   host for the same flow, with or without replicated state).
 *
 * The first three depend on the manager's state, so a backup without
 * replicated affinities generally decides differently from the primary.
 */
class HostSelectionPolicy : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    ~HostSelectionPolicy() override;

    /**
     * \brief Pick a host.
     * \param key the flow's tuple (as the client sent it)
     * \param load flows per host the manager holds affinities for
     * \return index into load
     */
    virtual uint32_t Select(const FlowKey& key, const std::vector<uint32_t>& load) = 0;

    /// \param stream first stream \return streams used
    virtual int64_t AssignStreams(int64_t stream);

    /// \param name policy name \return a new policy (nullptr if unknown)
    static Ptr<HostSelectionPolicy> CreateByName(const std::string& name);
    /// \return the names CreateByName() knows
    static std::vector<std::string> GetNames();
};

/// \brief Hosts in turn
class RoundRobinHostPolicy : public HostSelectionPolicy
{
  public:
    /// \return the TypeId
    static TypeId GetTypeId();
    uint32_t Select(const FlowKey& key, const std::vector<uint32_t>& load) override;

  private:
    uint32_t m_next{0}; //!< next host
};

/// \brief The least-loaded host (ties in turn)
class LeastConnectionsHostPolicy : public HostSelectionPolicy
{
  public:
    /// \return the TypeId
    static TypeId GetTypeId();
    uint32_t Select(const FlowKey& key, const std::vector<uint32_t>& load) override;

  private:
    uint32_t m_next{0}; //!< where tie-breaking starts
};

/// \brief Uniformly random host
class RandomHostPolicy : public HostSelectionPolicy
{
  public:
    /// \return the TypeId
    static TypeId GetTypeId();
    RandomHostPolicy();
    uint32_t Select(const FlowKey& key, const std::vector<uint32_t>& load) override;
    int64_t AssignStreams(int64_t stream) override;

  private:
    Ptr<UniformRandomVariable> m_rng; //!< choice
};

/// \brief A hash of the 5-tuple: stateless, the same on every manager
class HashHostPolicy : public HostSelectionPolicy
{
  public:
    /// \return the TypeId
    static TypeId GetTypeId();
    uint32_t Select(const FlowKey& key, const std::vector<uint32_t>& load) override;
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_HOST_SELECTION_POLICY_H */
