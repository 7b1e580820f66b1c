/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * What the whole-run benchmarks (sfc-bare-benchmark, sfc-scale-benchmark)
 * measure of one simulation: link crossings, segments delivered, flows
 * opened, completed, failed and open at once, events, and the process CPU
 * and wall time from the first event to Simulator::Destroy. The clocks are
 * read here only; no result of the module depends on them.
 */

#ifndef SFC_BENCH_MEASURE_H
#define SFC_BENCH_MEASURE_H

#include "ns3/config.h"
#include "ns3/flow-client.h"
#include "ns3/flow-server.h"
#include "ns3/simulator.h"

#include <chrono>
#include <cstdint>
#include <ctime>

namespace ns3
{
namespace sfc
{
namespace bench
{

/// Process CPU time (user + system) in seconds.
inline double
CpuSeconds()
{
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + 1e-9 * double(ts.tv_nsec);
}

/// Wall-clock time in seconds (steady clock).
inline double
WallSeconds()
{
    using namespace std::chrono;
    return duration<double>(steady_clock::now().time_since_epoch()).count();
}

/// What one run measured.
struct Measurement
{
    uint64_t delivered{0}; //!< segments received by FlowClients and FlowServers
    uint64_t hops{0};      //!< frames received on point-to-point devices (links crossed)
    uint64_t events{0};    //!< simulator events executed
    double cpuStart{0};    //!< CPU clock at the simulation's first event
    double cpuEnd{0};      //!< CPU clock at Simulator::Destroy (before teardown)
    double wallStart{0};   //!< wall clock at the first event
    double wallEnd{0};     //!< wall clock at Simulator::Destroy
    uint32_t started{0};   //!< flows opened
    uint32_t completed{0}; //!< flows completed
    uint32_t failed{0};    //!< flows failed
    uint32_t peakOpen{0};  //!< most flows open at once (opened, not completed or failed)

    /// \return CPU seconds of the simulation
    double Cpu() const
    {
        return cpuEnd - cpuStart;
    }

    /// \return wall seconds of the simulation
    double Wall() const
    {
        return wallEnd - wallStart;
    }
};

/// The run being measured
inline Measurement*&
Current()
{
    static Measurement* current = nullptr;
    return current;
}

inline void
CountHop(Ptr<const Packet>)
{
    Current()->hops++;
}

inline void
CountDelivered(const FlowKey&, const FlowPayloadHeader&, uint8_t, uint32_t)
{
    Current()->delivered++;
}

inline void
CountStarted(uint64_t, const FlowKey&, uint32_t)
{
    Measurement* m = Current();
    m->started++;
    uint32_t open = m->started - m->completed - m->failed;
    m->peakOpen = open > m->peakOpen ? open : m->peakOpen;
}

inline void
CountCompleted(uint64_t, uint32_t)
{
    Current()->completed++;
}

inline void
CountFailed(uint64_t, FlowClient::FailReason)
{
    Current()->failed++;
}

/// At the first event (every node exists by then): start the clocks, attach the counters.
inline void
StartMeasuring()
{
    Config::ConnectWithoutContext("/NodeList/*/DeviceList/*/$ns3::PointToPointNetDevice/PhyRxEnd",
                                  MakeCallback(&CountHop));
    Config::ConnectWithoutContext("/NodeList/*/ApplicationList/*/$ns3::sfc::FlowClient/Rx",
                                  MakeCallback(&CountDelivered));
    Config::ConnectWithoutContext("/NodeList/*/ApplicationList/*/$ns3::sfc::FlowServer/Rx",
                                  MakeCallback(&CountDelivered));
    Config::ConnectWithoutContext("/NodeList/*/ApplicationList/*/$ns3::sfc::FlowClient/FlowStart",
                                  MakeCallback(&CountStarted));
    Config::ConnectWithoutContext(
        "/NodeList/*/ApplicationList/*/$ns3::sfc::FlowClient/FlowComplete",
        MakeCallback(&CountCompleted));
    Config::ConnectWithoutContext("/NodeList/*/ApplicationList/*/$ns3::sfc::FlowClient/FlowFail",
                                  MakeCallback(&CountFailed));
    Current()->cpuStart = CpuSeconds();
    Current()->wallStart = WallSeconds();
}

inline void
StopMeasuring()
{
    Current()->cpuEnd = CpuSeconds();
    Current()->wallEnd = WallSeconds();
    Current()->events = Simulator::GetEventCount();
}

/// Arm the measurement of the next simulation: first event and destroy hook.
inline void
ArmMeasurement(Measurement& m)
{
    Current() = &m;
    Simulator::Schedule(Seconds(0), &StartMeasuring);
    Simulator::ScheduleDestroy(&StopMeasuring);
}

} // namespace bench
} // namespace sfc
} // namespace ns3

#endif /* SFC_BENCH_MEASURE_H */
