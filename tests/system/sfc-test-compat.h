/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_TEST_COMPAT_H
#define SFC_TEST_COMPAT_H

// The TestSuite type and TestCase duration of the module's suites, across ns-3
// versions: ns-3 3.42 made them scoped enums (TestSuite::Type::SYSTEM,
// TestCase::Duration::QUICK) and deprecated the old names.

#include "ns3/sfc-ns3-compat.h"
#include "ns3/test.h"

namespace ns3
{
namespace sfc
{

#if SFC_NS3_AT_LEAST(3, 42)
/// A system test suite
inline constexpr TestSuite::Type kSystemSuite = TestSuite::Type::SYSTEM;
/// A quick test case
inline constexpr TestCase::Duration kQuickTest = TestCase::Duration::QUICK;
#else
/// A system test suite
inline constexpr TestSuite::Type kSystemSuite = TestSuite::SYSTEM;
/// A quick test case
inline constexpr TestCase::TestDuration kQuickTest = TestCase::QUICK;
#endif

} // namespace sfc
} // namespace ns3

#endif /* SFC_TEST_COMPAT_H */
