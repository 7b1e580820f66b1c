/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "flow-payload-header.h"

namespace ns3
{
namespace sfc
{

NS_OBJECT_ENSURE_REGISTERED(FlowPayloadHeader);

FlowPayloadHeader::FlowPayloadHeader()
    : m_flowId(0),
      m_seq(0),
      m_kind(CONTROL),
      m_valid(true)
{
}

FlowPayloadHeader::FlowPayloadHeader(uint64_t flowId, uint32_t seq, Kind kind)
    : m_flowId(flowId),
      m_seq(seq),
      m_kind(kind),
      m_valid(true)
{
}

TypeId
FlowPayloadHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sfc::FlowPayloadHeader")
                            .SetParent<Header>()
                            .SetGroupName("Sfc")
                            .AddConstructor<FlowPayloadHeader>();
    return tid;
}

TypeId
FlowPayloadHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

uint32_t
FlowPayloadHeader::GetSerializedSize() const
{
    return kSize;
}

void
FlowPayloadHeader::Serialize(Buffer::Iterator start) const
{
    start.WriteHtonU16(kMagic);
    start.WriteU8(kVersion);
    start.WriteU8(m_kind);
    start.WriteHtonU64(m_flowId);
    start.WriteHtonU32(m_seq);
}

uint32_t
FlowPayloadHeader::Deserialize(Buffer::Iterator start)
{
    m_valid = false;
    if (start.GetRemainingSize() < kSize)
    {
        return 0;
    }
    uint8_t buf[kSize];
    start.Read(buf, kSize);
    return ParseBytes(buf, kSize) ? kSize : 0;
}

bool
FlowPayloadHeader::ParseBytes(const uint8_t* d, uint32_t size)
{
    m_valid = false;
    if (size < kSize)
    {
        return false;
    }
    uint16_t magic = static_cast<uint16_t>((d[0] << 8) | d[1]);
    if (magic != kMagic || d[2] != kVersion || d[3] > RESPONSE)
    {
        return false;
    }
    m_kind = static_cast<Kind>(d[3]);
    m_flowId = 0;
    for (int i = 0; i < 8; ++i)
    {
        m_flowId = (m_flowId << 8) | d[4 + i];
    }
    m_seq = (uint32_t(d[12]) << 24) | (uint32_t(d[13]) << 16) | (uint32_t(d[14]) << 8) | d[15];
    m_valid = true;
    return true;
}

void
FlowPayloadHeader::Print(std::ostream& os) const
{
    os << "flow=" << m_flowId << " seq=" << m_seq << " kind=" << unsigned(m_kind);
}

uint64_t
FlowPayloadHeader::GetFlowId() const
{
    return m_flowId;
}

uint32_t
FlowPayloadHeader::GetSeq() const
{
    return m_seq;
}

FlowPayloadHeader::Kind
FlowPayloadHeader::GetKind() const
{
    return m_kind;
}

bool
FlowPayloadHeader::IsValid() const
{
    return m_valid;
}

} // namespace sfc
} // namespace ns3
