/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_OWNER_CONTROLLER_H
#define SFC_OWNER_CONTROLLER_H

#include "association-service.h"
#include "owner-control-endpoint.h"
#include "subset-assigner.h"
#include "translation-table.h"

#include "ns3/application.h"
#include "ns3/ipv4-address.h"
#include "ns3/random-variable-stream.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <map>
#include <vector>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief The controller of the vPlanes (seed 003): programs the translation
 *        tables and port-forwarding rules (configuration, before the run),
 *        assigns the query subsets to the vPlanes in helper service and
 *        re-balances them when one joins or leaves, sending the new subset
 *        map to every vPlane over the control path, each with its own
 *        delay (ControlDelay, drawn per vPlane and map), retransmitted until
 *        that vPlane acknowledges the epoch. In the central baseline it is
 *        also the one flow database every owner registers with and every
 *        unresolved source queries.
 */
class OwnerController : public Application
{
  public:
    /// \return the TypeId
    static TypeId GetTypeId();

    OwnerController();
    ~OwnerController() override;

    /// \param address the controller's own address
    void SetAddress(Ipv4Address address);
    /// \return the controller's address
    Ipv4Address GetAddress() const;
    /// \param vplane a vPlane that receives maps \param helper in helper service from the start
    void AddVplane(Ipv4Address vplane, bool helper);
    /// \param at time \param vplane joins helper service then
    void ScheduleJoin(Time at, Ipv4Address vplane);
    /// \param at time \param vplane leaves helper service then
    void ScheduleLeave(Time at, Ipv4Address vplane);
    /// \param vplane joins helper service now
    void Join(Ipv4Address vplane);
    /// \param vplane leaves helper service now
    void Leave(Ipv4Address vplane);

    /// \return the subset assigner (NumSubsets, Algorithm)
    Ptr<SubsetAssigner> GetAssigner() const;
    /// \return the master translation table (copied into every vPlane)
    Ptr<TranslationTable> GetTranslationTable() const;
    /// \return the central flow database (central baseline)
    Ptr<AssociationService> GetDatabase() const;
    /// \return the control endpoint
    Ptr<OwnerControlEndpoint> GetControl() const;
    /// \return subset-map messages sent (retransmissions included)
    uint64_t GetMapsSent() const;
    /// \return database operations (central baseline: queries and registrations handled)
    uint64_t GetDatabaseLoad() const;
    /// \param stream first stream \return streams used
    int64_t AssignStreams(int64_t stream);

  protected:
    void DoDispose() override;

  private:
    void StartApplication() override;
    void StopApplication() override;
    void MapChanged(const SubsetMap& before, const SubsetMap& after);
    void HandleMessage(const OwnerMessageHeader& h, Ipv4Address from);
    void HandleMap(const SubsetMapHeader& h, Ipv4Address from);

    Ipv4Address m_address;                   //!< own address
    Ptr<RandomVariableStream> m_delay;       //!< ControlDelay attribute (seconds)
    Ptr<SubsetAssigner> m_assigner;          //!< subsets -> helpers
    Ptr<TranslationTable> m_table;           //!< master table
    Ptr<AssociationService> m_db;            //!< central flow database
    Ptr<OwnerControlEndpoint> m_control;     //!< control path
    std::vector<Ipv4Address> m_vplanes;      //!< every vPlane, in order added
    std::map<Ipv4Address, uint32_t> m_mapTx; //!< vPlane -> transaction of its latest map
    bool m_running;                          //!< started
    uint64_t m_mapsQueued;                   //!< maps handed to the endpoint
    uint64_t m_dbLoad;                       //!< database operations
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_OWNER_CONTROLLER_H */
