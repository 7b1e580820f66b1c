"""Figures a study declares (`[[figure]]` tables), their defaults, and their check.

A declaration is a table with the keys

  kind     "line": mean and 95 % CI of a scalar metric vs a numeric parameter x, one line
           per series; "bar": the same over the values of x (any type), or over the
           series when there is no x; "timeseries": a column of metrics.timeseries,
           averaged over replications per interval, with the event times marked;
           "events": a field of metrics.events, per event; "cdf": the distribution of a
           distribution metric (an object with 101 "quantiles", e.g. completion_times_s of
           --traffic=ns3-tcp), one curve per series, the quantiles averaged over the
           replications, scaled to the fraction of all flows (its "flows") that completed; "group": every column of a time-series group (e.g. flow_entries:
           one per forwarder, or instances: one per function), averaged over the
           replications, one line per column and series. Default: line when x is
           numeric, bar otherwise.
  metric   a scalar metric (line, bar), a time-series column ("group.column" for a
           column of a group) or an event field (the results schema, schema.py)
  x        the parameter on the x axis (line, bar only). Default: [report].x, else the
           first numeric grid parameter with several values
  series   parameters: one line / bar colour per combination. Default: [report].series,
           else the other grid parameters with several values
  facets   a parameter: one panel per value (default: none)
  name     the file name (NAME.png, NAME.pdf). Default: the metric, then "_vs_X" when x
           is declared, "_timeseries" or "_events" for those kinds
  title, ylabel  Default: from the readable names and units of labels.py ("Broken ratio vs
           instances per function", "Takeover time (s)")

Checks happen in two steps, each a one-line error (exit status 2): the shape of every
declaration and its parameters (x, series, facets must be parameters the study sets) when
the study is loaded, before anything runs; the metric and x's type against the runs,
before any figure is drawn.

A study without declarations gets one line (or bar) figure per [report].metrics entry, or
per scalar metric that varies between runs; a timeseries figure when runs carry
metrics.timeseries (its broken_flows column, else its first); an events figure of
broken_ratio when runs carry events; time series and events in one panel per value of the
default x.
"""
import difflib
import re
from dataclasses import dataclass, field

from . import schema
from .data import scalar_metrics
from .labels import axis_label, label
from .errors import AnalysisError

KINDS = ("line", "bar", "timeseries", "events", "cdf", "group")
#: kinds without an x parameter (their x axis is time, the events or the metric's values)
NO_X = ("timeseries", "events", "cdf", "group")
FIGURE_KEYS = ("name", "kind", "metric", "x", "series", "facets", "title", "ylabel")
_NAME = re.compile(r"^[A-Za-z0-9_.-]+$")


@dataclass
class FigureSpec:
    """One figure, resolved against the runs: df columns for x, series and facets."""
    name: str
    kind: str
    metric: str
    x: str = None
    series: list = field(default_factory=list)
    facets: str = None
    title: str = ""
    ylabel: str = ""


def _default_name(d):
    suffix = {"timeseries": "_timeseries", "events": "_events", "cdf": "_cdf",
              "group": "_per_column"}.get(d.get("kind"), "")
    if not suffix and d.get("x"):
        suffix = f"_vs_{d['x']}"
    return re.sub(r"[^A-Za-z0-9_.-]", "_", d["metric"]) + suffix


def check_declarations(figures, params, where):
    """Normalized copies of figure declarations (series a list, name set); raises
    AnalysisError on an unknown key, a bad value, a parameter the study does not set
    (params: its parameter names) or a name used twice."""
    if not isinstance(figures, list) or not all(isinstance(f, dict) for f in figures):
        raise AnalysisError(f"{where}: 'figure' must be a list of tables ([[figure]])")
    out, names = [], set()
    for i, f in enumerate(figures, start=1):
        at = f"{where}: figure {f.get('name', i)!s}"
        unknown = [k for k in f if k not in FIGURE_KEYS]
        if unknown:
            raise AnalysisError(f"{at}: unknown key '{unknown[0]}' (known: "
                                f"{', '.join(FIGURE_KEYS)})")
        for k in ("name", "kind", "metric", "x", "facets", "title", "ylabel"):
            if k in f and not (isinstance(f[k], str) and f[k]):
                raise AnalysisError(f"{at}: {k} must be a non-empty string")
        if "metric" not in f:
            raise AnalysisError(f"{at}: 'metric' is missing")
        if f.get("kind", "line") not in KINDS:
            raise AnalysisError(f"{at}: kind = {f['kind']!r} is not one of {', '.join(KINDS)}")
        d = dict(f)
        series = d.get("series", None)
        if isinstance(series, str):
            series = [series]
        if series is not None and not (isinstance(series, list)
                                       and all(isinstance(s, str) for s in series)):
            raise AnalysisError(f"{at}: series must be a parameter or a list of parameters")
        if series is not None:
            d["series"] = series
        if d.get("kind") in NO_X and "x" in d:
            axis = {"events": "the events", "cdf": "the metric's values"}.get(d["kind"], "time")
            raise AnalysisError(f"{at}: x does not apply to kind {d['kind']} (its x axis is "
                                f"{axis})")
        used = [d.get("x"), d.get("facets"), *(series or [])]
        for p in used:
            if p is not None and p not in params:
                raise AnalysisError(f"{at}: '{p}' is not a parameter of the study "
                                    f"({', '.join(params) or 'none'})")
        used = [p for p in used if p is not None]
        if len(set(used)) != len(used):
            raise AnalysisError(f"{at}: a parameter is used twice among x, facets and series")
        d.setdefault("name", _default_name(d))
        if not _NAME.match(d["name"]):
            raise AnalysisError(f"{at}: name {d['name']!r} must be letters, digits, _ . -")
        if d["name"] in names:
            raise AnalysisError(f"{at}: figure name '{d['name']}' is used twice (give a name)")
        names.add(d["name"])
        out.append(d)
    return out


def check_report(report, params, where):
    """[report].x and [report].series must be parameters of the study."""
    series = report.get("series", [])
    series = [series] if isinstance(series, str) else series
    if not isinstance(series, list) or not all(isinstance(s, str) for s in series):
        raise AnalysisError(f"{where}: report.series must be a parameter or a list of them")
    for p in ([report["x"]] if "x" in report else []) + series:
        if p not in params:
            raise AnalysisError(f"{where}: report: '{p}' is not a parameter of the study "
                                f"({', '.join(params) or 'none'})")


# --------------------------------------------------------------------------- against the runs

class _Runs:
    """What resolving needs from a study's DataFrame (data.load_runs)."""

    def __init__(self, df):
        st = df.attrs.get("study") or {}
        self.name = st.get("name", "?")
        self.spec = st.get("spec") or {}
        self.df = df
        self.ok = df[df["status"] == "ok"]
        self.columns = {c.removeprefix("param."): c for c in df.attrs.get("params", [])}
        self.varying = [c.removeprefix("param.") for c in df.attrs.get("varying", [])]
        self.scalars = scalar_metrics(df)
        self.metrics = df.attrs.get("metrics", [])

    def column(self, param):
        return None if param is None else self.columns[param]

    def numeric(self, param):
        vals = self.ok[self.columns[param]]
        return len(vals) > 0 and all(isinstance(v, (int, float)) and not isinstance(v, bool)
                                     for v in vals)

    def carried(self, key):
        """The ok runs' values of a schema metric (events / timeseries) that are present."""
        if key not in self.metrics:
            return []
        return [v for v in self.ok[key] if v is not None and v == v]

    def varies(self, metric):
        vals = {v for v in self.ok[metric] if v is not None and v == v}
        return len(vals) > 1


def _known(name, names):
    """A hint for an unknown name: the closest known one, else the first few known."""
    close = difflib.get_close_matches(name, names, n=1)
    if close:
        return f"did you mean '{close[0]}'?"
    return "known: " + (", ".join(names[:8]) + (", ..." if len(names) > 8 else "") or "none")


def _error(runs, name, text):
    return AnalysisError(f"study {runs.name}: figure '{name}': {text}")


def _schema_values(runs, name, key, check):
    values = runs.carried(key)
    if not values:
        raise _error(runs, name, f"no successful run has metric '{key}'")
    for v in values:
        bad = check(v)
        if bad:
            raise _error(runs, name, f"metric '{key}' does not fit the results schema: {bad[0]}")
    return values


def _check_metric(runs, spec):
    if spec.kind in ("line", "bar"):
        if spec.metric not in runs.scalars:
            raise _error(runs, spec.name, f"no scalar metric '{spec.metric}' in the runs "
                                          f"({_known(spec.metric, runs.scalars)})")
    elif spec.kind == "timeseries":
        known = []
        for ts in _schema_values(runs, spec.name, schema.TIMESERIES, schema.timeseries_problems):
            known += [c for c in schema.columns(ts) if c not in known]
        if spec.metric not in known:
            raise _error(runs, spec.name, f"metrics.timeseries has no column '{spec.metric}' "
                                          f"({_known(spec.metric, known)})")
    elif spec.kind == "cdf":
        dists = [v for v in runs.ok[spec.metric]] if spec.metric in runs.metrics else []
        if not any(is_distribution(v) for v in dists):
            known = [m for m in runs.metrics if any(is_distribution(v) for v in runs.ok[m])]
            raise _error(runs, spec.name, f"no successful run has a distribution metric "
                                          f"'{spec.metric}' (an object with quantiles; "
                                          f"{_known(spec.metric, known)})")
    elif spec.kind == "group":
        known = []
        for ts in _schema_values(runs, spec.name, schema.TIMESERIES, schema.timeseries_problems):
            known += [g for g, v in ts.items() if isinstance(v, dict) and g not in known]
        if spec.metric not in known:
            raise _error(runs, spec.name, f"metrics.timeseries has no group '{spec.metric}' "
                                          f"({_known(spec.metric, known)})")
    else:
        known = list(schema.EVENT_FIELDS)
        values = _schema_values(runs, spec.name, schema.EVENTS, schema.event_problems)
        if not any(values):
            raise _error(runs, spec.name, "no successful run has an event in metrics.events")
        for e in (e for events in values for e in events):
            known += [k for k in e if k not in known]
        if spec.metric not in known or spec.metric == "event":
            known.remove("event")
            raise _error(runs, spec.name, f"metrics.events has no numeric field "
                                          f"'{spec.metric}' ({_known(spec.metric, known)})")


def _resolve(runs, d, report):
    """A FigureSpec from a (checked) declaration, with the defaults filled in."""
    kind = d.get("kind")
    x = None
    if kind not in NO_X:
        x = d.get("x") or report.get("x") or next(
            (p for p in runs.varying if runs.numeric(p) and p not in d.get("series", [])
             and p != d.get("facets")), None)
        numeric = x is not None and runs.numeric(x)
        if kind == "line" and not numeric:
            why = f"'{x}' is not numeric" if x else "no numeric parameter varies"
            raise _error(runs, d["name"], f"kind line needs a numeric x; {why} "
                                          f"(use kind = \"bar\")")
        kind = kind or ("line" if numeric else "bar")
    facets = d.get("facets")
    series = d.get("series")
    if series is None:
        series = report.get("series")
        series = [series] if isinstance(series, str) else series
    if series is None:
        series = [p for p in runs.varying if p not in (x, facets)]
    series = [p for p in series if p not in (x, facets)]
    what = label(d["metric"])
    by = ", ".join(_lower(label(p)) for p in ([x] if x else series)) or "run"
    titles = {"line": f"{what} vs {by}", "bar": f"{what} by {by}",
              "timeseries": f"{what} per interval (dashed lines: events)",
              "events": f"{what} per event",
              "cdf": f"Distribution of {_lower(what)}",
              "group": f"{what} over time (dashed lines: events)"}
    spec = FigureSpec(d["name"], kind, d["metric"], runs.column(x),
                      [runs.column(p) for p in series], runs.column(facets),
                      d.get("title") or titles[kind],
                      d.get("ylabel") or ("Fraction of flows completed by then" if kind == "cdf"
                                          else axis_label(d["metric"], "per interval"
                                                          if kind == "timeseries" else "")))
    _check_metric(runs, spec)
    return spec


def is_distribution(v):
    """A distribution metric's value: an object with a list of 101 quantiles (0 % to 100 %)."""
    return (isinstance(v, dict) and isinstance(v.get("quantiles"), list)
            and len(v["quantiles"]) == 101)


def _lower(text):
    """"Load-balancing policy" -> "load-balancing policy"; "DF mode" stays."""
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def _defaults(runs, report):
    """Declarations for a study that declares no figure."""
    metrics = report.get("metrics") or [m for m in runs.scalars if runs.varies(m)]
    out = [{"metric": m} for m in metrics]
    x = report.get("x") or next((p for p in runs.varying if runs.numeric(p)), None)
    facets = x if x in runs.varying else None
    series = [p for p in runs.varying if p != facets]
    for ts in runs.carried(schema.TIMESERIES)[:1]:  # a series outside the schema: an error
        cols = list(schema.columns(ts)) if isinstance(ts, dict) else []
        metric = schema.PRIMARY_COLUMN if schema.PRIMARY_COLUMN in cols or not cols else cols[0]
        out.append({"kind": "timeseries", "metric": metric, "facets": facets, "series": series})
    if any(runs.carried(schema.EVENTS)):
        out.append({"kind": "events", "metric": "broken_ratio", "facets": facets,
                    "series": series})
    for d in out:
        if d.get("facets") is None:
            d.pop("facets", None)
    return out


def resolve(df, figures=None, report=None):
    """The figures of a study's runs: its declarations (default: the study's stored ones,
    else the defaults), checked against the runs. Raises AnalysisError (one line) for a
    declaration that does not fit the data; [] when no run succeeded."""
    runs = _Runs(df)
    if runs.ok.empty:
        return []
    report = (runs.spec.get("report") or {}) if report is None else report
    check_report(report, list(runs.columns), f"study {runs.name}")
    if figures is None:
        figures = runs.spec.get("figures") or []
    params = list(runs.columns)
    if figures:
        decls = check_declarations(figures, params, f"study {runs.name}")
    else:
        decls = check_declarations(_defaults(runs, report), params, f"study {runs.name}")
    return [_resolve(runs, d, report) for d in decls]


def summary_metrics(df, report=None):
    """Columns of the summary table: [report].metrics (each must be a scalar metric of the
    runs), else the scalar metrics of the study's line and bar figures, else every scalar
    metric that varies between runs."""
    runs = _Runs(df)
    report = (runs.spec.get("report") or {}) if report is None else report
    if runs.ok.empty:
        return []
    if report.get("metrics"):
        for m in report["metrics"]:
            if m not in runs.scalars:
                raise AnalysisError(f"study {runs.name}: report.metrics: no scalar metric "
                                    f"'{m}' in the runs ({_known(m, runs.scalars)})")
        return list(report["metrics"])
    declared = [f["metric"] for f in runs.spec.get("figures") or []
                if f.get("kind", "line") in ("line", "bar") and f["metric"] in runs.scalars]
    return list(dict.fromkeys(declared)) or [m for m in runs.scalars if runs.varies(m)]
