/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_SCENARIO_OPTIONS_H
#define SFC_SCENARIO_OPTIONS_H

#include "ns3/command-line.h"
#include "ns3/nstime.h"

#include <cstdint>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief The command line of a scenario program, declared once.
 *
 * Each option is registered with ns-3's CommandLine (so --help / --PrintHelp
 * list it and --RngRun, --ns3::Type::Attribute=... work as in any ns-3
 * program) and recorded here, which gives scenarios three things
 * CommandLine lacks:
 * - strict checking before anything runs: an unknown option, an empty
 *   value, a value of the wrong type, out of range or not among the choices,
 *   an output file that cannot be written, and a bad value of an option
 *   ns-3 parses itself (--RngRun, --ns3::Type::Attribute=..., global values;
 *   InputChecks::Ns3Option()) is a one-line error on stderr and exit status 2;
 * - time options in ns-3's Time syntax ("5s", "200ms", "1min", "10us"; a
 *   bare number is seconds), parsed by the one helper ParseTimeText();
 * - `--describeOptions`: a JSON description of every option (name, type,
 *   default, range or choices, help) for tools that drive the program;
 * - `--checkOptions`: check the options as a run would and exit (CheckOnly());
 * - Parameters(): every option's value (and RngRun, RngSeed, and every
 *   --ns3::Type::Attribute=value override given, under its full name) as a
 *   JSON object, the parameter part of a results row;
 * - SetsAttribute(): attributes the scenario sets from its own options are
 *   refused as --ns3:: overrides (they would be silently overridden).
 */
class ScenarioOptions
{
  public:
    /**
     * \param program program name (used in error messages)
     * \param description one-line description for --help
     */
    ScenarioOptions(std::string program, std::string description);

    /// Add an unsigned integer option with an inclusive range
    void AddUint(const std::string& name,
                 const std::string& help,
                 uint32_t& value,
                 uint32_t min = 0,
                 uint32_t max = std::numeric_limits<uint32_t>::max());
    /// Add a floating-point option with an inclusive range
    void AddDouble(const std::string& name,
                   const std::string& help,
                   double& value,
                   double min = -std::numeric_limits<double>::max(),
                   double max = std::numeric_limits<double>::max());
    /**
     * \brief Add a time option with an inclusive range.
     *
     * The value is ns-3 Time syntax (see IsTimeText()): "5s", "200ms",
     * "1min", "10us", "1.5e-3s", or a bare number of seconds ("5", "0.01").
     * --describeOptions gives it type "time" with default, min and max in
     * seconds; Parameters() records its value in seconds (a JSON number).
     * \param name option name
     * \param help help text
     * \param value bound variable (its value is the default)
     * \param min smallest value allowed
     * \param max largest value allowed
     */
    void AddTime(const std::string& name, const std::string& help, Time& value, Time min, Time max);
    /// Add a boolean option (true/false, 1/0)
    void AddBool(const std::string& name, const std::string& help, bool& value);
    /// Add a free-form string option
    void AddString(const std::string& name, const std::string& help, std::string& value);
    /**
     * \brief Add an output file option: a string option (type "string" in
     *        --describeOptions) whose value Parse() checks is writable
     *        (InputChecks::OutputPath()) before anything runs.
     * \param name option name
     * \param help help text
     * \param value bound variable ("" = no output)
     * \param prefix the value is a file-name prefix (--pcap), not a file
     * \param unavailable if not empty, why this build cannot write this output:
     *        Parse() then rejects any non-empty value with this reason
     */
    void AddOutput(const std::string& name,
                   const std::string& help,
                   std::string& value,
                   bool prefix = false,
                   const std::string& unavailable = "");
    /// Add a string option restricted to a set of choices
    void AddChoice(const std::string& name,
                   const std::string& help,
                   std::string& value,
                   const std::vector<std::string>& choices);

    /**
     * \brief Check and parse the command line; exits on error or after
     *        --describeOptions / --help.
     * \param argc argument count
     * \param argv arguments
     */
    void Parse(int argc, char** argv);

    /**
     * \brief Report a one-line error and exit with status 2.
     * \param message what is wrong
     */
    [[noreturn]] void Fail(const std::string& message) const;

    /// \return every option with its value, then RngRun and RngSeed
    nlohmann::ordered_json Parameters() const;
    /**
     * \brief Declare --checkOptions: with it the program checks its options
     *        (Parse(), then the scenario's own validation) and exits with status
     *        0 instead of running; tools such as the analysis toolkit ask it
     *        before recording any run. --describeOptions names it as "check".
     *        A program that declares it must end after validation when
     *        CheckOnly() is true.
     */
    void AddCheckOption();
    /// \return true if --checkOptions was given: the program must not run
    bool CheckOnly() const;
    /// \return the JSON description printed by --describeOptions
    nlohmann::ordered_json Describe() const;

    /**
     * \brief Say that the scenario sets an attribute itself, from an option:
     *        --ns3::TYPE::ATTRIBUTE=... for that attribute (on the type, a
     *        parent or a child of it) would be silently overridden, so it is
     *        refused with a one-line error naming the option to use instead.
     * \param option the scenario's option ("processingDelay")
     * \param attribute the attribute ("ns3::sfc::ServiceNode::ProcessingDelay")
     */
    void SetsAttribute(const std::string& option, const std::string& attribute);
    /// \param sets (option, attribute) pairs, each as SetsAttribute()
    void SetsAttributes(const std::vector<std::pair<std::string, std::string>>& sets);

    /**
     * \brief Declare --results and --quiet, the options every scenario program has.
     * \param results bound to --results (the JSON-lines file rows are appended to)
     * \param quiet bound to --quiet (no summary on stdout)
     */
    void AddResultsOptions(std::string& results, bool& quiet);

    /**
     * \brief The results row of a run, without its metrics:
     *        {"scenario": program, "parameters": Parameters()}; the caller adds
     *        "metrics" once the run is done.
     * \return the row
     */
    nlohmann::ordered_json ResultsRow() const;

    /**
     * \brief Append a results row to the --results file; nothing if path is
     *        empty; Fail() if the file cannot be written.
     * \param path the --results value
     * \param row the row
     */
    void WriteResults(const std::string& path, const nlohmann::ordered_json& row) const;

    /**
     * \brief A per-run variant of an output path: the tag goes before the
     *        file's extension ("out/flows.csv", "hash" -> "out/flows-hash.csv"),
     *        or at the end of a name without one (a pcap prefix). An empty path
     *        (no output) stays empty.
     * \param path the output path as given
     * \param tag what tells the runs apart (e.g. the policy)
     * \return the tagged path
     */
    static std::string TaggedPath(const std::string& path, const std::string& tag);

    /**
     * \brief Append one JSON object as one line to a file.
     * \param path file to append to (created if missing)
     * \param row the object
     * \return false if the file cannot be written
     */
    static bool AppendJsonLine(const std::string& path, const nlohmann::ordered_json& row);

  private:
    /// Option type
    enum class Type
    {
        UINT,
        DOUBLE,
        BOOL,
        STRING,
        CHOICE,
        TIME
    };

    /// One declared option
    struct Option
    {
        std::string name;                    //!< name without dashes
        std::string help;                    //!< help text
        Type type;                           //!< type
        void* value;                         //!< bound variable
        nlohmann::ordered_json defaultValue; //!< value at declaration
        double min{0};                       //!< range (numeric; TIME: in seconds)
        double max{0};                       //!< range (numeric; TIME: in seconds)
        std::vector<std::string> choices;    //!< allowed values (CHOICE)
        Time minTime;                        //!< range (TIME)
        Time maxTime;                        //!< range (TIME)
        bool output{false};                  //!< an output file (STRING)
        bool prefix{false};                  //!< an output file-name prefix (STRING)
        std::string unavailable{};           //!< why this build cannot write it ("" = it can)
    };

    nlohmann::ordered_json Value(const Option& o) const;
    std::string Check(const Option& o, const std::string& text, bool hasValue) const;
    const Option* Find(const std::string& name) const;
    /// \param name ns3::Type::Attribute \return the option the scenario sets it from, or ""
    std::string ShadowedBy(const std::string& name) const;

    std::string m_program;         //!< program name
    CommandLine m_cmd;             //!< ns-3 command line
    std::vector<Option> m_options; //!< declared options, in order
    bool m_describe{false};        //!< --describeOptions given
    bool m_checkOnly{false};       //!< --checkOptions given
    bool m_hasCheck{false};        //!< --checkOptions declared (AddCheckOption())
    std::vector<std::pair<std::string, std::string>>
        m_sets;                                      //!< (option, attribute) set by the scenario
    std::map<std::string, std::string> m_attributes; //!< --ns3::... overrides given, normalized
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_SCENARIO_OPTIONS_H */
