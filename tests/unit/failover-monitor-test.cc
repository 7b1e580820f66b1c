/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * FailoverMonitor's control-message categories (the control_messages_*
 * metric names of sfc-failover).
 */

#include "ns3/failover-monitor.h"
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
