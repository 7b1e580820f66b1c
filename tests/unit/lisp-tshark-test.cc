/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Wireshark reads what these headers write: a pcap (LINKTYPE_RAW, IPv4/UDP)
 * holding a LISP data packet on port 4341 and every control message on
 * port 4342 is decoded by tshark as LISP, with the fields set here and no
 * malformed frame. Skipped when tshark is not installed.
 */

#include "lisp-test-messages.h"
#include "lisp-test-vectors.h"

#include "ns3/lisp-auth.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <sstream>
#include <string>

using namespace ns3;
using namespace ns3::sfc;
using namespace lisptest;

namespace
{

/// Append v big-endian in n bytes
void
Put(Bytes& b, uint32_t v, int n)
{
    for (int i = n - 1; i >= 0; --i)
    {
        b.push_back(static_cast<uint8_t>(v >> (8 * i)));
    }
}

/// An IPv4/UDP datagram (IPv4 checksum computed, UDP checksum 0)
Bytes
Udp4(const char* src, const char* dst, uint16_t sport, uint16_t dport, const Bytes& payload)
{
    Bytes h;
    uint32_t total = 20 + 8 + static_cast<uint32_t>(payload.size());
    Put(h, 0x4500, 2);
    Put(h, total, 2);
    Put(h, 0x0001, 2);
    Put(h, 0x4000, 2);
    Put(h, 0x4011, 2); // TTL 64, UDP
    Put(h, 0, 2);
    Put(h, Ipv4Address(src).Get(), 4);
    Put(h, Ipv4Address(dst).Get(), 4);
    uint32_t sum = 0;
    for (std::size_t i = 0; i < 20; i += 2)
    {
        sum += (h[i] << 8) | h[i + 1];
    }
    while (sum >> 16)
    {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    h[10] = static_cast<uint8_t>(~sum >> 8);
    h[11] = static_cast<uint8_t>(~sum);
    Put(h, sport, 2);
    Put(h, dport, 2);
    Put(h, 8 + static_cast<uint32_t>(payload.size()), 2);
    Put(h, 0, 2);
    h.insert(h.end(), payload.begin(), payload.end());
    return h;
}

/// Write raw IPv4 packets as a pcap file (LINKTYPE_RAW)
void
WritePcap(const std::string& path, const std::vector<Bytes>& packets)
{
    std::ofstream f(path, std::ios::binary);
    auto le = [&f](uint32_t v, int n) {
        for (int i = 0; i < n; ++i)
        {
            f.put(static_cast<char>(v >> (8 * i)));
        }
    };
    le(0xa1b2c3d4, 4);
    le(2, 2);
    le(4, 2);
    le(0, 4);
    le(0, 4);
    le(65535, 4);
    le(101, 4); // LINKTYPE_RAW
    uint32_t t = 0;
    for (const auto& p : packets)
    {
        le(++t, 4);
        le(0, 4);
        le(static_cast<uint32_t>(p.size()), 4);
        le(static_cast<uint32_t>(p.size()), 4);
        f.write(reinterpret_cast<const char*>(p.data()), static_cast<std::streamsize>(p.size()));
    }
}

/// Run a command, return its standard output
std::string
Run(const std::string& cmd)
{
    std::string out;
    FILE* p = popen(cmd.c_str(), "r");
    if (p == nullptr)
    {
        return out;
    }
    char buf[4096];
    std::size_t n;
    while ((n = fread(buf, 1, sizeof(buf), p)) > 0)
    {
        out.append(buf, n);
    }
    pclose(p);
    return out;
}

/// tshark fields of every frame: one map field -> value per frame
std::vector<std::map<std::string, std::string>>
Decode(const std::string& pcap, const std::vector<std::string>& fields)
{
    std::string cmd = "tshark -n -r " + pcap + " -T fields -E separator=/t -E occurrence=a";
    for (const auto& f : fields)
    {
        cmd += " -e " + f;
    }
    std::vector<std::map<std::string, std::string>> frames;
    std::istringstream lines(Run(cmd + " 2>/dev/null"));
    std::string line;
    while (std::getline(lines, line))
    {
        std::map<std::string, std::string> m;
        std::istringstream cols(line);
        for (const auto& f : fields)
        {
            std::string v;
            std::getline(cols, v, '\t');
            m[f] = v;
        }
        frames.push_back(m);
    }
    return frames;
}

} // namespace

TEST(LispTshark, WiresharkDecodesEveryMessage)
{
    if (std::system("command -v tshark >/dev/null 2>&1") != 0)
    {
        GTEST_SKIP() << "tshark not installed";
    }
    const std::vector<uint8_t> key = {'s', 'e', 'c', 'r', 'e', 't'};
    // data plane: LISP header + an inner IPv4/UDP packet between EIDs
    Bytes data = Wire(SampleData());
    Bytes inner = Udp4("192.168.1.10", "192.168.2.20", 5000, 80, Bytes(16, 0x61));
    data.insert(data.end(), inner.begin(), inner.end());
    LispMapRegisterHeader reg = SampleMapRegister();
    LispAuth::Sign(reg, LispAuth::kKeyIdHmacSha1, key);
    LispMapNotifyHeader notify = SampleMapNotify();
    LispAuth::Sign(notify, LispAuth::kKeyIdHmacSha256, key);
    std::vector<Bytes> packets = {
        Udp4("10.1.0.1", "10.2.0.1", 61000, 4341, data),
        Udp4("10.1.0.1", "10.9.0.1", 61001, 4342, Wire(SampleMapRequest())),
        Udp4("10.9.0.1", "10.1.0.1", 4342, 61001, Wire(SampleMapReply())),
        Udp4("10.1.0.1", "10.9.0.1", 4342, 4342, Wire(reg)),
        Udp4("10.9.0.1", "10.1.0.1", 4342, 4342, Wire(notify)),
        Udp4("10.1.0.1", "10.9.0.1", 61002, 4342, Wire(SampleEcm())),
    };
    std::string pcap = ::testing::TempDir() + "lisp-wire-test.pcap";
    WritePcap(pcap, packets);

    auto frames = Decode(pcap,
                         {"frame.number",
                          "frame.protocols",
                          "_ws.malformed",
                          "_ws.expert.severity",
                          "lisp.type",
                          "lisp.nonce",
                          "lisp.mreq.flags.smr",
                          "lisp.mreq.flags.smri",
                          "lisp.mreq.flags.probe",
                          "lisp.mreq.srceid.ipv4",
                          "lisp.mreq.itr_rloc_ipv4",
                          "lisp.mreq.record.prefix.ipv4",
                          "lisp.records",
                          "lisp.keyid",
                          "lisp.authlen",
                          "lisp.mapping.ttl",
                          "lisp.mapping.act",
                          "lisp.lcaf.type",
                          "lisp.lcaf.elp_hop.ipv4",
                          "lisp.lcaf.elp_hop.flags",
                          "lisp.lcaf.iid",
                          "lisp.loc.priority",
                          "lisp.loc.weight",
                          "lisp.xtrid",
                          "lisp.siteid",
                          "lisp-data.nonce",
                          "lisp-data.iid",
                          "lisp-data.lsb8",
                          "ip.dst"});
    ASSERT_EQ(frames.size(), packets.size());
    for (auto& f : frames)
    {
        SCOPED_TRACE("frame " + f["frame.number"] + ": " + f["frame.protocols"]);
        EXPECT_NE(f["frame.protocols"].find("lisp"), std::string::npos);
        EXPECT_EQ(f["_ws.malformed"], "");
        // no warning or error from the dissectors (severity values are 4-8 M notes/chats)
        EXPECT_EQ(f["_ws.expert.severity"].find("6291456"), std::string::npos); // warn
        EXPECT_EQ(f["_ws.expert.severity"].find("8388608"), std::string::npos); // error
    }
    // data plane
    EXPECT_NE(frames[0]["frame.protocols"].find("lisp-data:ip:udp"), std::string::npos);
    EXPECT_EQ(frames[0]["lisp-data.nonce"], "11259375"); // 0xabcdef
    EXPECT_EQ(frames[0]["lisp-data.iid"], "7");
    EXPECT_EQ(frames[0]["ip.dst"], "10.2.0.1,192.168.2.20");
    // Map-Request: SMR, SMR-invoked, probe, source EID, ITR-RLOC, EID records, map data
    EXPECT_EQ(frames[1]["lisp.type"], "1");
    EXPECT_EQ(frames[1]["lisp.nonce"], "0x0123456789abcdef");
    EXPECT_EQ(frames[1]["lisp.mreq.flags.smr"], "1");
    EXPECT_EQ(frames[1]["lisp.mreq.flags.smri"], "1");
    EXPECT_EQ(frames[1]["lisp.mreq.flags.probe"], "1");
    EXPECT_EQ(frames[1]["lisp.mreq.srceid.ipv4"], "192.168.1.10");
    EXPECT_EQ(frames[1]["lisp.mreq.itr_rloc_ipv4"], "10.1.0.1");
    // Map-Reply: 2 records, ELP locator with 3 hops, instance id, negative record's action
    EXPECT_EQ(frames[2]["lisp.type"], "2");
    EXPECT_EQ(frames[2]["lisp.records"], "2");
    EXPECT_EQ(frames[2]["lisp.mapping.ttl"], "15,1");
    EXPECT_EQ(frames[2]["lisp.mapping.act"], "0,4");
    EXPECT_EQ(frames[2]["lisp.lcaf.elp_hop.ipv4"], "10.0.0.1,10.0.0.2,10.0.0.3");
    EXPECT_EQ(frames[2]["lisp.lcaf.elp_hop.flags"], "0x0000,0x0001,0x0006"); // -, S, L+P
    EXPECT_EQ(frames[2]["lisp.lcaf.iid"], "7");
    EXPECT_EQ(frames[2]["lisp.loc.priority"], "1,2");
    EXPECT_EQ(frames[2]["lisp.loc.weight"], "60,40");
    // Map-Register: SHA-1 key id, 20 bytes, xTR-ID and site-ID
    EXPECT_EQ(frames[3]["lisp.type"], "3");
    EXPECT_EQ(frames[3]["lisp.keyid"], "0x0001");
    EXPECT_EQ(frames[3]["lisp.authlen"], "20");
    EXPECT_EQ(frames[3]["lisp.siteid"], "1122334455667788");
    EXPECT_EQ(frames[3]["lisp.xtrid"], "a0a1a2a3a4a5a6a7a8a9aaabacadaeaf");
    // Map-Notify: SHA-256, 32 bytes
    EXPECT_EQ(frames[4]["lisp.type"], "4");
    EXPECT_EQ(frames[4]["lisp.keyid"], "0x0002");
    EXPECT_EQ(frames[4]["lisp.authlen"], "32");
    // ECM around the Map-Request
    EXPECT_EQ(frames[5]["lisp.type"], "8,1");
    EXPECT_EQ(frames[5]["lisp.mreq.flags.smr"], "1");
    EXPECT_EQ(frames[5]["ip.dst"], "10.9.0.1,192.168.2.20");
    if (std::getenv("SFC_KEEP_PCAP") == nullptr)
    {
        std::remove(pcap.c_str());
    }
}
