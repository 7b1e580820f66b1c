/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SFC_TIME_TEXT_H
#define SFC_TIME_TEXT_H

#include "ns3/nstime.h"

#include <string>

namespace ns3
{
namespace sfc
{

/**
 * \ingroup sfc
 * \brief Whether a text is a time in ns-3's Time syntax.
 *
 * A decimal number (optional sign, fraction and exponent) followed by an
 * optional unit among y, d, h, min, s, ms, us, ns, ps and fs; without a unit
 * the number is seconds: "5s", "200ms", "1min", "10us", "1.5e-3s", "5", "0.01".
 * No spaces, no "nan" or "inf".
 *
 * \param text the text
 * \return true if the syntax is right
 */
bool IsTimeText(const std::string& text);

/**
 * \brief A time text's value in seconds, as a double.
 * \param text the text (IsTimeText() must hold)
 * \return the value in seconds (infinite if it overflows a double)
 */
double TimeTextSeconds(const std::string& text);

/**
 * \brief Parse a time text into a Time.
 *
 * The text is checked (IsTimeText(), finite, within what Time represents)
 * before ns-3's Time(std::string) constructor sees it, which aborts on bad
 * text. The result is exactly ns-3's: Time("0.01") == Seconds(0.01),
 * Time("5us") == MicroSeconds(5).
 *
 * \param text the text
 * \param [out] time receives the time when the text is valid
 * \return false if the text is malformed or out of Time's range
 */
bool ParseTimeText(const std::string& text, Time& time);

/**
 * \brief A Time in seconds: the double nearest to its exact value
 *        (Time::GetSeconds() can be an ulp off, e.g. for 5 us).
 * \param time the time
 * \return seconds
 */
double ToSeconds(const Time& time);

/**
 * \brief A Time as readable text in the syntax IsTimeText() accepts, in the
 *        largest of s, ms, us, ns that gives a value of at least 1
 *        ("20s", "10ms", "5us", "0s").
 * \param time the time
 * \return the text
 */
std::string FormatTime(const Time& time);

} // namespace sfc
} // namespace ns3

#endif /* SFC_TIME_TEXT_H */
