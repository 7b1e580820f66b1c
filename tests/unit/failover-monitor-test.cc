/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * FailoverMonitor's control-message categories (the control_messages_*
 * metric names of sfc-failover).
 */

#include "ns3/failover-monitor.h"
#include "ns3/service-manager.h"
#include "ns3/service-message.h"

#include <gtest/gtest.h>

using namespace ns3;
using namespace ns3::sfc;

TEST(FailoverMonitor, CategoryOfEveryMessageType)
{
    auto c = [](ServiceMessageType t) {
        return FailoverMonitor::Category(static_cast<uint8_t>(t));
    };
    EXPECT_EQ(c(ServiceMessageType::AFFINITY_UPDATE_WILDCARD), "wildcard");
    EXPECT_EQ(c(ServiceMessageType::AFFINITY_UPDATE_FIXED), "fixed");
    EXPECT_EQ(c(ServiceMessageType::AFFINITY_UPDATE_DENY), "deny");
    EXPECT_EQ(c(ServiceMessageType::INTEREST_MATCH_WILDCARD), "interest_match");
    EXPECT_EQ(c(ServiceMessageType::INTEREST_MATCH_FIXED), "interest_match");
    EXPECT_EQ(c(ServiceMessageType::IP_PACKET_ONLY), "ip_packet");
    EXPECT_EQ(c(ServiceMessageType::REPLICATION), "replication");
    EXPECT_EQ(c(ServiceMessageType::HEARTBEAT), "heartbeat");
    EXPECT_EQ(FailoverMonitor::Category(0), "other");
    EXPECT_EQ(FailoverMonitor::Category(9), "other");
    EXPECT_EQ(FailoverMonitor::Category(255), "other");
}

// Issue 13: a manager that never expired an affinity kept the "never"
// sentinel Seconds(-1), and Finalize converted it with GetSeconds(), whose
// int64x64 arithmetic left-shifts the negative value (UBSan: shift-base, an
// abort with -fno-sanitize-recover). Finalize reports -1 without converting.
TEST(FailoverMonitor, ManagerThatNeverExpiredReportsMinusOne)
{
    Ptr<FailoverMonitor> monitor = CreateObject<FailoverMonitor>();
    Ptr<ServiceManager> manager = CreateObject<ServiceManager>();
    monitor->WatchManager(manager, "m", true);
    FailoverMonitor::Summary s = monitor->Finalize(Seconds(1));
    ASSERT_EQ(s.lastExpiryS.size(), 1u);
    EXPECT_EQ(s.lastExpiryS[0].first, "m");
    EXPECT_EQ(s.lastExpiryS[0].second, -1.0);
    manager->Dispose();
    monitor->Dispose();
}
