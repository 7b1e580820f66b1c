/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_FAILABLE_H
#define SFC_FAILABLE_H

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief An application that can crash and restart in the middle of a run.
 *
 * ns-3 applications can only be started and stopped at times fixed
 * before the simulation initializes them; FailureInjector needs to stop
 * one at any time and start it again later. Fail() is a crash: the
 * application stops sending and receiving and loses its volatile state.
 * Recover() restarts it with empty state, as a rebooted process would.
 */
class Failable
{
  public:
    virtual ~Failable() = default;
    /// Crash: stop and lose volatile state
    virtual void Fail() = 0;
    /// Restart with empty state
    virtual void Recover() = 0;
    /// \return true between Fail() and Recover()
    virtual bool IsFailed() const = 0;
};

} // namespace sfc
} // namespace ns3

#endif /* SFC_FAILABLE_H */
