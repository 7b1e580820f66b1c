"""Figures (PNG and PDF): mean and 95 % confidence interval over replications.

Every figure is defined against SPEC metric and parameter names; a figure whose
metrics or parameters are not in the study is skipped with a one-line reason.

  stickiness_ratio, broken_ratio   by policy (series) and instance count (x)
  scaling_timeseries               broken flows per interval around scaling events
                                   (metric `time_series`, event times from `events`)
  scaling_events                   broken ratio of each scaling event (metric `events`)
  failover_broken_ratio,           vs heartbeat interval, replication on/off
  failover_takeover_time           (sfc-failover: parameters heartbeat, replication;
                                   metrics broken_ratio, takeover_time_s)

Shapes expected for the scaling metrics (issue 3): `events` is a list of objects, one per
event, with a time (`time_s`, or `at_s`/`t_s`/`time`), optional `function`/`change`
labels and `broken_ratio` (or `broken_flows` and `active_flows`); `time_series` is
either an object of equal-length arrays or a list of objects, with a time key
(`time_s`, `t_s`, `t`, `start_s`) and a broken-flows count (`broken_flows`/`broken`).
"""
import json
import math
import pathlib
from dataclasses import dataclass, field

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from .data import ci95, scalar_metrics  # noqa: E402

SERIES_METRICS = ("time_series", "timeseries", "series")
EVENT_METRICS = ("events", "scaling_events")
TIME_KEYS = ("time_s", "t_s", "t", "start_s", "at_s", "time", "interval_start_s")
BROKEN_KEYS = ("broken_flows", "broken")


@dataclass
class Figure:
    name: str
    title: str
    files: list
    series: list
    panels: list = field(default_factory=list)


@dataclass
class Skipped:
    name: str
    reason: str


# --------------------------------------------------------------------------- helpers

def _label(keys, values):
    if len(keys) == 1 and keys[0] in ("policy",):
        return str(values[0])
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


def _numeric(series):
    return all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in series)


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


_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
_LINESTYLES = ("-", "--", "-.", ":")


def _reps(df):
    n = df.groupby("point").size()
    return f"{n.min()}" if n.min() == n.max() else f"{n.min()}-{n.max()}"


def metric_plot(df, metric, x, series_cols, name, title, out_dir, ylabel=None):
    """Mean and 95 % CI of `metric`: lines over numeric `x` (or bars when x is None)."""
    ok = df[df["status"] == "ok"]
    fig, ax = plt.subplots(figsize=(6.4, 4.2))
    labels = []
    if x is not None:
        groups = list(_groups(ok, series_cols))
        # Series that coincide (e.g. several policies at broken ratio 0) stay visible: each has
        # its own marker and line style, and is shifted sideways by a small fraction of the
        # x spacing (numeric x only; the tick still marks the true value).
        dodge = 0.0
        if _numeric(ok[x]) and len(groups) > 1:
            values = sorted(set(float(v) for v in ok[x]))
            step = min((b - a for a, b in zip(values, values[1:])), default=1.0)
            dodge = 0.25 * step / (len(groups) - 1)
        for i, (key, g) in enumerate(groups):
            xs, means, halves = [], [], []
            for xv, gx in sorted(g.groupby(x), key=lambda t: t[0]):
                m, h, _ = ci95(gx[metric].astype(float).tolist())
                xs.append(float(xv) + (i - (len(groups) - 1) / 2) * dodge if dodge else xv)
                means.append(m)
                halves.append(0.0 if math.isnan(h) else h)
            label = _label(series_cols, key)
            labels.append(label)
            ax.errorbar(xs, means, yerr=halves, capsize=4, label=label,
                        marker=_MARKERS[i % len(_MARKERS)],
                        linestyle=_LINESTYLES[i % len(_LINESTYLES)])
        ax.set_xlabel(x)
        if _numeric(ok[x]) and all(float(v).is_integer() for v in ok[x]):
            ax.set_xticks(sorted(set(ok[x])))
    else:
        means, halves = [], []
        for key, g in _groups(ok, series_cols):
            m, h, _ = ci95(g[metric].astype(float).tolist())
            labels.append(_label(series_cols, key))
            means.append(m)
            halves.append(0.0 if math.isnan(h) else h)
        pos = np.arange(len(labels))
        ax.bar(pos, means, yerr=halves, capsize=4, color=[f"C{i % 10}" for i in pos])
        ax.set_xticks(pos, labels, rotation=30 if len(labels) > 3 else 0, ha="right"
                      if len(labels) > 3 else "center")
    ax.set_ylabel(ylabel or metric)
    ax.set_title(f"{title}\nmean and 95 % CI over {_reps(ok)} replications", fontsize=10)
    ax.grid(True, alpha=0.3)
    if x is not None and labels:
        ax.legend(fontsize=8, title=", ".join(series_cols) if len(series_cols) > 1 else
                  (series_cols[0] if series_cols else None))
    return Figure(name, title, _save(fig, out_dir, name), labels)


def _rows(obj):
    """A time series / event list as a list of dicts (from a list of objects or an object
    of equal-length arrays)."""
    if isinstance(obj, list) and all(isinstance(r, dict) for r in obj):
        return obj
    if isinstance(obj, dict):
        arrays = {k: v for k, v in obj.items() if isinstance(v, list)}
        if arrays and len({len(v) for v in arrays.values()}) == 1:
            n = len(next(iter(arrays.values())))
            return [{k: v[i] for k, v in arrays.items()} for i in range(n)]
    return None


def _key(row, keys):
    for k in keys:
        if k in row:
            return k
    return None


def _first_metric(df, names):
    for n in names:
        if n in df.columns and df[n].map(lambda v: v is not None and not
                                         (isinstance(v, float) and math.isnan(v))).any():
            return n
    return None


# --------------------------------------------------------------------------- figures

def _policy_plots(df, ctx, out_dir):
    figs, skipped = [], []
    for metric, title in (("stickiness_ratio", "Stickiness ratio"),
                          ("broken_ratio", "Broken ratio")):
        name = f"{metric}_by_policy"
        if metric not in ctx["scalars"]:
            skipped.append(Skipped(name, f"no scalar metric '{metric}' in the runs"))
            continue
        if "policy" not in df.columns:
            skipped.append(Skipped(name, "the study has no 'policy' parameter"))
            continue
        x = ctx["x"] if ctx["x"] in df.columns else None
        series = [c for c in ctx["series"] if c != x]
        figs.append(metric_plot(df, metric, x, series, name,
                                f"{title} by policy" + (f" and {x}" if x else ""), out_dir))
    return figs, skipped


def _facet_axes(ok, ctx):
    """A row of panels, one per value of the x parameter (a single one without it):
    (fig, axes, facet column or None, series columns, [(facet value, rows)])."""
    facet = ctx["x"] if ctx["x"] in ok.columns else None
    series = [c for c in ctx["series"] if c != facet]
    facets = list(_groups(ok, [facet] if facet else []))
    fig, axes = plt.subplots(1, len(facets), figsize=(5.2 * len(facets), 4.0), squeeze=False,
                             sharey=True)
    return fig, axes, facet, series, facets


def _panel_done(ax, facet, fkey, panels, **grid):
    """Title a panel with its facet value, grid it and record its name."""
    ax.set_title(_label([facet], fkey) if facet else "", fontsize=9)
    ax.grid(True, alpha=0.3, **grid)
    panels.append(_label([facet], fkey) if facet else "all")


def _finish_facets(fig, axes, name, title, ylabel, ok, out_dir, labels, panels, empty_reason):
    """Label and save a faceted figure; skipped (with the reason) when nothing was drawn.
    Returns (figures, skipped) as the figure functions do."""
    if not labels:
        plt.close(fig)
        return [], [Skipped(name, empty_reason)]
    axes[0][0].set_ylabel(ylabel)
    axes[0][-1].legend(fontsize=8)
    fig.suptitle(f"{title}\nmean and 95 % CI over {_reps(ok)} replications", fontsize=10)
    return [Figure(name, title, _save(fig, out_dir, name), labels, panels)], []


def _scaling_timeseries(df, ctx, out_dir):
    name = "scaling_timeseries"
    ok = df[df["status"] == "ok"]
    metric = _first_metric(ok, SERIES_METRICS)
    if metric is None:
        return [], [Skipped(name, "no per-interval time series metric "
                                  f"({' / '.join(SERIES_METRICS)}) in the runs: needs a "
                                  "scenario with scaling events")]
    fig, axes, facet, series, facets = _facet_axes(ok, ctx)
    labels, panels = [], []
    for ax, (fkey, fg) in zip(axes[0], facets):
        events = set()
        for key, g in _groups(fg, series):
            per_t = {}
            for v in g[metric]:
                rows = _rows(v)
                if not rows:
                    continue
                tk, bk = _key(rows[0], TIME_KEYS), _key(rows[0], BROKEN_KEYS)
                if tk is None or bk is None:
                    continue
                for r in rows:
                    per_t.setdefault(float(r[tk]), []).append(float(r[bk]))
            if not per_t:
                continue
            ts = sorted(per_t)
            stats = [ci95(per_t[t]) for t in ts]
            m = np.array([s[0] for s in stats])
            h = np.array([0.0 if math.isnan(s[1]) else s[1] for s in stats])
            label = _label(series, key)
            if label not in labels:
                labels.append(label)
            line, = ax.plot(ts, m, drawstyle="steps-post", label=label)
            ax.fill_between(ts, m - h, m + h, step="post", alpha=0.2, color=line.get_color())
            for v in g.get(_first_metric(g, EVENT_METRICS) or "__none__", []):
                for e in _rows(v) or []:
                    ek = _key(e, TIME_KEYS)
                    if ek is not None:
                        events.add(float(e[ek]))
        for t in sorted(events):
            ax.axvline(t, color="k", linestyle="--", linewidth=0.8)
        ax.set_xlabel("time (s)")
        _panel_done(ax, facet, fkey, panels)
    return _finish_facets(fig, axes, name, "Broken flows around scaling events (dashed: events)",
                          "broken flows per interval", ok, out_dir, labels, panels,
                          f"metric '{metric}' has no time and broken-flows columns "
                          f"({'/'.join(TIME_KEYS)}; {'/'.join(BROKEN_KEYS)})")


def _scaling_events(df, ctx, out_dir):
    name = "scaling_events"
    ok = df[df["status"] == "ok"]
    metric = _first_metric(ok, EVENT_METRICS)
    if metric is None:
        return [], [Skipped(name, f"no per-event metric ({' / '.join(EVENT_METRICS)}) in the "
                                  "runs: needs a scenario with scaling events")]
    fig, axes, facet, series, facets = _facet_axes(ok, ctx)
    labels, panels = [], []
    for ax, (fkey, fg) in zip(axes[0], facets):
        groups = list(_groups(fg, series))
        width = 0.8 / max(1, len(groups))
        names = None
        for i, (key, g) in enumerate(groups):
            per_event = {}
            for v in g[metric]:
                for j, e in enumerate(_rows(v) or []):
                    if "broken_ratio" in e:
                        r = e["broken_ratio"]
                    elif "broken_flows" in e and e.get("active_flows"):
                        r = e["broken_flows"] / e["active_flows"]
                    else:
                        continue
                    per_event.setdefault(j, []).append(float(r))
                    if names is None or j >= len(names):
                        names = (names or []) + [_event_name(e)]
            if not per_event:
                continue
            idx = sorted(per_event)
            stats = [ci95(per_event[j]) for j in idx]
            label = _label(series, key)
            if label not in labels:
                labels.append(label)
            ax.bar(np.array(idx) + i * width - 0.4 + width / 2, [s[0] for s in stats], width,
                   yerr=[0.0 if math.isnan(s[1]) else s[1] for s in stats], capsize=3,
                   label=label, color=f"C{i % 10}")
        if names:
            ax.set_xticks(range(len(names)), names, fontsize=8)
        _panel_done(ax, facet, fkey, panels, axis="y")
    return _finish_facets(fig, axes, name, "Broken ratio per scaling event",
                          "broken ratio of flows active across the event", ok, out_dir, labels,
                          panels, f"metric '{metric}' has no broken_ratio (or broken_flows "
                                  f"and active_flows) per event")


def _event_name(e):
    tk = _key(e, TIME_KEYS)
    parts = [f"{float(e[tk]):g}s"] if tk else []
    for k in ("event", "function", "change", "kind", "type"):
        if k in e:
            parts.append(str(e[k]))
    return " ".join(parts) or "event"


def _failover_plots(df, ctx, out_dir):
    figs, skipped = [], []
    for metric, title, name in (("broken_ratio", "Broken ratio at primary failure",
                                 "failover_broken_ratio"),
                                ("takeover_time_s", "Takeover time", "failover_takeover_time")):
        if "heartbeat" not in df.columns:
            skipped.append(Skipped(name, "the study has no 'heartbeat' parameter "
                                         "(needs sfc-failover)"))
            continue
        if metric not in ctx["scalars"]:
            skipped.append(Skipped(name, f"no scalar metric '{metric}' in the runs"))
            continue
        series = [c for c in ctx["varying"] if c != "heartbeat"]
        if "replication" in df.columns and "replication" not in series:
            series = ["replication"] + series
        figs.append(metric_plot(df, metric, "heartbeat", series, name,
                                f"{title} vs heartbeat interval", out_dir,
                                ylabel="takeover time (s)" if metric == "takeover_time_s"
                                else None))
    return figs, skipped


FIGURES = (_policy_plots, _scaling_timeseries, _scaling_events, _failover_plots)


def context(df, x=None, series=None):
    """Which parameter is on the x axis and which make the series, from the study."""
    st = df.attrs.get("study", {})
    rep = (st.get("spec") or {}).get("report", {}) if st else {}
    varying = list(df.attrs.get("varying", []))
    x = x or rep.get("x") or ("instances" if "instances" in df.columns else None)
    if x is not None and x not in df.columns:
        x = None
    if series is None:
        series = rep.get("series")
    if series is None:
        series = [c for c in varying if c != x]
        if "policy" in series:
            series = ["policy"] + [c for c in series if c != "policy"]
    elif isinstance(series, str):
        series = [series]
    return {"x": x, "series": [s for s in series if s in df.columns], "varying": varying,
            "scalars": scalar_metrics(df)}


def make_plots(df, out_dir, x=None, series=None, metrics=None):
    """Every figure that applies to the study (or one per metric in `metrics` against x),
    written as PNG and PDF into out_dir; returns (figures, skipped)."""
    out_dir = pathlib.Path(out_dir)
    ok = df[df["status"] == "ok"]
    if ok.empty:
        return [], [Skipped("all", "no successful runs")]
    ctx = context(df, x, series)
    figs, skipped = [], []
    if metrics:
        for m in metrics:
            if m not in ctx["scalars"]:
                skipped.append(Skipped(m, f"no scalar metric '{m}' in the runs"))
                continue
            figs.append(metric_plot(df, m, ctx["x"], [c for c in ctx["series"] if c != ctx["x"]],
                                    m, f"{m}" + (f" vs {ctx['x']}" if ctx["x"] else ""), out_dir))
    else:
        for fn in FIGURES:
            f, s = fn(df, ctx, out_dir)
            figs += f
            skipped += s
    index = {"figures": [f.__dict__ for f in figs], "skipped": [s.__dict__ for s in skipped]}
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "index.json").write_text(json.dumps(index, indent=2))
    return figs, skipped


__all__ = ["Figure", "Skipped", "make_plots", "metric_plot", "pd"]
