/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "input-checks.h"

#include "ns3/attribute.h"
#include "ns3/global-value.h"
#include "ns3/scheduler.h"
#include "ns3/simulator-impl.h"
#include "ns3/string.h"
#include "ns3/time-text.h"
#include "ns3/type-id.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sstream>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

namespace ns3
{
namespace sfc
{

namespace
{
/// The directory a path's file goes to ("." for a bare name, "/" for "/x")
std::string
DirectoryOf(const std::string& path)
{
    std::size_t slash = path.find_last_of('/');
    if (slash == std::string::npos)
    {
        return ".";
    }
    return slash == 0 ? std::string("/") : path.substr(0, slash);
}

/// A boolean in any case (true/false, t/f, yes/no, 1/0) -> "true"/"false", else ""
std::string
BoolSpelling(const std::string& text)
{
    std::string t = text;
    std::transform(t.begin(), t.end(), t.begin(), [](unsigned char c) { return std::tolower(c); });
    if (t == "true" || t == "t" || t == "yes" || t == "1")
    {
        return "true";
    }
    if (t == "false" || t == "f" || t == "no" || t == "0")
    {
        return "false";
    }
    return "";
}

/**
 * Whether a value fits an attribute checker (its text parsed and in range).
 * Many of ns-3's value types abort on malformed text (NS_ABORT in
 * DeserializeFromString, Time's constructor) instead of failing, so the value
 * is tried in a child process: a child that aborts or fails means no.
 */
bool
ValueFits(Ptr<const AttributeChecker> checker, const std::string& text)
{
    std::fflush(nullptr);
    pid_t pid = fork();
    if (pid < 0)
    {
        return false;
    }
    if (pid == 0)
    {
        int null = open("/dev/null", O_WRONLY);
        if (null >= 0)
        {
            dup2(null, STDOUT_FILENO);
            dup2(null, STDERR_FILENO);
        }
        bool ok = checker->CreateValidValue(StringValue(text)) != nullptr;
        _exit(ok ? 0 : 1);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0)
    {
        if (errno != EINTR)
        {
            return false;
        }
    }
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/// Whether a checker's value type is `type` (ns-3 names some "ns3::X", some "X")
bool
IsValueType(Ptr<const AttributeChecker> checker, const std::string& type)
{
    std::string name = checker->GetValueTypeName();
    return name == type || name == "ns3::" + type;
}

/// A type name that a global value creates: known, constructible, of the right base
std::string
CheckTypeName(const std::string& option, const std::string& text, TypeId base)
{
    TypeId tid;
    if (!TypeId::LookupByNameFailSafe(text, &tid))
    {
        return "--" + option + "=" + text + ": no such ns-3 type";
    }
    if (!tid.IsChildOf(base) || !tid.HasConstructor())
    {
        return "--" + option + "=" + text + ": not a constructible " + base.GetName();
    }
    return "";
}
} // namespace

std::string
InputChecks::OutputPath(const std::string& option, const std::string& path, bool prefix)
{
    std::string where = "--" + option + "=" + path + ": ";
    struct stat st;
    if (prefix && stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode))
    {
        return where + "is a directory (a prefix starts file names: give DIR/NAME)";
    }
    if (!prefix && stat(path.c_str(), &st) == 0)
    {
        if (S_ISDIR(st.st_mode))
        {
            return where + "is a directory";
        }
        if (access(path.c_str(), W_OK) != 0)
        {
            return where + "cannot write (" + std::strerror(errno) + ")";
        }
        return "";
    }
    std::string dir = DirectoryOf(path);
    if (stat(dir.c_str(), &st) != 0)
    {
        return where + "cannot write in " + dir + " (" + std::strerror(errno) + ")";
    }
    if (!S_ISDIR(st.st_mode))
    {
        return where + dir + " is not a directory";
    }
    if (access(dir.c_str(), W_OK | X_OK) != 0)
    {
        return where + "cannot write in " + dir + " (" + std::strerror(errno) + ")";
    }
    return "";
}

std::string
InputChecks::ReadFile(const std::string& option,
                      const std::string& path,
                      uint64_t maxBytes,
                      std::string& text)
{
    std::string where = "--" + option + "=" + path + ": ";
    int fd = open(path.c_str(), O_RDONLY | O_NONBLOCK);
    if (fd < 0)
    {
        return where + "cannot read (" + std::strerror(errno) + ")";
    }
    struct stat st;
    std::string error;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
    {
        error = where + "not a regular file";
    }
    else if (static_cast<uint64_t>(st.st_size) > maxBytes)
    {
        error = where + "larger than " + std::to_string(maxBytes) + " bytes";
    }
    text.clear();
    char buffer[4096];
    while (error.empty())
    {
        ssize_t n = read(fd, buffer, sizeof(buffer));
        if (n < 0 && errno == EINTR)
        {
            continue;
        }
        if (n < 0)
        {
            error = where + "cannot read (" + std::strerror(errno) + ")";
        }
        if (n <= 0)
        {
            break;
        }
        text.append(buffer, static_cast<std::size_t>(n));
        if (text.size() > maxBytes) // the file grew while read
        {
            error = where + "larger than " + std::to_string(maxBytes) + " bytes";
        }
    }
    close(fd);
    return error;
}

std::string
InputChecks::Ns3Option(const std::string& name,
                       const std::string& text,
                       bool hasValue,
                       std::string& normalized)
{
    normalized = text;
    if (name == "PrintAttributes" || name == "PrintGroup")
    {
        TypeId tid;
        if (!hasValue || text.empty())
        {
            return "--" + name + " needs a value";
        }
        if (name == "PrintAttributes" && !TypeId::LookupByNameFailSafe(text, &tid))
        {
            return "--" + name + "=" + text + ": no such ns-3 type";
        }
        return "";
    }
    const std::string needsValue = "--" + name + " needs a value";
    if (name.rfind("ns3::", 0) == 0)
    {
        // As Config::SetDefaultFailSafe finds it: Type::Attribute, the type's own attributes.
        std::size_t pos = name.rfind("::");
        TypeId tid;
        if (pos <= 3 || !TypeId::LookupByNameFailSafe(name.substr(0, pos), &tid))
        {
            return "unknown option --" + name + " (no such ns-3 type; see --PrintTypeIds)";
        }
        std::string attribute = name.substr(pos + 2);
        for (std::size_t i = 0; i < tid.GetAttributeN(); ++i)
        {
            TypeId::AttributeInformation info = tid.GetAttribute(i);
            if (info.name != attribute)
            {
                continue;
            }
            if (!hasValue || text.empty())
            {
                return needsValue;
            }
            if (IsValueType(info.checker, "BooleanValue"))
            {
                normalized = BoolSpelling(text);
            }
            if (normalized.empty() || !ValueFits(info.checker, normalized))
            {
                return "--" + name + "=" + text + ": not a valid " +
                       info.checker->GetValueTypeName();
            }
            return "";
        }
        return "unknown option --" + name + " (" + tid.GetName() + " has no attribute " +
               attribute + "; see --PrintAttributes=" + tid.GetName() + ")";
    }
    for (auto it = GlobalValue::Begin(); it != GlobalValue::End(); ++it)
    {
        if ((*it)->GetName() != name)
        {
            continue;
        }
        if (!hasValue || text.empty())
        {
            return needsValue;
        }
        if (name == "SimulatorImplementationType")
        {
            return CheckTypeName(name, text, SimulatorImpl::GetTypeId());
        }
        if (name == "SchedulerType")
        {
            return CheckTypeName(name, text, Scheduler::GetTypeId());
        }
        Ptr<const AttributeChecker> checker = (*it)->GetChecker();
        if (IsValueType(checker, "BooleanValue"))
        {
            normalized = BoolSpelling(text);
        }
        else if (IsValueType(checker, "UintegerValue") &&
                 text.find_first_not_of("0123456789") != std::string::npos)
        {
            // a sign or spaces, which the stream would wrap or skip
            return "--" + name + " expects a non-negative integer, got '" + text + "'";
        }
        if (name == "RngSeed" && text.find_first_not_of('0') == std::string::npos)
        {
            return "--RngSeed must be at least 1, got '" + text + "'";
        }
        if (normalized.empty() || !ValueFits(checker, normalized))
        {
            return "--" + name + "=" + text + ": not a valid " + checker->GetValueTypeName();
        }
        return "";
    }
    return "unknown option --" + name + " (see --help)";
}

std::string
InputChecks::SeriesLength(double horizon, Time interval, const std::string& why)
{
    double samples = horizon / ToSeconds(interval);
    if (samples <= kMaxSeriesSamples)
    {
        return "";
    }
    std::ostringstream os;
    os << "--tsInterval=" << FormatTime(interval) << " gives about " << samples
       << " time-series samples over the run (" << horizon << " s from " << why << "); at most "
       << kMaxSeriesSamples << ": raise --tsInterval or shorten the run";
    return os.str();
}

std::string
InputChecks::ScalingSchedule(const std::string& option,
                             const std::vector<ScalingEvent>& events,
                             uint32_t functions,
                             uint32_t instances)
{
    std::vector<int64_t> count(functions + 1, instances);
    for (const auto& e : events)
    {
        if (ToSeconds(e.time) > kMaxEventSeconds)
        {
            std::ostringstream os;
            os << "--" << option << ": event " << e.ToString() << " is later than "
               << kMaxEventSeconds << " s";
            return os.str();
        }
        if (e.index == 0 || e.index > functions)
        {
            continue;
        }
        count[e.index] += e.delta;
        if (count[e.index] < 1)
        {
            return "--" + option + ": event " + e.ToString() + " leaves function " + e.function +
                   " with " + std::to_string(count[e.index]) +
                   " instances (a function keeps at least 1 instance)";
        }
        if (count[e.index] > kMaxInstances)
        {
            return "--" + option + ": event " + e.ToString() + " gives function " + e.function +
                   " " + std::to_string(count[e.index]) + " instances (at most " +
                   std::to_string(kMaxInstances) + ")";
        }
    }
    return "";
}

} // namespace sfc
} // namespace ns3
