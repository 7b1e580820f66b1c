"""Figures (PNG and PDF): mean and 95 % confidence interval over replications (ratio
metrics: Wilson score over the pooled counts, or Student t clipped to [0, 1]; data.py).

What is drawn comes from the study (figures.py: its `[[figure]]` declarations or the
defaults derived from the runs); per-event metrics and time series are read in the one
results schema (schema.py). Every figure is written as NAME.png and NAME.pdf, and
index.json lists them.
"""
import json
import math
import pathlib
import sys
from dataclasses import dataclass, field

import matplotlib

if "ipykernel" not in sys.modules:  # a notebook keeps its inline backend
    matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from . import schema  # noqa: E402
from .data import interval, is_ratio, metric_interval, pooled_counts  # noqa: E402
from .errors import AnalysisError  # noqa: E402
from .figures import FigureSpec, resolve  # noqa: E402
from .labels import axis_label, label as readable  # noqa: E402


@dataclass
class Figure:
    """A figure made: its files, the series labels and the panel labels."""
    name: str
    title: str
    files: list
    series: list
    panels: list = field(default_factory=list)
    kind: str = ""
    metric: str = ""


_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
_LINESTYLES = ("-", "--", "-.", ":")


# --------------------------------------------------------------------------- helpers

def _label(keys, values):
    """A series label: the value alone for one text parameter, else "name=value, ..."."""
    keys = [k.removeprefix("param.") for k in keys]
    if len(keys) == 1 and isinstance(values[0], str):
        return values[0]
    return ", ".join(f"{k}={_fmt(v)}" for k, v in zip(keys, values)) or "all runs"


def _fmt(v):
    if isinstance(v, bool):
        return "on" if v else "off"
    if isinstance(v, float):
        return f"{v:g}"
    return str(v)


def _groups(df, cols):
    if not cols:
        yield (), df
        return
    by = cols[0] if len(cols) == 1 else list(cols)
    for key, g in df.groupby(by, sort=False, dropna=False):
        yield (key if isinstance(key, tuple) else (key,)), g


def _err(iv):
    """(mean, distance down to lo, distance up to hi): 0 without an interval."""
    if math.isnan(iv.lo):
        return iv.mean, 0.0, 0.0
    return iv.mean, iv.mean - iv.lo, iv.hi - iv.mean


def _save(fig, out_dir, name):
    out_dir.mkdir(parents=True, exist_ok=True)
    files = []
    for ext in ("png", "pdf"):
        p = out_dir / f"{name}.{ext}"
        kw = {"dpi": 110} if ext == "png" else {"metadata": {"CreationDate": None}}
        fig.savefig(p, bbox_inches="tight", **kw)
        files.append(str(p))
    plt.close(fig)
    return files


def _ci_note(ok, spec):
    """The heading's second line: what the error bars are."""
    if spec.kind == "cdf":
        return f"quantiles averaged over {_reps(ok)} replications"
    if spec.kind == "group":
        return f"mean over {_reps(ok)} replications"
    note = f"mean and 95 % CI over {_reps(ok)} replications"
    if spec.kind in ("line", "bar", "events") and is_ratio(spec.metric, _metric_values(ok, spec)):
        note += " (ratios: Wilson score, or t clipped to [0, 1])"
    return note


def _metric_values(ok, spec):
    if spec.kind == "events":
        return [e.get(spec.metric) for v in ok[schema.EVENTS] if isinstance(v, list) for e in v]
    return list(ok[spec.metric])


def _reps(df):
    n = df.groupby("point").size()
    return f"{n.min()}" if n.min() == n.max() else f"{n.min()}-{n.max()}"


def _numeric(values):
    return all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values)


# --------------------------------------------------------------------------- one panel per kind

def _line(ax, ok, spec):
    """Mean and CI of the metric over numeric x, one line per series."""
    groups = list(_groups(ok, spec.series))
    # Series that coincide (e.g. several at broken ratio 0) stay visible: each has its own
    # marker and line style and is shifted sideways by a small fraction of the x spacing.
    values = sorted(set(float(v) for v in ok[spec.x]))
    step = min((b - a for a, b in zip(values, values[1:])), default=1.0)
    dodge = 0.25 * step / (len(groups) - 1) if len(groups) > 1 else 0.0
    labels = []
    for i, (key, g) in enumerate(groups):
        xs, stats = [], []
        for xv, gx in sorted(g.groupby(spec.x), key=lambda t: t[0]):
            stats.append(_err(metric_interval(gx, spec.metric)))
            xs.append(float(xv) + (i - (len(groups) - 1) / 2) * dodge)
        labels.append(_label(spec.series, key))
        ax.errorbar(xs, [s[0] for s in stats], yerr=[[s[1] for s in stats], [s[2] for s in stats]],
                    capsize=4, label=labels[-1],
                    marker=_MARKERS[i % len(_MARKERS)],
                    linestyle=_LINESTYLES[i % len(_LINESTYLES)])
    ax.set_xlabel(axis_label(spec.x))
    if all(float(v).is_integer() for v in values):
        ax.set_xticks(values)
    return labels


def _grouped_bars(ax, groups, categories, interval_of):
    """Bars of mean and CI: one group per category, one bar per series in each
    (interval_of(group, category index): its data.Interval)."""
    width = 0.8 / max(1, len(groups))
    labels = []
    for i, (label, g) in enumerate(groups):
        stats = [_err(interval_of(g, c)) for c in range(len(categories))]
        pos = np.arange(len(categories)) + (i - (len(groups) - 1) / 2) * width
        colors = ([f"C{c % 10}" for c in range(len(categories))] if len(groups) == 1
                  else f"C{i % 10}")
        ax.bar(pos, [s[0] for s in stats], width,
               yerr=[[s[1] for s in stats], [s[2] for s in stats]], capsize=3,
               label=label, color=colors)
        labels.append(label)
    ax.set_xticks(range(len(categories)), categories, fontsize=8,
                  rotation=30 if len(categories) > 4 else 0,
                  ha="right" if len(categories) > 4 else "center")
    return labels


def _bar(ax, ok, spec):
    """Mean and CI of the metric over the values of x (or over the series without x)."""
    # A series without a value of the metric (e.g. goodput of a traffic that has none) has
    # no bar.
    groups = [(_label(spec.series, k), g) for k, g in _groups(ok, spec.series)
              if any(v is not None and v == v for v in g[spec.metric])]
    if spec.x is None:  # one bar per series, named on the axis
        _grouped_bars(ax, [("", ok)], [label for label, _ in groups],
                      lambda _, c: metric_interval(groups[c][1], spec.metric))
        return [label for label, _ in groups]
    cats = list(dict.fromkeys(ok[spec.x]))
    if _numeric(cats):
        cats.sort()
    ax.set_xlabel(axis_label(spec.x))
    return _grouped_bars(ax, groups, [_fmt(c) for c in cats],
                         lambda g, c: metric_interval(g[g[spec.x] == cats[c]], spec.metric))


def _event_interval(runs, i, metric):
    """The Interval of an event field over the runs' i-th events (a ratio field with the
    counts pooled from the events' own fields, e.g. broken_flows / active_flows)."""
    events = [events[i] for events in runs
              if isinstance(events, list) and i < len(events) and metric in events[i]]
    values = [e[metric] for e in events]
    counts = pooled_counts(events, metric) if is_ratio(metric, values) else None
    return interval(values, metric, counts)


def _events(ax, ok, spec):
    """A field of metrics.events per event (by position in the run's event list)."""
    first = max((v for v in ok[schema.EVENTS] if isinstance(v, list)), key=len, default=[])
    names = [f"{e['time_s']:g}s {e['event']}" for e in first]
    groups = [(_label(spec.series, k), list(g[schema.EVENTS]))
              for k, g in _groups(ok, spec.series)]
    ax.set_xlabel("Event (simulated time and what happened)")
    return _grouped_bars(ax, groups, names, lambda g, c: _event_interval(g, c, spec.metric))


def _timeseries(ax, ok, spec):
    """A time-series column per interval: mean and CI band over the runs, events dashed."""
    labels = []
    events = set()
    for key, g in _groups(ok, spec.series):
        per_t = {}
        for ts in g[schema.TIMESERIES]:
            if not isinstance(ts, dict):
                continue
            for t, v in zip(ts["time_s"], schema.columns(ts).get(spec.metric, [])):
                per_t.setdefault(float(t), []).append(v)
        if schema.EVENTS in g:
            events.update(float(e["time_s"]) for v in g[schema.EVENTS]
                          if isinstance(v, list) for e in v)
        if not per_t:
            continue
        ts = sorted(per_t)
        stats = [_err(interval(per_t[t], spec.metric)) for t in ts]
        m = np.array([s[0] for s in stats])
        labels.append(_label(spec.series, key))
        line, = ax.plot(ts, m, drawstyle="steps-post", label=labels[-1])
        ax.fill_between(ts, m - np.array([s[1] for s in stats]),
                        m + np.array([s[2] for s in stats]), step="post", alpha=0.2,
                        color=line.get_color())
    for t in sorted(events):
        ax.axvline(t, color="k", linestyle="--", linewidth=0.8)
    ax.set_xlabel(axis_label("time_s"))
    return labels


def _cdf(ax, ok, spec):
    """A distribution metric's CDF per series: each quantile averaged over the runs that
    carry the distribution (runs without it, e.g. another traffic kind, are left out)."""
    from .figures import is_distribution
    labels = []
    probs = np.linspace(0.0, 1.0, 101)
    for i, (key, g) in enumerate(_groups(ok, spec.series)):
        dists = [v for v in g[spec.metric] if is_distribution(v)]
        if not dists:
            continue
        mean_q = np.mean(np.asarray([v["quantiles"] for v in dists], dtype=float), axis=0)
        n = sum(v["count"] for v in dists)
        # A distribution of the completed flows among "flows" in all: the curve is the
        # fraction of every flow, so it tops out at the fraction that completed.
        total = sum(v.get("flows", v["count"]) for v in dists)
        share = n / total if total else 1.0
        labels.append(_label(spec.series, key))
        ax.plot(mean_q, probs * share, drawstyle="steps-post",
                linestyle=_LINESTYLES[i % len(_LINESTYLES)],
                label=f"{labels[-1]} ({len(dists)} runs, {n} of {total} flows completed)")
    ax.set_xlabel(axis_label(spec.metric))
    ax.ticklabel_format(axis="x", useOffset=False)
    ax.set_ylim(0, 1.02)
    return labels


def _group(ax, ok, spec):
    """Every column of a time-series group: its mean over the runs per interval, one line
    per column (colour) and series (line style), events dashed."""
    labels = []
    events = set()
    columns = []
    for ts in ok[schema.TIMESERIES]:
        if isinstance(ts, dict) and isinstance(ts.get(spec.metric), dict):
            columns += [c for c in ts[spec.metric] if c not in columns]
    for i, (key, g) in enumerate(_groups(ok, spec.series)):
        if schema.EVENTS in g:
            events.update(float(e["time_s"]) for v in g[schema.EVENTS]
                          if isinstance(v, list) for e in v)
        for j, col in enumerate(columns):
            per_t = {}
            for ts in g[schema.TIMESERIES]:
                if not isinstance(ts, dict) or col not in (ts.get(spec.metric) or {}):
                    continue
                for t, v in zip(ts["time_s"], ts[spec.metric][col]):
                    per_t.setdefault(float(t), []).append(v)
            if not per_t:
                continue
            ts_ = sorted(per_t)
            name = col if not spec.series else f"{_label(spec.series, key)}: {col}"
            labels.append(name)
            ax.plot(ts_, [float(np.mean(per_t[t])) for t in ts_], drawstyle="steps-post",
                    color=f"C{j % 10}", linestyle=_LINESTYLES[i % len(_LINESTYLES)],
                    label=name)
    for t in sorted(events):
        ax.axvline(t, color="k", linestyle="--", linewidth=0.8)
    ax.set_xlabel(axis_label("time_s"))
    return labels


_DRAW = {"line": _line, "bar": _bar, "events": _events, "timeseries": _timeseries,
         "cdf": _cdf, "group": _group}


# --------------------------------------------------------------------------- figures

def draw(ok, spec, out_dir):
    """One figure: a panel per value of spec.facets (one panel without), saved as PNG and
    PDF in out_dir."""
    fig, labels, panels = _render(ok, spec)
    return Figure(spec.name, spec.title, _save(fig, out_dir, spec.name), labels, panels,
                  spec.kind, spec.metric)


def _render(ok, spec):
    """(matplotlib figure, series labels, panel labels) of one FigureSpec."""
    facets = list(_groups(ok, [spec.facets] if spec.facets else []))
    n = len(facets)
    # constrained layout keeps the heading, panel titles, labels and legend apart
    fig, axes = plt.subplots(1, n, figsize=(6.4, 4.2) if n == 1 else (5.2 * n, 4.0),
                             squeeze=False, sharey=True, layout="constrained")
    labels, panels = [], []
    for ax, (fkey, fg) in zip(axes[0], facets):
        for label in _DRAW[spec.kind](ax, fg, spec):
            if label not in labels:
                labels.append(label)
        panel = _label([spec.facets], fkey) if spec.facets else "all"
        panels.append(panel)
        if spec.facets:
            ax.set_title(f"{readable(spec.facets)} = {_fmt(fkey[0])}", fontsize=9)
        ax.grid(True, alpha=0.3, **({"axis": "y"} if spec.kind in ("bar", "events") else {}))
    axes[0][0].set_ylabel(spec.ylabel)
    if (spec.series or spec.kind == "group") and (spec.kind != "bar" or spec.x):
        axes[0][-1].legend(fontsize=8, title=", ".join(readable(s) for s in spec.series),
                           title_fontsize=8, loc="upper left", bbox_to_anchor=(1.02, 1.0),
                           borderaxespad=0.0)
    fig.suptitle(f"{spec.title}\n{_ci_note(ok, spec)}", fontsize=10)
    return fig, labels, panels


def plot(df, metric, kind=None, x=None, series=None, facets=None, title=None, ylabel=None,
         save=None):
    """One figure of a study's runs (data.load_runs), for notebooks: returns the matplotlib
    Figure (a notebook shows it; it is not left open in pyplot). The arguments are the keys
    of a [[figure]] declaration (figures.py), checked the same way (AnalysisError, one line);
    defaults as there (kind line over a numeric x, else bar; series: the other parameters
    that vary). save: a directory to write NAME.png and NAME.pdf into as well.

        fig = plot(df, "broken_ratio", x="instances", series="policy")
    """
    decl = {k: v for k, v in (("metric", metric), ("kind", kind), ("x", x), ("series", series),
                              ("facets", facets), ("title", title), ("ylabel", ylabel))
            if v is not None}
    spec = resolve(df, [decl])
    if not spec:
        raise AnalysisError("no successful run to plot")
    ok = df[df["status"] == "ok"]
    fig, _, _ = _render(ok, spec[0])
    if save is not None:
        out_dir = pathlib.Path(save)
        out_dir.mkdir(parents=True, exist_ok=True)
        for ext in ("png", "pdf"):
            kw = {"dpi": 110} if ext == "png" else {"metadata": {"CreationDate": None}}
            fig.savefig(out_dir / f"{spec[0].name}.{ext}", bbox_inches="tight", **kw)
    plt.close(fig)
    return fig


def make_plots(df, out_dir, figures=None, report=None):
    """The study's figures (figures: declarations instead of the study's own; report: its
    [report] table instead of the stored one), written as PNG and PDF into out_dir with an
    index.json; returns the list of Figure. Every declaration is checked against the runs
    before anything is drawn (AnalysisError, one line); no successful run: no figure."""
    specs = resolve(df, figures, report)
    ok = df[df["status"] == "ok"]
    made = [draw(ok, s, pathlib.Path(out_dir)) for s in specs]
    out_dir = pathlib.Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "index.json").write_text(json.dumps({"figures": [f.__dict__ for f in made]},
                                                   indent=2))
    return made


__all__ = ["AnalysisError", "Figure", "FigureSpec", "draw", "make_plots", "plot"]
