/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "scaling-controller.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/inet-socket-address.h"
#include "ns3/log.h"
#include "ns3/pointer.h"
#include "ns3/service-node.h"
#include "ns3/sfc-ns3-compat.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/time-text.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SfcScalingController");

namespace sfc
{

NS_OBJECT_ENSURE_REGISTERED(ScalingController);

namespace
{
std::string
Trim(const std::string& s)
{
    std::size_t a = s.find_first_not_of(" \t\r");
    std::size_t b = s.find_last_not_of(" \t\r");
    return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

} // namespace

bool
ScalingEvent::Parse(const std::string& spec, std::vector<ScalingEvent>& events, std::string& error)
{
    events.clear();
    std::string text = spec;
    std::replace(text.begin(), text.end(), '\n', ',');
    std::stringstream items(text);
    std::string item;
    while (std::getline(items, item, ','))
    {
        item = Trim(item);
        if (item.empty() || item[0] == '#')
        {
            continue;
        }
        std::vector<std::string> f;
        std::stringstream parts(item);
        std::string part;
        while (std::getline(parts, part, ':'))
        {
            f.push_back(Trim(part));
        }
        if (f.size() < 3 || f.size() > 4)
        {
            error = "scaling event '" + item + "' is not TIME:FUNCTION:DELTA[:drain|abrupt]";
            return false;
        }
        ScalingEvent e;
        if (!ParseTimeText(f[0], e.time) || e.time.IsNegative())
        {
            error = "scaling event '" + item + "': bad time '" + f[0] + "'";
            return false;
        }
        e.function = f[1];
        if (e.function.empty())
        {
            error = "scaling event '" + item + "': no function";
            return false;
        }
        char* end = nullptr;
        errno = 0;
        long delta = std::strtol(f[2].c_str(), &end, 10);
        if (f[2].empty() || (f[2][0] != '+' && f[2][0] != '-') || *end != '\0' || errno != 0 ||
            delta == 0 || delta > 1000 || delta < -1000)
        {
            error = "scaling event '" + item + "': delta must be like +1 or -2, got '" + f[2] + "'";
            return false;
        }
        e.delta = static_cast<int32_t>(delta);
        if (f.size() == 4)
        {
            if (f[3] != "drain" && f[3] != "abrupt")
            {
                error = "scaling event '" + item + "': mode must be drain or abrupt";
                return false;
            }
            e.drain = f[3] == "drain";
        }
        if (e.drain && e.delta > 0)
        {
            error = "scaling event '" + item + "': only a removal can drain";
            return false;
        }
        events.push_back(e);
    }
    std::stable_sort(events.begin(),
                     events.end(),
                     [](const ScalingEvent& a, const ScalingEvent& b) { return a.time < b.time; });
    return true;
}

bool
ScalingEvent::Resolve(const std::vector<std::string>& names, std::string& error)
{
    std::string digits = function[0] == 'f' ? function.substr(1) : function;
    if (!digits.empty() && digits.find_first_not_of("0123456789") == std::string::npos)
    {
        unsigned long i = std::strtoul(digits.c_str(), nullptr, 10);
        if (i == 0 || i > names.size())
        {
            error = "scaling event: no function " + function + " in a chain of " +
                    std::to_string(names.size());
            return false;
        }
        index = static_cast<uint32_t>(i);
        return true;
    }
    uint32_t found = 0;
    for (uint32_t i = 0; i < names.size(); ++i)
    {
        if (names[i] == function)
        {
            if (found != 0)
            {
                error = "scaling event: function name '" + function +
                        "' is ambiguous, use its index (f1, f2, ...)";
                return false;
            }
            found = i + 1;
        }
    }
    if (found == 0)
    {
        error = "scaling event: no function named '" + function + "'";
        return false;
    }
    index = found;
    return true;
}

std::string
ScalingEvent::ToString() const
{
    std::ostringstream oss;
    oss << time.GetSeconds() << "s:" << function << ":" << (delta > 0 ? "+" : "") << delta
        << (drain ? ":drain" : "");
    return oss.str();
}

TypeId
ScalingController::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sfc::ScalingController")
            .SetParent<Application>()
            .SetGroupName("Sfc")
            .AddConstructor<ScalingController>()
            .AddAttribute("ControlDelay",
                          "Delay (s) before a membership update is sent to each forwarder, "
                          "drawn per forwarder and update.",
                          StringValue("ns3::ConstantRandomVariable[Constant=0]"),
                          MakePointerAccessor(&ScalingController::m_delay),
                          MakePointerChecker<RandomVariableStream>())
            .AddAttribute("DrainIdle",
                          "A draining instance stops after this long without a packet.",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&ScalingController::m_drainIdle),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("DrainTimeout",
                          "A draining instance stops after this long at the latest.",
                          TimeValue(Seconds(30)),
                          MakeTimeAccessor(&ScalingController::m_drainTimeout),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("ControlPort",
                          "UDP port of the forwarders' control path.",
                          UintegerValue(30790),
                          MakeUintegerAccessor(&ScalingController::m_port),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("ControlKey",
                          "HMAC-SHA256 key membership updates are signed with, for each "
                          "forwarder (empty: unsigned). Forwarders get it from ScalingHelper.",
                          StringValue(""),
                          MakeStringAccessor(&ScalingController::m_key),
                          MakeStringChecker())
            .AddAttribute("AutoscaleFunction",
                          "1-based index of the function to autoscale (0: no autoscaling).",
                          UintegerValue(0),
                          MakeUintegerAccessor(&ScalingController::m_autoFunction),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("AutoscaleMode",
                          "Load: by utilization thresholds; Random: random changes.",
                          EnumValue(LOAD),
                          MakeEnumAccessorOf<AutoscaleMode>(&ScalingController::m_autoMode),
                          MakeEnumChecker(LOAD, "Load", RANDOM, "Random"))
            .AddAttribute("AutoscalePeriod",
                          "Time between autoscaling decisions.",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&ScalingController::m_autoPeriod),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("HighUtilization",
                          "Load mode: add an instance above this mean utilization.",
                          DoubleValue(0.7),
                          MakeDoubleAccessor(&ScalingController::m_high),
                          MakeDoubleChecker<double>(0, 1))
            .AddAttribute("LowUtilization",
                          "Load mode: remove an instance below this mean utilization.",
                          DoubleValue(0.3),
                          MakeDoubleAccessor(&ScalingController::m_low),
                          MakeDoubleChecker<double>(0, 1))
            .AddAttribute("MinInstances",
                          "Autoscaling never goes below this many instances in service.",
                          UintegerValue(1),
                          MakeUintegerAccessor(&ScalingController::m_minInstances),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("MaxInstances",
                          "Autoscaling never goes above this many (spares permitting).",
                          UintegerValue(8),
                          MakeUintegerAccessor(&ScalingController::m_maxInstances),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("RandomChange",
                          "Random mode: probability of a change at each decision.",
                          DoubleValue(0.5),
                          MakeDoubleAccessor(&ScalingController::m_randomChange),
                          MakeDoubleChecker<double>(0, 1))
            .AddAttribute("AutoscaleDrain",
                          "Autoscaled removals let flows finish (else abrupt).",
                          BooleanValue(true),
                          MakeBooleanAccessor(&ScalingController::m_autoDrain),
                          MakeBooleanChecker())
            .AddTraceSource("ScalingEvent",
                            "A scaling event was executed.",
                            MakeTraceSourceAccessor(&ScalingController::m_eventTrace),
                            "ns3::sfc::ScalingController::EventTracedCallback")
            .AddTraceSource("InstanceUp",
                            "An instance was brought into service.",
                            MakeTraceSourceAccessor(&ScalingController::m_upTrace),
                            "ns3::sfc::ScalingController::InstanceTracedCallback")
            .AddTraceSource("InstanceDown",
                            "An instance was stopped.",
                            MakeTraceSourceAccessor(&ScalingController::m_downTrace),
                            "ns3::sfc::ScalingController::InstanceTracedCallback");
    return tid;
}

ScalingController::ScalingController()
    : m_port(30790),
      m_sequence(0),
      m_autoFunction(0),
      m_autoMode(LOAD),
      m_high(0.7),
      m_low(0.3),
      m_minInstances(1),
      m_maxInstances(8),
      m_randomChange(0.5),
      m_autoDrain(true),
      m_random(CreateObject<UniformRandomVariable>())
{
}

ScalingController::~ScalingController() = default;

void
ScalingController::DoDispose()
{
    m_chain = nullptr;
    m_socket = nullptr;
    Application::DoDispose();
}

void
ScalingController::SetChain(Ptr<ServiceChain> chain)
{
    m_chain = chain;
    m_order.clear();
    for (uint32_t f = 1; f <= chain->GetNFunctions(); ++f)
    {
        m_order[f] = chain->GetMembership()->GetInstances(f);
    }
}

void
ScalingController::AddForwarder(Ipv4Address locator)
{
    m_forwarders.push_back(locator);
}

void
ScalingController::AddEvent(const ScalingEvent& event)
{
    NS_ABORT_MSG_IF(event.index == 0, "scaling event function not resolved");
    m_events.push_back(event);
}

int64_t
ScalingController::AssignStreams(int64_t stream)
{
    m_delay->SetStream(stream);
    m_random->SetStream(stream + 1);
    return 2;
}

void
ScalingController::StartApplication()
{
    NS_ABORT_MSG_IF(!m_chain, "ScalingController needs a chain");
    m_socket = Socket::CreateSocket(GetNode(), UdpSocketFactory::GetTypeId());
    m_socket->Bind();
    for (const auto& e : m_events)
    {
        Time at = e.time > Simulator::Now() ? e.time - Simulator::Now() : Time(0);
        Simulator::Schedule(at, &ScalingController::Execute, this, e);
    }
    if (m_autoFunction != 0)
    {
        NS_ABORT_MSG_IF(m_autoFunction > m_chain->GetNFunctions(), "no function to autoscale");
        m_autoEvent = Simulator::Schedule(m_autoPeriod, &ScalingController::Autoscale, this);
    }
}

void
ScalingController::Autoscale()
{
    m_autoEvent = Simulator::Schedule(m_autoPeriod, &ScalingController::Autoscale, this);
    const std::vector<uint32_t>& inService = m_order[m_autoFunction];
    uint32_t n = static_cast<uint32_t>(inService.size());
    int32_t delta = 0;
    if (m_autoMode == LOAD)
    {
        double utilization = 0;
        for (uint32_t id : inService)
        {
            Time busy = m_chain->GetInstance(id)->node->GetBusyTime();
            auto last = m_lastBusy.find(id);
            Time before = last == m_lastBusy.end() ? busy : last->second;
            utilization += (busy - before).GetSeconds() / m_autoPeriod.GetSeconds();
        }
        utilization = n ? utilization / n : 0;
        // Remember every instance's busy time, so a newcomer starts from now.
        for (const auto& kv : m_chain->GetAllInstances())
        {
            if (kv.second.function == m_autoFunction)
            {
                m_lastBusy[kv.first] = kv.second.node->GetBusyTime();
            }
        }
        NS_LOG_INFO("autoscale: function " << m_autoFunction << " utilization " << utilization
                                           << " over " << n << " instances");
        if (utilization > m_high && n < m_maxInstances)
        {
            delta = 1;
        }
        else if (utilization < m_low && n > m_minInstances)
        {
            delta = -1;
        }
    }
    else if (m_random->GetValue() < m_randomChange)
    {
        delta = (m_random->GetValue() < 0.5) ? 1 : -1;
        if ((delta > 0 && n >= m_maxInstances) || (delta < 0 && n <= m_minInstances))
        {
            delta = -delta;
        }
        if ((delta > 0 && n >= m_maxInstances) || (delta < 0 && n <= m_minInstances))
        {
            delta = 0;
        }
    }
    if (delta != 0)
    {
        ScalingEvent e;
        e.time = Simulator::Now();
        e.function = m_chain->GetFunctionName(m_autoFunction);
        e.index = m_autoFunction;
        e.delta = delta;
        e.drain = delta < 0 && m_autoDrain;
        Execute(e);
    }
}

void
ScalingController::StopApplication()
{
    Simulator::Cancel(m_autoEvent);
    if (m_socket)
    {
        m_socket->Close();
    }
}

void
ScalingController::Execute(ScalingEvent e)
{
    NS_LOG_INFO("scaling event " << e.ToString());
    m_eventTrace(e.index, e.delta, e.drain);
    std::vector<uint32_t>& order = m_order[e.index];
    if (e.delta > 0)
    {
        int32_t added = 0;
        for (const auto& kv : m_chain->GetAllInstances())
        {
            const ServiceChain::InstanceInfo& info = kv.second;
            if (added == e.delta)
            {
                break;
            }
            if (info.function != e.index || info.node->IsRunning())
            {
                continue;
            }
            info.node->Activate();
            m_chain->SetActive(info.id, true);
            order.push_back(info.id);
            m_upTrace(info.id);
            Announce(info.id, MembershipUpdateHeader::ADD);
            added++;
        }
        if (added < e.delta)
        {
            NS_LOG_WARN("only " << added << " spare instances of function " << e.index);
        }
    }
    else
    {
        for (int32_t i = 0; i < -e.delta && !order.empty(); ++i)
        {
            uint32_t id = order.back();
            order.pop_back();
            Remove(id, e.drain);
        }
    }
}

void
ScalingController::Remove(uint32_t instance, bool drain)
{
    const ServiceChain::InstanceInfo* info = m_chain->GetInstance(instance);
    m_chain->SetActive(instance, false);
    if (!drain)
    {
        info->node->Deactivate();
        m_downTrace(instance);
        Announce(instance, MembershipUpdateHeader::REMOVE);
        return;
    }
    Announce(instance, MembershipUpdateHeader::DRAIN);
    Ptr<ServiceNode> node = info->node;
    node->StartDraining(m_drainIdle, m_drainTimeout, Callback<void>([this, node, instance]() {
                            node->Deactivate();
                            m_downTrace(instance);
                            Announce(instance, MembershipUpdateHeader::REMOVE);
                        }));
}

void
ScalingController::Announce(uint32_t instance, MembershipUpdateHeader::Action action)
{
    const ServiceChain::InstanceInfo* info = m_chain->GetInstance(instance);
    MembershipUpdateHeader update;
    update.SetChain(m_chain->GetChainId());
    update.SetSequence(++m_sequence);
    update.SetFunction(static_cast<uint8_t>(info->function));
    update.SetAction(action);
    update.SetInstance(instance);
    update.SetLocator(info->locator);
    for (Ipv4Address fwd : m_forwarders)
    {
        Simulator::Schedule(Seconds(std::max(0.0, m_delay->GetValue())),
                            &ScalingController::Send,
                            this,
                            fwd,
                            update);
    }
}

void
ScalingController::Send(Ipv4Address to, MembershipUpdateHeader update)
{
    update.Sign(m_key, to); // a code for this forwarder only
    Ptr<Packet> p = Create<Packet>();
    p->AddHeader(update);
    m_socket->SendTo(p, 0, InetSocketAddress(to, m_port));
}

} // namespace sfc
} // namespace ns3
