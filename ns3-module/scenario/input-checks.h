/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_INPUT_CHECKS_H
#define SFC_INPUT_CHECKS_H

#include "ns3/nstime.h"
#include "ns3/scaling-controller.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief Checks of what a user hands a scenario program, made before
 *        anything runs so that a bad value is a one-line error (exit 2) and
 *        not an ns-3 abort, a segfault or a lost run.
 *
 * Every function returns an error message (one line, naming the option) or
 * an empty string when the input is fine; none of them writes or leaves a
 * file.
 */
class InputChecks
{
  public:
    /// Largest file --eventsFile reads (1 MiB)
    static constexpr uint64_t kMaxInputFileBytes = 1 << 20;
    /// Most samples a time series may have (--tsInterval against the run's length)
    static constexpr double kMaxSeriesSamples = 1e6;
    /// Latest time of a scaling event (seconds; the longest --grace)
    static constexpr double kMaxEventSeconds = 1e6;
    /// Most instances a function may have (the largest --instances)
    static constexpr uint32_t kMaxInstances = 256;

    /**
     * \brief Whether a program can write an output file (or, for a prefix,
     *        files whose names start with it) at a path.
     *
     * The file must be a writable regular file or not exist in an existing,
     * writable directory; a prefix needs its directory to be writable. Checked
     * with stat() and access(): nothing is created.
     * \param option option name (without dashes), for the message
     * \param path the path given
     * \param prefix the path is a file-name prefix (--pcap)
     * \return error message, or "" if the path is writable
     */
    static std::string OutputPath(const std::string& option, const std::string& path, bool prefix);

    /**
     * \brief Read a small regular file whole, never more than maxBytes.
     * \param option option name (without dashes), for the message
     * \param path the file
     * \param maxBytes the largest size accepted
     * \param [out] text the file's content
     * \return error message (a directory, a device, a missing or larger
     *         file), or "" with text filled
     */
    static std::string ReadFile(const std::string& option,
                                const std::string& path,
                                uint64_t maxBytes,
                                std::string& text);

    /**
     * \brief Check an option that ns-3's CommandLine handles itself: a global
     *        value (--RngRun, --RngSeed, --ChecksumEnabled,
     *        --SimulatorImplementationType, --SchedulerType), an attribute
     *        default (--ns3::Type::Attribute=value) or --PrintAttributes /
     *        --PrintGroup.
     *
     * Values are checked with the attribute's own checker (as Config::SetDefault
     * and GlobalValue::Bind would), in a child process since many of ns-3's
     * value types abort on malformed text; type names with
     * TypeId::LookupByNameFailSafe and the base class the global needs.
     * \param name option name (without dashes)
     * \param text the value
     * \param hasValue whether "=value" was given
     * \param [out] normalized the value in the spelling ns-3 parses (booleans: true/false)
     * \return error message, or "" if ns-3 will take it
     */
    static std::string Ns3Option(const std::string& name,
                                 const std::string& text,
                                 bool hasValue,
                                 std::string& normalized);

    /**
     * \brief Whether a time series of a run is short enough to build.
     * \param horizon how long the run lasts, in seconds (an estimate from its options)
     * \param interval the series interval (--tsInterval)
     * \param why which options make the run that long, for the message
     * \return error message naming --tsInterval, or "" if horizon / interval
     *         is at most kMaxSeriesSamples
     */
    static std::string SeriesLength(double horizon, Time interval, const std::string& why);

    /**
     * \brief Whether a resolved scaling schedule keeps every function between
     *        1 and kMaxInstances instances (a function needs at least one) and
     *        no event is later than kMaxEventSeconds.
     * \param option the option the schedule came from ("events"), for the message
     * \param events the schedule, resolved (ScalingEvent::Resolve) and in time order
     * \param functions functions in the chain
     * \param instances instances of every function at the start
     * \return error message, or "" if the schedule is feasible
     */
    static std::string ScalingSchedule(const std::string& option,
                                       const std::vector<ScalingEvent>& events,
                                       uint32_t functions,
                                       uint32_t instances);
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_INPUT_CHECKS_H */
