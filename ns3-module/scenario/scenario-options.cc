/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "scenario-options.h"

#include "input-checks.h"

#include "ns3/callback.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/sfc-ns3-compat.h"
#include "ns3/time-text.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

namespace ns3
{
namespace sfc
{

namespace
{
/**
 * \brief The digits of a non-negative integer as ns-3's CommandLine (and
 *        tools that write every number as a float) may spell it: "3", "3.0",
 *        "3.", "3e0", "+3".
 * \param text the value
 * \return the integer in plain digits, or "" if text is not a non-negative integer
 */
std::string
IntegralText(const std::string& text)
{
    if (text.empty())
    {
        return "";
    }
    if (text.find_first_not_of("0123456789") == std::string::npos)
    {
        return text;
    }
    if (text.find_first_not_of("0123456789.eE+") != std::string::npos)
    {
        return "";
    }
    char* end = nullptr;
    errno = 0;
    double v = std::strtod(text.c_str(), &end);
    if (end == nullptr || *end != '\0' || errno != 0 || !(v >= 0) || v > 1.8e19 ||
        v != std::floor(v))
    {
        return "";
    }
    return std::to_string(static_cast<unsigned long long>(v));
}

/**
 * \brief A boolean as ns-3's CommandLine accepts it, in any case: true/false,
 *        t/f, yes/no, 1/0.
 * \param text the value
 * \return "true", "false", or "" if text is not a boolean
 */
std::string
BoolText(const std::string& text)
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
} // namespace

namespace
{
/// ns-3's own CommandLine options
const std::vector<std::string> kNs3Options = {"help",
                                              "PrintHelp",
                                              "PrintGlobals",
                                              "PrintGroups",
                                              "PrintGroup",
                                              "PrintTypeIds",
                                              "PrintAttributes",
                                              "PrintVersion",
                                              "version"};

std::string
TypeName(int t)
{
    static const char* names[] = {"uint", "double", "bool", "string", "choice", "time"};
    return names[t];
}
} // namespace

ScenarioOptions::ScenarioOptions(std::string program, std::string description)
    : m_program(std::move(program)),
      m_cmd(m_program)
{
    m_cmd.Usage(description +
                "\n\nReplications: --RngRun=N selects an independent replication (ns-3's run "
                "number; keep --RngSeed fixed). Times take ns-3's Time syntax (5s, 200ms, 1min, "
                "10us); a bare number is seconds. Every option below is also described as JSON by "
                "--describeOptions.");
    m_cmd.AddValue("describeOptions",
                   "Print a JSON description of every option and exit",
                   m_describe);
}

void
ScenarioOptions::AddUint(const std::string& name,
                         const std::string& help,
                         uint32_t& value,
                         uint32_t min,
                         uint32_t max)
{
    m_options.push_back(
        Option{name, help, Type::UINT, &value, value, double(min), double(max), {}, {}, {}});
    m_cmd.AddValue(name, help, value);
}

void
ScenarioOptions::AddDouble(const std::string& name,
                           const std::string& help,
                           double& value,
                           double min,
                           double max)
{
    m_options.push_back(Option{name, help, Type::DOUBLE, &value, value, min, max, {}, {}, {}});
    m_cmd.AddValue(name, help, value);
}

void
ScenarioOptions::AddTime(const std::string& name,
                         const std::string& help,
                         Time& value,
                         Time min,
                         Time max)
{
    m_options.push_back(Option{name,
                               help,
                               Type::TIME,
                               &value,
                               ToSeconds(value),
                               ToSeconds(min),
                               ToSeconds(max),
                               {},
                               min,
                               max});
    // Parse() has checked the text before CommandLine calls back.
    m_cmd.AddValue(name,
                   help,
                   CommandLineCallback(
                       [&value](const std::string& text) { return ParseTimeText(text, value); }),
                   FormatTime(value));
}

void
ScenarioOptions::AddBool(const std::string& name, const std::string& help, bool& value)
{
    m_options.push_back(Option{name, help, Type::BOOL, &value, value, 0, 1, {}, {}, {}});
    m_cmd.AddValue(name, help, value);
}

void
ScenarioOptions::AddString(const std::string& name, const std::string& help, std::string& value)
{
    m_options.push_back(Option{name, help, Type::STRING, &value, value, 0, 0, {}, {}, {}});
    m_cmd.AddValue(name, help, value);
}

void
ScenarioOptions::AddOutput(const std::string& name,
                           const std::string& help,
                           std::string& value,
                           bool prefix,
                           const std::string& unavailable)
{
    AddString(name, help, value);
    m_options.back().output = true;
    m_options.back().prefix = prefix;
    m_options.back().unavailable = unavailable;
}

void
ScenarioOptions::AddChoice(const std::string& name,
                           const std::string& help,
                           std::string& value,
                           const std::vector<std::string>& choices)
{
    std::string h = help + " (";
    for (std::size_t i = 0; i < choices.size(); ++i)
    {
        h += (i ? "|" : "") + choices[i];
    }
    h += ")";
    m_options.push_back(Option{name, h, Type::CHOICE, &value, value, 0, 0, choices, {}, {}});
    m_cmd.AddValue(name, h, value);
}

const ScenarioOptions::Option*
ScenarioOptions::Find(const std::string& name) const
{
    for (const auto& o : m_options)
    {
        if (o.name == name)
        {
            return &o;
        }
    }
    return nullptr;
}

std::string
ScenarioOptions::Check(const Option& o, const std::string& text, bool hasValue) const
{
    if ((!hasValue && o.type != Type::BOOL) || (text.empty() && o.type == Type::STRING))
    {
        return "--" + o.name + " needs a value";
    }
    switch (o.type)
    {
    case Type::UINT: {
        std::string digits = IntegralText(text);
        if (digits.empty())
        {
            return "--" + o.name + " expects a non-negative integer, got '" + text + "'";
        }
        errno = 0;
        unsigned long long v = std::strtoull(digits.c_str(), nullptr, 10);
        if (errno != 0 || v < o.min || v > o.max)
        {
            std::ostringstream oss;
            oss << "--" << o.name << "=" << text << " is out of range [" << uint64_t(o.min) << ", "
                << uint64_t(o.max) << "]";
            return oss.str();
        }
        return "";
    }
    case Type::DOUBLE: {
        char* end = nullptr;
        errno = 0;
        double v = std::strtod(text.c_str(), &end);
        if (text.empty() || end == nullptr || *end != '\0' || errno != 0 || v != v)
        {
            return "--" + o.name + " expects a number, got '" + text + "'";
        }
        if (v < o.min || v > o.max)
        {
            std::ostringstream oss;
            oss << "--" << o.name << "=" << text << " is out of range [" << o.min << ", " << o.max
                << "]";
            return oss.str();
        }
        return "";
    }
    case Type::TIME: {
        if (!IsTimeText(text))
        {
            return "--" + o.name + " expects a time (e.g. 5s, 200ms, 1min; a bare number is " +
                   "seconds), got '" + text + "'";
        }
        Time t;
        if (!ParseTimeText(text, t) || t < o.minTime || t > o.maxTime)
        {
            return "--" + o.name + "=" + text + " is out of range [" + FormatTime(o.minTime) +
                   ", " + FormatTime(o.maxTime) + "]";
        }
        return "";
    }
    case Type::BOOL:
        if (hasValue && BoolText(text).empty())
        {
            return "--" + o.name + " expects true or false, got '" + text + "'";
        }
        return "";
    case Type::CHOICE:
        for (const auto& c : o.choices)
        {
            if (c == text)
            {
                return "";
            }
        }
        return "--" + o.name + "=" + text + " is not one of " + o.help.substr(o.help.rfind('('));
    case Type::STRING:
        if (o.output && !o.unavailable.empty())
        {
            return "--" + o.name + ": " + o.unavailable;
        }
        return o.output ? InputChecks::OutputPath(o.name, text, o.prefix) : "";
    }
    return "";
}

void
ScenarioOptions::Fail(const std::string& message) const
{
    std::cerr << m_program << ": error: " << message << std::endl;
    std::exit(2);
}

void
ScenarioOptions::Parse(int argc, char** argv)
{
    // What ns-3's CommandLine gets: our options with their values in the one
    // spelling it parses alike everywhere (3.0 -> 3, True -> true).
    std::vector<std::string> args{argc > 0 ? argv[0] : m_program};
    for (int i = 1; i < argc; ++i)
    {
        std::string arg = argv[i];
        if (arg.rfind("--", 0) != 0 || arg.size() == 2)
        {
            Fail("unexpected argument '" + arg + "' (options look like --name=value; see --help)");
        }
        std::string body = arg.substr(2);
        std::size_t eq = body.find('=');
        std::string name = body.substr(0, eq);
        bool hasValue = eq != std::string::npos;
        std::string text = hasValue ? body.substr(eq + 1) : "";
        if (const Option* o = Find(name))
        {
            std::string err = Check(*o, text, hasValue);
            if (!err.empty())
            {
                Fail(err);
            }
            if (hasValue && o->type == Type::UINT)
            {
                arg = "--" + name + "=" + IntegralText(text);
            }
            else if (hasValue && o->type == Type::BOOL)
            {
                arg = "--" + name + "=" + BoolText(text);
            }
            args.push_back(arg);
            continue;
        }
        bool builtin = name == "describeOptions" || (m_hasCheck && name == "checkOptions");
        for (const auto& b : kNs3Options)
        {
            builtin = builtin || name == b;
        }
        if (!builtin || name == "PrintAttributes" || name == "PrintGroup")
        {
            // What ns-3's CommandLine would answer with its whole help, exit 1, or a crash.
            std::string normalized;
            std::string err = InputChecks::Ns3Option(name, text, hasValue, normalized);
            if (!err.empty())
            {
                Fail(err);
            }
            if (hasValue)
            {
                arg = "--" + name + "=" + normalized;
            }
            if (hasValue && name.rfind("ns3::", 0) == 0)
            {
                std::string shadow = ShadowedBy(name);
                if (!shadow.empty())
                {
                    Fail("--" + name + " is set by the scenario from --" + shadow + "; use --" +
                         shadow);
                }
                m_attributes[name] = normalized;
            }
        }
        args.push_back(arg);
    }
    m_cmd.Parse(args);
    if (m_describe)
    {
        std::cout << Describe().dump(2) << std::endl;
        std::exit(0);
    }
}

nlohmann::ordered_json
ScenarioOptions::Value(const Option& o) const
{
    switch (o.type)
    {
    case Type::UINT:
        return *static_cast<uint32_t*>(o.value);
    case Type::DOUBLE:
        return *static_cast<double*>(o.value);
    case Type::BOOL:
        return *static_cast<bool*>(o.value);
    case Type::TIME:
        return ToSeconds(*static_cast<Time*>(o.value));
    default:
        return *static_cast<std::string*>(o.value);
    }
}

nlohmann::ordered_json
ScenarioOptions::Parameters() const
{
    nlohmann::ordered_json j;
    for (const auto& o : m_options)
    {
        j[o.name] = Value(o);
    }
    j["RngRun"] = RngSeedManager::GetRun();
    j["RngSeed"] = RngSeedManager::GetSeed();
    for (const auto& [name, value] : m_attributes)
    {
        j[name] = value;
    }
    return j;
}

void
ScenarioOptions::SetsAttribute(const std::string& option, const std::string& attribute)
{
    m_sets.emplace_back(option, attribute);
}

void
ScenarioOptions::SetsAttributes(const std::vector<std::pair<std::string, std::string>>& sets)
{
    for (const auto& [option, attribute] : sets)
    {
        SetsAttribute(option, attribute);
    }
}

std::string
ScenarioOptions::ShadowedBy(const std::string& name) const
{
    // name is ns3::Type::Attribute, already checked to exist (InputChecks::Ns3Option)
    std::size_t cut = name.rfind("::");
    TypeId given;
    if (cut == std::string::npos || !TypeId::LookupByNameFailSafe(name.substr(0, cut), &given))
    {
        return "";
    }
    std::string attribute = name.substr(cut + 2);
    for (const auto& [option, set] : m_sets)
    {
        std::size_t c = set.rfind("::");
        TypeId owner;
        if (set.substr(c + 2) != attribute ||
            !TypeId::LookupByNameFailSafe(set.substr(0, c), &owner))
        {
            continue;
        }
        if (given == owner || given.IsChildOf(owner) || owner.IsChildOf(given))
        {
            return option;
        }
    }
    return "";
}

nlohmann::ordered_json
ScenarioOptions::Describe() const
{
    nlohmann::ordered_json options = nlohmann::ordered_json::array();
    for (const auto& o : m_options)
    {
        nlohmann::ordered_json d;
        d["name"] = o.name;
        d["type"] = TypeName(static_cast<int>(o.type));
        d["default"] = o.defaultValue;
        if (o.type == Type::UINT)
        {
            d["min"] = static_cast<uint64_t>(o.min);
            d["max"] = static_cast<uint64_t>(o.max);
        }
        else if (o.type == Type::DOUBLE || o.type == Type::TIME)
        {
            d["min"] = o.min;
            d["max"] = o.max;
        }
        if (o.type == Type::CHOICE)
        {
            d["choices"] = o.choices;
        }
        d["help"] = o.help;
        options.push_back(d);
    }
    nlohmann::ordered_json rng;
    rng["name"] = "RngRun";
    rng["type"] = "uint";
    rng["default"] = 1;
    rng["min"] = 0;
    rng["max"] = std::numeric_limits<uint64_t>::max();
    rng["help"] = "Replication (ns-3 run number of the random-number generator)";
    options.push_back(rng);
    nlohmann::ordered_json seed = rng;
    seed["name"] = "RngSeed";
    seed["min"] = 1;
    seed["max"] = std::numeric_limits<uint32_t>::max();
    seed["help"] = "Seed of the random-number generator (keep fixed; vary RngRun)";
    options.push_back(seed);
    nlohmann::ordered_json out;
    out["program"] = m_program;
    if (m_hasCheck)
    {
        out["check"] = "checkOptions";
    }
    out["options"] = options;
    return out;
}

void
ScenarioOptions::AddResultsOptions(std::string& results, bool& quiet)
{
    AddOutput("results", "Append one JSON line with parameters and metrics to this file", results);
    AddBool("quiet", "Do not print the summary", quiet);
}

void
ScenarioOptions::AddCheckOption()
{
    m_hasCheck = true;
    m_cmd.AddValue("checkOptions",
                   "Check the options (as a run would, writing nothing) and exit: status 0 if "
                   "they are fine, 2 with a one-line error if not",
                   m_checkOnly);
}

bool
ScenarioOptions::CheckOnly() const
{
    return m_checkOnly;
}

nlohmann::ordered_json
ScenarioOptions::ResultsRow() const
{
    nlohmann::ordered_json row;
    row["scenario"] = m_program;
    row["parameters"] = Parameters();
    return row;
}

void
ScenarioOptions::WriteResults(const std::string& path, const nlohmann::ordered_json& row) const
{
    if (!path.empty() && !AppendJsonLine(path, row))
    {
        Fail("cannot write " + path);
    }
}

std::string
ScenarioOptions::TaggedPath(const std::string& path, const std::string& tag)
{
    if (path.empty())
    {
        return path;
    }
    std::size_t slash = path.find_last_of('/');
    std::size_t dot = path.find_last_of('.');
    bool hasExtension =
        dot != std::string::npos && dot > 0 && (slash == std::string::npos || dot > slash + 1);
    if (!hasExtension)
    {
        return path + "-" + tag;
    }
    return path.substr(0, dot) + "-" + tag + path.substr(dot);
}

bool
ScenarioOptions::AppendJsonLine(const std::string& path, const nlohmann::ordered_json& row)
{
    std::ofstream out(path, std::ios::app);
    if (!out)
    {
        return false;
    }
    out << row.dump() << "\n";
    return static_cast<bool>(out);
}

} // namespace sfc
} // namespace ns3
