/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "trace-source-catalog.h"

#include "ns3/type-id.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <iostream>
#include <vector>

namespace ns3
{
namespace sfc
{

const char* const TraceSourceCatalog::kOption = "listTraceSources";

namespace
{
/// \return the name of an ns-3 support level
std::string
SupportLevel(TypeId::SupportLevel level)
{
    switch (level)
    {
    case TypeId::DEPRECATED:
        return "deprecated";
    case TypeId::OBSOLETE:
        return "obsolete";
    default:
        return "supported";
    }
}

/// \return text in lower case
std::string
Lower(std::string text)
{
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) {
        return static_cast<char>(std::tolower(c));
    });
    return text;
}
} // namespace

nlohmann::ordered_json
TraceSourceCatalog::Describe(const std::string& prefix)
{
    std::vector<nlohmann::ordered_json> sources;
    for (uint16_t i = 0; i < TypeId::GetRegisteredN(); ++i)
    {
        TypeId tid = TypeId::GetRegistered(i);
        if (tid.GetName().rfind(prefix, 0) != 0)
        {
            continue;
        }
        for (std::size_t j = 0; j < tid.GetTraceSourceN(); ++j)
        {
            TypeId::TraceSourceInformation info = tid.GetTraceSource(j);
            nlohmann::ordered_json s;
            s["type"] = tid.GetName();
            s["parent"] = tid.GetParent().GetName();
            s["name"] = info.name;
            s["callback"] = info.callback;
            s["help"] = info.help;
            s["supportLevel"] = SupportLevel(info.supportLevel);
            sources.push_back(std::move(s));
        }
    }
    std::sort(sources.begin(), sources.end(), [](const auto& a, const auto& b) {
        return std::make_pair(a["type"].template get<std::string>(),
                              a["name"].template get<std::string>()) <
               std::make_pair(b["type"].template get<std::string>(),
                              b["name"].template get<std::string>());
    });
    nlohmann::ordered_json j;
    j["traceSources"] = nlohmann::ordered_json::array();
    for (auto& s : sources)
    {
        j["traceSources"].push_back(std::move(s));
    }
    return j;
}

void
TraceSourceCatalog::Print(const std::string& program, std::ostream& os)
{
    nlohmann::ordered_json sources = Describe()["traceSources"];
    os << "{\n  \"program\": " << nlohmann::ordered_json(program).dump()
       << ",\n  \"traceSources\": [";
    for (std::size_t i = 0; i < sources.size(); ++i)
    {
        os << (i == 0 ? "\n    " : ",\n    ") << sources[i].dump();
    }
    os << "\n  ]\n}" << std::endl;
}

void
TraceSourceCatalog::Handle(const std::string& program, int& argc, char** argv)
{
    int kept = 1;
    bool list = false;
    for (int i = 1; i < argc; ++i)
    {
        std::string a(argv[i]);
        std::size_t dashes = a.rfind("--", 0) == 0 ? 2 : (a.rfind('-', 0) == 0 ? 1 : 0);
        std::string body = a.substr(dashes);
        std::size_t eq = body.find('=');
        if (dashes == 0 || body.substr(0, eq) != kOption)
        {
            argv[kept++] = argv[i];
            continue;
        }
        std::string value = eq == std::string::npos ? "true" : Lower(body.substr(eq + 1));
        if (value == "true" || value == "1")
        {
            list = true;
        }
        else if (value != "false" && value != "0")
        {
            std::cerr << program << ": --" << kOption << " takes true or false, not '"
                      << body.substr(eq + 1) << "'" << std::endl;
            std::exit(2);
        }
    }
    if (list)
    {
        Print(program, std::cout);
        std::exit(0);
    }
    argc = kept;
}

} // namespace sfc
} // namespace ns3
