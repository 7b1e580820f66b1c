/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * System tests of seed 004's VEM/VPATH data plane over LISP: three
 * servers and a mapping system on one LAN, VMs and agentless service
 * nodes on point-to-point ports, UDP echo flows through the chains.
 */

#include "sfc-system-test-utils.h"
#include "sfc-test-compat.h"
#include "sfc-vpath-insertion-tests.h"
#include "sfc-vpath-test-rig.h"

#include "ns3/boolean.h"
#include "ns3/config.h"
#include "ns3/csma-helper.h"
#include "ns3/data-rate.h"
#include "ns3/inet-socket-address.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/intrusion-prevention.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/lisp-map-reply.h"
#include "ns3/mac48-address.h"
#include "ns3/on-off-helper.h"
#include "ns3/packet-sink-helper.h"
#include "ns3/simulator.h"
#include "ns3/stateful-firewall.h"
#include "ns3/string.h"
#include "ns3/test.h"
#include "ns3/udp-echo-client.h"
#include "ns3/udp-echo-helper.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"
#include "ns3/vpath-chain.h"
#include "ns3/vpath-helper.h"

#include <cstdio>
#include <map>
#include <vector>

using namespace ns3;
using namespace ns3::sfc;

using namespace ns3::sfc::test;

namespace
{

/// Raw packets to an agentless node; both directions through it; no overlay header
class AgentlessRawTestCase : public TestCase
{
  public:
    AgentlessRawTestCase()
        : TestCase("agentless nodes receive raw packets on the input tag and return them")
    {
    }

  private:
    uint32_t m_notRaw = 0;      //!< packets at the node that were not plain IPv4/UDP echo
    uint32_t m_dir[2] = {0, 0}; //!< packets at the node by direction

    /// \param p packet at the node \param dir direction
    void NodeRx(Ptr<const Packet> p, Direction dir)
    {
        uint8_t b[28];
        p->CopyData(b, sizeof(b));
        uint16_t dport = (b[22] << 8) | b[23];
        uint16_t sport = (b[20] << 8) | b[21];
        bool echo = b[0] == 0x45 && b[9] == 17 && (dport == 9 || sport == 9);
        m_notRaw += echo ? 0 : 1;
        ++m_dir[static_cast<int>(dir)];
    }

    void DoRun() override
    {
        VpathRig rig(false, 600);
        auto a = rig.Vm(0, kChain);
        auto b = rig.Vm(2, 0);
        Ptr<StatefulFirewall> fw = CreateObject<StatefulFirewall>();
        Ptr<AgentlessAttachment> att = rig.Agentless(fw, 1, Ipv4Address("100.64.0.1"));
        att->TraceConnectWithoutContext("Rx", MakeCallback(&AgentlessRawTestCase::NodeRx, this));
        rig.helper.ProgramChain(kChain, {Ipv4Address("100.64.0.1")});
        EchoFlow* f =
            Echo(a.first, b.first, b.second, 9, Seconds(1), Seconds(2.4), MilliSeconds(10), 100);
        Simulator::Stop(Seconds(2.5));
        Simulator::Run();
        NS_TEST_EXPECT_MSG_EQ(f->replies.size(), 100u, "every request answered through the chain");
        NS_TEST_EXPECT_MSG_EQ(m_notRaw, 0u, "the node saw only raw packets");
        NS_TEST_EXPECT_MSG_EQ(att->GetEncapsulatedReceived(), 0u, "no overlay header at the node");
        NS_TEST_EXPECT_MSG_EQ(m_dir[0], 100u, "forward traffic on the input tag");
        NS_TEST_EXPECT_MSG_EQ(m_dir[1], 100u, "return traffic on the output tag");
        NS_TEST_EXPECT_MSG_EQ(fw->GetDrops(DropReason::NO_STATE),
                              0u,
                              "firewall saw both directions");
        const VemSwitchCounters& c1 = rig.helper.GetSwitch(1)->GetCounters();
        NS_TEST_EXPECT_MSG_EQ(c1.toNode, 200u, "switch handed both directions to the node");
        NS_TEST_EXPECT_MSG_EQ(c1.fromNode, 200u, "and took them back");
        NS_TEST_EXPECT_MSG_GT(rig.helper.GetSwitch(0)->GetCounters().mapRequests, 0u, "looked up");
        const VpathTagMap* tags = rig.helper.GetSwitch(1)->GetTags(Ipv4Address("100.64.0.1"));
        NS_TEST_ASSERT_MSG_NE(tags, nullptr, "node tagged");
        NS_TEST_EXPECT_MSG_NE(tags->ForPolicy(kChain), nullptr, "policy mapped to tags");
        delete f;
        Simulator::Destroy();
    }
};

/// Return traffic retraces the path when one switch is on it twice
class ReturnPathTestCase : public TestCase
{
  public:
    ReturnPathTestCase()
        : TestCase("return traffic finds the originating switch, one switch twice on the path")
    {
    }

  private:
    void DoRun() override
    {
        VpathRig rig(false, 600);
        auto a = rig.Vm(0, kChain);
        auto b = rig.Vm(2, 0);
        std::vector<Ptr<StatefulFirewall>> fw;
        std::vector<Ptr<AgentlessAttachment>> att;
        // hops 1 and 3 on server 1, hop 2 on server 0 (the source's switch)
        uint32_t where[3] = {1, 0, 1};
        std::vector<Ipv4Address> hops;
        for (uint32_t i = 0; i < 3; ++i)
        {
            fw.push_back(CreateObject<StatefulFirewall>());
            hops.emplace_back(0x64400001 + i); // 100.64.0.(1+i)
            att.push_back(rig.Agentless(fw.back(), where[i], hops.back()));
        }
        rig.helper.ProgramChain(kChain, hops);
        EchoFlow* f =
            Echo(a.first, b.first, b.second, 9, Seconds(1), Seconds(2.4), MilliSeconds(10), 100);
        Simulator::Stop(Seconds(2.5));
        Simulator::Run();
        NS_TEST_EXPECT_MSG_EQ(f->replies.size(), 100u, "every request answered");
        for (uint32_t i = 0; i < 3; ++i)
        {
            NS_TEST_EXPECT_MSG_EQ(att[i]->GetReceived(), 200u, "each hop once per direction");
            NS_TEST_EXPECT_MSG_EQ(fw[i]->GetDrops(DropReason::NO_STATE), 0u, "in order");
        }
        for (uint32_t s = 0; s < 3; ++s)
        {
            const VemSwitchCounters& c = rig.helper.GetSwitch(s)->GetCounters();
            NS_TEST_EXPECT_MSG_EQ(c.drops[static_cast<int>(VemDropReason::NO_RETURN_STATE)],
                                  0u,
                                  "return state found");
            NS_TEST_EXPECT_MSG_EQ(c.drops[static_cast<int>(VemDropReason::OFF_CHAIN)],
                                  0u,
                                  "on chain");
        }
        // server 1 keeps one return entry per visit (hops 1 and 3) for the flow
        NS_TEST_EXPECT_MSG_EQ(rig.helper.GetSwitch(1)->GetFlowTable().GetSize(), 4u, "2 per hop");
        delete f;
        Simulator::Destroy();
    }
};

/// A migrated agentless node keeps receiving its flows
class MigrationTestCase : public TestCase
{
  public:
    MigrationTestCase()
        : TestCase("a migrated agentless node keeps receiving its flows")
    {
    }

  private:
    void DoRun() override
    {
        VpathRig rig(true, 600);
        auto a = rig.Vm(0, kChain);
        auto b = rig.Vm(2, 0);
        Ptr<StatefulFirewall> fw = CreateObject<StatefulFirewall>();
        Ipv4Address hop("100.64.0.1");
        Ptr<AgentlessAttachment> att = rig.Agentless(fw, 1, hop);
        rig.helper.ProgramChain(kChain, {hop});
        rig.helper.ScheduleMigration(Seconds(2), hop, 2);
        EchoFlow* f = Echo(a.first, b.first, b.second, 9, Seconds(1), Seconds(4));
        Simulator::Stop(Seconds(4.5));
        Simulator::Run();
        NS_TEST_EXPECT_MSG_EQ(f->RepliesIn(Seconds(1), Seconds(2)), 100u, "before the move");
        uint32_t after = f->RepliesIn(Seconds(2.1), Seconds(4));
        NS_TEST_EXPECT_MSG_EQ(after, 190u, "after the move, every reply");
        NS_TEST_EXPECT_MSG_EQ(fw->GetDrops(DropReason::NO_STATE), 0u, "state moved with the node");
        NS_TEST_EXPECT_MSG_GT(rig.helper.GetSwitch(2)->GetCounters().toNode, 300u, "new host");
        NS_TEST_EXPECT_MSG_EQ(rig.helper.GetSwitch(1)->HostsNode(hop), false, "left old host");
        NS_TEST_EXPECT_MSG_GT(rig.ms->GetCounters().smrsSent, 0u, "re-registration SMR'd");
        std::cout << "migration: replies lost " << (300 - f->replies.size()) << std::endl;
        delete f;
        Simulator::Destroy();
    }
};

/// tshark decodes the underlay pcap as LISP data and control, no malformed frame
class PcapTestCase : public TestCase
{
  public:
    PcapTestCase()
        : TestCase("same run, same pcap bytes; tshark decodes it as LISP (data and control), no "
                   "malformed frame")
    {
    }

  private:
    /// \param prefix pcap prefix \return the pcap of server 0's underlay port after a short run
    static std::string Run(const std::string& prefix)
    {
        // the same bytes in one process: MACs from 1 again (the rig fixes the
        // random streams of the LAN's back-off and ARP jitter)
        Mac48Address::ResetAllocationIndex();
        VpathRig rig(true, 600);
        auto a = rig.Vm(0, kChain);
        auto b = rig.Vm(2, 0);
        rig.Agentless(CreateObject<StatefulFirewall>(), 1, Ipv4Address("100.64.0.1"));
        rig.helper.ProgramChain(kChain, {Ipv4Address("100.64.0.1")});
        EchoFlow* f = Echo(a.first, b.first, b.second, 9, Seconds(1), Seconds(1.2));
        Ptr<NetDevice> dev = rig.lanDevs.Get(1); // server 0's underlay port (promiscuous: all)
        rig.csma.EnablePcap(prefix, dev, true);
        std::string pcap = prefix + "-" + std::to_string(dev->GetNode()->GetId()) + "-" +
                           std::to_string(dev->GetIfIndex()) + ".pcap";
        Simulator::Stop(Seconds(1.5));
        Simulator::Run();
        Simulator::Destroy();
        delete f;
        return pcap;
    }

    void DoRun() override
    {
        std::string pcap = Run("sfc-vpath-test");
        std::string again = Run("sfc-vpath-test-again");
        std::string bytes = sfc::test::ReadFile(pcap);
        NS_TEST_EXPECT_MSG_GT(bytes.size(), 1000u, "a capture");
        NS_TEST_EXPECT_MSG_EQ((bytes == sfc::test::ReadFile(again)), true, "same run, same bytes");
        std::remove(again.c_str());
        if (!sfc::test::HaveTshark())
        {
            std::remove(pcap.c_str());
            return;
        }
        std::string cmd = "tshark -n -r " + pcap + " -T fields -e frame.protocols 2>/dev/null";
        std::string out = sfc::test::Capture(cmd);
        uint32_t data = 0;
        uint32_t control = 0;
        uint32_t malformed = 0;
        std::size_t pos = 0;
        while (pos < out.size())
        {
            std::size_t end = out.find('\n', pos);
            std::string line = out.substr(pos, end - pos);
            data += line.find("lisp-data") != std::string::npos ? 1 : 0;
            control += line.find(":lisp") != std::string::npos &&
                               line.find("lisp-data") == std::string::npos
                           ? 1
                           : 0;
            malformed += line.find("malformed") != std::string::npos ? 1 : 0;
            pos = end == std::string::npos ? out.size() : end + 1;
        }
        std::cout << "pcap: " << data << " LISP data, " << control << " LISP control frames"
                  << std::endl;
        NS_TEST_EXPECT_MSG_GT(data, 0u, "LISP data frames");
        NS_TEST_EXPECT_MSG_GT(control, 2u, "LISP control frames");
        NS_TEST_EXPECT_MSG_EQ(malformed, 0u, "no malformed frame");
        std::remove(pcap.c_str());
    }
};

/// Agent and agentless nodes in one chain
class MixedChainTestCase : public TestCase
{
  public:
    MixedChainTestCase()
        : TestCase("nodes with and without an agent coexist in one chain")
    {
    }

  private:
    uint32_t m_wrongIid = 0; //!< agent packets with another instance id

    /// \param p raw packet \param iid its instance id
    void AgentRx(Ptr<const Packet> p, uint32_t iid)
    {
        m_wrongIid += iid == kChain ? 0 : 1;
    }

    void DoRun() override
    {
        VpathRig rig(false, 600);
        auto a = rig.Vm(0, kChain);
        auto b = rig.Vm(2, 0);
        Ptr<StatefulFirewall> fw = CreateObject<StatefulFirewall>();
        Ptr<AgentlessAttachment> att = rig.Agentless(fw, 1, Ipv4Address("100.64.0.1"));
        Ptr<StatefulFirewall> afw = CreateObject<StatefulFirewall>();
        Ptr<Node> n = CreateObject<Node>();
        n->AddApplication(afw);
        Ptr<VpathAgent> agent = rig.helper.AttachAgent(afw, 2, Ipv4Address("100.64.0.2"));
        agent->TraceConnectWithoutContext("Rx", MakeCallback(&MixedChainTestCase::AgentRx, this));
        rig.helper.ProgramChain(kChain, {Ipv4Address("100.64.0.1"), Ipv4Address("100.64.0.2")});
        EchoFlow* f =
            Echo(a.first, b.first, b.second, 9, Seconds(1), Seconds(2.4), MilliSeconds(10), 100);
        Simulator::Stop(Seconds(2.5));
        Simulator::Run();
        NS_TEST_EXPECT_MSG_EQ(f->replies.size(), 100u, "every request answered");
        NS_TEST_EXPECT_MSG_EQ(att->GetReceived(), 200u, "agentless node, both directions");
        NS_TEST_EXPECT_MSG_EQ(agent->GetReceived(), 200u, "agent node, both directions");
        NS_TEST_EXPECT_MSG_EQ(agent->GetMalformed(),
                              0u,
                              "the agent terminated every overlay packet");
        NS_TEST_EXPECT_MSG_EQ(m_wrongIid, 0u, "the policy id reached the agent");
        NS_TEST_EXPECT_MSG_EQ(afw->GetDrops(DropReason::NO_STATE), 0u, "agent directions right");
        NS_TEST_EXPECT_MSG_EQ(fw->GetDrops(DropReason::NO_STATE), 0u, "agentless directions right");
        delete f;
        Simulator::Destroy();
    }
};

/// Garbage on the data and control ports is dropped and counted, never a crash
class GarbageTestCase : public TestCase
{
  public:
    GarbageTestCase()
        : TestCase("malformed data and control messages are dropped and counted")
    {
    }

  private:
    void DoRun() override
    {
        VpathRig rig(false, 600);
        auto a = rig.Vm(0, kChain);
        Ptr<Socket> s = Socket::CreateSocket(rig.lan.Get(0), UdpSocketFactory::GetTypeId());
        s->Bind();
        Ipv4Address rloc("10.0.0.2"); // server 0
        uint8_t junk[3] = {0x12, 0x34, 0x56};
        uint8_t badInner[12] = {0x88, 0, 0, 1, 0, 0, 7, 0, 0x60, 1, 2, 3}; // LISP + not IPv4
        LispMapReplyHeader forged; // a Map-Reply nobody asked for
        forged.SetNonce(0x1234);
        forged.AddRecord(VpathChain::MakeHostRecord(a.second, Ipv4Address("10.0.0.99"), 10));
        Ptr<Packet> fp = Create<Packet>();
        fp->AddHeader(forged);
        Simulator::Schedule(Seconds(1), [=]() {
            s->SendTo(Create<Packet>(junk, 3), 0, InetSocketAddress(rloc, 4341));
            s->SendTo(Create<Packet>(badInner, 12), 0, InetSocketAddress(rloc, 4341));
            s->SendTo(Create<Packet>(junk, 3), 0, InetSocketAddress(rloc, 4342));
            s->SendTo(fp, 0, InetSocketAddress(rloc, 4342));
        });
        Simulator::Stop(Seconds(2));
        Simulator::Run();
        const VemSwitchCounters& c = rig.helper.GetSwitch(0)->GetCounters();
        NS_TEST_EXPECT_MSG_EQ(c.drops[static_cast<int>(VemDropReason::MALFORMED)], 2u, "data");
        NS_TEST_EXPECT_MSG_EQ(c.controlMalformed, 1u, "control");
        NS_TEST_EXPECT_MSG_EQ(c.unsolicited, 1u, "forged Map-Reply ignored");
        NS_TEST_EXPECT_MSG_EQ(rig.helper.GetSwitch(0)->GetMapCache()->GetSize(), 0u, "not cached");
        Simulator::Destroy();
    }
};

/// Periodic re-registration keeps registrations alive; a stopped switch's expire
class RegistrationTestCase : public TestCase
{
  public:
    RegistrationTestCase()
        : TestCase("periodic re-registration; a stopped switch's registrations expire")
    {
    }

  private:
    void DoRun() override
    {
        VpathRig rig(false, 600, MilliSeconds(400), Seconds(1.5));
        rig.Vm(0, kChain);
        rig.Vm(1, kChain);
        rig.Agentless(CreateObject<StatefulFirewall>(), 2, Ipv4Address("100.64.0.1"));
        rig.helper.GetSwitch(1)->SetStopTime(Seconds(3));
        uint32_t at2 = 0;
        Simulator::Schedule(Seconds(2.9), [&]() { at2 = rig.ms->GetRegistrationCount(); });
        Simulator::Stop(Seconds(6));
        Simulator::Run();
        NS_TEST_EXPECT_MSG_EQ(at2, 3u, "every EID registered, past the 1.5 s timeout");
        NS_TEST_EXPECT_MSG_EQ(rig.ms->GetRegistrationCount(), 2u, "stopped switch expired");
        NS_TEST_EXPECT_MSG_GT(rig.helper.GetSwitch(0)->GetCounters().registers, 10u, "periodic");
        NS_TEST_EXPECT_MSG_EQ(rig.helper.GetSwitch(0)->GetCounters().notifies,
                              rig.helper.GetSwitch(0)->GetCounters().registers,
                              "every Map-Register notified");
        NS_TEST_EXPECT_MSG_EQ(rig.ms->GetCounters().registersRejected, 0u, "signed");
        Simulator::Destroy();
    }
};

/// Map-cache misses: a bounded wait queue, one Map-Request per prefix
class WaitQueueTestCase : public TestCase
{
  public:
    WaitQueueTestCase()
        : TestCase("packets waiting for a Map-Reply are queued up to QueueLimit, the rest counted")
    {
    }

  private:
    void DoRun() override
    {
        VpathRig rig(false, 600);
        rig.ms->SetAttribute("LookupLatency", TimeValue(MilliSeconds(100)));
        auto a = rig.Vm(0, kChain);
        auto b = rig.Vm(2, 0);
        rig.helper.GetSwitch(0)->SetAttribute("QueueLimit", UintegerValue(3));
        rig.Agentless(CreateObject<StatefulFirewall>(), 1, Ipv4Address("100.64.0.1"));
        rig.helper.ProgramChain(kChain, {Ipv4Address("100.64.0.1")});
        EchoFlow* f =
            Echo(a.first, b.first, b.second, 9, Seconds(1), Seconds(2.9), MilliSeconds(10), 150);
        Simulator::Stop(Seconds(3));
        Simulator::Run();
        const VemSwitchCounters& c = rig.helper.GetSwitch(0)->GetCounters();
        uint64_t full = c.drops[static_cast<int>(VemDropReason::QUEUE_FULL)];
        // chain lookup ~100 ms, then the hop lookup ~100 ms: ~20 packets arrive meanwhile
        NS_TEST_EXPECT_MSG_GT(full, 10u, "overflow dropped and counted");
        NS_TEST_EXPECT_MSG_EQ(c.mapRequests, 2u, "one Map-Request per prefix (chain, hop)");
        NS_TEST_EXPECT_MSG_EQ(rig.helper.GetSwitch(0)->GetQueued(), 0u, "queue released");
        NS_TEST_EXPECT_MSG_EQ(f->replies.size() + full, 150u, "every other packet answered");
        NS_TEST_EXPECT_MSG_GT(c.cacheMisses, full, "misses counted");
        delete f;
        Simulator::Destroy();
    }
};

/// The suite
class SfcVpathTestSuite : public TestSuite
{
  public:
    SfcVpathTestSuite()
        : TestSuite("sfc-vpath", kSystemSuite)
    {
        AddTestCase(new AgentlessRawTestCase, kQuickTest);
        AddTestCase(new ReturnPathTestCase, kQuickTest);
        AddTestCase(new MixedChainTestCase, kQuickTest);
        AddTestCase(new InsertionTestCase(true, 3), kQuickTest);
        AddTestCase(new InsertionTestCase(false, 3), kQuickTest);
        AddTestCase(new StrictInsertionTestCase(true), kQuickTest);
        AddTestCase(new StrictInsertionTestCase(false), kQuickTest);
        AddTestCase(new RemovalTestCase, kQuickTest);
        AddTestCase(new MigrationTestCase, kQuickTest);
        AddTestCase(new RegistrationTestCase, kQuickTest);
        AddTestCase(new PcapTestCase, kQuickTest);
        AddTestCase(new GarbageTestCase, kQuickTest);
        AddTestCase(new WaitQueueTestCase, kQuickTest);
    }
};

/// Registers the suite
static SfcVpathTestSuite g_sfcVpathTestSuite;

} // namespace
