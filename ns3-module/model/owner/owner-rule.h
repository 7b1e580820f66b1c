/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_OWNER_RULE_H
#define SFC_OWNER_RULE_H

#include "translation-table.h"
#include "vnet-key.h"

#include "ns3/ipv4-address.h"
#include "ns3/object.h"

#include <cstdint>
#include <ostream>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief Which of the seed's cases decided a flow's state analysis owner.
 */
enum class OwnerCase : uint8_t
{
    BOTH_RESOLVABLE = 0,  //!< both VMs known: the lower (or higher) host address (claims 1, 11)
    SOURCE_ONLY = 1,      //!< only the source VM known: its host (claims 6, 16)
    DESTINATION_ONLY = 2, //!< only the destination VM known: its host (claims 6, 16)
    UNRESOLVED = 3        //!< neither known: drop, or the helper procedure (FIG. 6, step 608)
};

/// \param c case \return its name ("both", "source-only", "destination-only", "unresolved")
const char* OwnerCaseName(OwnerCase c);
std::ostream& operator<<(std::ostream& os, OwnerCase c);

/**
 * \ingroup sfc
 * \brief The result of the owner rules for one packet's tuple.
 */
struct OwnerDecision
{
    OwnerCase kind{OwnerCase::UNRESOLVED}; //!< which rule applied
    Ipv4Address owner;                     //!< the owner host (unless UNRESOLVED)
    Resolution source;                     //!< what the source VM resolved to
    Resolution destination;                //!< what the destination VM resolved to

    /// \return true if the rules named an owner
    bool IsResolved() const
    {
        return kind != OwnerCase::UNRESOLVED;
    }
};

/**
 * \ingroup sfc
 * \brief The seed's autonomous owner rules ("stateful resolution", FIG. 6).
 *
 * Every vPlane applies the same rules to the tuple of a packet it has to
 * send, with its own copy of the translation table:
 *  - both ends resolvable: the host with the lower underlay address, or
 *    the higher one with the PreferHigher attribute (claims 1 and 11);
 *  - exactly one end resolvable: that end's host (claims 6 and 16);
 *  - neither: unresolved; the caller drops the packet or uses the helper
 *    procedure (query subsets, seed FIGs. 2-4).
 *
 * Both rules are symmetric in the two ends, so a tuple and its reverse get
 * the same owner whenever both directions see the same endpoints resolvable.
 * That holds for east-west flows (both ends known) and for flows to the WAN
 * without address translation. It does not hold across a NAT: the return of
 * a source-NATed flow reaches the gateway with the public NAT address as
 * destination, unresolvable, so the rules cannot name the owner there and
 * the helper's association (registered by the owner that created the NAT
 * binding) must; owner.rst has the full case table.
 */
class OwnerRule : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    OwnerRule();
    ~OwnerRule() override;

    /**
     * \brief The rules on two resolutions (the pure function behind Select()).
     * \param source the source VM's resolution
     * \param destination the destination VM's resolution
     * \param preferHigher true: the higher host address wins when both resolve
     * \return the decision
     */
    static OwnerDecision Decide(const Resolution& source,
                                const Resolution& destination,
                                bool preferHigher);

    /**
     * \brief Apply the rules to one direction of a flow.
     * \param key the tuple as the vPlane sees it, with its VNet
     * \param table the vPlane's translation table
     * \return the decision
     */
    OwnerDecision Select(const VnetFlowKey& key, const TranslationTable& table) const;

    /// \param preferHigher true: the higher host address wins when both resolve
    void SetPreferHigher(bool preferHigher);
    /// \return true if the higher host address wins
    bool GetPreferHigher() const;

  private:
    bool m_preferHigher; //!< the PreferHigher attribute
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_OWNER_RULE_H */
