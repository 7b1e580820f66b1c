/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * ScenarioOptions: Parameters() and Describe() JSON, parsing and one-line
 * errors, time options (ns-3 Time syntax), AppendJsonLine.
 */

#include "ns3/rng-seed-manager.h"
#include "ns3/scenario-options.h"
#include "ns3/time-text.h"

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

/// Parse args (without the program name) as the command line of "demo"
void
ParseArgs(ScenarioOptions& opts, std::vector<std::string> args)
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
        ParseArgs(opts, std::move(args));
    }
};

/// Time options bound to variables
struct TimeOptions
{
    Time grace{Seconds(20)};
    Time interval{MilliSeconds(10)};
    Time delay{MicroSeconds(5)};
    ScenarioOptions opts{"demo", "A demo scenario"};

    TimeOptions()
    {
        opts.AddTime("grace", "Grace time", grace, Seconds(0), Seconds(1e6));
        opts.AddTime("interval", "Interval", interval, MilliSeconds(1), Seconds(3600));
        opts.AddTime("delay", "Delay", delay, Seconds(0), Seconds(1));
    }

    void Parse(std::vector<std::string> args)
    {
        ParseArgs(opts, std::move(args));
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

TEST(TimeText, AcceptsNs3UnitsAndBareSeconds)
{
    const std::vector<std::pair<std::string, Time>> cases = {{"5s", Seconds(5)},
                                                             {"200ms", MilliSeconds(200)},
                                                             {"1min", Minutes(1)},
                                                             {"2h", Hours(2)},
                                                             {"1d", Days(1)},
                                                             {"1y", Years(1)},
                                                             {"10us", MicroSeconds(10)},
                                                             {"7ns", NanoSeconds(7)},
                                                             {"1.5e-3s", MicroSeconds(1500)},
                                                             {"1e-3ms", MicroSeconds(1)},
                                                             {".5s", MilliSeconds(500)},
                                                             {"+2s", Seconds(2)},
                                                             {"-1s", Seconds(-1)},
                                                             {"5", Seconds(5)},
                                                             {"0.01", Seconds(0.01)},
                                                             {"0", Time(0)}};
    for (const auto& c : cases)
    {
        Time t;
        EXPECT_TRUE(IsTimeText(c.first)) << c.first;
        ASSERT_TRUE(ParseTimeText(c.first, t)) << c.first;
        EXPECT_EQ(t, c.second) << c.first;
    }
    // ns-3's own parser gives the same time steps (no rounding of our own).
    Time t;
    ASSERT_TRUE(ParseTimeText("0.01", t));
    EXPECT_EQ(t.GetTimeStep(), Time("0.01s").GetTimeStep());
    EXPECT_EQ(t.GetTimeStep(), Seconds(0.01).GetTimeStep());
}

TEST(TimeText, RejectsGarbageNonFiniteAndUnrepresentable)
{
    for (const char* bad : {"",
                            "abc",
                            "s",
                            "5 s",
                            " 5s",
                            "5s ",
                            "5m",
                            "5sec",
                            "5e",
                            "nan",
                            "inf",
                            "-inf",
                            "0x10",
                            "1,5s",
                            "5ss",
                            "1e400",
                            "1e12s",
                            "9e9"})
    {
        Time t = Seconds(42);
        EXPECT_FALSE(ParseTimeText(bad, t)) << bad;
        EXPECT_EQ(t, Seconds(42)) << bad;
    }
    EXPECT_TRUE(IsTimeText("1e400")); // the syntax is right, the value is not
}

TEST(TimeText, SecondsAndReadableText)
{
    EXPECT_EQ(ToSeconds(MicroSeconds(5)), 5e-6);
    EXPECT_EQ(ToSeconds(Seconds(0.01)), 0.01);
    EXPECT_EQ(ToSeconds(Seconds(20)), 20.0);
    EXPECT_EQ(FormatTime(Seconds(20)), "20s");
    EXPECT_EQ(FormatTime(Seconds(1.5)), "1.5s");
    EXPECT_EQ(FormatTime(MilliSeconds(10)), "10ms");
    EXPECT_EQ(FormatTime(MicroSeconds(5)), "5us");
    EXPECT_EQ(FormatTime(NanoSeconds(3)), "3ns");
    EXPECT_EQ(FormatTime(Time(0)), "0s");
    for (const Time& t : {Seconds(20), Seconds(1.5), MilliSeconds(10), MicroSeconds(5)})
    {
        Time back;
        ASSERT_TRUE(ParseTimeText(FormatTime(t), back));
        EXPECT_EQ(back, t);
    }
}

TEST(ScenarioOptions, TimeOptionsTakeUnitsAndBareSeconds)
{
    TimeOptions o;
    o.Parse({"--grace=1min", "--interval=200ms", "--delay=10us"});
    EXPECT_EQ(o.grace, Seconds(60));
    EXPECT_EQ(o.interval, MilliSeconds(200));
    EXPECT_EQ(o.delay, MicroSeconds(10));
    TimeOptions bare;
    bare.Parse({"--grace=20", "--interval=0.01", "--delay=1.5e-3s"});
    EXPECT_EQ(bare.grace, Seconds(20));
    EXPECT_EQ(bare.interval.GetTimeStep(), Seconds(0.01).GetTimeStep());
    EXPECT_EQ(bare.delay, MicroSeconds(1500));
}

TEST(ScenarioOptions, TimeOptionsAreRecordedAndDescribedInSeconds)
{
    TimeOptions o;
    o.grace = MilliSeconds(1500);
    nlohmann::ordered_json p = o.opts.Parameters();
    EXPECT_TRUE(p["grace"].is_number_float());
    EXPECT_EQ(p["grace"].get<double>(), 1.5);
    EXPECT_EQ(p["interval"].get<double>(), 0.01);
    EXPECT_EQ(p["delay"].get<double>(), 5e-6);
    nlohmann::ordered_json d = o.opts.Describe();
    const auto& grace = d["options"][0];
    EXPECT_EQ(grace["name"], "grace");
    EXPECT_EQ(grace["type"], "time");
    EXPECT_EQ(grace["default"].get<double>(), 20.0); // the declared value
    EXPECT_EQ(grace["min"].get<double>(), 0.0);
    EXPECT_EQ(grace["max"].get<double>(), 1e6);
    const auto& interval = d["options"][1];
    EXPECT_EQ(interval["type"], "time");
    EXPECT_EQ(interval["default"].get<double>(), 0.01);
    EXPECT_EQ(interval["min"].get<double>(), 0.001);
    EXPECT_EQ(interval["max"].get<double>(), 3600.0);
    EXPECT_EQ(d["options"][2]["default"].get<double>(), 5e-6);
    EXPECT_FALSE(grace.contains("choices"));
}

TEST(ScenarioOptionsDeathTest, BadTimesAreOneLineErrorsWithStatus2)
{
    auto bad = [](std::vector<std::string> args) {
        TimeOptions o;
        o.Parse(args);
    };
    EXPECT_EXIT(bad({"--grace=abc"}),
                testing::ExitedWithCode(2),
                "demo: error: --grace expects a time \\(e.g. 5s, 200ms, 1min; a bare number is "
                "seconds\\), got 'abc'");
    EXPECT_EXIT(bad({"--grace=5m"}), testing::ExitedWithCode(2), "expects a time");
    EXPECT_EXIT(bad({"--grace=nan"}), testing::ExitedWithCode(2), "expects a time");
    EXPECT_EXIT(bad({"--grace=inf"}), testing::ExitedWithCode(2), "expects a time");
    EXPECT_EXIT(bad({"--grace="}), testing::ExitedWithCode(2), "expects a time");
    EXPECT_EXIT(bad({"--grace"}), testing::ExitedWithCode(2), "needs a value");
    EXPECT_EXIT(bad({"--grace=-1s"}),
                testing::ExitedWithCode(2),
                "demo: error: --grace=-1s is out of range \\[0s, 1000000s\\]");
    EXPECT_EXIT(bad({"--grace=1e7"}), testing::ExitedWithCode(2), "out of range");
    EXPECT_EXIT(bad({"--grace=1e400"}), testing::ExitedWithCode(2), "out of range");
    EXPECT_EXIT(bad({"--interval=999us"}),
                testing::ExitedWithCode(2),
                "--interval=999us is out of range \\[1ms, 3600s\\]");
    EXPECT_EXIT(bad({"--delay=2s"}), testing::ExitedWithCode(2), "out of range \\[0s, 1s\\]");
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

TEST(ScenarioOptions, TaggedPathPutsTheTagBeforeTheExtension)
{
    EXPECT_EQ(ScenarioOptions::TaggedPath("flows.csv", "hash"), "flows-hash.csv");
    EXPECT_EQ(ScenarioOptions::TaggedPath("out/a.b/flows.csv", "hash"), "out/a.b/flows-hash.csv");
    EXPECT_EQ(ScenarioOptions::TaggedPath("out/a.b/trace", "hash"), "out/a.b/trace-hash");
    EXPECT_EQ(ScenarioOptions::TaggedPath("trace", "flow-table-df"), "trace-flow-table-df");
    EXPECT_EQ(ScenarioOptions::TaggedPath("out/.hidden", "x"), "out/.hidden-x");
    EXPECT_EQ(ScenarioOptions::TaggedPath("", "hash"), "");
}

// Issue 14: what ns-3's CommandLine and tools such as SEM send (integers written
// as floats, booleans in any case) was rejected; it is accepted, and what ns-3
// then parses is the normalized value.
TEST(ScenarioOptions, AcceptsIntegersWrittenAsFloatsAndBooleansInAnyCase)
{
    Options o;
    o.Parse({"--servers=12.0", "--df=False"});
    EXPECT_EQ(o.servers, 12u);
    EXPECT_FALSE(o.df);
    Options t;
    t.Parse({"--servers=1.2e1", "--df=TRUE"});
    EXPECT_EQ(t.servers, 12u);
    EXPECT_TRUE(t.df);
    Options y;
    y.Parse({"--df=Yes"});
    EXPECT_TRUE(y.df);
    EXPECT_EQ(y.opts.Parameters()["df"], true);
}

TEST(ScenarioOptionsDeathTest, NonIntegralNumbersAreStillRejectedForIntegers)
{
    auto bad = [](std::vector<std::string> args) {
        Options o;
        o.Parse(args);
    };
    EXPECT_EXIT(bad({"--servers=12.5"}), testing::ExitedWithCode(2), "non-negative integer");
    EXPECT_EXIT(bad({"--servers=-3.0"}), testing::ExitedWithCode(2), "non-negative integer");
    EXPECT_EXIT(bad({"--servers=1e400"}), testing::ExitedWithCode(2), "non-negative integer");
    EXPECT_EXIT(bad({"--df=Maybe"}), testing::ExitedWithCode(2), "expects true or false");
}

TEST(ScenarioOptionsDeathTest, CheckOptionOnlyWhenDeclaredAndEmptyStringsRefused)
{
    Options plain;
    EXPECT_FALSE(plain.opts.Describe().contains("check"));
    EXPECT_EXIT(
        {
            Options o;
            o.Parse({"--checkOptions"});
        },
        testing::ExitedWithCode(2),
        "unknown option --checkOptions");
    Options checked;
    checked.opts.AddCheckOption();
    EXPECT_EQ(checked.opts.Describe()["check"], "checkOptions");
    checked.Parse({"--checkOptions", "--servers=5"});
    EXPECT_TRUE(checked.opts.CheckOnly());
    EXPECT_EXIT(
        {
            Options o;
            o.Parse({"--out="});
        },
        testing::ExitedWithCode(2),
        "demo: error: --out needs a value");
}

TEST(ScenarioOptionsDeathTest, AnOutputThisBuildCannotWriteIsAOneLineError)
{
    // As --netanim in an ns-3 tree without netanim: declared (and described),
    // empty by default, refused with the reason when given a file.
    auto run = [](std::vector<std::string> args) {
        std::string anim;
        ScenarioOptions opts{"demo", "A demo scenario"};
        opts.AddOutput("netanim", "NetAnim trace", anim, false, "this build has no NetAnim");
        ParseArgs(opts, std::move(args));
        std::exit(anim.empty() ? 0 : 1);
    };
    EXPECT_EXIT(run({}), testing::ExitedWithCode(0), "");
    EXPECT_EXIT(run({"--netanim=/tmp/sfc-unavailable-output.xml"}),
                testing::ExitedWithCode(2),
                "demo: error: --netanim: this build has no NetAnim");
}
