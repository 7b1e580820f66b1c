/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "membership-listener.h"

#include "ns3/inet-socket-address.h"
#include "ns3/log.h"
#include "ns3/udp-socket-factory.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SfcMembershipListener");

namespace sfc
{

void
MembershipListener::Open(Ptr<Node> node,
                         Ipv4Address address,
                         uint16_t port,
                         Ptr<ServiceChain> chain,
                         Ptr<MembershipView> view,
                         AppliedCallback applied,
                         DropCallback drop)
{
    NS_LOG_FUNCTION(this << address << port);
    m_chain = chain;
    m_view = view;
    m_address = address;
    m_applied = applied;
    m_drop = drop;
    m_socket = Socket::CreateSocket(node, UdpSocketFactory::GetTypeId());
    if (m_socket->Bind(InetSocketAddress(address, port)) != 0)
    {
        NS_FATAL_ERROR("control path cannot bind " << address << ":" << port);
    }
    m_socket->SetRecvCallback(MakeCallback(&MembershipListener::HandleRead, this));
}

void
MembershipListener::Close()
{
    if (m_socket)
    {
        m_socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
        m_socket->Close();
        m_socket = nullptr;
    }
    m_applied = AppliedCallback();
    m_drop = DropCallback();
}

void
MembershipListener::SetKey(const std::string& key)
{
    m_key = key;
}

uint64_t
MembershipListener::GetRejected() const
{
    return m_rejected;
}

void
MembershipListener::HandleRead(Ptr<Socket> socket)
{
    Ptr<Packet> packet;
    while ((packet = socket->Recv()))
    {
        MembershipUpdateHeader u;
        packet->PeekHeader(u);
        const ServiceChain::InstanceInfo* instance =
            u.IsValid() ? m_chain->GetInstance(u.GetInstance()) : nullptr;
        if (!u.IsValid() || u.GetChain() != m_chain->GetChainId() || instance == nullptr ||
            instance->function != u.GetFunction())
        {
            m_drop(packet, DropReason::MALFORMED);
            continue;
        }
        if (!m_key.empty() && !u.Verifies(m_key, m_address))
        {
            NS_LOG_LOGIC("unauthenticated membership update for instance " << u.GetInstance());
            m_rejected++;
            m_drop(packet, DropReason::MALFORMED);
            continue;
        }
        // Updates may arrive out of order: keep the newest per instance.
        uint32_t& last = m_lastUpdate[u.GetInstance()];
        if (u.GetSequence() <= last)
        {
            continue;
        }
        last = u.GetSequence();
        m_view->SetActive(u.GetFunction(),
                          u.GetInstance(),
                          u.GetAction() == MembershipUpdateHeader::ADD);
        m_applied(u);
    }
}

} // namespace sfc
} // namespace ns3
