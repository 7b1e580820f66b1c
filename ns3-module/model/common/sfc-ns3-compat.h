/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_NS3_COMPAT_H
#define SFC_NS3_COMPAT_H

/**
 * \file
 * \ingroup sfc
 * \brief The ns-3 version the module is built against, and the few API
 *        differences between ns-3 3.37 (the reference build) and newer
 *        releases, handled by version checks instead of forks.
 *
 * The build defines SFC_NS3_VERSION_MAJOR and SFC_NS3_VERSION_MINOR from the
 * ns-3 it finds (CMakeLists.txt, wscript). Every use of an API that changed
 * goes through this header, so a reader finds all of them in one place.
 */

#ifndef SFC_NS3_VERSION_MAJOR
#error "SFC_NS3_VERSION_MAJOR/MINOR are defined by the build (CMakeLists.txt, wscript)"
#endif

/// True when building against ns-3 major.minor or newer
#define SFC_NS3_AT_LEAST(major, minor)                                                             \
    (SFC_NS3_VERSION_MAJOR > (major) ||                                                            \
     (SFC_NS3_VERSION_MAJOR == (major) && SFC_NS3_VERSION_MINOR >= (minor)))

#include "ns3/callback.h"
#include "ns3/enum.h"

#include <string>

namespace ns3
{
namespace sfc
{

/**
 * The callback type of CommandLine::AddValue(name, help, callback, default):
 * its argument became const std::string& in ns-3 3.38.
 */
#if SFC_NS3_AT_LEAST(3, 38)
using CommandLineCallback = Callback<bool, const std::string&>;
#else
using CommandLineCallback = Callback<bool, std::string>;
#endif

/**
 * How Ipv4RoutingProtocol::RouteInput() receives its four callbacks:
 * by const reference since ns-3 3.39, by value before.
 * 	param T the callback type (Ipv4RoutingProtocol::UnicastForwardCallback...)
 */
#if SFC_NS3_AT_LEAST(3, 39)
template <typename T>
using RouteInputCallback = const T&;
#else
template <typename T>
using RouteInputCallback = T;
#endif

/**
 * The attribute value of an enum attribute: EnumValue<T> since ns-3 3.41,
 * a plain (int) EnumValue before.
 * 	param T the enum type, the type of the values given to MakeEnumChecker()
 */
#if SFC_NS3_AT_LEAST(3, 41)
template <typename T>
using EnumValueOf = EnumValue<T>;
#else
template <typename T>
using EnumValueOf = EnumValue;
#endif

/**
 * MakeEnumAccessor(), which takes the enum type as its first template
 * argument since ns-3 3.41.
 * 	param T the enum type, the type of the values given to MakeEnumChecker()
 * 	param A the member or the setter and getter
 * \param a the member or the setter and getter
 * eturn the accessor
 */
template <typename T, typename... A>
Ptr<const AttributeAccessor>
MakeEnumAccessorOf(A... a)
{
#if SFC_NS3_AT_LEAST(3, 41)
    return MakeEnumAccessor<T>(a...);
#else
    return MakeEnumAccessor(a...);
#endif
}

} // namespace sfc
} // namespace ns3

#endif /* SFC_NS3_COMPAT_H */
