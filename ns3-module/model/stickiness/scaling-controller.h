/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_SCALING_CONTROLLER_H
#define SFC_SCALING_CONTROLLER_H

#include "membership-update-header.h"

#include "ns3/application.h"
#include "ns3/ipv4-address.h"
#include "ns3/nstime.h"
#include "ns3/random-variable-stream.h"
#include "ns3/service-chain.h"
#include "ns3/socket.h"
#include "ns3/traced-callback.h"

#include <map>
#include <string>
#include <vector>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief One step of a scaling schedule: add or remove instances of a function.
 */
struct ScalingEvent
{
    Time time;            //!< when
    std::string function; //!< function name or 1-based index, as written
    uint32_t index{0};    //!< resolved 1-based function index (0 = unresolved)
    int32_t delta{0};     //!< instances to add (> 0) or remove (< 0)
    bool drain{false};    //!< removal lets flows finish (else abrupt)

    /**
     * \brief Parse a schedule: items separated by commas or new lines, each
     *        `TIME:FUNCTION:DELTA[:drain|abrupt]`, e.g. `10s:nat:+1,20s:fw:-1:drain`.
     *        TIME is in ns-3's Time syntax, read by ParseTimeText() like every
     *        time option: a number with an optional unit (y, d, h, min, s, ms,
     *        us, ns, ps, fs), seconds without one; not negative;
     *        FUNCTION a function name or 1-based index; DELTA a signed non-zero
     *        integer. Lines starting with # are comments.
     * \param spec the schedule text
     * \param events receives the events, in time order (stable)
     * \param error receives a one-line message on failure
     * \return false if the text is malformed
     */
    static bool Parse(const std::string& spec,
                      std::vector<ScalingEvent>& events,
                      std::string& error);

    /**
     * \brief Resolve FUNCTION against a chain's function names.
     * \param names function names, index 0 = function 1
     * \param error receives a one-line message on failure
     * \return false if the name is unknown or ambiguous, or the index out of range
     */
    bool Resolve(const std::vector<std::string>& names, std::string& error);

    /// \return the event as text, e.g. "10s:nat:+1:drain"
    std::string ToString() const;
};

/**
 * \ingroup sfc
 * \brief Elastic scaling: executes a schedule of scale-out / scale-in events
 *        and tells every forwarder through the control path.
 *
 * On a scale-out the controller brings up provisioned spare instances of
 * the function (lowest id first), puts them in the chain's membership and
 * announces ADD. On a scale-in it takes the most recently added instances
 * out of the membership; an abrupt removal stops them at once (their state
 * is lost) and announces REMOVE; a draining removal announces DRAIN, lets the
 * instance serve its existing flows until it has been idle for DrainIdle or
 * DrainTimeout has passed, then stops it and announces REMOVE.
 *
 * Announcements are MembershipUpdateHeader packets over UDP to every
 * forwarder, each sent after its own ControlDelay, so forwarders disagree on
 * the membership for a while, as in a real deployment.
 *
 * Besides the schedule, the controller can autoscale one function
 * (AutoscaleFunction): every AutoscalePeriod, in Load mode it adds an
 * instance when the mean utilization of the function's instances in service
 * (time busy serving packets / period) exceeds HighUtilization and removes
 * one when it falls below LowUtilization; in Random mode it adds or removes
 * one with probability RandomChange. Always within [MinInstances,
 * MaxInstances], removals draining or not as AutoscaleDrain says.
 */
class ScalingController : public Application
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    ScalingController();
    ~ScalingController() override;

    /// \param chain the chain whose instances are scaled
    void SetChain(Ptr<ServiceChain> chain);
    /// \param locator a forwarder to keep informed
    void AddForwarder(Ipv4Address locator);
    /// \param event an event to execute (function index resolved)
    void AddEvent(const ScalingEvent& event);
    /**
     * \param stream first random stream
     * \return streams used
     */
    int64_t AssignStreams(int64_t stream);

    /**
     * TracedCallback signature for an executed event.
     * \param [in] function 1-based function index
     * \param [in] delta instances added (> 0) or removed (< 0)
     * \param [in] drain draining removal
     */
    typedef void (*EventTracedCallback)(uint32_t function, int32_t delta, bool drain);
    /**
     * TracedCallback signature for an instance entering or leaving service.
     * \param [in] instance instance id
     */
    typedef void (*InstanceTracedCallback)(uint32_t instance);

    /// Autoscaling mode
    enum AutoscaleMode
    {
        LOAD,  //!< driven by the instances' utilization
        RANDOM //!< random additions and removals
    };

  private:
    void StartApplication() override;
    void StopApplication() override;
    void DoDispose() override;
    void Execute(ScalingEvent event);
    void Autoscale();
    void Remove(uint32_t instance, bool drain);
    void Announce(uint32_t instance, MembershipUpdateHeader::Action action);
    void Send(Ipv4Address to, MembershipUpdateHeader update);

    Ptr<ServiceChain> m_chain;                         //!< scaled chain
    std::vector<Ipv4Address> m_forwarders;             //!< forwarders to inform
    std::vector<ScalingEvent> m_events;                //!< schedule
    std::map<uint32_t, std::vector<uint32_t>> m_order; //!< per function: in service, oldest first
    Ptr<RandomVariableStream> m_delay;                 //!< per-forwarder propagation delay (s)
    Time m_drainIdle;                                  //!< quiet period ending a drain
    Time m_drainTimeout;                               //!< longest drain
    uint16_t m_port;                                   //!< forwarders' control port
    std::string m_key;                                 //!< membership update key ("" = none)
    uint32_t m_sequence;                               //!< last sequence number used
    Ptr<Socket> m_socket;                              //!< UDP socket
    uint32_t m_autoFunction;                           //!< autoscaled function (0 = none)
    AutoscaleMode m_autoMode;                          //!< autoscaling mode
    Time m_autoPeriod;                                 //!< autoscaling period
    double m_high;                                     //!< utilization above which to add
    double m_low;                                      //!< utilization below which to remove
    uint32_t m_minInstances;                           //!< autoscaling floor
    uint32_t m_maxInstances;                           //!< autoscaling ceiling
    double m_randomChange;               //!< probability of a change per period (Random)
    bool m_autoDrain;                    //!< autoscaled removals drain
    Ptr<UniformRandomVariable> m_random; //!< Random mode draws
    std::map<uint32_t, Time> m_lastBusy; //!< instance -> busy time at the last period
    EventId m_autoEvent;                 //!< next autoscaling decision

    TracedCallback<uint32_t, int32_t, bool> m_eventTrace; //!< event executed
    TracedCallback<uint32_t> m_upTrace;                   //!< instance in service
    TracedCallback<uint32_t> m_downTrace;                 //!< instance stopped
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_SCALING_CONTROLLER_H */
