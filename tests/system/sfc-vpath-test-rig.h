/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The network of the sfc-vpath tests: three servers and a mapping system
 * on one LAN, VMs and service nodes attached with VpathHelper, UDP echo
 * flows between VMs.
 */

#ifndef SFC_VPATH_TEST_RIG_H
#define SFC_VPATH_TEST_RIG_H

#include "ns3/boolean.h"
#include "ns3/config.h"
#include "ns3/csma-helper.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/udp-echo-client.h"
#include "ns3/udp-echo-helper.h"
#include "ns3/uinteger.h"
#include "ns3/vpath-helper.h"

#include <vector>

namespace ns3
{
namespace sfc
{
namespace test
{

inline const uint32_t kChain = 7; //!< the chain id of the VMs' policy

/// Three servers and a mapping system on a LAN, VMs, agentless nodes
struct VpathRig
{
    NodeContainer lan;          //!< mapping system (0) and servers (1..3)
    NodeContainer servers;      //!< the servers
    VpathHelper helper;         //!< the VPATH helper
    Ptr<LispMappingSystem> ms;  //!< mapping system
    CsmaHelper csma;            //!< the LAN
    NetDeviceContainer lanDevs; //!< LAN devices
    uint32_t nextVm = 1;        //!< next VM address suffix

    /**
     * \param smr SmrOnChange of the mapping system
     * \param chainTtl TTL of chain records, in units of 1 s
     * \param registerInterval the switches' re-registration period
     * \param registrationTimeout the mapping system's registration lifetime
     */
    VpathRig(bool smr,
             uint32_t chainTtl,
             Time registerInterval = Minutes(1),
             Time registrationTimeout = Minutes(3))
    {
        // the underlay's ARP must not drop a burst of packets released by a Map-Reply
        Config::SetDefault("ns3::ArpCache::PendingQueueSize", UintegerValue(256));
        lan.Create(4);
        for (uint32_t i = 1; i < 4; ++i)
        {
            servers.Add(lan.Get(i));
        }
        csma.SetChannelAttribute("DataRate", StringValue("10Gbps"));
        csma.SetChannelAttribute("Delay", StringValue("5us"));
        lanDevs = csma.Install(lan);
        InternetStackHelper stack;
        stack.Install(lan);
        csma.AssignStreams(lanDevs, 100); // CSMA back-off
        stack.AssignStreams(lan, 200);    // ARP jitter
        Ipv4AddressHelper addr("10.0.0.0", "255.255.255.0");
        addr.Assign(lanDevs);
        helper.SetAuthenticationKey("vpath-test-key");
        helper.SetMappingSystemAttribute("SmrOnChange", BooleanValue(smr));
        helper.SetMappingSystemAttribute("LookupLatency", TimeValue(MilliSeconds(5)));
        helper.SetCacheAttribute("TtlUnit", TimeValue(Seconds(1)));
        helper.SetSwitchAttribute("RecordTtl", UintegerValue(600));
        helper.SetChainTtl(chainTtl);
        helper.SetSwitchAttribute("RegisterInterval", TimeValue(registerInterval));
        helper.SetMappingSystemAttribute("RegistrationTimeout", TimeValue(registrationTimeout));
        ms = helper.InstallMappingSystem(lan.Get(0));
        helper.InstallSwitches(servers);
    }

    /// \param server index \param chain policy \return the VM's node and EID
    std::pair<Ptr<Node>, Ipv4Address> Vm(uint32_t server, uint32_t chain)
    {
        Ptr<Node> vm = CreateObject<Node>();
        InternetStackHelper().Install(vm);
        Ipv4Address eid(0xc0a80100 + nextVm++); // 192.168.1.x
        helper.AddVm(vm, server, eid, chain);
        return {vm, eid};
    }

    /**
     * \param fn service function (not installed yet)
     * \param server server index
     * \param hop hop EID
     * \return the attachment
     */
    Ptr<AgentlessAttachment> Agentless(Ptr<ServiceNode> fn, uint32_t server, Ipv4Address hop)
    {
        Ptr<Node> n = CreateObject<Node>();
        n->AddApplication(fn);
        return helper.AttachAgentless(fn, server, hop, kChain);
    }
};

/// A UDP echo flow between two VMs, with reply times
struct EchoFlow
{
    Ptr<UdpEchoClient> client; //!< the client
    std::vector<Time> replies; //!< reply arrival times

    /// \param p reply
    void OnReply(Ptr<const Packet> p)
    {
        replies.push_back(Simulator::Now());
    }

    /// \param from time \param to time \return replies in [from, to)
    uint32_t RepliesIn(Time from, Time to) const
    {
        uint32_t n = 0;
        for (Time t : replies)
        {
            n += (t >= from && t < to) ? 1 : 0;
        }
        return n;
    }
};

/**
 * \param src client VM \param dst server VM (echo server installed if port new)
 * \param dstEid its EID \param port echo port \param start \param stop
 * \param interval packet interval
 * \return the flow (owned by the caller)
 */
inline EchoFlow*
Echo(Ptr<Node> src,
     Ptr<Node> dst,
     Ipv4Address dstEid,
     uint16_t port,
     Time start,
     Time stop,
     Time interval = MilliSeconds(10),
     uint32_t count = 1000000)
{
    UdpEchoServerHelper server(port);
    ApplicationContainer s = server.Install(dst);
    s.Start(Seconds(0));
    UdpEchoClientHelper client(dstEid, port);
    client.SetAttribute("MaxPackets", UintegerValue(count));
    client.SetAttribute("Interval", TimeValue(interval));
    client.SetAttribute("PacketSize", UintegerValue(200));
    ApplicationContainer c = client.Install(src);
    c.Start(start);
    c.Stop(stop);
    auto* f = new EchoFlow;
    f->client = DynamicCast<UdpEchoClient>(c.Get(0));
    f->client->TraceConnectWithoutContext("Rx", MakeCallback(&EchoFlow::OnReply, f));
    return f;
}

} // namespace test
} // namespace sfc
} // namespace ns3

#endif /* SFC_VPATH_TEST_RIG_H */
