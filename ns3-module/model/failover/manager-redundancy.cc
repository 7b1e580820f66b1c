/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "manager-redundancy.h"

#include "affinity-codec.h"

#include "ns3/log.h"
#include "ns3/simulator.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SfcManagerRedundancy");

namespace sfc
{

ManagerRedundancy::ManagerRedundancy(Owner& owner)
    : m_owner(owner),
      m_primary(true),
      m_monitored(Ipv4Address::GetAny()),
      m_state(ManagerState::STANDBY),
      m_effectiveBackup(1),
      m_heartbeatSeq(0),
      m_lossRng(CreateObject<UniformRandomVariable>()),
      m_takeoverTime(Seconds(-1)),
      m_replicationsStored(0),
      m_replicationsLost(0)
{
}

RedundancySettings&
ManagerRedundancy::GetSettings()
{
    return m_settings;
}

const RedundancySettings&
ManagerRedundancy::GetSettings() const
{
    return m_settings;
}

void
ManagerRedundancy::SetPeers(const std::vector<Ipv4Address>& peers)
{
    m_peers = peers;
}

void
ManagerRedundancy::SetMonitoredManager(Ipv4Address primary)
{
    m_monitored = primary;
}

ManagerState
ManagerRedundancy::GetState() const
{
    return m_state;
}

uint16_t
ManagerRedundancy::GetBackupPrecedence() const
{
    return m_effectiveBackup;
}

uint64_t
ManagerRedundancy::GetReplicationsStored() const
{
    return m_replicationsStored;
}

uint64_t
ManagerRedundancy::GetReplicationsLost() const
{
    return m_replicationsLost;
}

Time
ManagerRedundancy::GetTakeoverTime() const
{
    return m_takeoverTime;
}

int64_t
ManagerRedundancy::AssignStreams(int64_t stream)
{
    m_lossRng->SetStream(stream);
    return 1;
}

// ---- life cycle --------------------------------------------------------------

void
ManagerRedundancy::Start(bool primary)
{
    m_primary = primary;
    m_effectiveBackup = m_settings.backupPrecedence;
    if (primary)
    {
        BecomeActive();
    }
    else
    {
        BecomeStandby();
    }
}

void
ManagerRedundancy::Stop()
{
    Simulator::Cancel(m_heartbeatEvent);
    Simulator::Cancel(m_detect);
    Simulator::Cancel(m_listen);
}

void
ManagerRedundancy::Fail()
{
    SetState(ManagerState::FAILED);
    m_peerInfo.clear();
    m_effectiveBackup = m_settings.backupPrecedence;
}

void
ManagerRedundancy::Recover()
{
    SetState(ManagerState::LISTENING);
    m_listen = Simulator::Schedule(m_settings.heartbeat * m_settings.missCount,
                                   &ManagerRedundancy::EndListening,
                                   this);
}

void
ManagerRedundancy::Dispose()
{
    m_lossRng = nullptr;
}

void
ManagerRedundancy::SetState(ManagerState s)
{
    if (s == m_state)
    {
        return;
    }
    ManagerState old = m_state;
    m_state = s;
    m_owner.NotifyState(old, s);
}

void
ManagerRedundancy::BecomeActive()
{
    SetState(ManagerState::ACTIVE);
    Simulator::Cancel(m_detect);
    m_owner.RegisterWildcards();
    Simulator::Cancel(m_heartbeatEvent);
    SendHeartbeat();
}

void
ManagerRedundancy::BecomeStandby()
{
    SetState(ManagerState::STANDBY);
    m_owner.RegisterWildcards();
    ArmDetection(m_settings.heartbeat * m_settings.missCount);
}

void
ManagerRedundancy::EndListening()
{
    if (m_state != ManagerState::LISTENING)
    {
        return;
    }
    if (m_primary)
    {
        BecomeActive();
    }
    else
    {
        BecomeStandby();
    }
}

// ---- failure detection and takeover ------------------------------------------

void
ManagerRedundancy::ArmDetection(Time after)
{
    Simulator::Cancel(m_detect);
    m_detect = Simulator::Schedule(after, &ManagerRedundancy::TakeOver, this);
}

void
ManagerRedundancy::TakeOver()
{
    if (m_state != ManagerState::STANDBY)
    {
        return;
    }
    NS_LOG_INFO(Simulator::Now().As(Time::S)
                << " " << m_owner.GetName() << " takes over from " << m_monitored);
    m_takeoverTime = Simulator::Now();
    SetState(ManagerState::ACTIVE);
    auto peer = m_peerInfo.find(m_monitored);
    if (peer != m_peerInfo.end())
    {
        if (m_settings.cancel)
        {
            for (const WildcardEntry& w : peer->second.wildcards)
            {
                WildcardEntry del = w;
                del.affinity.ttlMs = 0;
                m_owner.SendWildcard(del);
            }
        }
        if (m_settings.cancelFixed)
        {
            m_owner.CancelFixed(peer->second.precedence);
        }
    }
    m_owner.RegisterWildcards();
    Simulator::Cancel(m_heartbeatEvent);
    SendHeartbeat();
}

// ---- heartbeats --------------------------------------------------------------

void
ManagerRedundancy::SendHeartbeat()
{
    if (m_state != ManagerState::ACTIVE)
    {
        return;
    }
    ServiceMessage m(ServiceMessageType::HEARTBEAT);
    m.Add(std::make_shared<IdentityInfoSegment>(m_owner.GetAddress(), m_owner.GetName()));
    auto hb = std::make_shared<HeartbeatSegment>();
    hb->sequence = ++m_heartbeatSeq;
    hb->intervalMs = static_cast<uint32_t>(m_settings.heartbeat.GetMilliSeconds());
    hb->backupPrecedence = m_effectiveBackup;
    hb->state = 1;
    m.Add(hb);
    auto sp = std::make_shared<ServicePrecedenceSegment>();
    sp->value = m_owner.GetServicePrecedence();
    m.Add(sp);
    // The wildcards it registered: what a backup cancels if this manager fails.
    for (const WildcardEntry& w : m_owner.GetRegisteredWildcards())
    {
        m.Add(AffinityCodec::ToSegment(w.affinity));
    }
    for (Ipv4Address peer : m_peers)
    {
        m_owner.SendToPeer(m, peer);
    }
    m_heartbeatEvent =
        Simulator::Schedule(m_settings.heartbeat, &ManagerRedundancy::SendHeartbeat, this);
}

void
ManagerRedundancy::HandleHeartbeat(const ServiceMessage& msg, Ipv4Address from)
{
    auto hb = msg.Find<HeartbeatSegment>();
    PeerInfo& peer = m_peerInfo[from];
    peer.interval = MilliSeconds(hb->intervalMs == 0 ? 1 : hb->intervalMs);
    peer.active = hb->state == 1;
    peer.precedence.backup = hb->backupPrecedence;
    if (auto sp = msg.Find<ServicePrecedenceSegment>())
    {
        peer.precedence.service = sp->value;
        peer.precedence.higherFirst = sp->higherFirst;
    }
    peer.wildcards.clear();
    for (const auto& ws : msg.FindAll<WildcardAffinitySegment>())
    {
        WildcardEntry w;
        w.affinity = AffinityCodec::FromSegment(*ws);
        w.precedence = peer.precedence;
        peer.wildcards.push_back(w);
    }
    if (m_state == ManagerState::LISTENING && peer.active)
    {
        // Restarted while another manager is active: rejoin as its standby,
        // registering below its precedence.
        Simulator::Cancel(m_listen);
        m_monitored = from;
        m_effectiveBackup =
            std::max<uint16_t>(m_settings.backupPrecedence, hb->backupPrecedence + 1);
        BecomeStandby();
    }
    if (m_state == ManagerState::STANDBY && from == m_monitored && peer.active)
    {
        ArmDetection(peer.interval * m_settings.missCount);
    }
}

// ---- replication -------------------------------------------------------------

void
ManagerRedundancy::Replicate(const FixedEntry& e)
{
    if (!m_settings.replication || m_state != ManagerState::ACTIVE)
    {
        return;
    }
    ServiceMessage m(ServiceMessageType::REPLICATION);
    m.Add(AffinityCodec::ToSegment(e.affinity));
    AffinityCodec::AddCommon(m, e);
    for (Ipv4Address peer : m_peers)
    {
        m_owner.SendToPeer(m, peer);
    }
}

void
ManagerRedundancy::HandleReplication(const ServiceMessage& msg, Ipv4Address from)
{
    if (m_settings.replicationLoss > 0 && m_lossRng->GetValue() < m_settings.replicationLoss)
    {
        m_replicationsLost++;
        return;
    }
    if (m_owner.StoreReplica(AffinityCodec::ReadFixedEntry(msg, from), m_settings.slack))
    {
        m_replicationsStored++;
    }
}

} // namespace sfc
} // namespace ns3
