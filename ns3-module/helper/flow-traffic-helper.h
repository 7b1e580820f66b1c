/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_FLOW_TRAFFIC_HELPER_H
#define SFC_FLOW_TRAFFIC_HELPER_H

#include "ns3/application-container.h"
#include "ns3/attribute.h"
#include "ns3/ipv4-address.h"
#include "ns3/node-container.h"
#include "ns3/object-factory.h"

#include <string>
#include <vector>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief Installs FlowClient on sources and FlowServer on external hosts.
 *
 * Both applications are their node's TCP: the helper removes ns-3's own TCP
 * from those nodes' IPv4 stacks (otherwise it would answer every segment
 * with a RST).
 */
class FlowTrafficHelper
{
  public:
    FlowTrafficHelper();

    /// \param name FlowClient attribute \param value its value
    void SetClientAttribute(const std::string& name, const AttributeValue& value);
    /// \param name FlowServer attribute \param value its value
    void SetServerAttribute(const std::string& name, const AttributeValue& value);

    /**
     * \param sources nodes to open flows from
     * \param destinations addresses to open flows to
     * \return the clients
     */
    ApplicationContainer InstallClients(NodeContainer sources,
                                        const std::vector<Ipv4Address>& destinations) const;
    /**
     * \param externals nodes to answer flows on
     * \return the servers
     */
    ApplicationContainer InstallServers(NodeContainer externals) const;

    /**
     * \brief Fix the random streams of the clients (common random numbers).
     * \param clients FlowClients
     * \param stream first stream
     * \return streams used
     */
    static int64_t AssignStreams(ApplicationContainer clients, int64_t stream);

    /// \param node a node whose TCP is to be replaced by a flow application
    static void RemoveTcp(Ptr<Node> node);

  private:
    ObjectFactory m_client; //!< FlowClient factory
    ObjectFactory m_server; //!< FlowServer factory
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_FLOW_TRAFFIC_HELPER_H */
