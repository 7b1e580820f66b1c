/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * EventMetrics and TimeSeriesTable: the shape of metrics["events"] and
 * metrics["timeseries"] (ns3-module/doc/results.rst), key order included.
 */

#include "ns3/results-schema.h"

#include <cstdint>
#include <gtest/gtest.h>
#include <string>
#include <vector>

using namespace ns3::sfc;

namespace
{

TEST(EventMetrics, RequiredFieldsInOrderThenExtras)
{
    EventMetrics events;
    EXPECT_EQ(events.ToJson().dump(), "[]");
    events.Add(1.0, "nat:+1", 40, 2, 0.05).Set("no_state_drops", uint64_t{7});
    events.Add(2.5, "fail:primary", 0, 0, 0.0);
    EXPECT_EQ(events.ToJson().dump(),
              "[{\"time_s\":1.0,\"event\":\"nat:+1\",\"active_flows\":40,\"broken_flows\":2,"
              "\"broken_ratio\":0.05,\"no_state_drops\":7},"
              "{\"time_s\":2.5,\"event\":\"fail:primary\",\"active_flows\":0,"
              "\"broken_flows\":0,\"broken_ratio\":0.0}]");
}

TEST(EventMetricsDeathTest, RequiredFieldCannotBeSetAgain)
{
    EventMetrics events;
    EXPECT_DEATH(events.Set("x", 1), "before any Add");
    events.Add(1.0, "e", 1, 0, 0.0);
    EXPECT_DEATH(events.Set("broken_flows", 3), "set by Add");
    events.Set("x", 1);
    EXPECT_DEATH(events.Set("x", 2), "set twice");
}

struct Row
{
    double start;
    uint32_t broken;
    std::vector<uint32_t> instances;
};

TEST(TimeSeriesTable, ColumnsAndGroupsOfEqualLength)
{
    std::vector<Row> rows = {{0.0, 1, {2, 3}}, {0.5, 0, {3, 3}}};
    TimeSeriesTable ts(0.5, TimeSeriesTable::Column(rows, &Row::start));
    ts.Add("broken_flows", TimeSeriesTable::Column(rows, &Row::broken));
    for (std::size_t f = 0; f < 2; ++f)
    {
        ts.Add("instances",
               "f" + std::to_string(f + 1),
               TimeSeriesTable::Column(rows, [f](const Row& r) { return r.instances[f]; }));
    }
    EXPECT_EQ(ts.ToJson().dump(),
              "{\"interval_s\":0.5,\"time_s\":[0.0,0.5],\"broken_flows\":[1,0],"
              "\"instances\":{\"f1\":[2,3],\"f2\":[3,3]}}");
    TimeSeriesTable empty(1.0, {});
    EXPECT_EQ(empty.Add("x", std::vector<double>{}).ToJson().dump(),
              "{\"interval_s\":1.0,\"time_s\":[],\"x\":[]}");
}

TEST(TimeSeriesTableDeathTest, WrongLengthOrNameAborts)
{
    TimeSeriesTable ts(1.0, {0.0, 1.0});
    EXPECT_DEATH(ts.Add("x", std::vector<int>{1}), "has 1 values for 2 intervals");
    EXPECT_DEATH(ts.Add("time_s", std::vector<int>{1, 2}), "added twice");
    EXPECT_DEATH(ts.Add("time_s", "x", std::vector<int>{1, 2}), "is a column");
}

} // namespace
