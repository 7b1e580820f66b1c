/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "time-text.h"

#include <cmath>
#include <cstdlib>
#include <regex>
#include <sstream>

namespace ns3
{
namespace sfc
{

namespace
{
/// Number and optional unit; the unit alternatives longest first ("min", "ms" before "m...")
const std::regex kTimeSyntax(
    "([+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?)(y|d|h|min|s|ms|us|ns|ps|fs)?");

/// Seconds per unit
double
UnitSeconds(const std::string& unit)
{
    static const std::pair<const char*, double> units[] = {{"y", 365 * 86400.0},
                                                           {"d", 86400.0},
                                                           {"h", 3600.0},
                                                           {"min", 60.0},
                                                           {"s", 1.0},
                                                           {"ms", 1e-3},
                                                           {"us", 1e-6},
                                                           {"ns", 1e-9},
                                                           {"ps", 1e-12},
                                                           {"fs", 1e-15}};
    for (const auto& u : units)
    {
        if (unit == u.first)
        {
            return u.second;
        }
    }
    return 1.0; // no unit: seconds
}
} // namespace

bool
IsTimeText(const std::string& text)
{
    return std::regex_match(text, kTimeSyntax);
}

double
TimeTextSeconds(const std::string& text)
{
    std::smatch m;
    if (!std::regex_match(text, m, kTimeSyntax))
    {
        return std::nan("");
    }
    return std::strtod(m[1].str().c_str(), nullptr) * UnitSeconds(m[4].str());
}

bool
ParseTimeText(const std::string& text, Time& time)
{
    double s = TimeTextSeconds(text); // NaN if the syntax is wrong
    // Stay clear of the int64 limit, which Time's double conversion does not check.
    if (!std::isfinite(s) || std::fabs(s) > 0.5 * Time::Max().GetSeconds())
    {
        return false;
    }
    time = Time(text);
    return true;
}

double
ToSeconds(const Time& time)
{
    return static_cast<double>(time.GetTimeStep()) / static_cast<double>(Seconds(1).GetTimeStep());
}

std::string
FormatTime(const Time& time)
{
    static const std::pair<const char*, int64_t> units[] = {{"s", 1000000000},
                                                            {"ms", 1000000},
                                                            {"us", 1000},
                                                            {"ns", 1}};
    int64_t ns = time.GetNanoSeconds();
    for (const auto& u : units)
    {
        if (std::llabs(ns) >= u.second || u.second == 1)
        {
            std::ostringstream os;
            os.precision(12);
            os << static_cast<double>(ns) / static_cast<double>(u.second) << u.first;
            return ns == 0 ? std::string("0s") : os.str();
        }
    }
    return "0s";
}

} // namespace sfc
} // namespace ns3
