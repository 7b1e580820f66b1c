/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_VEM_SWITCH_H
#define SFC_VEM_SWITCH_H

#include "vpath-flow-table.h"
#include "vpath-tag-map.h"

#include "ns3/application.h"
#include "ns3/event-id.h"
#include "ns3/inner-packet.h"
#include "ns3/ipv4-address.h"
#include "ns3/lisp-eid-prefix.h"
#include "ns3/lisp-map-cache.h"
#include "ns3/net-device.h"
#include "ns3/socket.h"
#include "ns3/traced-callback.h"

#include <array>
#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

namespace ns3
{
namespace sfc
{

/// Why a VemSwitch dropped a packet
enum class VemDropReason : uint8_t
{
    MALFORMED = 0,           //!< LISP header or inner IPv4 did not parse
    QUEUE_FULL = 1,          //!< waiting for a mapping, and the wait queue is full
    NO_MAPPING = 2,          //!< negative Map-Reply for the next hop
    OFF_CHAIN = 3,           //!< a service node's output whose hop is not in the chain (any more)
    NO_RETURN_STATE = 4,     //!< return traffic without flow-table state
    NO_REPLY = 5,            //!< no Map-Reply after the retries
    UNKNOWN_DESTINATION = 6, //!< decapsulated at the VM RLOC, but no such local VM
    NOT_HOSTED = 7,          //!< for a service node this switch does not host (moved away)
    NO_POLICY = 8,           //!< the node has no tags for the packet's policy
    TABLE_FULL = 9,          //!< flow table full
};

/// Number of VemDropReason values
constexpr uint32_t kNumVemDropReasons = 10;

/// \param r reason \return its name (snake_case)
const char* ToString(VemDropReason r);

/**
 * \ingroup sfc
 * \brief Counters of a VemSwitch.
 */
struct VemSwitchCounters
{
    uint64_t fromVm = 0;                       //!< packets from local VMs
    uint64_t toVm = 0;                         //!< packets delivered to local VMs
    uint64_t toNode = 0;                       //!< raw packets handed to agentless nodes
    uint64_t fromNode = 0;                     //!< raw packets taken back from agentless nodes
    uint64_t encap = 0;                        //!< LISP data packets sent
    uint64_t decap = 0;                        //!< LISP data packets received
    uint64_t local = 0;                        //!< hops handed on inside the switch (no overlay)
    uint64_t cacheMisses = 0;                  //!< packets that waited for a mapping
    uint64_t mapRequests = 0;                  //!< Map-Requests sent
    uint64_t smrInvoked = 0;                   //!< of which SMR-invoked
    uint64_t mapReplies = 0;                   //!< Map-Replies accepted
    uint64_t unsolicited = 0;                  //!< Map-Replies with an unknown nonce
    uint64_t smrs = 0;                         //!< Solicit-Map-Requests received
    uint64_t registers = 0;                    //!< Map-Registers sent
    uint64_t notifies = 0;                     //!< Map-Notifies received (verified)
    uint64_t controlMalformed = 0;             //!< control messages dropped
    std::array<uint64_t, 16> controlTxBytes{}; //!< control bytes sent, by LISP type
    std::array<uint64_t, 16> controlTx{};      //!< control messages sent, by LISP type
    std::array<uint64_t, kNumVemDropReasons> drops{}; //!< data drops by reason
};

/**
 * \ingroup sfc
 * \brief A virtual switch (seed 004's VEM with VPATH) acting as a LISP
 *        xTR on one server.
 *
 * Ports: VMs (AddVm: a device and a port profile naming the VM's policy,
 * i.e. chain id) and the tagged ports of agentless service nodes (TagPort:
 * per policy an input and an output device). Underlay: the server's IPv4
 * interface; the switch's own RLOC (VMs) is the interface's first address,
 * each hosted service node has an RLOC of its own on the same interface
 * (seed 004: "at least one RLOC per service node"), so the outer
 * destination of a packet names the node it is for and a switch can host
 * several hops of one chain.
 *
 * Forward path: a VM's packet is classified by its port profile (chain
 * C); the chain for [C] destination is looked up in the map-cache (an ELP
 * of hop EIDs, see VpathChain), the next hop EID is resolved in the
 * map-cache to an RLOC, and the packet is encapsulated (RFC 9300 data
 * header, N and I bits, instance id = C) on UDP 4341 from the RLOC it is
 * at to that RLOC. The switch hosting the hop decapsulates, hands the raw
 * packet to the node on the policy's input tag, takes it back on the
 * output tag and sends it on to the hop after it. After the last hop the
 * destination EID is resolved and the packet delivered to its VM. A
 * map-cache miss queues the packet (QueueLimit packets in all) and sends
 * a Map-Request (rate limited by the cache, retried every RetryInterval,
 * MaxRetries times); the queued packets go on when the Map-Reply arrives.
 *
 * Return path: the VpathFlowTable remembers, per flow and hop, where the
 * flow came from (RETURN_TO) and which tuple is its return traffic
 * (REVERSE_IN); return traffic retraces the forward path hop by hop
 * without mapping lookups, entering each node on its output tag.
 *
 * Control plane (UDP 4342, to and from MapServer): Map-Register (signed,
 * M bit) of every VM EID and hosted hop EID at start, on every change and
 * every RegisterInterval; Map-Request/Map-Reply; on a Solicit-Map-Request
 * the cache entries are marked and an SMR-invoked Map-Request refreshes
 * them (the old mapping stays in use meanwhile). The answer to an SMR is
 * not held back by the map-cache's per-prefix rate limit, which paces the
 * requests data packets cause (a miss less than a second before a change
 * would otherwise delay the refresh by up to a second); it is paced by its
 * own reply instead: one unanswered SMR answer per prefix (sent again after
 * RetryInterval if its reply was lost).
 */
class VemSwitch : public Application
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    VemSwitch();
    ~VemSwitch() override;

    /**
     * \brief Connect a VM (port profile).
     * \param port the switch's device towards the VM (not an IPv4 interface)
     * \param eid the VM's address (its EID, instance 0)
     * \param chainId the VM's policy: chain id of its traffic (0: none)
     */
    void AddVm(Ptr<NetDevice> port, Ipv4Address eid, uint32_t chainId);
    /**
     * \brief Host a service node's hop: the node's RLOC is added to the
     *        underlay interface and registered for the hop EID.
     * \param hopEid the hop EID named in chains
     * \param rloc the node's RLOC on this server
     */
    void AttachNode(Ipv4Address hopEid, Ipv4Address rloc);
    /**
     * \brief Tag two ports of a hosted node with a policy.
     * \param hopEid the node's hop EID (attached)
     * \param policy policy (chain) id
     * \param inPort device of the input tag
     * \param outPort device of the output tag
     * \return false if the node is not attached or the policy is tagged
     */
    bool TagPort(Ipv4Address hopEid,
                 uint32_t policy,
                 Ptr<NetDevice> inPort,
                 Ptr<NetDevice> outPort);
    /**
     * \brief Host a service node with an agent (VpathAgent): the overlay
     *        is not terminated here but on the node, through one port.
     * \param hopEid the hop EID named in chains
     * \param rloc the node's RLOC on this server
     * \param port the switch's device towards the node
     */
    void AttachAgentNode(Ipv4Address hopEid, Ipv4Address rloc, Ptr<NetDevice> port);
    /**
     * \brief Stop hosting a node (it moved away): it is no longer
     *        registered; packets for it are dropped (NOT_HOSTED).
     * \param hopEid the node's hop EID
     */
    void DetachNode(Ipv4Address hopEid);
    /// \param hopEid a hop EID \return true if attached here
    bool HostsNode(Ipv4Address hopEid) const;
    /// \param hopEid a hop EID \return the node's tags (nullptr if unknown)
    const VpathTagMap* GetTags(Ipv4Address hopEid) const;

    /// \return the switch's own RLOC
    Ipv4Address GetRloc() const;
    /// \return the map-cache
    Ptr<LispMapCache> GetMapCache() const;
    /// \return the flow table
    VpathFlowTable& GetFlowTable();
    /// \return the counters
    const VemSwitchCounters& GetCounters() const;
    /// \return number of packets waiting for a mapping
    uint32_t GetQueued() const;

    /// Trace signature: a packet and an RLOC
    typedef void (*PacketRlocTracedCallback)(Ptr<const Packet> packet, Ipv4Address rloc);
    /// Trace signature: a packet and a drop reason
    typedef void (*DropTracedCallback)(Ptr<const Packet> packet, VemDropReason reason);
    /// Trace signature: an EID prefix
    typedef void (*PrefixTracedCallback)(const LispEidPrefix& prefix);

  protected:
    void DoDispose() override;

  private:
    /// A packet on its way forward, possibly waiting for a mapping
    struct Job
    {
        Ptr<Packet> packet; //!< the raw (inner) packet
        FlowKey key;        //!< its 5-tuple (parsed once, where it entered the switch)
        uint32_t chain;     //!< chain id
        Ipv4Address at;     //!< local RLOC the packet is at
        Ipv4Address hop;    //!< hop just done (or the source VM)
        bool started;       //!< hop is a service hop
    };

    /// A hosted service node
    struct HostedNode
    {
        Ipv4Address rloc;         //!< its RLOC here
        VpathTagMap tags;         //!< its tagged ports
        bool attached{true};      //!< still hosted
        Ptr<NetDevice> agentPort; //!< the port of a node with an agent (else null)
    };

    /// A VM port
    struct VmPort
    {
        Ptr<NetDevice> dev; //!< the port
        uint32_t chain;     //!< its policy
    };

    void StartApplication() override;
    void StopApplication() override;

    // data plane (vem-switch.cc)
    /// Receive from a VM or tagged port (Node protocol handler)
    void FromPort(Ptr<NetDevice> dev,
                  Ptr<const Packet> p,
                  uint16_t protocol,
                  const Address& from,
                  const Address& to,
                  NetDevice::PacketType type);
    /**
     * \brief A packet back from a service node.
     * \param hop its hop EID
     * \param policy the policy (chain) it belongs to
     * \param forward true for serviced forward traffic (output tag)
     * \param p the raw packet
     * \param info its headers
     */
    void FromNode(Ipv4Address hop,
                  uint32_t policy,
                  bool forward,
                  Ptr<Packet> p,
                  const InnerPacketInfo& info);
    /// \param socket a data socket with packets
    void HandleData(Ptr<Socket> socket);
    /// \param job a packet to send to the next hop
    void Advance(Job job);
    /// \param at local RLOC reached \param from RLOC it came from \param chain chain \param p
    /// packet \param key its 5-tuple
    void ArriveAt(Ipv4Address at,
                  Ipv4Address from,
                  uint32_t chain,
                  Ptr<Packet> p,
                  const FlowKey& key);
    /// \param at sending RLOC \param to destination RLOC \param chain chain \param p packet
    /// \param key its 5-tuple
    void SendTo(Ipv4Address at, Ipv4Address to, uint32_t chain, Ptr<Packet> p, const FlowKey& key);
    /// \param a an address \return true if it is one of this switch's RLOCs
    bool IsLocalRloc(Ipv4Address a) const;
    /// \param dev device \param p packet: put on a port
    void Output(Ptr<NetDevice> dev, Ptr<Packet> p);
    /// \param p packet \param r reason
    void Drop(Ptr<const Packet> p, VemDropReason r);
    /// \param key key \param e entry \param p packet (for the drop) \return false if full
    bool Remember(const VpathFlowKey& key, const VpathFlowEntry& e, Ptr<const Packet> p);

    // control plane (vem-switch-control.cc)
    /**
     * \brief Look a prefix up in the map-cache; on a miss queue the job
     *        and ask the mapping system.
     * \param prefix EID prefix
     * \param job the packet (queued on a miss)
     * \return the entry, or nullptr (queued or dropped)
     */
    const LispMapCacheEntry* Resolve(const LispEidPrefix& prefix, const Job& job);
    /**
     * \param prefix EID prefix
     * \param smrInvoked set the s bit
     * \param limited subject to the map-cache's per-prefix rate limit (data-driven
     *        requests); an answer to an SMR is not (see HandleSmr)
     */
    void SendMapRequest(const LispEidPrefix& prefix, bool smrInvoked, bool limited = true);
    /// \param prefix a waiting prefix: retry or give up
    void Retry(LispEidPrefix prefix);
    /// \param socket the control socket
    void HandleControl(Ptr<Socket> socket);
    /// Send a Map-Register of every VM and attached node, schedule the next
    void Register();
    /// \return the EIDs of the VMs and attached nodes with their RLOCs, in address order
    std::map<Ipv4Address, Ipv4Address> Registrations() const;
    /// \param p message \param type LISP type
    void SendControl(Ptr<Packet> p, uint8_t type);
    /// \param p a Map-Reply
    void HandleMapReply(Ptr<Packet> p);
    /// \param p a Map-Request with the S bit
    void HandleSmr(Ptr<Packet> p);

    // attributes
    Ipv4Address m_mapServer; //!< map-server and map-resolver
    std::string m_key;       //!< Map-Register key
    uint16_t m_keyId;        //!< Map-Register key id
    Time m_registerInterval; //!< re-registration period
    uint32_t m_recordTtl;    //!< TTL of registered records
    uint32_t m_queueLimit;   //!< packets waiting for mappings
    Time m_retryInterval;    //!< Map-Request retry
    uint32_t m_maxRetries;   //!< retries before dropping
    bool m_smrResponse;      //!< answer SMRs with SMR-invoked requests
    Time m_flowIdle;         //!< flow-table idle timeout
    uint32_t m_flowCapacity; //!< flow-table capacity (0 unlimited)

    // state
    Ipv4Address m_rloc;                                             //!< own RLOC
    uint32_t m_underlayIf;                                          //!< underlay IPv4 interface
    Ptr<LispMapCache> m_cache;                                      //!< map-cache
    VpathFlowTable m_flows;                                         //!< flow table
    Ptr<Socket> m_ctrl;                                             //!< control socket (UDP 4342)
    std::map<Ipv4Address, Ptr<Socket>> m_data;                      //!< data socket per local RLOC
    std::unordered_map<Ipv4Address, VmPort, Ipv4AddressHash> m_vms; //!< VM EID -> port
    std::unordered_map<uint32_t, Ipv4Address> m_vmByIf;             //!< device ifindex -> VM EID
    std::unordered_map<Ipv4Address, HostedNode, Ipv4AddressHash> m_nodes; //!< hop EID -> node
    std::unordered_map<Ipv4Address, Ipv4Address, Ipv4AddressHash>
        m_nodeByRloc; //!< node RLOC -> hop EID
    /// device ifindex -> (hop EID, tag)
    std::unordered_map<uint32_t, std::pair<Ipv4Address, uint16_t>> m_tagByIf;
    std::unordered_map<uint32_t, Ipv4Address> m_agentByIf; //!< agent port ifindex -> hop EID
    std::unordered_map<uint16_t, Ptr<NetDevice>> m_tagDev; //!< tag -> device
    uint16_t m_nextTag;                                    //!< next tag number
    std::map<LispEidPrefix, std::deque<Job>> m_pending;    //!< jobs waiting per prefix
    std::map<LispEidPrefix, std::pair<EventId, uint32_t>> m_retries; //!< retry event, count
    uint32_t m_queued;                                               //!< jobs waiting
    std::map<uint64_t, LispEidPrefix> m_outstanding; //!< Map-Request nonce -> prefix
    std::map<LispEidPrefix, Time> m_smrAnswers;      //!< SMR answers awaiting a reply: sent at
    uint64_t m_nonce;                                //!< nonce counter
    uint32_t m_dataNonce;                            //!< data-header nonce counter
    EventId m_registerEvent;                         //!< next registration
    std::vector<Ipv4Address> m_hops;                 //!< scratch: chain hops
    VemSwitchCounters m_ctr;                         //!< counters

    TracedCallback<Ptr<const Packet>, Ipv4Address> m_encapTrace;       //!< encapsulated, to RLOC
    TracedCallback<Ptr<const Packet>, Ipv4Address> m_decapTrace;       //!< decapsulated, from RLOC
    TracedCallback<Ptr<const Packet>, Ipv4Address> m_toNodeTrace;      //!< raw to node (hop EID)
    TracedCallback<Ptr<const Packet>, Ipv4Address> m_toVmTrace;        //!< raw to a VM (its EID)
    TracedCallback<Ptr<const Packet>, const Address&> m_requestTrace;  //!< Map-Request sent
    TracedCallback<Ptr<const Packet>, const Address&> m_replyTrace;    //!< Map-Reply received
    TracedCallback<Ptr<const Packet>, const Address&> m_smrTrace;      //!< SMR received
    TracedCallback<Ptr<const Packet>, const Address&> m_registerTrace; //!< Map-Register sent
    TracedCallback<const LispEidPrefix&> m_missTrace;                  //!< cache miss
    TracedCallback<Ptr<const Packet>, VemDropReason> m_dropTrace;      //!< drop
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_VEM_SWITCH_H */
