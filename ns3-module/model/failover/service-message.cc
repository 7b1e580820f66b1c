/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "service-message.h"

#include "ns3/log.h"
#include "ns3/packet.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SfcServiceMessage");

namespace sfc
{

// ---- ServiceMessage ----------------------------------------------------------

ServiceMessage::ServiceMessage(ServiceMessageType type)
    : m_type(type)
{
}

ServiceMessageType
ServiceMessage::GetType() const
{
    return m_type;
}

void
ServiceMessage::SetType(ServiceMessageType type)
{
    m_type = type;
}

void
ServiceMessage::Add(std::shared_ptr<ServiceSegment> segment)
{
    m_segments.push_back(std::move(segment));
}

const std::vector<std::shared_ptr<ServiceSegment>>&
ServiceMessage::GetSegments() const
{
    return m_segments;
}

std::shared_ptr<ServiceSegment>
ServiceMessage::Find(uint16_t type) const
{
    for (const auto& s : m_segments)
    {
        if (s->GetSegmentType() == type)
        {
            return s;
        }
    }
    return nullptr;
}

uint32_t
ServiceMessage::GetSerializedSize() const
{
    uint32_t n = ServiceMessageHeader::kSize;
    for (const auto& s : m_segments)
    {
        n += s->GetSerializedSize();
    }
    return n;
}

namespace
{
/// Serialize header + segments into a packet (nullptr if over kMaxSize bytes).
Ptr<Packet>
Build(ServiceMessageType type, const std::vector<const ServiceSegment*>& segments)
{
    uint32_t length = ServiceMessageHeader::kSize;
    for (const ServiceSegment* s : segments)
    {
        length += s->GetSerializedSize();
        if (length > ServiceMessageHeader::kMaxSize)
        {
            NS_LOG_LOGIC("a " << ToString(type) << " message would exceed "
                              << ServiceMessageHeader::kMaxSize << " bytes: not built");
            return nullptr;
        }
    }
    Ptr<Packet> p = Create<Packet>();
    for (auto it = segments.rbegin(); it != segments.rend(); ++it)
    {
        p->AddHeader(**it);
    }
    ServiceMessageHeader h;
    h.type = static_cast<uint8_t>(type);
    h.length = static_cast<uint16_t>(length);
    p->AddHeader(h);
    return p;
}
} // namespace

Ptr<Packet>
ServiceMessage::ToPacket(const std::string& key, uint8_t algorithm, uint64_t sequence) const
{
    SecuritySegment sec;
    sec.algorithm = algorithm;
    sec.sequence = sequence;
    return ToPacket(key, sec);
}

Ptr<Packet>
ServiceMessage::ToPacket(const std::string& key, const SecuritySegment& security) const
{
    std::vector<const ServiceSegment*> segs;
    for (const auto& s : m_segments)
    {
        if (key.empty() || s->GetSegmentType() != SegmentType::SECURITY)
        {
            segs.push_back(s.get());
        }
    }
    if (key.empty())
    {
        return Build(m_type, segs);
    }
    SecuritySegment sec(security);
    sec.code.assign(SecuritySegment::CodeLength(sec.algorithm), 0);
    segs.insert(segs.begin(), &sec);
    Ptr<Packet> unsigned_ = Build(m_type, segs);
    if (!unsigned_)
    {
        return nullptr;
    }
    std::vector<uint8_t> bytes(unsigned_->GetSize());
    unsigned_->CopyData(bytes.data(), static_cast<uint32_t>(bytes.size()));
    sec.code = Hmac(sec.algorithm, key, bytes.data(), bytes.size());
    return Build(m_type, segs);
}

ParseStatus
ServiceMessage::Parse(Ptr<const Packet> packet, ServiceMessage& out, std::vector<uint8_t>* raw)
{
    return ServiceMessageParser::Parse(packet, out, raw);
}

bool
ServiceMessage::Verify(const std::vector<uint8_t>& raw, const std::string& key) const
{
    if (m_segments.empty() || key.empty())
    {
        return false;
    }
    auto sec = std::dynamic_pointer_cast<SecuritySegment>(m_segments.front());
    return sec && sec->Verifies(raw, key);
}

std::vector<uint8_t>
ServiceMessage::Hmac(uint8_t algorithm,
                     const std::string& key,
                     const uint8_t* data,
                     std::size_t size)
{
    return SecuritySegment::Hmac(algorithm, key, data, size);
}

} // namespace sfc
} // namespace ns3
