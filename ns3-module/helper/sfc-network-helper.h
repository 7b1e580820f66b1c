/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_NETWORK_HELPER_H
#define SFC_NETWORK_HELPER_H

#include "ns3/ipv4-address.h"
#include "ns3/net-device.h"
#include "ns3/node-container.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/sfc-topology.h"

#include <map>
#include <string>
#include <vector>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief The ns-3 network built from an SfcTopology.
 *
 * Node i is vertex i. Switches, servers and the gateway form the underlay
 * (IPv4 on every link, global routing); each server and the gateway has an
 * underlay address, its forwarder's locator. Sources and external hosts are
 * endpoints: they have an IPv4 address and a default route over their one
 * link, while the server or gateway end of that link has no IPv4 at all, so
 * its forwarder owns it as an edge port.
 */
struct SfcNetwork
{
    SfcTopology topology;            //!< the graph
    NodeContainer nodes;             //!< node i = vertex i
    std::vector<uint32_t> servers;   //!< server vertices
    std::vector<uint32_t> sources;   //!< source vertices
    std::vector<uint32_t> externals; //!< external-host vertices
    uint32_t gateway{0};             //!< gateway vertex
    int32_t controller{-1};          //!< controller vertex (-1: none)
    std::map<uint32_t, Ipv4Address>
        locator; //!< server/gateway/controller vertex -> underlay address
    std::map<uint32_t, Ipv4Address> address;       //!< endpoint vertex -> its address
    std::map<uint32_t, Ptr<NetDevice>> edgeDevice; //!< endpoint vertex -> device at the other end

    /// \param v vertex \return its node
    Ptr<Node> GetNode(uint32_t v) const;
    /// \return ns-3 node id -> vertex
    std::map<uint32_t, uint32_t> NodeToVertex() const;
    /// \return endpoint address -> vertex
    std::map<Ipv4Address, uint32_t> AddressToVertex() const;
    /// \param vertices vertices \return their nodes
    NodeContainer GetNodes(const std::vector<uint32_t>& vertices) const;
    /// \return addresses of the external hosts, in vertex order
    std::vector<Ipv4Address> GetExternalAddresses() const;
};

/**
 * \ingroup sfc
 * \brief Builds an SfcNetwork: nodes, point-to-point links, IPv4, routes.
 */
class SfcNetworkHelper
{
  public:
    SfcNetworkHelper();

    /// \param network first underlay address \param mask its mask (links get /30s from it)
    void SetUnderlayBase(Ipv4Address network, Ipv4Mask mask);
    /// \param network source addresses come from here \param mask its mask
    void SetSourceBase(Ipv4Address network, Ipv4Mask mask);
    /// \param network external-host addresses come from here \param mask its mask
    void SetExternalBase(Ipv4Address network, Ipv4Mask mask);

    /**
     * \brief Create the network. Call once per simulation.
     * \param topology the graph
     * \return the network
     */
    SfcNetwork Install(const SfcTopology& topology);

    /**
     * \brief Write pcap traces of every point-to-point device.
     * \param prefix file name prefix
     * \param network the network
     */
    static void EnablePcap(const std::string& prefix, const SfcNetwork& network);
    /**
     * \brief The point-to-point helper of a topology link: its rate, delay and
     *        a drop-tail device queue of its size in packets.
     * \param link the link's properties
     * \return the helper
     */
    static PointToPointHelper LinkHelper(const SfcTopology::LinkProps& link);

  private:
    Ipv4Address m_underlay;   //!< underlay base
    Ipv4Mask m_underlayMask;  //!< underlay mask
    Ipv4Address m_sources;    //!< source base
    Ipv4Mask m_sourcesMask;   //!< source mask
    Ipv4Address m_externals;  //!< external base
    Ipv4Mask m_externalsMask; //!< external mask
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_NETWORK_HELPER_H */
