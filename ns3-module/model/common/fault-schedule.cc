/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "fault-schedule.h"

#include "time-text.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <sstream>

namespace ns3
{
namespace sfc
{

namespace
{
/// Kind names, in Kind order
const char* const kKinds[] = {"link", "loss", "delay", "crash", "control"};

/// \return the fields of text split at sep
std::vector<std::string>
Split(const std::string& text, char sep)
{
    std::vector<std::string> out;
    std::string field;
    std::istringstream in(text);
    while (std::getline(in, field, sep))
    {
        out.push_back(field);
    }
    if (!text.empty() && text.back() == sep)
    {
        out.emplace_back();
    }
    return out;
}

/// \return true if text is a probability in [0, 1]
bool
ParseProbability(const std::string& text, double& p)
{
    if (text.empty() || text.size() > 32)
    {
        return false;
    }
    char* end = nullptr;
    p = std::strtod(text.c_str(), &end);
    return end == text.c_str() + text.size() && std::isfinite(p) && p >= 0 && p <= 1;
}

/// Parses one item; returns an error, empty on success
std::string
ParseItem(const std::string& item, FaultSpec& f)
{
    std::vector<std::string> fields = Split(item, ':');
    if (fields.size() < 3 || fields.size() > 4)
    {
        return "expected KIND:TARGET[=VALUE]:START[:END]";
    }
    auto kind = std::find(std::begin(kKinds), std::end(kKinds), fields[0]);
    if (kind == std::end(kKinds))
    {
        return "unknown kind '" + fields[0] + "' (link, loss, delay, crash, control)";
    }
    f.kind = static_cast<FaultSpec::Kind>(kind - std::begin(kKinds));
    std::string target = fields[1];
    std::string value;
    std::size_t eq = target.find('=');
    if (eq != std::string::npos)
    {
        value = target.substr(eq + 1);
        target = target.substr(0, eq);
    }
    bool valued =
        f.kind == FaultSpec::LOSS || f.kind == FaultSpec::DELAY || f.kind == FaultSpec::CONTROL;
    if (valued == value.empty() || (!valued && eq != std::string::npos))
    {
        return valued ? "'" + fields[0] + "' needs TARGET=VALUE"
                      : "'" + fields[0] + "' takes no value";
    }
    if (f.kind == FaultSpec::CRASH || (f.kind == FaultSpec::CONTROL && target == "*"))
    {
        if (target.empty() || target.find('-') != std::string::npos ||
            (f.kind == FaultSpec::CRASH && target == "*"))
        {
            return "expected a node name";
        }
        f.a = target;
        f.b.clear();
    }
    else
    {
        std::size_t dash = target.find('-');
        if (dash == std::string::npos || dash == 0 || dash + 1 == target.size() ||
            target.find('-', dash + 1) != std::string::npos)
        {
            return "expected a link NODE-NODE";
        }
        f.a = target.substr(0, dash);
        f.b = target.substr(dash + 1);
        if (f.a == f.b)
        {
            return "a link joins two different nodes";
        }
    }
    if (f.kind == FaultSpec::DELAY)
    {
        if (!ParseTimeText(value, f.delay) || f.delay.IsStrictlyNegative())
        {
            return "bad delay '" + value + "'";
        }
    }
    else if (valued && !ParseProbability(value, f.probability))
    {
        return "bad probability '" + value + "' (0 to 1)";
    }
    if (!ParseTimeText(fields[2], f.start) || f.start.IsStrictlyNegative())
    {
        return "bad start time '" + fields[2] + "'";
    }
    f.end = Time(0);
    if (fields.size() == 4 && (!ParseTimeText(fields[3], f.end) || f.end <= f.start))
    {
        return "bad end time '" + fields[3] + "' (must be after the start)";
    }
    return "";
}
} // namespace

std::string
FaultSpec::KindName() const
{
    return kKinds[kind];
}

bool
FaultSpec::IsPermanent() const
{
    return end <= start;
}

std::string
FaultSpec::ToString() const
{
    std::ostringstream os;
    os << KindName() << ':' << a;
    if (!b.empty())
    {
        os << '-' << b;
    }
    if (kind == DELAY)
    {
        os << '=' << FormatTime(delay);
    }
    else if (kind == LOSS || kind == CONTROL)
    {
        os << '=' << probability;
    }
    os << ':' << FormatTime(start);
    if (!IsPermanent())
    {
        os << ':' << FormatTime(end);
    }
    return os.str();
}

bool
FaultTargets::HasLink(const std::string& a, const std::string& b) const
{
    return std::find(links.begin(), links.end(), std::make_pair(a, b)) != links.end() ||
           std::find(links.begin(), links.end(), std::make_pair(b, a)) != links.end();
}

std::string
FaultTargets::Check(const std::vector<FaultSpec>& faults) const
{
    for (const FaultSpec& f : faults)
    {
        if (f.kind == FaultSpec::CRASH)
        {
            if (std::find(nodes.begin(), nodes.end(), f.a) == nodes.end())
            {
                return "fault '" + f.ToString() + "': no node '" + f.a + "'";
            }
        }
        else if (f.b.empty())
        {
            if (f.a != "*")
            {
                return "fault '" + f.ToString() + "': expected a link NODE-NODE or *";
            }
        }
        else if (!HasLink(f.a, f.b))
        {
            return "fault '" + f.ToString() + "': no link " + f.a + "-" + f.b;
        }
    }
    return "";
}

std::string
FaultSchedule::Parse(const std::string& text, std::vector<FaultSpec>& faults)
{
    faults.clear();
    if (text.empty())
    {
        return "";
    }
    for (const std::string& item : Split(text, ','))
    {
        FaultSpec f;
        std::string error = ParseItem(item, f);
        if (!error.empty())
        {
            faults.clear();
            return "bad fault '" + item + "': " + error;
        }
        faults.push_back(f);
    }
    return "";
}

std::string
FaultSchedule::ToString(const std::vector<FaultSpec>& faults)
{
    std::string out;
    for (const FaultSpec& f : faults)
    {
        out += (out.empty() ? "" : ",") + f.ToString();
    }
    return out;
}

std::vector<FaultSpec>
FaultSchedule::Random(Ptr<UniformRandomVariable> rng,
                      uint32_t count,
                      Time from,
                      Time to,
                      const std::vector<std::pair<std::string, std::string>>& links,
                      const std::vector<std::string>& nodes)
{
    std::vector<FaultSpec> faults;
    if (to <= from || (links.empty() && nodes.empty()))
    {
        return faults;
    }
    double window = (to - from).GetSeconds();
    for (uint32_t i = 0; i < count; ++i)
    {
        FaultSpec f;
        uint32_t kind = rng->GetInteger(0, 4);
        if (links.empty())
        {
            kind = FaultSpec::CRASH;
        }
        else if (nodes.empty() && kind == FaultSpec::CRASH)
        {
            kind = FaultSpec::LINK;
        }
        f.kind = static_cast<FaultSpec::Kind>(kind);
        if (f.kind == FaultSpec::CRASH)
        {
            f.a = nodes[rng->GetInteger(0, nodes.size() - 1)];
        }
        else
        {
            const auto& link = links[rng->GetInteger(0, links.size() - 1)];
            f.a = link.first;
            f.b = link.second;
        }
        // Round to microseconds, so that the text form gives the same schedule.
        f.probability = std::round(rng->GetValue(0.05, 0.5) * 100) / 100;
        f.delay = MicroSeconds(std::llround(rng->GetValue(1e3, 2e4)));
        f.start = from + MicroSeconds(std::llround(rng->GetValue(0, 0.75 * window) * 1e6));
        f.end = f.start + MicroSeconds(std::llround(rng->GetValue(0.01, 0.25) * window * 1e6));
        faults.push_back(f);
    }
    std::stable_sort(faults.begin(), faults.end(), [](const FaultSpec& x, const FaultSpec& y) {
        return x.start < y.start;
    });
    return faults;
}

} // namespace sfc
} // namespace ns3
