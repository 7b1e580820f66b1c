/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_FAILOVER_ROGUE_H
#define SFC_FAILOVER_ROGUE_H

#include "ns3/application.h"
#include "ns3/event-id.h"
#include "ns3/ipv4-address.h"
#include "ns3/net-device.h"
#include "ns3/nstime.h"
#include "ns3/packet.h"
#include "ns3/socket.h"

#include <cstdint>
#include <deque>
#include <vector>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief The attacker of the failover scenario's control protocol: a node
 *        on the LAN without the keys that captures service messages and
 *        sends what such an attacker can.
 *
 * It listens promiscuously on its LAN device and keeps the latest
 * service messages it sees (any sender but itself, at most kCaptured).
 * Every AttackInterval, from its start, it sends one round of:
 * - REPLAY_OTHER_ADDRESS: the latest captured messages replayed from its
 *   own address to their original destination;
 * - REPLAY_OTHER_AGENT: captured messages to an agent, sent to the next
 *   agent instead;
 * - REPLAY_AFTER_RESTART: after SetRestart()'s time, the messages captured
 *   before it, replayed to their destination (a node that failed and
 *   recovered must not take them again);
 * - UNSIGNED_IP_PACKET: IP packet only messages without a security
 *   segment, each with a forged SYN of a client to the service, to the
 *   managers and the agents;
 * - OVERSIZE: one unsigned IP packet only message whose packet is
 *   OversizeBytes long (a manager's answer to it would exceed 65535 bytes).
 *
 * Membership updates of the stickiness control path are attacked in
 * sfc-stickiness (--rogue there), not here.
 */
class FailoverRogue : public Application
{
  public:
    /// The attacks, one counter each
    enum Attack : uint8_t
    {
        REPLAY_OTHER_ADDRESS = 0, //!< replay from the rogue's address
        REPLAY_OTHER_AGENT = 1,   //!< replay to another agent
        REPLAY_AFTER_RESTART = 2, //!< replay after a node's restart
        UNSIGNED_IP_PACKET = 3,   //!< unsigned IP packet only messages
        OVERSIZE = 4              //!< oversize IP packet only message
    };

    /// Number of Attack values
    static constexpr uint32_t kNumAttacks = 5;
    /// Most messages kept
    static constexpr std::size_t kCaptured = 64;

    /// \param a attack \return its snake_case name
    static const char* ToString(Attack a);

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();
    FailoverRogue();
    ~FailoverRogue() override;

    /**
     * \param managers the managers' addresses
     * \param agents the agents' LAN addresses
     */
    void SetTargets(const std::vector<Ipv4Address>& managers,
                    const std::vector<Ipv4Address>& agents);
    /**
     * \param client a client address the forged SYNs come from
     * \param vip the service address
     * \param port the service port
     */
    void SetService(Ipv4Address client, Ipv4Address vip, uint16_t port);
    /// \param at when a node restarts (replays of what was captured before follow)
    void SetRestart(Time at);

    /// \param a attack \return messages sent for it
    uint64_t GetSent(Attack a) const;

  protected:
    void DoDispose() override;

  private:
    void StartApplication() override;
    void StopApplication() override;
    void Sniff(Ptr<NetDevice> device,
               Ptr<const Packet> packet,
               uint16_t protocol,
               const Address& from,
               const Address& to,
               NetDevice::PacketType type);
    void Round();
    void SendTo(Ptr<const Packet> payload, Ipv4Address to, Attack a);
    Ptr<Packet> ForgedSyn(uint16_t sport, uint32_t totalBytes) const;

    /// One captured message
    struct Captured
    {
        Ptr<const Packet> payload; //!< UDP payload
        Ipv4Address to;            //!< its destination
        Time at;                   //!< when it was seen
    };

    uint16_t m_port;                       //!< service message port
    Time m_interval;                       //!< time between rounds
    uint32_t m_replays;                    //!< captured messages replayed per round
    uint32_t m_syns;                       //!< forged SYNs per target and round
    uint32_t m_oversize;                   //!< bytes of the oversize packet
    std::vector<Ipv4Address> m_managers;   //!< managers
    std::vector<Ipv4Address> m_agents;     //!< agents
    Ipv4Address m_client;                  //!< forged source
    Ipv4Address m_vip;                     //!< service address
    uint16_t m_servicePort;                //!< service port
    Time m_restart;                        //!< a node's restart (-1: none)
    Ipv4Address m_address;                 //!< own address
    Ptr<Socket> m_socket;                  //!< sends the attacks
    std::deque<Captured> m_captured;       //!< latest captured, oldest first
    std::vector<Captured> m_beforeRestart; //!< captured before the restart
    uint16_t m_nextPort;                   //!< next forged source port
    EventId m_round;                       //!< next round
    uint64_t m_sent[kNumAttacks];          //!< by attack
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_FAILOVER_ROGUE_H */
