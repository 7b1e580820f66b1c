/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The sfc-vpath test cases of live re-programming: an IPS inserted into a
 * running chain (convergence with and without SMR; TCP through a strict
 * and a loose IPS) and removed again. Included by sfc-vpath-test-suite.cc.
 */

#ifndef SFC_VPATH_INSERTION_TESTS_H
#define SFC_VPATH_INSERTION_TESTS_H

#include "sfc-vpath-test-rig.h"

#include "ns3/data-rate.h"
#include "ns3/inet-socket-address.h"
#include "ns3/inner-packet.h"
#include "ns3/intrusion-prevention.h"
#include "ns3/on-off-helper.h"
#include "ns3/packet-sink-helper.h"
#include "ns3/stateful-firewall.h"
#include "ns3/test.h"

#include <iostream>
#include <map>
#include <string>
#include <vector>

namespace ns3
{
namespace sfc
{
namespace test
{

/// Live insertion of an IPS; convergence with and without SMR
class InsertionTestCase : public TestCase
{
  public:
    /// \param smr SMR on \param ttl chain TTL (s)
    InsertionTestCase(bool smr, uint32_t ttl)
        : TestCase(std::string("IPS insertion, SMR ") + (smr ? "on" : "off")),
          m_smr(smr),
          m_ttl(ttl)
    {
    }

  private:
    bool m_smr;                            //!< SMR on
    uint32_t m_ttl;                        //!< chain TTL
    std::map<uint16_t, Time> m_firstAtIps; //!< client port -> first packet at the IPS

    /// \param p packet at the IPS \param dir direction
    void IpsRx(Ptr<const Packet> p, Direction dir)
    {
        InnerPacketInfo info;
        if (dir == Direction::FORWARD && InnerPacket::Parse(*p, info) &&
            !m_firstAtIps.count(info.key.sport))
        {
            m_firstAtIps[info.key.sport] = Simulator::Now();
        }
    }

    void DoRun() override
    {
        VpathRig rig(m_smr, m_ttl);
        auto a = rig.Vm(0, kChain);
        auto b = rig.Vm(2, 0);
        Ptr<StatefulFirewall> fw = CreateObject<StatefulFirewall>();
        rig.Agentless(fw, 1, Ipv4Address("100.64.0.1"));
        Ptr<IntrusionPrevention> ips = CreateObject<IntrusionPrevention>();
        ips->SetAttribute("Strict", BooleanValue(false));
        Ptr<AgentlessAttachment> ia = rig.Agentless(ips, 2, Ipv4Address("100.64.0.9"));
        ia->TraceConnectWithoutContext("Rx", MakeCallback(&InsertionTestCase::IpsRx, this));
        rig.helper.ProgramChain(kChain, {Ipv4Address("100.64.0.1")});
        const Time insertAt = Seconds(2);
        rig.helper.ScheduleChain(insertAt,
                                 kChain,
                                 {Ipv4Address("100.64.0.9"), Ipv4Address("100.64.0.1")});
        std::vector<EchoFlow*> old;
        std::vector<EchoFlow*> fresh;
        for (uint16_t i = 0; i < 3; ++i)
        {
            old.push_back(Echo(a.first, b.first, b.second, 9 + i, Seconds(1), Seconds(8)));
        }
        for (uint16_t i = 0; i < 3; ++i) // new flows, after the mapping changed
        {
            fresh.push_back(
                Echo(a.first, b.first, b.second, 20 + i, Seconds(6 + 0.1 * i), Seconds(8)));
        }
        Simulator::Stop(Seconds(8.5));
        Simulator::Run();
        // UDP: a flow starts at the IPS with its first forward packet, old ones too
        NS_TEST_EXPECT_MSG_EQ(ips->GetStarted(), 6u, "every flow started at the IPS");
        NS_TEST_EXPECT_MSG_EQ(ips->GetAdopted(), 0u, "old flows reach it forward first");
        NS_TEST_EXPECT_MSG_EQ(m_firstAtIps.size(), 6u, "old and new flows traverse the IPS");
        NS_TEST_EXPECT_MSG_EQ(ips->GetOneDirectionConnections(), 0u, "both directions");
        Time last = Seconds(0);
        for (auto& kv : m_firstAtIps)
        {
            last = Max(last, kv.second);
        }
        // the old flows' first packet at the IPS: convergence
        Time convergence = Seconds(0);
        uint32_t n = 0;
        for (auto& kv : m_firstAtIps)
        {
            if (n++ < 3)
            {
                convergence = Max(convergence, kv.second - insertAt);
            }
        }
        std::cout << "convergence (SMR " << (m_smr ? "on" : "off") << ", TTL " << m_ttl
                  << " s): " << convergence.As(Time::MS) << std::endl;
        if (m_smr)
        {
            // SMR + Map-Request + 5 ms lookup + Map-Reply + one 10 ms packet interval
            NS_TEST_EXPECT_MSG_LT(convergence, MilliSeconds(30), "about one mapping round trip");
            NS_TEST_EXPECT_MSG_GT(rig.ms->GetCounters().smrsSent, 0u, "SMRs sent");
        }
        else
        {
            NS_TEST_EXPECT_MSG_GT(convergence, MilliSeconds(100), "waits for the TTL");
            NS_TEST_EXPECT_MSG_LT(convergence, Seconds(m_ttl) + MilliSeconds(30), "bounded by TTL");
            NS_TEST_EXPECT_MSG_EQ(rig.ms->GetCounters().smrsSent, 0u, "no SMR");
        }
        for (EchoFlow* f : old)
        {
            NS_TEST_EXPECT_MSG_GT(
                f->RepliesIn(insertAt + Seconds(m_ttl) + Seconds(0.1), Seconds(8)),
                0u,
                "old flows keep working (loose IPS)");
            delete f;
        }
        for (EchoFlow* f : fresh)
        {
            NS_TEST_EXPECT_MSG_GT(f->replies.size(), 150u, "new flows work");
            delete f;
        }
        Simulator::Destroy();
    }
};

/// A strict IPS inserted mid-flow breaks running TCP connections, a loose one adopts them
class StrictInsertionTestCase : public TestCase
{
  public:
    /// \param strict IPS mode
    explicit StrictInsertionTestCase(bool strict)
        : TestCase(std::string("TCP through an IPS inserted mid-flow, ") +
                   (strict ? "strict" : "loose")),
          m_strict(strict)
    {
    }

  private:
    bool m_strict;        //!< IPS mode
    uint64_t m_after = 0; //!< bytes received after insertion + 0.5 s

    /// \param p received packet \param from sender
    void SinkRx(Ptr<const Packet> p, const Address& from)
    {
        m_after += Simulator::Now() > Seconds(2.5) ? p->GetSize() : 0;
    }

    void DoRun() override
    {
        VpathRig rig(true, 600);
        auto a = rig.Vm(0, kChain);
        auto b = rig.Vm(2, 0);
        rig.Agentless(CreateObject<StatefulFirewall>(), 1, Ipv4Address("100.64.0.1"));
        Ptr<IntrusionPrevention> ips = CreateObject<IntrusionPrevention>();
        ips->SetAttribute("Strict", BooleanValue(m_strict));
        rig.Agentless(ips, 2, Ipv4Address("100.64.0.9"));
        rig.helper.ProgramChain(kChain, {Ipv4Address("100.64.0.1")});
        rig.helper.ScheduleChain(Seconds(2),
                                 kChain,
                                 {Ipv4Address("100.64.0.9"), Ipv4Address("100.64.0.1")});
        PacketSinkHelper sink("ns3::TcpSocketFactory",
                              InetSocketAddress(Ipv4Address::GetAny(), 80));
        ApplicationContainer sa = sink.Install(b.first);
        sa.Get(0)->TraceConnectWithoutContext("Rx",
                                              MakeCallback(&StrictInsertionTestCase::SinkRx, this));
        OnOffHelper src("ns3::TcpSocketFactory", InetSocketAddress(b.second, 80));
        src.SetConstantRate(DataRate("20Mbps"), 1000);
        ApplicationContainer ca = src.Install(a.first);
        ca.Start(Seconds(1));
        ca.Stop(Seconds(4));
        Simulator::Stop(Seconds(4.5));
        Simulator::Run();
        std::cout << (m_strict ? "strict" : "loose") << " IPS: mid-flow drops "
                  << ips->GetMidFlowDrops() << ", adopted " << ips->GetAdopted()
                  << ", bytes after insertion " << m_after << std::endl;
        if (m_strict)
        {
            NS_TEST_EXPECT_MSG_GT(ips->GetMidFlowDrops(), 0u, "mid-flow segments dropped");
            NS_TEST_EXPECT_MSG_EQ(m_after, 0u, "the running connection is broken");
            NS_TEST_EXPECT_MSG_EQ(ips->GetAdopted(), 0u, "nothing adopted");
        }
        else
        {
            NS_TEST_EXPECT_MSG_EQ(ips->GetMidFlowDrops(), 0u, "nothing dropped");
            NS_TEST_EXPECT_MSG_EQ(ips->GetAdopted(), 1u, "the connection adopted");
            NS_TEST_EXPECT_MSG_GT(m_after, 2000000u, "the connection goes on (20 Mb/s)");
        }
        Simulator::Destroy();
    }
};

/// Removal of a hop: traffic stops visiting it, flows go on
class RemovalTestCase : public TestCase
{
  public:
    RemovalTestCase()
        : TestCase("IPS removal by re-programming: no packet reaches it after convergence")
    {
    }

  private:
    uint32_t m_late = 0; //!< packets at the IPS after removal + convergence

    /// \param p packet \param dir direction
    void IpsRx(Ptr<const Packet> p, Direction dir)
    {
        m_late += Simulator::Now() > Seconds(2.05) ? 1 : 0;
    }

    void DoRun() override
    {
        VpathRig rig(true, 600);
        auto a = rig.Vm(0, kChain);
        auto b = rig.Vm(2, 0);
        rig.Agentless(CreateObject<StatefulFirewall>(), 1, Ipv4Address("100.64.0.1"));
        Ptr<IntrusionPrevention> ips = CreateObject<IntrusionPrevention>();
        Ptr<AgentlessAttachment> ia = rig.Agentless(ips, 2, Ipv4Address("100.64.0.9"));
        ia->TraceConnectWithoutContext("Rx", MakeCallback(&RemovalTestCase::IpsRx, this));
        rig.helper.ProgramChain(kChain, {Ipv4Address("100.64.0.9"), Ipv4Address("100.64.0.1")});
        rig.helper.ScheduleChain(Seconds(2), kChain, {Ipv4Address("100.64.0.1")});
        EchoFlow* f = Echo(a.first, b.first, b.second, 9, Seconds(1), Seconds(3.05));
        Simulator::Stop(Seconds(3.5));
        Simulator::Run();
        NS_TEST_EXPECT_MSG_GT(ips->GetStarted(), 0u, "the IPS was on the chain");
        NS_TEST_EXPECT_MSG_EQ(m_late, 0u, "removed: no packet after convergence");
        NS_TEST_EXPECT_MSG_EQ(f->RepliesIn(Seconds(2.1), Seconds(3)), 90u, "the flow goes on");
        delete f;
        Simulator::Destroy();
    }
};

} // namespace test
} // namespace sfc
} // namespace ns3

#endif /* SFC_VPATH_INSERTION_TESTS_H */
