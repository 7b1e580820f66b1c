/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "ns3/app-traffic.h"

#include <gtest/gtest.h>

using namespace ns3::sfc;

// completion_times_s: nearest-rank statistics and 101 quantiles of the completed flows.
TEST(AppTraffic, DistributionIsNearestRank)
{
    std::vector<double> v;
    for (int i = 10; i >= 1; --i)
    {
        v.push_back(i * 0.1); // 1.0, 0.9, ..., 0.1, in no particular order
    }
    nlohmann::ordered_json d = AppTraffic::Distribution(v);
    EXPECT_EQ(d["count"].get<int>(), 10);
    EXPECT_NEAR(d["mean"].get<double>(), 0.55, 1e-12);
    EXPECT_DOUBLE_EQ(d["min"].get<double>(), 0.1);
    EXPECT_DOUBLE_EQ(d["p50"].get<double>(), 0.5); // 5th of 10
    EXPECT_DOUBLE_EQ(d["p90"].get<double>(), 0.9); // 9th of 10
    EXPECT_DOUBLE_EQ(d["p99"].get<double>(), 1.0); // ceil(9.9) = 10th
    EXPECT_DOUBLE_EQ(d["max"].get<double>(), 1.0);
    ASSERT_EQ(d["quantiles"].size(), 101u);
    EXPECT_DOUBLE_EQ(d["quantiles"][0].get<double>(), 0.1);
    EXPECT_DOUBLE_EQ(d["quantiles"][11].get<double>(), 0.2); // ceil(1.1) = 2nd
    EXPECT_DOUBLE_EQ(d["quantiles"][100].get<double>(), 1.0);
    for (std::size_t i = 1; i < 101; ++i)
    {
        EXPECT_LE(d["quantiles"][i - 1].get<double>(), d["quantiles"][i].get<double>());
    }
}

// No completed flow: no statistic (null), not 0 s.
TEST(AppTraffic, EmptyDistributionHasNoValues)
{
    nlohmann::ordered_json d = AppTraffic::Distribution({});
    EXPECT_EQ(d["count"].get<int>(), 0);
    EXPECT_TRUE(d["mean"].is_null());
    EXPECT_TRUE(d["p99"].is_null());
    EXPECT_TRUE(d["quantiles"].empty());
}
