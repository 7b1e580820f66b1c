/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "vpath-chain.h"

namespace ns3
{
namespace sfc
{

LispMappingRecord
VpathChain::MakeChainRecord(uint32_t chainId,
                            Ipv4Address dst,
                            uint8_t len,
                            const std::vector<Ipv4Address>& hops,
                            uint32_t ttl)
{
    LispMappingRecord rec;
    rec.ttl = ttl;
    rec.eidMaskLen = len;
    rec.authoritative = true;
    rec.eid = LispAddress::FromInstanceId(chainId & 0xffffff, 0, LispAddress::FromIpv4(dst));
    std::vector<LispElpHop> elp;
    for (Ipv4Address h : hops)
    {
        LispElpHop hop;
        hop.flags = LispElpHop::kLookup | LispElpHop::kStrict;
        hop.afi = LispAddress::kAfiIpv4;
        hop.ipv4 = h;
        elp.push_back(hop);
    }
    LispLocator loc;
    loc.rloc = LispAddress::FromElp(elp);
    rec.locators.push_back(loc);
    return rec;
}

bool
VpathChain::ReadChain(const LispMappingRecord& rec, std::vector<Ipv4Address>& hops)
{
    hops.clear();
    for (const LispLocator& loc : rec.locators)
    {
        if (loc.rloc.GetAfi() != LispAddress::kAfiLcaf ||
            loc.rloc.GetLcafType() != LispAddress::kLcafElp || loc.priority == 255)
        {
            continue;
        }
        for (const LispElpHop& h : loc.rloc.GetElpHops())
        {
            if (h.afi != LispAddress::kAfiIpv4)
            {
                hops.clear();
                return false;
            }
            hops.push_back(h.ipv4);
        }
        return true;
    }
    return false;
}

int
VpathChain::NextHopIndex(const std::vector<Ipv4Address>& hops, Ipv4Address current, bool started)
{
    if (!started)
    {
        return 0;
    }
    for (std::size_t i = 0; i < hops.size(); ++i)
    {
        if (hops[i] == current)
        {
            return static_cast<int>(i + 1);
        }
    }
    return -1;
}

LispMappingRecord
VpathChain::MakeHostRecord(Ipv4Address eid, Ipv4Address rloc, uint32_t ttl)
{
    LispMappingRecord rec;
    rec.ttl = ttl;
    rec.eidMaskLen = 32;
    rec.authoritative = true;
    rec.eid = LispAddress::FromIpv4(eid);
    LispLocator loc;
    loc.rloc = LispAddress::FromIpv4(rloc);
    rec.locators.push_back(loc);
    return rec;
}

bool
VpathChain::BestRloc(const LispMappingRecord& rec, Ipv4Address& rloc)
{
    bool found = false;
    uint8_t best = 255;
    for (const LispLocator& loc : rec.locators)
    {
        if (loc.rloc.IsIpv4() && loc.priority < best)
        {
            best = loc.priority;
            rloc = loc.rloc.GetIpv4();
            found = true;
        }
    }
    return found;
}

} // namespace sfc
} // namespace ns3
