/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * What the system test suites share: running a scenario in-process with a
 * given RngRun, reading files and running shell tools (tshark) on them.
 */

#ifndef SFC_SYSTEM_TEST_UTILS_H
#define SFC_SYSTEM_TEST_UTILS_H

#include "ns3/abort.h"
#include "ns3/rng-seed-manager.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

namespace ns3
{
namespace sfc
{
namespace test
{

/**
 * \brief Run a scenario in-process: RngSeed 1 and the given RngRun, the
 *        suite's parameters, then the test's changes; the parameters must
 *        pass Validate().
 * \tparam Scenario a scenario class (GetParams(), Validate(), Run())
 * \param suite the suite's parameters (small runs)
 * \param change the test's changes
 * \param run RngRun
 * \return the metrics
 */
template <class Scenario>
nlohmann::ordered_json
RunScenario(const std::function<void(typename Scenario::Params&)>& suite,
            const std::function<void(typename Scenario::Params&)>& change,
            uint32_t run)
{
    RngSeedManager::SetSeed(1);
    RngSeedManager::SetRun(run);
    Scenario s;
    suite(s.GetParams());
    change(s.GetParams());
    std::string error = s.Validate();
    NS_ABORT_MSG_IF(!error.empty(), error);
    return s.Run();
}

/// \param path a file \return its bytes (empty if it cannot be read)
inline std::string
ReadFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream oss;
    oss << in.rdbuf();
    return oss.str();
}

/// \param command a shell command \return its standard output (empty on failure)
inline std::string
Capture(const std::string& command)
{
    std::string out;
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr)
    {
        return out;
    }
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof(buf), pipe)) > 0)
    {
        out.append(buf, n);
    }
    pclose(pipe);
    return out;
}

/// \return true if tshark is installed; otherwise says on stderr that pcaps are not dissected
inline bool
HaveTshark()
{
    if (std::system("command -v tshark > /dev/null 2>&1") != 0)
    {
        std::cerr << "tshark not installed: pcap dissection not checked" << std::endl;
        return false;
    }
    return true;
}

} // namespace test
} // namespace sfc
} // namespace ns3

#endif /* SFC_SYSTEM_TEST_UTILS_H */
