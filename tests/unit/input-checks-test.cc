/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * InputChecks: output paths, bounded file reads, options ns-3 parses itself,
 * scaling schedules and time-series length (issue 13).
 */

#include "ns3/input-checks.h"
#include "ns3/nstime.h"
#include "ns3/scaling-controller.h"

#include <cstdio>
#include <fstream>
#include <gtest/gtest.h>
#include <string>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

using namespace ns3;
using namespace ns3::sfc;

namespace
{
/// A fresh directory under the temporary directory, removed with its files at the end
struct TempDir
{
    std::string path;

    TempDir()
    {
        char name[] = "/tmp/sfc-input-checks-XXXXXX";
        path = mkdtemp(name);
    }

    ~TempDir()
    {
        std::remove((path + "/f.txt").c_str());
        rmdir(path.c_str());
    }

    /// Entries in the directory
    int Count() const
    {
        int n = 0;
        std::string probe = path + "/f.txt";
        struct stat st;
        n += stat(probe.c_str(), &st) == 0 ? 1 : 0;
        return n;
    }
};

std::vector<ScalingEvent>
Schedule(const std::string& spec)
{
    std::vector<ScalingEvent> events;
    std::string error;
    EXPECT_TRUE(ScalingEvent::Parse(spec, events, error)) << error;
    for (auto& e : events)
    {
        EXPECT_TRUE(e.Resolve({"fw", "dpi", "nat"}, error)) << error;
    }
    return events;
}
} // namespace

TEST(InputChecks, OutputPathNeedsAWritableDirectoryAndCreatesNothing)
{
    TempDir dir;
    EXPECT_EQ(InputChecks::OutputPath("flowsCsv", dir.path + "/f.txt", false), "");
    EXPECT_EQ(dir.Count(), 0);
    EXPECT_NE(InputChecks::OutputPath("flowsCsv", "/nonexistent/dir/x", false)
                  .find("--flowsCsv=/nonexistent/dir/x: cannot write in /nonexistent/dir"),
              std::string::npos);
    EXPECT_NE(InputChecks::OutputPath("flowsCsv", dir.path, false).find("is a directory"),
              std::string::npos);
    EXPECT_NE(InputChecks::OutputPath("pcap", dir.path, true).find("is a directory"),
              std::string::npos);
    EXPECT_EQ(InputChecks::OutputPath("pcap", dir.path + "/trace", true), "");
    EXPECT_NE(InputChecks::OutputPath("pcap", dir.path + "/missing/trace", true), "");
    EXPECT_EQ(InputChecks::OutputPath("flowsCsv", "relative.csv", false), ""); // the cwd
}

TEST(InputChecks, ReadFileTakesSmallRegularFilesOnly)
{
    TempDir dir;
    std::string text;
    EXPECT_NE(InputChecks::ReadFile("eventsFile", dir.path, 100, text).find("not a regular file"),
              std::string::npos);
    EXPECT_NE(InputChecks::ReadFile("eventsFile", "/dev/zero", 100, text).find("not a regular"),
              std::string::npos);
    EXPECT_NE(
        InputChecks::ReadFile("eventsFile", dir.path + "/f.txt", 100, text).find("cannot read"),
        std::string::npos);
    {
        std::ofstream f(dir.path + "/f.txt");
        f << "1s:nat:+1\n" << std::string(200, '#') << "\n";
    }
    EXPECT_NE(InputChecks::ReadFile("eventsFile", dir.path + "/f.txt", 100, text)
                  .find("larger than 100 bytes"),
              std::string::npos);
    EXPECT_EQ(InputChecks::ReadFile("eventsFile", dir.path + "/f.txt", 1000, text), "");
    EXPECT_EQ(text.size(), 211U);
    EXPECT_EQ(text.substr(0, 10), "1s:nat:+1\n");
}

TEST(InputChecks, Ns3OptionsAreCheckedByTheirCheckers)
{
    std::string n;
    EXPECT_EQ(InputChecks::Ns3Option("RngRun", "18446744073709551615", true, n), "");
    EXPECT_NE(InputChecks::Ns3Option("RngRun", "18446744073709551616", true, n), "");
    EXPECT_NE(InputChecks::Ns3Option("RngRun", "-1", true, n), "");
    EXPECT_NE(InputChecks::Ns3Option("RngSeed", "0", true, n), "");
    EXPECT_EQ(InputChecks::Ns3Option("ChecksumEnabled", "True", true, n), "");
    EXPECT_EQ(n, "true");
    EXPECT_NE(InputChecks::Ns3Option("ChecksumEnabled", "maybe", true, n), "");
    EXPECT_NE(InputChecks::Ns3Option("SimulatorImplementationType", "ns3::Nope", true, n), "");
    EXPECT_NE(InputChecks::Ns3Option("SimulatorImplementationType", "ns3::Node", true, n), "");
    EXPECT_EQ(InputChecks::Ns3Option("SchedulerType", "ns3::MapScheduler", true, n), "");
    EXPECT_EQ(InputChecks::Ns3Option("ns3::TcpSocket::SegmentSize", "1000", true, n), "");
    EXPECT_NE(InputChecks::Ns3Option("ns3::TcpSocket::SegmentSize", "abc", true, n), "");
    EXPECT_NE(InputChecks::Ns3Option("ns3::TcpSocket::ConnTimeout", "soon", true, n), "");
    EXPECT_NE(InputChecks::Ns3Option("ns3::TcpSocket::Nope", "1", true, n).find("no attribute"),
              std::string::npos);
    EXPECT_NE(InputChecks::Ns3Option("ns3::Nope::Attr", "1", true, n).find("no such ns-3 type"),
              std::string::npos);
    EXPECT_NE(InputChecks::Ns3Option("RngRun", "", false, n).find("needs a value"),
              std::string::npos);
    EXPECT_NE(InputChecks::Ns3Option("NoSuchGlobal", "1", true, n).find("unknown option"),
              std::string::npos);
}

TEST(InputChecks, ScheduleKeepsEveryFunctionAtOneInstanceOrMore)
{
    EXPECT_EQ(InputChecks::ScalingSchedule("events", Schedule("1s:nat:-2"), 3, 3), "");
    EXPECT_NE(InputChecks::ScalingSchedule("events", Schedule("1s:nat:-3"), 3, 3)
                  .find("leaves function nat with 0 instances"),
              std::string::npos);
    EXPECT_NE(InputChecks::ScalingSchedule("events", Schedule("1s:fw:+1,2s:fw:-2,3s:fw:-2"), 3, 3),
              "");
    EXPECT_NE(
        InputChecks::ScalingSchedule("events", Schedule("1s:dpi:+300"), 3, 3).find("at most 256"),
        std::string::npos);
    EXPECT_NE(
        InputChecks::ScalingSchedule("events", Schedule("2e6s:nat:+1"), 3, 3).find("later than"),
        std::string::npos);
}

TEST(InputChecks, SeriesLengthIsBounded)
{
    EXPECT_EQ(InputChecks::SeriesLength(1e6, Seconds(1), "x"), "");
    EXPECT_NE(InputChecks::SeriesLength(1e6, MilliSeconds(1), "x").find("--tsInterval=1ms"),
              std::string::npos);
    EXPECT_NE(InputChecks::SeriesLength(1e300, Seconds(1), "x"), "");
}
