/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_LISP_MAPPING_SYSTEM_H
#define SFC_LISP_MAPPING_SYSTEM_H

#include "lisp-eid-prefix.h"
#include "lisp-map-request.h"
#include "lisp-mapping-database.h"
#include "lisp-records.h"

#include "ns3/application.h"
#include "ns3/event-id.h"
#include "ns3/ipv4-address.h"
#include "ns3/nstime.h"
#include "ns3/socket.h"
#include "ns3/traced-callback.h"

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <utility>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief What a LispMappingSystem counted, by LISP message type (index =
 *        type: 1 Map-Request, 2 Map-Reply, 3 Map-Register, 4 Map-Notify,
 *        8 ECM) and by outcome.
 */
struct LispMappingSystemCounters
{
    std::array<uint64_t, 16> rxMessages{}; //!< messages received, by type
    std::array<uint64_t, 16> rxBytes{};    //!< bytes received (LISP message), by type
    std::array<uint64_t, 16> txMessages{}; //!< messages sent, by type (SMRs under 1)
    std::array<uint64_t, 16> txBytes{};    //!< bytes sent, by type
    uint64_t malformed = 0;                //!< dropped: did not parse / unsupported
    uint64_t registersAccepted = 0;        //!< Map-Registers that verified
    uint64_t registersRejected = 0;        //!< unauthenticated or bad-key Map-Registers
    uint64_t registrationsExpired = 0;     //!< soft-state registrations timed out
    uint64_t positiveReplies = 0;          //!< Map-Reply records with a mapping
    uint64_t negativeReplies = 0;          //!< Map-Reply records without
    uint64_t smrsSent = 0;                 //!< Solicit-Map-Requests sent
};

/**
 * \ingroup sfc
 * \brief A LISP map-server and map-resolver (RFC 9301 sections 4, 8) on
 *        UDP 4342.
 *
 * Map-Registers are verified with LispAuth against the AuthenticationKey
 * (one site key for every site); key id 0 or a bad HMAC is counted and
 * ignored. Each record of an accepted Map-Register is kept as soft state
 * for RegistrationTimeout (RFC 9301 section 8.2: three missed one-minute
 * re-registrations, 3 min); a re-registration refreshes it. With the M bit
 * a Map-Notify (same nonce and records, signed with the same key id) goes
 * back to the registering ETR.
 *
 * Map-Requests, direct or inside an Encapsulated Control Message, are
 * answered with one Map-Reply record per EID record after LookupLatency:
 * the longest matching mapping (A bit set, the registered TTL), else a
 * negative record with NegativeTtl and action natively-forward for the
 * largest prefix around the EID that holds no mapping (the requested
 * prefix if mappings lie inside it). The answer is computed when the
 * request arrives and sent LookupLatency later, to the first IPv4
 * ITR-RLOC (the UDP source if none) at the request's (inner) UDP source
 * port.
 *
 * The scenario can program mappings (SetMapping: e.g. a service chain as
 * an ELP locator); a programmed mapping takes precedence over a
 * registration of the same prefix and never expires. With SmrOnChange, a
 * changed mapping (programmed, removed, or registered with other locators)
 * triggers a Solicit-Map-Request (S bit) to every xTR that asked for an EID
 * of that prefix in the last RequesterMemory (requesters are only
 * remembered while SmrOnChange is on).
 */
class LispMappingSystem : public Application
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    LispMappingSystem();
    ~LispMappingSystem() override;

    /**
     * \brief Set or replace the programmed mapping of the record's EID prefix.
     * \param record the mapping (its TTL is sent as is)
     * \return false if the EID is not an IPv4/IPv6 prefix
     */
    bool SetMapping(const LispMappingRecord& record);
    /// \param prefix a programmed prefix \return true if it was removed
    bool RemoveMapping(const LispEidPrefix& prefix);
    /**
     * \brief The mapping the resolver would answer now.
     * \param eid an EID prefix
     * \param matched receives the prefix of the mapping (if not null)
     * \return the record, or nullptr (negative)
     */
    const LispMappingRecord* Resolve(const LispEidPrefix& eid, LispEidPrefix* matched) const;
    /// \return number of live registrations
    uint32_t GetRegistrationCount() const;
    /// \return the counters
    const LispMappingSystemCounters& GetCounters() const;

    /// Trace signature: a LISP control message and the peer address
    typedef void (*MessageTracedCallback)(Ptr<const Packet> message, const Address& peer);

  protected:
    void DoDispose() override;

  private:
    void StartApplication() override;
    void StopApplication() override;
    /// \param socket the socket with data
    void HandleRead(Ptr<Socket> socket);
    /// \param p a Map-Register \param from its sender
    void HandleMapRegister(Ptr<Packet> p, const Address& from);
    /**
     * \param p the message (for the drop trace)
     * \param req a parsed Map-Request
     * \param from the sender (UDP source)
     * \param port the port to answer to
     */
    void HandleMapRequest(Ptr<const Packet> p,
                          const LispMapRequestHeader& req,
                          const Address& from,
                          uint16_t port);
    /// \param prefix a changed prefix: SMR the xTRs that asked for it
    void SendSmrs(const LispEidPrefix& prefix);
    /// \param p message \param to destination \param type LISP type counted
    void Send(Ptr<Packet> p, Address to, uint8_t type);
    /// Remove expired registrations and schedule the next purge
    void Purge();
    /// \param p message \param from sender \param reason why it is dropped
    void Drop(Ptr<const Packet> p, const Address& from, const char* reason);
    /// \return a fresh nonce (deterministic: node id and a counter)
    uint64_t NextNonce();

    uint16_t m_port;                 //!< listening port
    Time m_latency;                  //!< lookup latency
    std::string m_key;               //!< site authentication key
    Time m_registrationTimeout;      //!< soft-state lifetime
    uint32_t m_negativeTtl;          //!< TTL of negative records
    bool m_smrOnChange;              //!< send SMRs on a change
    Time m_requesterMemory;          //!< how long requesters are remembered
    Ptr<Socket> m_socket;            //!< UDP socket
    EventId m_purgeEvent;            //!< next registration expiry
    uint64_t m_nonceCounter;         //!< nonce counter
    LispMappingSystemCounters m_ctr; //!< counters
    LispMappingDatabase m_db;        //!< programmed and registered mappings
    /// requested EID -> (ITR-RLOC, port) -> last request time
    std::map<LispEidPrefix, std::map<std::pair<Ipv4Address, uint16_t>, Time>> m_requesters;

    TracedCallback<Ptr<const Packet>, const Address&> m_rxTrace;   //!< every message in
    TracedCallback<Ptr<const Packet>, const Address&> m_txTrace;   //!< every message out
    TracedCallback<Ptr<const Packet>, const Address&> m_dropTrace; //!< dropped messages
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_LISP_MAPPING_SYSTEM_H */
