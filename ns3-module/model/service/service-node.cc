/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "service-node.h"

#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SfcServiceNode");

namespace sfc
{

NS_OBJECT_ENSURE_REGISTERED(ServiceNode);

TypeId
ServiceNode::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sfc::ServiceNode")
            .SetParent<Application>()
            .SetGroupName("Sfc")
            .AddAttribute("InstanceId",
                          "Globally unique id of this instance (non-zero).",
                          UintegerValue(0),
                          MakeUintegerAccessor(&ServiceNode::m_instanceId),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("ProcessingDelay",
                          "Service time per packet; the instance serves one packet at a time.",
                          TimeValue(MicroSeconds(5)),
                          MakeTimeAccessor(&ServiceNode::m_processingDelay),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("QueueLimit",
                          "Packets that may wait for service; more are dropped.",
                          UintegerValue(1000),
                          MakeUintegerAccessor(&ServiceNode::m_queueLimit),
                          MakeUintegerChecker<uint32_t>(1))
            .AddTraceSource("Rx",
                            "A packet reached the instance.",
                            MakeTraceSourceAccessor(&ServiceNode::m_rxTrace),
                            "ns3::sfc::ServiceNode::PacketTracedCallback")
            .AddTraceSource("Processed",
                            "A packet was processed and handed back to the forwarder.",
                            MakeTraceSourceAccessor(&ServiceNode::m_processedTrace),
                            "ns3::sfc::ServiceNode::PacketTracedCallback")
            .AddTraceSource("Drop",
                            "A packet was dropped (no state, instance down, queue full, ...).",
                            MakeTraceSourceAccessor(&ServiceNode::m_dropTrace),
                            "ns3::sfc::ServiceNode::DropTracedCallback")
            .AddTraceSource("InstanceStart",
                            "The instance came up.",
                            MakeTraceSourceAccessor(&ServiceNode::m_startTrace),
                            "ns3::TracedCallback::Void")
            .AddTraceSource("InstanceStop",
                            "The instance went down (its state is lost).",
                            MakeTraceSourceAccessor(&ServiceNode::m_stopTrace),
                            "ns3::TracedCallback::Void")
            .AddTraceSource("InstanceDrain",
                            "The instance started draining (no new flows; existing ones finish).",
                            MakeTraceSourceAccessor(&ServiceNode::m_drainTrace),
                            "ns3::TracedCallback::Void");
    return tid;
}

ServiceNode::ServiceNode()
    : m_instanceId(0),
      m_functionIndex(0),
      m_processingDelay(MicroSeconds(5)),
      m_queueLimit(1000),
      m_running(false),
      m_busy(false),
      m_draining(false),
      m_processed(0),
      m_drops{}
{
}

ServiceNode::~ServiceNode() = default;

void
ServiceNode::DoDispose()
{
    Simulator::Cancel(m_serviceEvent);
    Simulator::Cancel(m_drainCheck);
    Simulator::Cancel(m_drainTimeout);
    m_queue.clear();
    m_transmit = TransmitCallback();
    m_drainDone = Callback<void>();
    Application::DoDispose();
}

void
ServiceNode::SetTransmitCallback(TransmitCallback cb)
{
    m_transmit = cb;
}

uint32_t
ServiceNode::GetInstanceId() const
{
    return m_instanceId;
}

void
ServiceNode::SetInstanceId(uint32_t id)
{
    m_instanceId = id;
}

uint32_t
ServiceNode::GetFunctionIndex() const
{
    return m_functionIndex;
}

void
ServiceNode::SetFunctionIndex(uint32_t index)
{
    m_functionIndex = index;
}

bool
ServiceNode::IsRunning() const
{
    return m_running;
}

void
ServiceNode::SetSlot(uint32_t /* index */, uint32_t /* count */)
{
}

uint32_t
ServiceNode::GetNStates() const
{
    return 0;
}

bool
ServiceNode::TranslatesAddresses() const
{
    return false;
}

Ipv4Address
ServiceNode::GetOwnedAddress() const
{
    return Ipv4Address();
}

uint64_t
ServiceNode::GetProcessedPackets() const
{
    return m_processed;
}

Time
ServiceNode::GetBusyTime() const
{
    return m_busyTime;
}

uint64_t
ServiceNode::GetDrops(DropReason reason) const
{
    return m_drops[static_cast<uint32_t>(reason)];
}

void
ServiceNode::StartApplication()
{
    Activate();
}

void
ServiceNode::StopApplication()
{
    Deactivate();
}

void
ServiceNode::Activate()
{
    if (m_running)
    {
        return;
    }
    NS_LOG_FUNCTION(this << m_instanceId);
    m_running = true;
    m_lastRx = Simulator::Now();
    m_startTrace();
}

void
ServiceNode::Deactivate()
{
    if (!m_running)
    {
        return;
    }
    NS_LOG_FUNCTION(this << m_instanceId);
    m_running = false;
    m_draining = false;
    Simulator::Cancel(m_serviceEvent);
    Simulator::Cancel(m_drainCheck);
    Simulator::Cancel(m_drainTimeout);
    m_busy = false;
    for (const auto& p : m_queue)
    {
        Drop(p.packet, p.dir, DropReason::INSTANCE_DOWN);
    }
    m_queue.clear();
    DoResetState();
    m_stopTrace();
}

void
ServiceNode::StartDraining(Time idle, Time timeout, Callback<void> done)
{
    if (!m_running || m_draining)
    {
        return;
    }
    m_draining = true;
    m_drainIdle = idle;
    m_drainDone = done;
    m_drainTrace();
    m_drainTimeout = Simulator::Schedule(timeout, &ServiceNode::EndDrain, this);
    CheckDrain();
}

bool
ServiceNode::IsDraining() const
{
    return m_draining;
}

void
ServiceNode::CheckDrain()
{
    Time quietUntil = m_lastRx + m_drainIdle;
    if (Simulator::Now() >= quietUntil && !m_busy)
    {
        EndDrain();
        return;
    }
    Time next = quietUntil > Simulator::Now() ? quietUntil - Simulator::Now() : m_drainIdle;
    m_drainCheck = Simulator::Schedule(next, &ServiceNode::CheckDrain, this);
}

void
ServiceNode::EndDrain()
{
    if (!m_draining)
    {
        return;
    }
    Simulator::Cancel(m_drainCheck);
    Simulator::Cancel(m_drainTimeout);
    m_draining = false;
    Callback<void> done = m_drainDone;
    m_drainDone = Callback<void>();
    if (!done.IsNull())
    {
        done();
    }
}

void
ServiceNode::DoResetState()
{
}

void
ServiceNode::Receive(Ptr<Packet> packet, Direction dir)
{
    Enqueue(Pending{packet, dir, InnerPacketInfo(), false});
}

void
ServiceNode::Receive(Ptr<Packet> packet, Direction dir, const InnerPacketInfo& info)
{
    Enqueue(Pending{packet, dir, info, true});
}

void
ServiceNode::Enqueue(Pending&& p)
{
    if (!m_rxTrace.IsEmpty()) // no Ptr<const Packet> temporary when nobody listens
    {
        m_rxTrace(p.packet, p.dir);
    }
    m_lastRx = Simulator::Now();
    if (!m_running)
    {
        Drop(p.packet, p.dir, DropReason::INSTANCE_DOWN);
        return;
    }
    if (m_queue.size() >= m_queueLimit + (m_busy ? 1u : 0u))
    {
        Drop(p.packet, p.dir, DropReason::QUEUE_FULL);
        return;
    }
    m_queue.push_back(std::move(p));
    if (!m_busy)
    {
        StartService();
    }
}

void
ServiceNode::StartService()
{
    m_busy = true;
    m_serviceEvent = Simulator::Schedule(m_processingDelay, &ServiceNode::CompleteService, this);
}

void
ServiceNode::CompleteService()
{
    Pending head = std::move(m_queue.front());
    m_queue.pop_front();
    m_busy = false;
    m_busyTime += m_processingDelay;
    InnerPacketInfo& info = head.info;
    DropReason reason = DropReason::MALFORMED;
    if (!head.parsed && !InnerPacket::Parse(*head.packet, info))
    {
        Drop(head.packet, head.dir, DropReason::MALFORMED);
    }
    else if (!DoProcess(head.packet, info, head.dir, reason))
    {
        Drop(head.packet, head.dir, reason);
    }
    else
    {
        m_processed++;
        if (!m_processedTrace.IsEmpty())
        {
            m_processedTrace(head.packet, head.dir);
        }
        if (!m_transmit.IsNull())
        {
            m_transmit(this, head.packet, head.dir, info);
        }
    }
    if (!m_queue.empty())
    {
        StartService();
    }
}

void
ServiceNode::Drop(Ptr<const Packet> packet, Direction dir, DropReason reason)
{
    NS_LOG_LOGIC("instance " << m_instanceId << " drops " << ToString(dir)
                             << " packet: " << ToString(reason));
    m_drops[static_cast<uint32_t>(reason)]++;
    m_dropTrace(packet, dir, reason);
}

} // namespace sfc
} // namespace ns3
