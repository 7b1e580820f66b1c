/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * VPlane: attributes, configuration, start and stop, counters. The roles are
 * in vplane-forwarding.cc, vplane-owner.cc, vplane-helper.cc and
 * vplane-control.cc.
 */

#include "vplane.h"

#include "ns3/boolean.h"
#include "ns3/enum.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/log.h"
#include "ns3/pointer.h"
#include "ns3/sfc-ns3-compat.h"
#include "ns3/uinteger.h"

namespace ns3
{
namespace sfc
{

NS_LOG_COMPONENT_DEFINE("SfcVPlane");
NS_OBJECT_ENSURE_REGISTERED(VPlane);

const char*
OwnerModeName(OwnerMode m)
{
    switch (m)
    {
    case OwnerMode::NOTIFY:
        return "notify";
    case OwnerMode::QUERY:
        return "query";
    case OwnerMode::CENTRAL:
        return "central";
    case OwnerMode::SOURCE_OWNER:
        return "source-owner";
    }
    return "unknown";
}

TypeId
VPlane::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sfc::VPlane")
            .SetParent<Application>()
            .SetGroupName("Sfc")
            .AddConstructor<VPlane>()
            .AddAttribute("Mode",
                          "How the owner of a flow with no resolvable end is found.",
                          EnumValue(static_cast<int>(OwnerMode::NOTIFY)),
                          MakeEnumAccessorOf<int>(&VPlane::SetModeValue, &VPlane::GetModeValue),
                          MakeEnumChecker(static_cast<int>(OwnerMode::NOTIFY),
                                          "Notify",
                                          static_cast<int>(OwnerMode::QUERY),
                                          "Query",
                                          static_cast<int>(OwnerMode::CENTRAL),
                                          "Central",
                                          static_cast<int>(OwnerMode::SOURCE_OWNER),
                                          "SourceOwner"))
            .AddAttribute("Registration",
                          "An owner registers each NAT binding with the helper of its "
                          "translated key (soft state); off: helpers learn no owners.",
                          BooleanValue(true),
                          MakeBooleanAccessor(&VPlane::m_registration),
                          MakeBooleanChecker())
            .AddAttribute("RegistrationLifetime",
                          "Soft-state lifetime of a registration; refreshed every third of it.",
                          TimeValue(Seconds(30)),
                          MakeTimeAccessor(&VPlane::m_lifetime),
                          MakeTimeChecker(MilliSeconds(3)))
            .AddAttribute("RebalancePolicy",
                          "What happens to associations of subsets that move to another helper.",
                          EnumValue(static_cast<int>(RebalancePolicy::TRANSFER)),
                          MakeEnumAccessorOf<int>(&VPlane::SetPolicyValue, &VPlane::GetPolicyValue),
                          MakeEnumChecker(static_cast<int>(RebalancePolicy::TRANSFER),
                                          "Transfer",
                                          static_cast<int>(RebalancePolicy::REREGISTER),
                                          "Reregister"))
            .AddAttribute("QueueLimit",
                          "Query mode: packets of one flow queued while its query is "
                          "outstanding; more are dropped (counted).",
                          UintegerValue(8),
                          MakeUintegerAccessor(&VPlane::m_queueLimit),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("QueryTimeout",
                          "Query mode: time before an unanswered QUERY is sent again.",
                          TimeValue(MilliSeconds(20)),
                          MakeTimeAccessor(&VPlane::m_queryTimeout),
                          MakeTimeChecker(MicroSeconds(1)))
            .AddAttribute("QueryRetries",
                          "Query mode: QUERY retransmissions before the queued packets are "
                          "dropped.",
                          UintegerValue(4),
                          MakeUintegerAccessor(&VPlane::m_queryRetries),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("ProcessUnknown",
                          "Notify mode: a helper that knows no owner for a packet processes it "
                          "itself (as owner of last resort, without the flow's state if the "
                          "flow exists elsewhere) instead of dropping it (the default: the "
                          "sender's retransmission tries again, e.g. once a registration "
                          "has arrived).",
                          BooleanValue(false),
                          MakeBooleanAccessor(&VPlane::m_helperProcesses),
                          MakeBooleanChecker())
            .AddAttribute("OwnerRule",
                          "The owner rules (PreferHigher).",
                          PointerValue(),
                          MakePointerAccessor(&VPlane::m_rule),
                          MakePointerChecker<OwnerRule>())
            .AddAttribute("OwnerCache",
                          "The source's owner cache (IdleTimeout, MaxEntries).",
                          PointerValue(),
                          MakePointerAccessor(&VPlane::m_cache),
                          MakePointerChecker<OwnerCache>())
            .AddAttribute("Control",
                          "The control endpoint (Port, RetransmitTimeout, LossProbability).",
                          PointerValue(),
                          MakePointerAccessor(&VPlane::m_control),
                          MakePointerChecker<OwnerControlEndpoint>())
            .AddTraceSource("Processed",
                            "A stateful packet was processed here as its owner.",
                            MakeTraceSourceAccessor(&VPlane::m_processedTrace),
                            "ns3::sfc::VPlane::ProcessedTracedCallback")
            .AddTraceSource("Violation",
                            "A stateful packet was processed here without its state "
                            "(stickiness violation).",
                            MakeTraceSourceAccessor(&VPlane::m_violationTrace),
                            "ns3::sfc::VPlane::ProcessedTracedCallback")
            .AddTraceSource("Delivered",
                            "A packet left the fabric towards its destination.",
                            MakeTraceSourceAccessor(&VPlane::m_deliveredTrace),
                            "ns3::sfc::VPlane::DeliveredTracedCallback")
            .AddTraceSource("Drop",
                            "A packet was dropped.",
                            MakeTraceSourceAccessor(&VPlane::m_dropTrace),
                            "ns3::sfc::VPlane::DropTracedCallback")
            .AddTraceSource("MapApplied",
                            "A newer subset map was applied.",
                            MakeTraceSourceAccessor(&VPlane::m_mapTrace),
                            "ns3::sfc::VPlane::MapTracedCallback");
    return tid;
}

VPlane::VPlane()
    : m_role(HOST),
      m_mode(OwnerMode::NOTIFY),
      m_registration(true),
      m_lifetime(Seconds(30)),
      m_policy(RebalancePolicy::TRANSFER),
      m_queueLimit(8),
      m_queryTimeout(MilliSeconds(20)),
      m_queryRetries(4),
      m_helperProcesses(false),
      m_table(CreateObject<TranslationTable>()),
      m_rule(CreateObject<OwnerRule>()),
      m_cache(CreateObject<OwnerCache>()),
      m_assoc(CreateObject<AssociationService>()),
      m_control(CreateObject<OwnerControlEndpoint>()),
      m_running(false),
      m_nQueued(0),
      m_processed(0),
      m_violations(0),
      m_helperLoad(0),
      m_queueDrops(0),
      m_unresolvedDrops(0),
      m_peakQueued(0),
      m_registrations(0),
      m_transferred(0),
      m_mapsApplied(0),
      m_drops{}
{
    m_assoc->SetTranslationTable(m_table);
}

VPlane::~VPlane() = default;

void
VPlane::DoDispose()
{
    for (auto& [key, w] : m_waiting)
    {
        Simulator::Cancel(w.timer);
    }
    m_waiting.clear();
    for (auto& [key, b] : m_bindings)
    {
        Simulator::Cancel(b.refresh);
    }
    m_bindings.clear();
    m_inService.clear();
    m_vms.clear();
    m_wan.clear();
    m_overlay = nullptr;
    m_table = nullptr;
    m_rule = nullptr;
    m_cache = nullptr;
    m_assoc = nullptr;
    m_control = nullptr;
    m_fw = nullptr;
    m_snat = nullptr;
    m_dnat = nullptr;
    Application::DoDispose();
}

void
VPlane::SetLocator(Ipv4Address locator)
{
    m_locator = locator;
}

Ipv4Address
VPlane::GetLocator() const
{
    return m_locator;
}

void
VPlane::SetController(Ipv4Address controller)
{
    m_controller = controller;
}

void
VPlane::SetGatewayLocator(Ipv4Address gateway)
{
    m_gateway = gateway;
}

void
VPlane::SetOverlay(Ptr<OverlayPort> overlay)
{
    m_overlay = overlay;
}

void
VPlane::SetRole(Role role)
{
    m_role = role;
}

VPlane::Role
VPlane::GetRole() const
{
    return m_role;
}

OwnerMode
VPlane::GetMode() const
{
    return m_mode;
}

void
VPlane::SetModeValue(int mode)
{
    m_mode = static_cast<OwnerMode>(mode);
}

int
VPlane::GetModeValue() const
{
    return static_cast<int>(m_mode);
}

void
VPlane::SetPolicyValue(int policy)
{
    m_policy = static_cast<RebalancePolicy>(policy);
}

int
VPlane::GetPolicyValue() const
{
    return static_cast<int>(m_policy);
}

void
VPlane::AddVm(const VnetEndpoint& vm, Ptr<NetDevice> device)
{
    NS_ABORT_MSG_IF(device->GetNode() != GetNode(), "a VM's edge port is a device of its host");
    m_vms[vm] = device;
    m_vmVnet[vm.address] = vm.vnet;
    m_deviceVnet[device->GetIfIndex()] = vm.vnet;
    GetNode()->RegisterProtocolHandler(MakeCallback(&VPlane::HandleEdge, this),
                                       Ipv4L3Protocol::PROT_NUMBER,
                                       device);
}

void
VPlane::AddWanPort(Ptr<NetDevice> device, const std::vector<Ipv4Address>& hosts)
{
    NS_ABORT_MSG_IF(device->GetNode() != GetNode(), "a WAN port is a device of the gateway");
    for (const auto& h : hosts)
    {
        m_wan[h] = device;
    }
    m_deviceVnet[device->GetIfIndex()] = 0;
    GetNode()->RegisterProtocolHandler(MakeCallback(&VPlane::HandleEdge, this),
                                       Ipv4L3Protocol::PROT_NUMBER,
                                       device);
}

void
VPlane::SetServices(Ptr<StatefulFirewall> fw, Ptr<SourceNat> snat, Ptr<DestinationNat> dnat)
{
    m_fw = fw;
    m_snat = snat;
    m_dnat = dnat;
    for (Ptr<ServiceNode> sn : std::vector<Ptr<ServiceNode>>{fw, snat, dnat})
    {
        NS_ABORT_MSG_IF(sn->GetNode() != GetNode(), "a vPlane's functions run on its node");
        sn->SetTransmitCallback(MakeCallback(&VPlane::FromService, this));
        sn->TraceConnectWithoutContext("Drop", MakeCallback(&VPlane::ServiceDrop, this));
    }
    snat->TraceConnectWithoutContext("NewTranslation", MakeCallback(&VPlane::SnatCreated, this));
    snat->TraceConnectWithoutContext("TranslationExpired",
                                     MakeCallback(&VPlane::SnatExpired, this));
    dnat->TraceConnectWithoutContext("NewBinding", MakeCallback(&VPlane::DnatCreated, this));
    dnat->TraceConnectWithoutContext("BindingExpired", MakeCallback(&VPlane::DnatExpired, this));
}

void
VPlane::AddPortForward(const PortForwardRule& rule)
{
    NS_ABORT_MSG_IF(!m_dnat, "SetServices() before AddPortForward()");
    m_dnat->AddRule(rule.publicAddress,
                    rule.publicPort,
                    rule.protocol,
                    rule.target.address,
                    rule.targetPort);
    m_assoc->AddPortForward(rule);
}

void
VPlane::SetSubsetFunction(const QuerySubsetFunction& f)
{
    m_subsets = f;
}

void
VPlane::SetInitialMap(const SubsetMap& map)
{
    m_map = map;
}

Ptr<TranslationTable>
VPlane::GetTranslationTable() const
{
    return m_table;
}

Ptr<OwnerRule>
VPlane::GetOwnerRule() const
{
    return m_rule;
}

Ptr<OwnerCache>
VPlane::GetOwnerCache() const
{
    return m_cache;
}

Ptr<AssociationService>
VPlane::GetAssociationService() const
{
    return m_assoc;
}

Ptr<OwnerControlEndpoint>
VPlane::GetControl() const
{
    return m_control;
}

const SubsetMap&
VPlane::GetMap() const
{
    return m_map;
}

void
VPlane::StartApplication()
{
    NS_LOG_FUNCTION(this << m_locator);
    NS_ABORT_MSG_IF(!m_overlay || !m_fw, "a vPlane needs an overlay port and its functions");
    m_overlay->SetReceiveCallback(MakeCallback(&VPlane::HandleOverlay, this));
    m_overlay->SetDropCallback(MakeCallback(&VPlane::Drop, this));
    m_overlay->Open(GetNode(), m_locator);
    m_control->Open(GetNode(),
                    m_locator,
                    MakeCallback(&VPlane::HandleMessage, this),
                    MakeCallback(&VPlane::HandleMap, this));
    m_running = true;
}

void
VPlane::StopApplication()
{
    NS_LOG_FUNCTION(this << m_locator);
    m_running = false;
    if (m_overlay)
    {
        m_overlay->Close();
    }
    if (m_control)
    {
        m_control->Close();
    }
}

uint64_t
VPlane::GetProcessed() const
{
    return m_processed;
}

uint64_t
VPlane::GetViolations() const
{
    return m_violations;
}

uint64_t
VPlane::GetHelperLoad() const
{
    return m_helperLoad;
}

uint64_t
VPlane::GetQueueDrops() const
{
    return m_queueDrops;
}

uint64_t
VPlane::GetUnresolvedDrops() const
{
    return m_unresolvedDrops;
}

uint32_t
VPlane::GetPeakQueued() const
{
    return m_peakQueued;
}

uint64_t
VPlane::GetRegistrations() const
{
    return m_registrations;
}

uint32_t
VPlane::GetNRegistered() const
{
    return static_cast<uint32_t>(m_bindings.size());
}

uint64_t
VPlane::GetTransferred() const
{
    return m_transferred;
}

uint64_t
VPlane::GetMapsApplied() const
{
    return m_mapsApplied;
}

uint64_t
VPlane::GetDrops(DropReason reason) const
{
    return m_drops[static_cast<uint32_t>(reason)];
}

} // namespace sfc
} // namespace ns3
