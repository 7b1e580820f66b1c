/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "failure-injector.h"

#include "link-fault-error-model.h"

#include "ns3/application.h"
#include "ns3/channel.h"
#include "ns3/csma-net-device.h"
#include "ns3/log.h"
#include "ns3/point-to-point-net-device.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SfcFailureInjector");

namespace sfc
{

NS_OBJECT_ENSURE_REGISTERED(FailureInjector);

TypeId
FailureInjector::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sfc::FailureInjector")
                            .SetParent<Object>()
                            .SetGroupName("Sfc")
                            .AddConstructor<FailureInjector>()
                            .AddTraceSource("Failure",
                                            "A node failed or recovered.",
                                            MakeTraceSourceAccessor(&FailureInjector::m_trace),
                                            "ns3::sfc::FailureInjector::FailureTracedCallback");
    return tid;
}

FailureInjector::FailureInjector() = default;
FailureInjector::~FailureInjector() = default;

void
FailureInjector::DoDispose()
{
    Object::DoDispose();
}

void
FailureInjector::Schedule(Ptr<Node> node, Time failAt, Time recoverAt)
{
    Simulator::Schedule(failAt, &FailureInjector::FailNow, this, node);
    if (recoverAt > failAt)
    {
        Simulator::Schedule(recoverAt, &FailureInjector::RecoverNow, this, node);
    }
}

bool
FailureInjector::IsFailed(Ptr<Node> node) const
{
    auto it = m_failed.find(node->GetId());
    return it != m_failed.end() && it->second;
}

void
FailureInjector::SetLinks(Ptr<Node> node, bool up)
{
    for (uint32_t i = 0; i < node->GetNDevices(); ++i)
    {
        Ptr<NetDevice> dev = node->GetDevice(i);
        if (Ptr<CsmaNetDevice> csma = DynamicCast<CsmaNetDevice>(dev))
        {
            // A link taken down by a fault stays down (FaultHelper).
            Ptr<LinkFaultErrorModel> em = LinkFaultErrorModel::Find(csma);
            csma->SetSendEnable(up && !(em && em->IsLinkDown()));
            // Frames to a failed node are dropped (and counted) by its model.
            LinkFaultErrorModel::Get(csma)->SetNodeDown(!up);
        }
        else if (DynamicCast<PointToPointNetDevice>(dev))
        {
            Ptr<Channel> ch = dev->GetChannel();
            // A link is up when neither of its ends is failed.
            bool peerFailed = false;
            for (std::size_t k = 0; ch && k < ch->GetNDevices(); ++k)
            {
                Ptr<NetDevice> end = ch->GetDevice(k);
                peerFailed = peerFailed || (end != dev && IsFailed(end->GetNode()));
            }
            for (std::size_t k = 0; ch && k < ch->GetNDevices(); ++k)
            {
                LinkFaultErrorModel::Get(ch->GetDevice(k))->SetNodeDown(!up || peerFailed);
            }
        }
    }
}

void
FailureInjector::FailNow(Ptr<Node> node)
{
    if (IsFailed(node))
    {
        return;
    }
    NS_LOG_INFO(Simulator::Now().As(Time::S) << " node " << node->GetId() << " fails");
    m_failed[node->GetId()] = true;
    for (uint32_t i = 0; i < node->GetNApplications(); ++i)
    {
        if (auto* f = dynamic_cast<Failable*>(PeekPointer(node->GetApplication(i))))
        {
            f->Fail();
        }
    }
    SetLinks(node, false);
    m_trace(node->GetId(), true);
}

void
FailureInjector::RecoverNow(Ptr<Node> node)
{
    if (!IsFailed(node))
    {
        return;
    }
    NS_LOG_INFO(Simulator::Now().As(Time::S) << " node " << node->GetId() << " recovers");
    m_failed[node->GetId()] = false;
    SetLinks(node, true);
    for (uint32_t i = 0; i < node->GetNApplications(); ++i)
    {
        if (auto* f = dynamic_cast<Failable*>(PeekPointer(node->GetApplication(i))))
        {
            f->Recover();
        }
    }
    m_trace(node->GetId(), false);
}

} // namespace sfc
} // namespace ns3
