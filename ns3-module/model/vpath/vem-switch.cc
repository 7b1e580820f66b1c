/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * VemSwitch: attributes, ports and the data plane. The control plane
 * (map-cache misses, Map-Request/Reply, SMR, Map-Register) is in
 * vem-switch-control.cc.
 */

#include "vem-switch.h"

#include "vpath-chain.h"

#include "ns3/boolean.h"
#include "ns3/inet-socket-address.h"
#include "ns3/ipv4-address.h"
#include "ns3/ipv4.h"
#include "ns3/lisp-data-header.h"
#include "ns3/lisp-map-request.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"

#include <algorithm>

namespace ns3
{
namespace sfc
{

NS_LOG_COMPONENT_DEFINE("VemSwitch");
NS_OBJECT_ENSURE_REGISTERED(VemSwitch);

const char*
ToString(VemDropReason r)
{
    static const char* names[kNumVemDropReasons] = {"malformed",
                                                    "queue_full",
                                                    "no_mapping",
                                                    "off_chain",
                                                    "no_return_state",
                                                    "no_reply",
                                                    "unknown_destination",
                                                    "not_hosted",
                                                    "no_policy",
                                                    "table_full"};
    uint32_t i = static_cast<uint32_t>(r);
    return i < kNumVemDropReasons ? names[i] : "unknown";
}

TypeId
VemSwitch::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::sfc::VemSwitch")
            .SetParent<Application>()
            .SetGroupName("Sfc")
            .AddConstructor<VemSwitch>()
            .AddAttribute("MapServer",
                          "Address of the map-server / map-resolver (UDP 4342).",
                          Ipv4AddressValue(Ipv4Address::GetAny()),
                          MakeIpv4AddressAccessor(&VemSwitch::m_mapServer),
                          MakeIpv4AddressChecker())
            .AddAttribute("AuthenticationKey",
                          "Key the Map-Registers are signed with.",
                          StringValue(""),
                          MakeStringAccessor(&VemSwitch::m_key),
                          MakeStringChecker())
            .AddAttribute("KeyId",
                          "Map-Register key id (1 HMAC-SHA-1, 2 HMAC-SHA-256).",
                          UintegerValue(2),
                          MakeUintegerAccessor(&VemSwitch::m_keyId),
                          MakeUintegerChecker<uint16_t>(1, 2))
            .AddAttribute("RegisterInterval",
                          "Period of the re-registration (RFC 9301: one minute).",
                          TimeValue(Minutes(1)),
                          MakeTimeAccessor(&VemSwitch::m_registerInterval),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("RecordTtl",
                          "TTL of the registered records (in the map-cache TTL unit).",
                          UintegerValue(1440),
                          MakeUintegerAccessor(&VemSwitch::m_recordTtl),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("QueueLimit",
                          "Packets that may wait for Map-Replies (more are dropped).",
                          UintegerValue(64),
                          MakeUintegerAccessor(&VemSwitch::m_queueLimit),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("RetryInterval",
                          "Time after which an unanswered Map-Request is sent again.",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&VemSwitch::m_retryInterval),
                          MakeTimeChecker(MilliSeconds(1)))
            .AddAttribute("MaxRetries",
                          "Unanswered retries before the waiting packets are dropped.",
                          UintegerValue(3),
                          MakeUintegerAccessor(&VemSwitch::m_maxRetries),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("SmrResponse",
                          "Answer a Solicit-Map-Request with an SMR-invoked Map-Request.",
                          BooleanValue(true),
                          MakeBooleanAccessor(&VemSwitch::m_smrResponse),
                          MakeBooleanChecker())
            .AddAttribute("FlowIdleTimeout",
                          "Idle expiry of flow-table entries.",
                          TimeValue(Seconds(120)),
                          MakeTimeAccessor(&VemSwitch::m_flowIdle),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("FlowTableCapacity",
                          "Largest number of flow-table entries (0 = unlimited).",
                          UintegerValue(0),
                          MakeUintegerAccessor(&VemSwitch::m_flowCapacity),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("MapCache",
                          "The switch's map-cache (TtlUnit, Capacity, MapRequestsPerSecond).",
                          PointerValue(),
                          MakePointerAccessor(&VemSwitch::m_cache),
                          MakePointerChecker<LispMapCache>())
            .AddTraceSource("Encap",
                            "A raw packet encapsulated (LISP data header) towards an RLOC.",
                            MakeTraceSourceAccessor(&VemSwitch::m_encapTrace),
                            "ns3::sfc::VemSwitch::PacketRlocTracedCallback")
            .AddTraceSource("Decap",
                            "A LISP data packet decapsulated (raw packet, outer source RLOC).",
                            MakeTraceSourceAccessor(&VemSwitch::m_decapTrace),
                            "ns3::sfc::VemSwitch::PacketRlocTracedCallback")
            .AddTraceSource("ToNode",
                            "A raw packet handed to an agentless node (its hop EID).",
                            MakeTraceSourceAccessor(&VemSwitch::m_toNodeTrace),
                            "ns3::sfc::VemSwitch::PacketRlocTracedCallback")
            .AddTraceSource("ToVm",
                            "A raw packet delivered to a local VM (its EID).",
                            MakeTraceSourceAccessor(&VemSwitch::m_toVmTrace),
                            "ns3::sfc::VemSwitch::PacketRlocTracedCallback")
            .AddTraceSource("MapRequestSent",
                            "A Map-Request sent to the map-resolver.",
                            MakeTraceSourceAccessor(&VemSwitch::m_requestTrace),
                            "ns3::sfc::LispMappingSystem::MessageTracedCallback")
            .AddTraceSource("MapReply",
                            "A Map-Reply received.",
                            MakeTraceSourceAccessor(&VemSwitch::m_replyTrace),
                            "ns3::sfc::LispMappingSystem::MessageTracedCallback")
            .AddTraceSource("Smr",
                            "A Solicit-Map-Request received.",
                            MakeTraceSourceAccessor(&VemSwitch::m_smrTrace),
                            "ns3::sfc::LispMappingSystem::MessageTracedCallback")
            .AddTraceSource("MapRegisterSent",
                            "A Map-Register sent to the map-server.",
                            MakeTraceSourceAccessor(&VemSwitch::m_registerTrace),
                            "ns3::sfc::LispMappingSystem::MessageTracedCallback")
            .AddTraceSource("CacheMiss",
                            "A packet waits: no map-cache entry for the prefix.",
                            MakeTraceSourceAccessor(&VemSwitch::m_missTrace),
                            "ns3::sfc::VemSwitch::PrefixTracedCallback")
            .AddTraceSource("Drop",
                            "A packet dropped, with the reason.",
                            MakeTraceSourceAccessor(&VemSwitch::m_dropTrace),
                            "ns3::sfc::VemSwitch::DropTracedCallback");
    return tid;
}

VemSwitch::VemSwitch()
    : m_keyId(2),
      m_recordTtl(1440),
      m_queueLimit(64),
      m_maxRetries(3),
      m_smrResponse(true),
      m_flowIdle(Seconds(120)),
      m_flowCapacity(0),
      m_rloc(Ipv4Address::GetAny()),
      m_underlayIf(1),
      m_cache(CreateObject<LispMapCache>()),
      m_nextTag(1),
      m_queued(0),
      m_nonce(0),
      m_dataNonce(0)
{
    NS_LOG_FUNCTION(this);
}

VemSwitch::~VemSwitch() = default;

void
VemSwitch::DoDispose()
{
    for (auto& kv : m_retries)
    {
        kv.second.first.Cancel();
    }
    m_retries.clear();
    m_pending.clear();
    m_smrAnswers.clear();
    m_registerEvent.Cancel();
    m_data.clear();
    m_ctrl = nullptr;
    m_vms.clear();
    m_tagDev.clear();
    m_nodes.clear();
    m_flows.Clear();
    m_cache = nullptr;
    Application::DoDispose();
}

Ipv4Address
VemSwitch::GetRloc() const
{
    if (m_rloc == Ipv4Address::GetAny() && GetNode())
    {
        Ptr<Ipv4> ipv4 = GetNode()->GetObject<Ipv4>();
        if (ipv4 && ipv4->GetNInterfaces() > 1)
        {
            return ipv4->GetAddress(1, 0).GetLocal();
        }
    }
    return m_rloc;
}

void
VemSwitch::StartApplication()
{
    NS_LOG_FUNCTION(this);
    m_rloc = GetRloc();
    Ptr<Ipv4> ipv4 = GetNode()->GetObject<Ipv4>();
    m_underlayIf = ipv4->GetInterfaceForAddress(m_rloc);
    m_flows.SetIdleTimeout(m_flowIdle);
    m_flows.SetCapacity(m_flowCapacity);
    m_ctrl = Socket::CreateSocket(GetNode(), UdpSocketFactory::GetTypeId());
    m_ctrl->Bind(InetSocketAddress(m_rloc, LispMapRequestHeader::kPort));
    m_ctrl->SetRecvCallback(MakeCallback(&VemSwitch::HandleControl, this));
    std::vector<Ipv4Address> rlocs{m_rloc};
    for (const auto& kv : m_nodes) // sockets opened in address order
    {
        rlocs.push_back(kv.second.rloc);
    }
    std::sort(rlocs.begin() + 1, rlocs.end());
    for (Ipv4Address a : rlocs)
    {
        Ptr<Socket> s = Socket::CreateSocket(GetNode(), UdpSocketFactory::GetTypeId());
        s->Bind(InetSocketAddress(a, LispDataHeader::kPort));
        s->SetRecvCallback(MakeCallback(&VemSwitch::HandleData, this));
        m_data[a] = s;
    }
    Register();
}

void
VemSwitch::StopApplication()
{
    NS_LOG_FUNCTION(this);
    m_registerEvent.Cancel();
    for (auto& kv : m_data)
    {
        kv.second->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
        kv.second->Close();
    }
    m_data.clear();
    if (m_ctrl)
    {
        m_ctrl->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
        m_ctrl->Close();
        m_ctrl = nullptr;
    }
}

void
VemSwitch::AddVm(Ptr<NetDevice> port, Ipv4Address eid, uint32_t chainId)
{
    NS_LOG_FUNCTION(this << eid << chainId);
    m_vms[eid] = VmPort{port, chainId};
    m_vmByIf[port->GetIfIndex()] = eid;
    port->GetNode()->RegisterProtocolHandler(MakeCallback(&VemSwitch::FromPort, this),
                                             0x0800,
                                             port,
                                             false);
}

void
VemSwitch::AttachNode(Ipv4Address hopEid, Ipv4Address rloc)
{
    NS_LOG_FUNCTION(this << hopEid << rloc);
    HostedNode& n = m_nodes[hopEid];
    n.rloc = rloc;
    n.attached = true;
    m_nodeByRloc[rloc] = hopEid;
    Ptr<Ipv4> ipv4 = GetNode()->GetObject<Ipv4>();
    uint32_t ifIndex = ipv4->GetInterfaceForAddress(GetRloc());
    if (ipv4->GetInterfaceForAddress(rloc) < 0)
    {
        Ipv4Mask mask = ipv4->GetAddress(ifIndex, 0).GetMask();
        ipv4->AddAddress(ifIndex, Ipv4InterfaceAddress(rloc, mask));
    }
    if (m_ctrl && !m_data.count(rloc)) // running: open its socket and register now
    {
        Ptr<Socket> s = Socket::CreateSocket(GetNode(), UdpSocketFactory::GetTypeId());
        s->Bind(InetSocketAddress(rloc, LispDataHeader::kPort));
        s->SetRecvCallback(MakeCallback(&VemSwitch::HandleData, this));
        m_data[rloc] = s;
    }
    if (m_ctrl)
    {
        Register();
    }
}

void
VemSwitch::AttachAgentNode(Ipv4Address hopEid, Ipv4Address rloc, Ptr<NetDevice> port)
{
    m_nodes[hopEid].agentPort = port;
    m_agentByIf[port->GetIfIndex()] = hopEid;
    port->GetNode()->RegisterProtocolHandler(MakeCallback(&VemSwitch::FromPort, this),
                                             0x0800,
                                             port,
                                             false);
    AttachNode(hopEid, rloc);
}

bool
VemSwitch::TagPort(Ipv4Address hopEid,
                   uint32_t policy,
                   Ptr<NetDevice> inPort,
                   Ptr<NetDevice> outPort)
{
    auto it = m_nodes.find(hopEid);
    if (it == m_nodes.end() || inPort == outPort)
    {
        return false;
    }
    uint16_t in = m_nextTag;
    uint16_t out = static_cast<uint16_t>(m_nextTag + 1);
    if (!it->second.tags.Add(policy, in, out))
    {
        return false;
    }
    m_nextTag = static_cast<uint16_t>(m_nextTag + 2);
    for (auto [tag, dev] : {std::make_pair(in, inPort), std::make_pair(out, outPort)})
    {
        m_tagDev[tag] = dev;
        m_tagByIf[dev->GetIfIndex()] = {hopEid, tag};
        dev->GetNode()->RegisterProtocolHandler(MakeCallback(&VemSwitch::FromPort, this),
                                                0x0800,
                                                dev,
                                                false);
    }
    return true;
}

void
VemSwitch::DetachNode(Ipv4Address hopEid)
{
    auto it = m_nodes.find(hopEid);
    if (it != m_nodes.end())
    {
        it->second.attached = false;
    }
}

bool
VemSwitch::HostsNode(Ipv4Address hopEid) const
{
    auto it = m_nodes.find(hopEid);
    return it != m_nodes.end() && it->second.attached;
}

const VpathTagMap*
VemSwitch::GetTags(Ipv4Address hopEid) const
{
    auto it = m_nodes.find(hopEid);
    return it == m_nodes.end() ? nullptr : &it->second.tags;
}

Ptr<LispMapCache>
VemSwitch::GetMapCache() const
{
    return m_cache;
}

VpathFlowTable&
VemSwitch::GetFlowTable()
{
    return m_flows;
}

const VemSwitchCounters&
VemSwitch::GetCounters() const
{
    return m_ctr;
}

uint32_t
VemSwitch::GetQueued() const
{
    return m_queued;
}

} // namespace sfc
} // namespace ns3
