/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "sfc-flow-probe.h"

#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SfcFlowProbe");

namespace sfc
{

NS_OBJECT_ENSURE_REGISTERED(SfcFlowProbe);

SfcFlowClassifier::SfcFlowClassifier() = default;

FlowId
SfcFlowClassifier::Classify(uint64_t flowId, bool reverse, const FlowKey& key)
{
    auto [it, added] = m_ids.emplace(std::make_pair(flowId, reverse), 0);
    if (added)
    {
        it->second = GetNewFlowId();
        m_flows.push_back({flowId, reverse, key});
    }
    return it->second;
}

bool
SfcFlowClassifier::Find(uint64_t flowId, bool reverse, FlowId& id) const
{
    auto it = m_ids.find(std::make_pair(flowId, reverse));
    if (it == m_ids.end())
    {
        return false;
    }
    id = it->second;
    return true;
}

void
SfcFlowClassifier::SerializeToXmlStream(std::ostream& os, uint16_t indent) const
{
    std::string pad(indent, ' ');
    os << pad << "<Ipv4FlowClassifier>\n";
    for (std::size_t i = 0; i < m_flows.size(); ++i)
    {
        const Entry& e = m_flows[i];
        os << pad << "  <Flow flowId=\"" << i + 1 << "\""
           << " sourceAddress=\"" << e.key.src << "\""
           << " destinationAddress=\"" << e.key.dst << "\""
           << " protocol=\"" << unsigned(e.key.protocol) << "\""
           << " sourcePort=\"" << e.key.sport << "\""
           << " destinationPort=\"" << e.key.dport << "\""
           << " sfcFlowId=\"" << e.flowId << "\""
           << " direction=\"" << (e.reverse ? "reverse" : "forward") << "\">\n"
           << pad << "  </Flow>\n";
    }
    os << pad << "</Ipv4FlowClassifier>\n";
}

TypeId
SfcFlowProbe::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sfc::SfcFlowProbe").SetParent<FlowProbe>().SetGroupName("Sfc");
    return tid;
}

SfcFlowProbe::SfcFlowProbe(Ptr<FlowMonitor> monitor, Ptr<SfcFlowClassifier> classifier)
    : FlowProbe(monitor),
      m_monitor(monitor),
      m_classifier(classifier)
{
}

void
SfcFlowProbe::DoDispose()
{
    m_monitor = nullptr;
    m_classifier = nullptr;
    FlowProbe::DoDispose();
}

void
SfcFlowProbe::WatchClient(Ptr<FlowClient> client)
{
    client->TraceConnectWithoutContext("Tx", MakeCallback(&SfcFlowProbe::Tx, this).Bind(false));
    client->TraceConnectWithoutContext("Rx", MakeCallback(&SfcFlowProbe::Rx, this).Bind(true));
}

void
SfcFlowProbe::WatchServer(Ptr<FlowServer> server)
{
    server->TraceConnectWithoutContext("Tx", MakeCallback(&SfcFlowProbe::Tx, this).Bind(true));
    server->TraceConnectWithoutContext("Rx", MakeCallback(&SfcFlowProbe::Rx, this).Bind(false));
}

FlowPacketId
SfcFlowProbe::PacketId(const FlowPayloadHeader& payload, uint8_t tcpFlags)
{
    return (uint32_t(payload.GetKind() & 0x3) << 30) | (uint32_t(tcpFlags & 0x3f) << 24) |
           (payload.GetSeq() & 0x00ffffff);
}

void
SfcFlowProbe::Tx(bool reverse,
                 const FlowKey& key,
                 const FlowPayloadHeader& ph,
                 uint8_t flags,
                 uint32_t n)
{
    FlowId id = m_classifier->Classify(ph.GetFlowId(), reverse, key);
    m_monitor->ReportFirstTx(this, id, PacketId(ph, flags), n);
}

void
SfcFlowProbe::Rx(bool reverse,
                 const FlowKey& /* key */,
                 const FlowPayloadHeader& ph,
                 uint8_t flags,
                 uint32_t n)
{
    FlowId id;
    if (m_classifier->Find(ph.GetFlowId(), reverse, id))
    {
        m_monitor->ReportLastRx(this, id, PacketId(ph, flags), n);
    }
}

} // namespace sfc
} // namespace ns3
