/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * VNet-scoped keys, the translation table and the owner rules of seed 003
 * (lower/higher, one end resolvable, none), each case in both directions,
 * including the two NAT cases where the rules alone cannot name the owner
 * and the helper's association must (owner.rst, "Owner cases").
 */

#include "sfc-test-util.h"

#include "ns3/association-store.h"
#include "ns3/boolean.h"
#include "ns3/owner-rule.h"
#include "ns3/query-subset.h"
#include "ns3/subset-assigner.h"
#include "ns3/translation-table.h"
#include "ns3/uinteger.h"
#include "ns3/vnet-key.h"

#include <gtest/gtest.h>

using namespace ns3;
using namespace ns3::sfc;

namespace
{
constexpr uint8_t kTcp = 6;
constexpr uint32_t kWan = 0;  // the VNet of WAN-side (public) addresses
constexpr uint32_t kBlue = 1; // a tenant VNet
constexpr uint32_t kRed = 2;  // another tenant, reusing Blue's addresses

VnetFlowKey
Key(uint32_t vnet, const char* src, uint16_t sport, const char* dst, uint16_t dport)
{
    return VnetFlowKey(vnet, FlowKey(Ipv4Address(src), Ipv4Address(dst), sport, dport, kTcp));
}

const Ipv4Address H1("192.168.0.1"); // hosts' underlay addresses
const Ipv4Address H2("192.168.0.2");
const Ipv4Address H3("192.168.0.3");
const Ipv4Address Gw("192.168.0.10"); // the gateway vPlane's host

/// Blue: A = 10.0.0.1 on H2, B = 10.0.0.2 on H1; Red: 10.0.0.1 on H3
Ptr<TranslationTable>
Fabric()
{
    Ptr<TranslationTable> t = CreateObject<TranslationTable>();
    t->Set(VnetEndpoint(kBlue, Ipv4Address("10.0.0.1")), H2);
    t->Set(VnetEndpoint(kBlue, Ipv4Address("10.0.0.2")), H1);
    t->Set(VnetEndpoint(kRed, Ipv4Address("10.0.0.1")), H3);
    return t;
}
} // namespace

TEST(VnetKey, VnetSeparatesOverlappingAddresses)
{
    VnetFlowKey blue = Key(kBlue, "10.0.0.1", 1000, "10.0.0.2", 80);
    VnetFlowKey red = Key(kRed, "10.0.0.1", 1000, "10.0.0.2", 80);
    EXPECT_NE(blue, red);
    EXPECT_TRUE(blue < red || red < blue);
    EXPECT_NE(VnetFlowKeyUndirectedHash()(blue), VnetFlowKeyUndirectedHash()(red));
    EXPECT_EQ(VnetFlowKeyUndirectedHash()(blue), VnetFlowKeyUndirectedHash()(blue.Reverse()))
        << "the owner tables index a flow once for both directions";
    EXPECT_EQ(blue.Reverse().vnet, kBlue);
    EXPECT_EQ(blue.Reverse().tuple, blue.tuple.Reverse());
    EXPECT_EQ(blue.Reverse().Reverse(), blue);
    EXPECT_EQ(blue.Source(), VnetEndpoint(kBlue, Ipv4Address("10.0.0.1")));
    EXPECT_EQ(blue.Destination(), VnetEndpoint(kBlue, Ipv4Address("10.0.0.2")));
    EXPECT_EQ(blue.SymmetricHash(), blue.Reverse().SymmetricHash());
    EXPECT_NE(blue.SymmetricHash(), red.SymmetricHash());
}

TEST(TranslationTable, ResolvesPerVnetAndCountsChanges)
{
    Ptr<TranslationTable> t = Fabric();
    EXPECT_EQ(t->GetN(), 3u);
    EXPECT_EQ(t->GetVersion(), 3u);
    EXPECT_EQ(t->Resolve(VnetEndpoint(kBlue, Ipv4Address("10.0.0.1"))), Resolution::Host(H2));
    EXPECT_EQ(t->Resolve(VnetEndpoint(kRed, Ipv4Address("10.0.0.1"))), Resolution::Host(H3));
    EXPECT_FALSE(t->Resolve(VnetEndpoint(kRed, Ipv4Address("10.0.0.2"))).resolvable);
    EXPECT_FALSE(t->Resolve(VnetEndpoint(kWan, Ipv4Address("203.0.113.7"))).resolvable);
    // Migration: the VM moves to H3.
    t->Set(VnetEndpoint(kBlue, Ipv4Address("10.0.0.1")), H3);
    EXPECT_EQ(t->Resolve(VnetEndpoint(kBlue, Ipv4Address("10.0.0.1"))), Resolution::Host(H3));
    EXPECT_EQ(t->RemoveHost(H3), 2u);
    EXPECT_EQ(t->GetN(), 1u);
    EXPECT_TRUE(t->Remove(VnetEndpoint(kBlue, Ipv4Address("10.0.0.2"))));
    EXPECT_FALSE(t->Remove(VnetEndpoint(kBlue, Ipv4Address("10.0.0.2"))));
    EXPECT_EQ(t->GetVersion(), 6u);
}

TEST(OwnerRule, BothResolvableLowerOrHigherSameBothDirections)
{
    Resolution a = Resolution::Host(H2);
    Resolution b = Resolution::Host(H1);
    for (bool higher : {false, true})
    {
        OwnerDecision fwd = OwnerRule::Decide(a, b, higher);
        OwnerDecision rev = OwnerRule::Decide(b, a, higher);
        EXPECT_EQ(fwd.kind, OwnerCase::BOTH_RESOLVABLE);
        EXPECT_EQ(rev.kind, OwnerCase::BOTH_RESOLVABLE);
        EXPECT_EQ(fwd.owner, higher ? H2 : H1);
        EXPECT_EQ(rev.owner, fwd.owner) << "both directions, preferHigher=" << higher;
    }
    // Both VMs on one host: that host, either way.
    EXPECT_EQ(OwnerRule::Decide(a, a, false).owner, H2);
    EXPECT_EQ(OwnerRule::Decide(a, a, true).owner, H2);
}

TEST(OwnerRule, OneResolvableIsThatHostNoneIsUnresolved)
{
    Resolution known = Resolution::Host(H3);
    Resolution unknown = Resolution::Unknown();
    for (bool higher : {false, true})
    {
        OwnerDecision s = OwnerRule::Decide(known, unknown, higher);
        OwnerDecision d = OwnerRule::Decide(unknown, known, higher);
        EXPECT_EQ(s.kind, OwnerCase::SOURCE_ONLY);
        EXPECT_EQ(d.kind, OwnerCase::DESTINATION_ONLY);
        EXPECT_EQ(s.owner, H3);
        EXPECT_EQ(d.owner, H3);
        OwnerDecision n = OwnerRule::Decide(unknown, unknown, higher);
        EXPECT_EQ(n.kind, OwnerCase::UNRESOLVED);
        EXPECT_FALSE(n.IsResolved());
    }
    EXPECT_STREQ(OwnerCaseName(OwnerCase::UNRESOLVED), "unresolved");
}

TEST(OwnerRule, EastWestFlowSameOwnerAtBothVplanes)
{
    Ptr<TranslationTable> table = Fabric(); // every vPlane holds the same copy
    Ptr<OwnerRule> rule = CreateObject<OwnerRule>();
    VnetFlowKey fwd = Key(kBlue, "10.0.0.1", 40000, "10.0.0.2", 80); // seen at H2
    VnetFlowKey rev = fwd.Reverse();                                 // seen at H1
    EXPECT_EQ(rule->Select(fwd, *table).owner, H1);
    EXPECT_EQ(rule->Select(rev, *table).owner, H1);
    rule->SetAttribute("PreferHigher", BooleanValue(true));
    EXPECT_TRUE(rule->GetPreferHigher());
    EXPECT_EQ(rule->Select(fwd, *table).owner, H2);
    EXPECT_EQ(rule->Select(rev, *table).owner, H2);
    // Red reuses Blue's addresses: 10.0.0.2 is unknown in Red, so Red's flow is source-only.
    OwnerDecision red = rule->Select(Key(kRed, "10.0.0.1", 40000, "10.0.0.2", 80), *table);
    EXPECT_EQ(red.kind, OwnerCase::SOURCE_ONLY);
    EXPECT_EQ(red.owner, H3);
}

TEST(OwnerRule, PlainWanFlowSourceOnlyOutDestinationOnlyBack)
{
    // No translation: the VM's address is seen by the WAN, so both directions resolve one end.
    Ptr<TranslationTable> table = Fabric();
    Ptr<OwnerRule> rule = CreateObject<OwnerRule>();
    VnetFlowKey out = Key(kBlue, "10.0.0.2", 40000, "203.0.113.7", 443); // at H1
    OwnerDecision o = rule->Select(out, *table);
    OwnerDecision b = rule->Select(out.Reverse(), *table); // at the gateway
    EXPECT_EQ(o.kind, OwnerCase::SOURCE_ONLY);
    EXPECT_EQ(b.kind, OwnerCase::DESTINATION_ONLY);
    EXPECT_EQ(o.owner, H1);
    EXPECT_EQ(b.owner, H1);
}

namespace
{
/// Query subsets over H1..H3; the helper of a key
Ipv4Address
HelperOf(const VnetFlowKey& k, const QuerySubsetFunction& fn, const SubsetMap& map)
{
    Ipv4Address helper;
    EXPECT_TRUE(map.GetHelper(fn.GetSubset(k), helper));
    return helper;
}
} // namespace

class OwnerNat : public sfctest::SimulatorTest
{
};

TEST_F(OwnerNat, SourceNatReturnNeedsTheRegisteredAssociation)
{
    Ptr<TranslationTable> table = Fabric();
    Ptr<OwnerRule> rule = CreateObject<OwnerRule>();
    QuerySubsetFunction fn(256);
    Ptr<SubsetAssigner> assigner = CreateObject<SubsetAssigner>();
    assigner->SetAttribute("NumSubsets", UintegerValue(256));
    SubsetMap map = assigner->SetVplanes({H1, H2, H3});

    // Outbound at H2 (A's host): only the source resolves -> H2 owns it and runs the NAT.
    VnetFlowKey out = Key(kBlue, "10.0.0.1", 40000, "203.0.113.7", 443);
    OwnerDecision o = rule->Select(out, *table);
    ASSERT_EQ(o.kind, OwnerCase::SOURCE_ONLY);
    ASSERT_EQ(o.owner, H2);
    // H2's NAT translates A:40000 to P:50000; the translated tuple leaves via the gateway.
    VnetFlowKey translated = Key(kWan, "198.51.100.1", 50000, "203.0.113.7", 443);
    // The return reaches the gateway with the public NAT address as destination:
    VnetFlowKey back = translated.Reverse();
    OwnerDecision b = rule->Select(back, *table);
    EXPECT_EQ(b.kind, OwnerCase::UNRESOLVED) << "the rules alone cannot name H2 here";

    // H2 registered the binding's translated key with that key's helper; the gateway asks
    // the helper of the return tuple: the same helper, since subsets ignore direction.
    EXPECT_EQ(HelperOf(translated, fn, map), HelperOf(back, fn, map));
    Ptr<AssociationStore> helperStore = CreateObject<AssociationStore>();
    Association a;
    EXPECT_FALSE(helperStore->Lookup(back, a)) << "registration off: nothing to answer";
    helperStore->Register(translated, o.owner, Seconds(10));
    ASSERT_TRUE(helperStore->Lookup(back, a));
    EXPECT_EQ(a.owner, H2) << "the return goes to the owner of the outbound direction";
}

TEST_F(OwnerNat, InboundToNatAddressOwnerIsTheTranslatedDestinationsHost)
{
    Ptr<TranslationTable> table = Fabric();
    Ptr<OwnerRule> rule = CreateObject<OwnerRule>();
    // X -> P:80, port-forwarded to B:80 (B on H1). At the gateway neither end resolves.
    VnetFlowKey in = Key(kWan, "203.0.113.7", 5555, "198.51.100.1", 80);
    EXPECT_EQ(rule->Select(in, *table).kind, OwnerCase::UNRESOLVED);
    // After the owner's DNAT the return leaves B's host H1 as B:80 -> X: source-only -> H1.
    VnetFlowKey returned = Key(kBlue, "10.0.0.2", 80, "203.0.113.7", 5555);
    OwnerDecision r = rule->Select(returned, *table);
    EXPECT_EQ(r.kind, OwnerCase::SOURCE_ONLY);
    EXPECT_EQ(r.owner, H1);
    // So the association the helper hands out for `in` must name H1 (the DNAT target's host,
    // which registers the binding it creates); any other owner would see only one direction.
    Ptr<AssociationStore> helperStore = CreateObject<AssociationStore>();
    helperStore->Register(in, H1, Seconds(10), Association::SELECTED);
    Association a;
    ASSERT_TRUE(helperStore->Lookup(in, a));
    EXPECT_EQ(a.owner, r.owner);
    EXPECT_EQ(a.origin, Association::SELECTED);
    EXPECT_NE(Gw, r.owner);
}
