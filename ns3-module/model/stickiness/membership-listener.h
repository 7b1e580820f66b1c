/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_MEMBERSHIP_LISTENER_H
#define SFC_MEMBERSHIP_LISTENER_H

#include "membership-update-header.h"

#include "ns3/callback.h"
#include "ns3/ipv4-address.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/service-chain.h"
#include "ns3/sfc-types.h"
#include "ns3/socket.h"

#include <map>
#include <string>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief The receiving end of a forwarder's control path: applies the
 *        MembershipUpdateHeader messages a ScalingController sends to the
 *        forwarder's own MembershipView.
 *
 * An update is applied when it is well formed, names this chain and an
 * instance of the function it says, and is newer (higher sequence) than the
 * last update applied for that instance: updates may arrive out of order and
 * only the newest counts. Malformed updates go to the drop callback
 * (DropReason::MALFORMED); stale ones are ignored. With a key (SetKey(), the
 * scaling controller's), an update must also carry the controller's HMAC
 * for this forwarder's address: an unsigned or wrongly signed one goes to
 * the drop callback (DropReason::MALFORMED) and is counted (GetRejected()),
 * so nobody without the key can drain or remove instances or block later
 * updates with sequence 0xFFFFFFFF. After each applied update
 * the applied callback runs (the forwarder forgets the cached paths through
 * a removed instance and fires its MembershipUpdate trace).
 */
class MembershipListener
{
  public:
    /// Called after an update was applied to the view
    using AppliedCallback = Callback<void, const MembershipUpdateHeader&>;
    /// Called with a rejected update, and why
    using DropCallback = Callback<void, Ptr<const Packet>, DropReason>;

    /**
     * \brief Bind the control socket and start applying updates.
     * \param node the forwarder's node
     * \param address local address to bind
     * \param port UDP port of the control path
     * \param chain the chain the updates must name
     * \param view the view updates are applied to
     * \param applied called after each applied update
     * \param drop called for each malformed update
     */
    void Open(Ptr<Node> node,
              Ipv4Address address,
              uint16_t port,
              Ptr<ServiceChain> chain,
              Ptr<MembershipView> view,
              AppliedCallback applied,
              DropCallback drop);
    /// \brief Close the socket; nothing more is applied.
    void Close();

    /// \param key the controller's key updates must be signed with ("" = none required)
    void SetKey(const std::string& key);
    /// \return updates rejected for lack of a valid code (unsigned or wrong code)
    uint64_t GetRejected() const;

  private:
    void HandleRead(Ptr<Socket> socket);

    Ptr<Socket> m_socket;                      //!< control-path socket
    Ptr<ServiceChain> m_chain;                 //!< the chain
    Ptr<MembershipView> m_view;                //!< the view updated
    AppliedCallback m_applied;                 //!< after an update
    DropCallback m_drop;                       //!< malformed update
    std::map<uint32_t, uint32_t> m_lastUpdate; //!< instance -> last applied sequence
    std::string m_key;                         //!< controller's key ("" = none)
    Ipv4Address m_address;                     //!< this forwarder's address (signed receiver)
    uint64_t m_rejected{0};                    //!< unauthenticated updates
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_MEMBERSHIP_LISTENER_H */
