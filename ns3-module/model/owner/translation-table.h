/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_TRANSLATION_TABLE_H
#define SFC_TRANSLATION_TABLE_H

#include "vnet-key.h"

#include "ns3/ipv4-address.h"
#include "ns3/object.h"

#include <cstdint>
#include <map>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief The outcome of resolving one VM address: resolvable or not, and to which host.
 */
struct Resolution
{
    bool resolvable{false}; //!< the VM is known to the translation table
    Ipv4Address host;       //!< underlay address of the VM's host (if resolvable)

    /// \return an unresolvable result
    static Resolution Unknown()
    {
        return Resolution{};
    }

    /// \param h host underlay address \return a resolvable result
    static Resolution Host(Ipv4Address h)
    {
        return Resolution{true, h};
    }
};

bool operator==(const Resolution& a, const Resolution& b);

/**
 * \ingroup sfc
 * \brief A vPlane's translation table: (VNet, VM address) -> host underlay address.
 *
 * The controller programs one copy into every vPlane (seed FIG. 1, the
 * "translation tables" of each vPlane): which host runs each VM. An address
 * that is not in the table is not resolvable: a WAN address, or a public
 * NAT address, which belongs to a stateful service and not to a VM.
 *
 * Lookups are O(log n) (a std::map, which also makes GetEntries() iterate
 * in (VNet, address) order). Every change bumps GetVersion(), so a vPlane
 * or a test can tell whether its copy is the controller's current one.
 */
class TranslationTable : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    TranslationTable();
    ~TranslationTable() override;

    /**
     * \brief Add or replace the mapping of one VM (a VM placed or migrated).
     * \param vm the VM
     * \param host underlay address of its host
     */
    void Set(const VnetEndpoint& vm, Ipv4Address host);

    /**
     * \param vm the VM
     * \return true if a mapping was removed
     */
    bool Remove(const VnetEndpoint& vm);

    /**
     * \brief Remove every VM of one host (the host left).
     * \param host underlay address
     * \return number of mappings removed
     */
    uint32_t RemoveHost(Ipv4Address host);

    /// Remove every mapping
    void Clear();

    /**
     * \param vm the VM
     * \return resolvable and its host, or not resolvable
     */
    Resolution Resolve(const VnetEndpoint& vm) const;

    /// \return number of mappings
    uint32_t GetN() const;

    /// \return number of changes made so far (starts at 0)
    uint64_t GetVersion() const;

    /// \return every mapping, in (VNet, address) order
    const std::map<VnetEndpoint, Ipv4Address>& GetEntries() const;

  private:
    std::map<VnetEndpoint, Ipv4Address> m_hosts; //!< VM -> host
    uint64_t m_version;                          //!< change counter
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_TRANSLATION_TABLE_H */
