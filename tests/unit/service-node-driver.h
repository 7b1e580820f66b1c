/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Drives a ServiceNode directly (no forwarder): packets are offered with
 * Receive() at chosen times and what the instance passes on or drops is
 * recorded.
 */

#ifndef SFC_SERVICE_NODE_DRIVER_H
#define SFC_SERVICE_NODE_DRIVER_H

#include "sfc-test-util.h"

#include "ns3/inner-packet.h"
#include "ns3/node.h"
#include "ns3/service-node.h"
#include "ns3/simulator.h"

#include <vector>

namespace sfctest
{

/// A ServiceNode on its own node, with its output and drops recorded
class ServiceNodeDriver
{
  public:
    /// What came out of the instance
    struct Out
    {
        ns3::Time at;                   //!< when
        ns3::Ptr<ns3::Packet> packet;   //!< the packet
        ns3::sfc::Direction dir;        //!< its direction
        ns3::sfc::InnerPacketInfo info; //!< parsed
    };

    /// A drop
    struct Dropped
    {
        ns3::Time at;                //!< when
        ns3::sfc::Direction dir;     //!< direction
        ns3::sfc::DropReason reason; //!< why
    };

    /// \param sn the instance; installed on a new node and started at time 0
    explicit ServiceNodeDriver(ns3::Ptr<ns3::sfc::ServiceNode> sn)
        : m_sn(sn)
    {
        m_node = ns3::CreateObject<ns3::Node>();
        sn->SetInstanceId(1);
        sn->SetFunctionIndex(1);
        m_node->AddApplication(sn);
        sn->SetStartTime(ns3::Seconds(0));
        sn->SetTransmitCallback(ns3::MakeCallback(&ServiceNodeDriver::OnTransmit, this));
        sn->TraceConnectWithoutContext("Drop", ns3::MakeCallback(&ServiceNodeDriver::OnDrop, this));
    }

    /// Offer a packet at absolute time t (copies it)
    void SendAt(ns3::Time t, ns3::Ptr<ns3::Packet> p, ns3::sfc::Direction dir)
    {
        ns3::Ptr<ns3::Packet> copy = p->Copy();
        ns3::Simulator::Schedule(t - ns3::Simulator::Now(),
                                 [this, copy, dir]() { m_sn->Receive(copy, dir); });
    }

    /// Run the simulator to the end
    void Run()
    {
        ns3::Simulator::Run();
    }

    /// Run the simulator until absolute time t (later events stay pending)
    void RunUntil(ns3::Time t)
    {
        ns3::Simulator::Stop(t - ns3::Simulator::Now());
        ns3::Simulator::Run();
    }

    std::vector<Out> out;       //!< passed on, in order
    std::vector<Dropped> drops; //!< dropped, in order

    /// \param reason reason \return number of drops for it
    uint32_t CountDrops(ns3::sfc::DropReason reason) const
    {
        uint32_t n = 0;
        for (const auto& d : drops)
        {
            n += d.reason == reason ? 1 : 0;
        }
        return n;
    }

  private:
    void OnTransmit(ns3::Ptr<ns3::sfc::ServiceNode>,
                    ns3::Ptr<ns3::Packet> p,
                    ns3::sfc::Direction dir,
                    const ns3::sfc::InnerPacketInfo& /* info */)
    {
        Out o;
        o.at = ns3::Simulator::Now();
        o.packet = p;
        o.dir = dir;
        EXPECT_TRUE(ns3::sfc::InnerPacket::Parse(*p, o.info))
            << "instance emitted a malformed packet";
        out.push_back(o);
    }

    void OnDrop(ns3::Ptr<const ns3::Packet>, ns3::sfc::Direction dir, ns3::sfc::DropReason reason)
    {
        drops.push_back(Dropped{ns3::Simulator::Now(), dir, reason});
    }

    ns3::Ptr<ns3::sfc::ServiceNode> m_sn;
    ns3::Ptr<ns3::Node> m_node;
};

} // namespace sfctest

#endif /* SFC_SERVICE_NODE_DRIVER_H */
