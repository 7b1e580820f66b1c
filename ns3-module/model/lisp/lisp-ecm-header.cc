/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "lisp-ecm-header.h"

#include "lisp-reader.h"

#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SfcLispEcmHeader");

namespace sfc
{

NS_OBJECT_ENSURE_REGISTERED(LispEcmHeader);

namespace
{
constexpr uint32_t kIpv4Bytes = 20;
constexpr uint32_t kUdpBytes = 8;
constexpr uint8_t kUdpProtocol = 17;

/// One's-complement sum of 16-bit big-endian words
uint32_t
SumWords(const std::vector<uint8_t>& b, uint32_t sum)
{
    for (std::size_t i = 0; i < b.size(); i += 2)
    {
        uint16_t w = static_cast<uint16_t>(b[i] << 8);
        if (i + 1 < b.size())
        {
            w |= b[i + 1];
        }
        sum += w;
    }
    return sum;
}

/// Fold a one's-complement sum and complement it
uint16_t
Fold(uint32_t sum)
{
    while (sum >> 16)
    {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return static_cast<uint16_t>(~sum & 0xffff);
}

/// Append v as 16 big-endian bits
void
Put16(std::vector<uint8_t>& b, uint32_t v)
{
    b.push_back(static_cast<uint8_t>(v >> 8));
    b.push_back(static_cast<uint8_t>(v));
}

/// Append v as 32 big-endian bits
void
Put32(std::vector<uint8_t>& b, uint32_t v)
{
    Put16(b, v >> 16);
    Put16(b, v & 0xffff);
}
} // namespace

LispEcmHeader::LispEcmHeader()
    : m_bits(uint32_t(kType) << 28),
      m_tos(0),
      m_id(0),
      m_fragment(0),
      m_ttl(64),
      m_srcPort(4342),
      m_dstPort(4342),
      m_keepChecksums(false),
      m_ipChecksum(0),
      m_udpChecksum(0),
      m_valid(true)
{
}

TypeId
LispEcmHeader::GetTypeId()
{
    static TypeId tid = TypeId("ns3::sfc::LispEcmHeader")
                            .SetParent<Header>()
                            .SetGroupName("Sfc")
                            .AddConstructor<LispEcmHeader>();
    return tid;
}

TypeId
LispEcmHeader::GetInstanceTypeId() const
{
    return GetTypeId();
}

uint32_t
LispEcmHeader::GetSerializedSize() const
{
    return kEcmSize + kIpv4Bytes + static_cast<uint32_t>(m_options.size()) + kUdpBytes +
           static_cast<uint32_t>(m_message.size());
}

uint16_t
LispEcmHeader::ComputeIpChecksum() const
{
    std::vector<uint8_t> h;
    uint32_t ihl = (kIpv4Bytes + static_cast<uint32_t>(m_options.size())) / 4;
    uint32_t total = ihl * 4 + kUdpBytes + static_cast<uint32_t>(m_message.size());
    Put16(h, (0x40 | ihl) << 8 | m_tos);
    Put16(h, total);
    Put16(h, m_id);
    Put16(h, m_fragment);
    Put16(h, uint32_t(m_ttl) << 8 | kUdpProtocol);
    Put16(h, 0);
    Put32(h, m_src.Get());
    Put32(h, m_dst.Get());
    h.insert(h.end(), m_options.begin(), m_options.end());
    return Fold(SumWords(h, 0));
}

uint16_t
LispEcmHeader::ComputeUdpChecksum() const
{
    uint32_t udpLen = kUdpBytes + static_cast<uint32_t>(m_message.size());
    std::vector<uint8_t> b;
    Put32(b, m_src.Get());
    Put32(b, m_dst.Get());
    Put16(b, kUdpProtocol);
    Put16(b, udpLen);
    Put16(b, m_srcPort);
    Put16(b, m_dstPort);
    Put16(b, udpLen);
    Put16(b, 0);
    b.insert(b.end(), m_message.begin(), m_message.end());
    uint16_t c = Fold(SumWords(b, 0));
    return c == 0 ? 0xffff : c;
}

void
LispEcmHeader::Serialize(Buffer::Iterator start) const
{
    uint32_t ihl = (kIpv4Bytes + static_cast<uint32_t>(m_options.size())) / 4;
    uint32_t udpLen = kUdpBytes + static_cast<uint32_t>(m_message.size());
    start.WriteHtonU32(m_bits);
    start.WriteU8(static_cast<uint8_t>(0x40 | ihl));
    start.WriteU8(m_tos);
    start.WriteHtonU16(static_cast<uint16_t>(ihl * 4 + udpLen));
    start.WriteHtonU16(m_id);
    start.WriteHtonU16(m_fragment);
    start.WriteU8(m_ttl);
    start.WriteU8(kUdpProtocol);
    start.WriteHtonU16(m_keepChecksums ? m_ipChecksum : ComputeIpChecksum());
    start.WriteHtonU32(m_src.Get());
    start.WriteHtonU32(m_dst.Get());
    if (!m_options.empty())
    {
        start.Write(m_options.data(), static_cast<uint32_t>(m_options.size()));
    }
    start.WriteHtonU16(m_srcPort);
    start.WriteHtonU16(m_dstPort);
    start.WriteHtonU16(static_cast<uint16_t>(udpLen));
    start.WriteHtonU16(m_keepChecksums ? m_udpChecksum : ComputeUdpChecksum());
    if (!m_message.empty())
    {
        start.Write(m_message.data(), static_cast<uint32_t>(m_message.size()));
    }
}

uint32_t
LispEcmHeader::Deserialize(Buffer::Iterator start)
{
    m_valid = false;
    LispReader r(start);
    uint32_t w = r.U32();
    uint8_t verIhl = r.U8();
    uint8_t tos = r.U8();
    uint16_t total = r.U16();
    uint16_t id = r.U16();
    uint16_t fragment = r.U16();
    uint8_t ttl = r.U8();
    uint8_t proto = r.U8();
    uint16_t ipSum = r.U16();
    uint32_t src = r.U32();
    uint32_t dst = r.U32();
    uint32_t ihl = verIhl & 0x0f;
    if (!r.Ok() || (w >> 28) != kType || (verIhl >> 4) != 4 || ihl < 5 || proto != kUdpProtocol ||
        total < ihl * 4 + kUdpBytes)
    {
        NS_LOG_LOGIC("not an ECM with an inner IPv4/UDP header");
        return 0;
    }
    std::vector<uint8_t> options;
    r.Bytes(options, ihl * 4 - kIpv4Bytes);
    uint16_t srcPort = r.U16();
    uint16_t dstPort = r.U16();
    uint16_t udpLen = r.U16();
    uint16_t udpSum = r.U16();
    std::vector<uint8_t> message;
    if (r.Ok() && udpLen == total - ihl * 4)
    {
        r.Bytes(message, udpLen - kUdpBytes);
    }
    else
    {
        r.Fail();
    }
    if (!r.Ok())
    {
        NS_LOG_LOGIC("truncated ECM or inconsistent inner lengths");
        return 0;
    }
    m_bits = w;
    m_tos = tos;
    m_id = id;
    m_fragment = fragment;
    m_ttl = ttl;
    m_src.Set(src);
    m_dst.Set(dst);
    m_options = options;
    m_srcPort = srcPort;
    m_dstPort = dstPort;
    m_message = message;
    m_ipChecksum = ipSum;
    m_udpChecksum = udpSum;
    m_keepChecksums = true;
    m_valid = true;
    return r.Consumed();
}

void
LispEcmHeader::Print(std::ostream& os) const
{
    os << "ECM inner " << m_src << ":" << m_srcPort << " > " << m_dst << ":" << m_dstPort
       << " type=" << unsigned(GetInnerType()) << " len=" << m_message.size();
}

void
LispEcmHeader::SetFlag(uint32_t flag, bool on)
{
    flag &= 0x0fffffff;
    m_bits = on ? (m_bits | flag) : (m_bits & ~flag);
}

bool
LispEcmHeader::GetFlag(uint32_t flag) const
{
    return (m_bits & flag) != 0;
}

void
LispEcmHeader::SetInner(Ipv4Address src, Ipv4Address dst, uint16_t srcPort, uint16_t dstPort)
{
    m_src = src;
    m_dst = dst;
    m_srcPort = srcPort;
    m_dstPort = dstPort;
    m_keepChecksums = false;
}

Ipv4Address
LispEcmHeader::GetInnerSource() const
{
    return m_src;
}

Ipv4Address
LispEcmHeader::GetInnerDestination() const
{
    return m_dst;
}

uint16_t
LispEcmHeader::GetInnerSourcePort() const
{
    return m_srcPort;
}

uint16_t
LispEcmHeader::GetInnerDestinationPort() const
{
    return m_dstPort;
}

void
LispEcmHeader::SetInnerTtl(uint8_t ttl)
{
    m_ttl = ttl;
    m_keepChecksums = false;
}

uint8_t
LispEcmHeader::GetInnerTtl() const
{
    return m_ttl;
}

void
LispEcmHeader::SetInnerMessage(const Header& msg)
{
    Packet p;
    p.AddHeader(msg);
    m_message.assign(p.GetSize(), 0);
    // the inner UDP length field bounds the message to 65535 - 8 - 60 bytes
    m_message.resize(std::min<std::size_t>(m_message.size(), 65535 - 68));
    p.CopyData(m_message.data(), static_cast<uint32_t>(m_message.size()));
    m_keepChecksums = false;
}

const std::vector<uint8_t>&
LispEcmHeader::GetInnerMessageBytes() const
{
    return m_message;
}

uint8_t
LispEcmHeader::GetInnerType() const
{
    return m_message.empty() ? 0 : static_cast<uint8_t>(m_message[0] >> 4);
}

bool
LispEcmHeader::IsValid() const
{
    return m_valid;
}

} // namespace sfc
} // namespace ns3
