/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * ScenarioOptions: Parameters() and Describe() JSON, parsing and one-line
 * errors, AppendJsonLine.
 */

#include "ns3/rng-seed-manager.h"
#include "ns3/scenario-options.h"

#include <cstdio>
#include <fstream>
#include <gtest/gtest.h>
#include <string>
#include <unistd.h>
#include <vector>

using namespace ns3;
using namespace ns3::sfc;

namespace
{

/// A small option set bound to variables
struct Options
{
    uint32_t servers{4};
    double rate{2.5};
    bool df{true};
    std::string out;
    std::string policy{"flow-table"};
    ScenarioOptions opts{"demo", "A demo scenario"};

    Options()
    {
        opts.AddUint("servers", "Servers", servers, 1, 64);
        opts.AddDouble("rate", "Flow rate", rate, 0.5, 100);
        opts.AddBool("df", "Designated forwarders", df);
        opts.AddString("out", "Output file", out);
        opts.AddChoice("policy", "Policy", policy, {"flow-table", "hash"});
    }

    void Parse(std::vector<std::string> args)
    {
        args.insert(args.begin(), "demo");
        std::vector<char*> argv;
        for (auto& a : args)
        {
            argv.push_back(a.data());
        }
        argv.push_back(nullptr);
        opts.Parse(static_cast<int>(args.size()), argv.data());
    }
};

} // namespace

TEST(ScenarioOptions, ParametersHoldEveryOptionThenRngRunAndSeed)
{
    RngSeedManager::SetSeed(3);
    RngSeedManager::SetRun(17);
    Options o;
    o.servers = 9; // changed after declaration: Parameters() shows the current value
    nlohmann::ordered_json p = o.opts.Parameters();
    std::vector<std::string> keys;
    for (auto it = p.begin(); it != p.end(); ++it)
    {
        keys.push_back(it.key());
    }
    EXPECT_EQ(
        keys,
        (std::vector<std::string>{"servers", "rate", "df", "out", "policy", "RngRun", "RngSeed"}));
    EXPECT_EQ(p["servers"], 9);
    EXPECT_TRUE(p["servers"].is_number_unsigned());
    EXPECT_DOUBLE_EQ(p["rate"].get<double>(), 2.5);
    EXPECT_EQ(p["df"], true);
    EXPECT_EQ(p["out"], "");
    EXPECT_EQ(p["policy"], "flow-table");
    EXPECT_EQ(p["RngRun"], 17);
    EXPECT_EQ(p["RngSeed"], 3);
    EXPECT_EQ(
        p.dump(),
        R"({"servers":9,"rate":2.5,"df":true,"out":"","policy":"flow-table","RngRun":17,"RngSeed":3})");
    RngSeedManager::SetSeed(1);
    RngSeedManager::SetRun(1);
}

TEST(ScenarioOptions, DescribeListsTypesDefaultsRangesAndChoices)
{
    Options o;
    o.rate = 50; // the default stays the declared value
    nlohmann::ordered_json d = o.opts.Describe();
    EXPECT_EQ(d["program"], "demo");
    ASSERT_TRUE(d["options"].is_array());
    ASSERT_EQ(d["options"].size(), 7u);
    const auto& servers = d["options"][0];
    EXPECT_EQ(servers["name"], "servers");
    EXPECT_EQ(servers["type"], "uint");
    EXPECT_EQ(servers["default"], 4);
    EXPECT_EQ(servers["min"], 1);
    EXPECT_EQ(servers["max"], 64);
    EXPECT_EQ(servers["help"], "Servers");
    const auto& rate = d["options"][1];
    EXPECT_EQ(rate["type"], "double");
    EXPECT_DOUBLE_EQ(rate["default"].get<double>(), 2.5);
    EXPECT_DOUBLE_EQ(rate["min"].get<double>(), 0.5);
    const auto& df = d["options"][2];
    EXPECT_EQ(df["type"], "bool");
    EXPECT_EQ(df["default"], true);
    EXPECT_FALSE(df.contains("min"));
    EXPECT_FALSE(df.contains("choices"));
    EXPECT_EQ(d["options"][3]["type"], "string");
    const auto& policy = d["options"][4];
    EXPECT_EQ(policy["type"], "choice");
    EXPECT_EQ(policy["default"], "flow-table");
    EXPECT_EQ(policy["choices"], nlohmann::ordered_json::array({"flow-table", "hash"}));
    EXPECT_FALSE(policy.contains("min"));
    EXPECT_EQ(d["options"][5]["name"], "RngRun");
    EXPECT_EQ(d["options"][5]["type"], "uint");
    EXPECT_EQ(d["options"][6]["name"], "RngSeed");
    for (const auto& opt : d["options"])
    {
        for (const char* field : {"name", "type", "default", "help"})
        {
            EXPECT_TRUE(opt.contains(field)) << opt.dump() << " lacks " << field;
        }
    }
}

TEST(ScenarioOptions, ParseSetsTheBoundVariables)
{
    Options o;
    o.Parse({"--servers=12", "--rate=7.25", "--df=false", "--out=x.json", "--policy=hash"});
    EXPECT_EQ(o.servers, 12u);
    EXPECT_DOUBLE_EQ(o.rate, 7.25);
    EXPECT_FALSE(o.df);
    EXPECT_EQ(o.out, "x.json");
    EXPECT_EQ(o.policy, "hash");
    nlohmann::ordered_json p = o.opts.Parameters();
    EXPECT_EQ(p["servers"], 12);
    EXPECT_EQ(p["policy"], "hash");
}

TEST(ScenarioOptionsDeathTest, BadValuesAreOneLineErrorsWithStatus2)
{
    // Each error: exit status 2, "<program>: error: ..." on stderr.
    auto bad = [](std::vector<std::string> args) {
        Options o;
        o.Parse(args);
    };
    EXPECT_EXIT(bad({"--servers=0"}),
                testing::ExitedWithCode(2),
                "demo: error: --servers=0 is out of range");
    EXPECT_EXIT(bad({"--servers=65"}), testing::ExitedWithCode(2), "out of range");
    EXPECT_EXIT(bad({"--servers=-1"}), testing::ExitedWithCode(2), "non-negative integer");
    EXPECT_EXIT(bad({"--servers=4x"}), testing::ExitedWithCode(2), "non-negative integer");
    EXPECT_EXIT(bad({"--servers"}), testing::ExitedWithCode(2), "needs a value");
    EXPECT_EXIT(bad({"--rate=abc"}), testing::ExitedWithCode(2), "expects a number");
    EXPECT_EXIT(bad({"--rate=nan"}), testing::ExitedWithCode(2), "expects a number");
    EXPECT_EXIT(bad({"--rate=0.1"}), testing::ExitedWithCode(2), "out of range");
    EXPECT_EXIT(bad({"--df=maybe"}), testing::ExitedWithCode(2), "expects true or false");
    EXPECT_EXIT(bad({"--policy=magic"}),
                testing::ExitedWithCode(2),
                "is not one of \\(flow-table\\|hash\\)");
    EXPECT_EXIT(bad({"--nosuch=1"}), testing::ExitedWithCode(2), "unknown option --nosuch");
    EXPECT_EXIT(bad({"servers=4"}), testing::ExitedWithCode(2), "unexpected argument");
    EXPECT_EXIT(bad({"--RngRun=x"}),
                testing::ExitedWithCode(2),
                "--RngRun expects a non-negative integer");
}

TEST(ScenarioOptions, AppendJsonLineAppendsOneObjectPerLine)
{
    char path[] = "/tmp/sfc-unit-json-XXXXXX";
    int fd = mkstemp(path);
    ASSERT_GE(fd, 0);
    close(fd);
    nlohmann::ordered_json a = {{"scenario", "demo"}, {"metrics", {{"flows", 3}}}};
    nlohmann::ordered_json b = {{"scenario", "demo"}, {"metrics", {{"flows", 4}}}};
    ASSERT_TRUE(ScenarioOptions::AppendJsonLine(path, a));
    ASSERT_TRUE(ScenarioOptions::AppendJsonLine(path, b));
    std::ifstream in(path);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);)
    {
        lines.push_back(line);
    }
    std::remove(path);
    ASSERT_EQ(lines.size(), 2u);
    EXPECT_EQ(nlohmann::ordered_json::parse(lines[0]), a);
    EXPECT_EQ(nlohmann::ordered_json::parse(lines[1])["metrics"]["flows"], 4);
    EXPECT_FALSE(ScenarioOptions::AppendJsonLine("/nonexistent-dir/x/y.json", a));
}
