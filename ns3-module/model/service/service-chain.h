/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_SERVICE_CHAIN_H
#define SFC_SERVICE_CHAIN_H

#include "service-node.h"

#include "ns3/ipv4-address.h"
#include "ns3/object.h"
#include "ns3/ptr.h"
#include "ns3/sfc-types.h"
#include "ns3/simple-ref-count.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief Which instances of each function of a chain are in service.
 *
 * The load-balancing policies choose among the instances a view lists.
 * Each list is kept sorted by instance id, so the choice is deterministic.
 * A view may be shared (every forwarder sees membership changes at once) or
 * per forwarder (changes arrive through the control path, so forwarders can
 * disagree for a while).
 */
class MembershipView : public SimpleRefCount<MembershipView>
{
  public:
    /// \param nFunctions number of functions in the chain
    explicit MembershipView(uint32_t nFunctions);

    /**
     * \param function 1-based function index
     * \return sorted ids of the instances in service
     */
    const std::vector<uint32_t>& GetInstances(uint32_t function) const;
    /**
     * \brief Put an instance in service or take it out.
     * \param function 1-based function index
     * \param instance instance id
     * \param active in service?
     * \return true if the view changed
     */
    bool SetActive(uint32_t function, uint32_t instance, bool active);
    /// \return number of changes applied so far
    uint64_t GetVersion() const;
    /// \return number of functions
    uint32_t GetNFunctions() const;

  private:
    std::vector<std::vector<uint32_t>> m_instances; //!< per function (index 0 unused)
    uint64_t m_version{0};                          //!< change counter
};

/**
 * \ingroup sfc
 * \brief A service chain: its ordered functions, their instances and where
 *        they run, and the designated forwarder of each function.
 *
 * Positions on the chain are boundaries: boundary b lies after function b
 * and before function b+1 (b = 0 before the first function, b = n after the
 * last). A forward packet at boundary b goes to function b+1 (or out of the
 * network when b = n); a reverse packet at boundary b goes to function b (or
 * back to its source when b = 0).
 *
 * On the wire the position is the NSH service path: one SPI per direction
 * and a service index that starts at 255 and drops by one per function.
 */
class ServiceChain : public Object
{
  public:
    /// An instance of a function, and where it runs
    struct InstanceInfo
    {
        uint32_t id{0};        //!< instance id (non-zero)
        uint32_t function{0};  //!< 1-based function index
        uint32_t server{0};    //!< index of the server hosting it
        Ipv4Address locator;   //!< overlay address of that server's forwarder
        Ptr<ServiceNode> node; //!< the instance
    };

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    ServiceChain();
    ~ServiceChain() override;

    /// \param id chain id (1..4095)
    void SetChainId(uint16_t id);
    /// \return chain id
    uint16_t GetChainId() const;

    /**
     * \brief Append a function to the chain.
     * \param name short name used in outputs ("fw", "nat", ...)
     * \return its 1-based index
     */
    uint32_t AddFunction(const std::string& name);
    /// \return number of functions (n)
    uint32_t GetNFunctions() const;
    /// \param function 1-based index \return its name
    std::string GetFunctionName(uint32_t function) const;

    /**
     * \brief Register an instance (not yet in service).
     * \param info instance description; info.id must be unique and non-zero
     */
    void AddInstance(const InstanceInfo& info);
    /// \param id instance id \return its description (nullptr if unknown)
    const InstanceInfo* GetInstance(uint32_t id) const;
    /// \return every registered instance, by id
    const std::map<uint32_t, InstanceInfo>& GetAllInstances() const;
    /// \param function 1-based index \return true if its instances rewrite addresses
    bool FunctionTranslates(uint32_t function) const;
    /**
     * \brief The running instance of a function that owns an address (a NAT
     *        pool), whether in service or draining.
     * \param function 1-based index
     * \param address the address
     * \return instance id, 0 if no running instance owns it
     */
    uint32_t FindAddressOwner(uint32_t function, Ipv4Address address) const;

    /**
     * \brief Put a registered instance in service or take it out of the
     *        chain's authoritative membership.
     * \param id instance id
     * \param active in service?
     */
    void SetActive(uint32_t id, bool active);
    /// \return the authoritative membership
    Ptr<MembershipView> GetMembership() const;

    /**
     * \param function 1-based index
     * \param locator overlay address of the designated forwarder for it
     */
    void SetDesignatedForwarder(uint32_t function, Ipv4Address locator);
    /// \param function 1-based index \return its designated forwarder (0.0.0.0 if none)
    Ipv4Address GetDesignatedForwarder(uint32_t function) const;

    /// \param dir direction \return the SPI of that direction's service path
    uint32_t GetSpi(Direction dir) const;
    /**
     * \brief Service index of a packet at a boundary.
     * \param dir direction
     * \param boundary boundary index 0..n
     * \return the NSH service index
     */
    uint8_t GetServiceIndex(Direction dir, uint32_t boundary) const;
    /**
     * \brief Position from an NSH service path header.
     * \param spi service path identifier
     * \param si service index
     * \param dir set to the direction
     * \param boundary set to the boundary
     * \return false if (spi, si) does not belong to this chain
     */
    bool Locate(uint32_t spi, uint8_t si, Direction& dir, uint32_t& boundary) const;

    /**
     * TracedCallback signature for membership changes.
     * \param [in] function 1-based function index
     * \param [in] instance instance id
     * \param [in] active in service after the change?
     */
    typedef void (*MembershipTracedCallback)(uint32_t function, uint32_t instance, bool active);

  private:
    void DoDispose() override;

    uint16_t m_chainId;                           //!< chain id
    std::vector<std::string> m_functions;         //!< names (index 0 unused)
    std::map<uint32_t, InstanceInfo> m_instances; //!< by id
    std::vector<bool> m_translates;               //!< per function (index 0 unused)
    std::map<std::pair<uint32_t, uint32_t>, std::vector<uint32_t>>
        m_owners;                     //!< (function, address) -> instances
    std::vector<Ipv4Address> m_df;    //!< DF per function (index 0 unused)
    Ptr<MembershipView> m_membership; //!< authoritative membership
    TracedCallback<uint32_t, uint32_t, bool> m_membershipTrace; //!< membership changed
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_SERVICE_CHAIN_H */
