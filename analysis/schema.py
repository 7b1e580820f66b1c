"""The results schema for per-event metrics and time series (ns3-module/doc/results.rst).

Every scenario program writes them through the shared C++ helpers (EventMetrics and
TimeSeriesTable, ns3-module/scenario/results-schema.h), so the toolkit reads them without
knowing the scenario:

  metrics.events       a list of objects, one per event, each with time_s (number, s),
                       event (string label), active_flows and broken_flows (integers >= 0),
                       broken_ratio (number in [0, 1]) and optional extra numeric fields
  metrics.timeseries   an object with interval_s (number > 0), time_s (array of numbers,
                       the start of each interval, non-decreasing) and named arrays of
                       numbers of the same length; a nested object of such arrays is a
                       group, its columns are named "group.column"

`problems(metrics)` lists what does not fit; the toolkit checks the runs a figure uses
with it, and the contract test checks every program's rows.
"""
import math

#: metric keys the schema defines
EVENTS = "events"
TIMESERIES = "timeseries"
#: fields every event has, with their check
EVENT_FIELDS = {
    "time_s": lambda v: _number(v) and v >= 0,
    "event": lambda v: isinstance(v, str),
    "active_flows": lambda v: _count(v),
    "broken_flows": lambda v: _count(v),
    "broken_ratio": lambda v: _number(v) and 0 <= v <= 1,
}
#: the time-series column a study's default timeseries figure plots when a series has it
#: (the SPEC's broken flows, per interval); else its first column
PRIMARY_COLUMN = "broken_flows"
#: keys of a time series that are not columns
TIMESERIES_KEYS = ("interval_s", "time_s")


def _number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def _count(v):
    return isinstance(v, int) and not isinstance(v, bool) and v >= 0


def event_problems(events):
    """What in a metrics.events value does not fit the schema (empty list: it fits)."""
    if not isinstance(events, list):
        return [f"events is a {type(events).__name__}, not a list"]
    out = []
    for i, e in enumerate(events):
        if not isinstance(e, dict):
            out.append(f"events[{i}] is not an object")
            continue
        for k, ok in EVENT_FIELDS.items():
            if k not in e:
                out.append(f"events[{i}] has no {k}")
            elif not ok(e[k]):
                out.append(f"events[{i}].{k} = {e[k]!r} is not valid")
        for k, v in e.items():
            if k not in EVENT_FIELDS and not _number(v):
                out.append(f"events[{i}].{k} = {v!r} is not a number")
        if _count(e.get("broken_flows")) and _count(e.get("active_flows")) \
                and e["broken_flows"] > e["active_flows"]:
            out.append(f"events[{i}] has more broken_flows than active_flows")
    return out


def timeseries_problems(ts):
    """What in a metrics.timeseries value does not fit the schema (empty list: it fits)."""
    if not isinstance(ts, dict):
        return [f"timeseries is a {type(ts).__name__}, not an object"]
    out = []
    if not (_number(ts.get("interval_s")) and ts["interval_s"] > 0):
        out.append(f"timeseries.interval_s = {ts.get('interval_s')!r} is not a number > 0")
    times = ts.get("time_s")
    if not (isinstance(times, list) and all(_number(t) for t in times)):
        return out + ["timeseries.time_s is not an array of numbers"]
    if any(b < a for a, b in zip(times, times[1:])):
        out.append("timeseries.time_s is not in time order")
    for name, values in _columns(ts):
        if not isinstance(values, list):
            out.append(f"timeseries.{name} is neither an array nor a group of arrays")
        elif len(values) != len(times):
            out.append(f"timeseries.{name} has {len(values)} values for {len(times)} intervals")
        elif not all(_number(v) for v in values):
            out.append(f"timeseries.{name} holds a value that is not a number")
    return out


def _columns(ts):
    """(name, value) of every column, groups flattened to "group.column"."""
    for k, v in ts.items():
        if k in TIMESERIES_KEYS:
            continue
        if isinstance(v, dict):
            for k2, v2 in v.items():
                yield f"{k}.{k2}", v2
        else:
            yield k, v


def columns(ts):
    """{column name: values} of a valid time series (groups as "group.column")."""
    return dict(_columns(ts))


def problems(metrics):
    """Schema problems of a run's metrics object (events and timeseries, when present)."""
    out = []
    if EVENTS in metrics:
        out += event_problems(metrics[EVENTS])
    if TIMESERIES in metrics:
        out += timeseries_problems(metrics[TIMESERIES])
    return out
