/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_TRACE_SOURCE_CATALOG_H
#define SFC_TRACE_SOURCE_CATALOG_H

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief The module's trace sources as a scenario program lists them
 *        (--listTraceSources): ns-3's CommandLine prints attributes
 *        (--PrintAttributes=TYPE) but no trace sources.
 *
 * Every registered TypeId named ns3::sfc::... with its own trace sources
 * (inherited ones belong to the parent, which is named), each with its
 * callback signature name (the typedef in the class's header) and help.
 * Sorted by type and source name, so the listing does not depend on the
 * order in which TypeIds register.
 */
class TraceSourceCatalog
{
  public:
    /// The command-line option, without dashes
    static const char* const kOption;

    /**
     * \param prefix TypeId name prefix
     * \return {"traceSources": [{"type", "parent", "name", "callback",
     *         "help", "supportLevel"}, ...]}
     */
    static nlohmann::ordered_json Describe(const std::string& prefix = "ns3::sfc::");

    /**
     * \brief Write Describe() as JSON with one trace source per line.
     * \param program the program name (the "program" key, as --describeOptions)
     * \param os where to write
     */
    static void Print(const std::string& program, std::ostream& os);

    /**
     * \brief Handle --listTraceSources before the program's other options
     *        are parsed: with it (bare, =true or =1, any case) print the
     *        catalog and exit 0; =false or =0 removes it from the
     *        arguments; any other value is a one-line error, exit 2.
     * \param program the program name
     * \param argc main()'s argc; reduced by the arguments removed
     * \param argv main()'s argv; the option removed in place
     */
    static void Handle(const std::string& program, int& argc, char** argv);
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_TRACE_SOURCE_CATALOG_H */
