"""Results as pandas DataFrames, and mean / 95 % confidence intervals over replications.

Intervals (ns3-module/doc/results.rst, "Confidence intervals"): a ratio metric (a name
ending in _ratio, or a ratio RATIO_COUNTS names, whose values all lie in [0, 1]) gets the Wilson score interval over the
counts pooled across the replications when the runs carry its numerator and denominator
(RATIO_COUNTS), else the Student-t interval clipped to [0, 1]; every other metric the
Student-t interval over the replications.
"""
import json
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from .errors import AnalysisError
from .store import Store

#: run columns that come first, before parameters and metrics
RUN_COLUMNS = ["run_id", "study", "scenario", "status", "exit_code", "wall_s", "attempts",
               "build_id", "point", "rep_index", "RngRun", "error", "host", "finished_at"]


def param_column(name, metric_names):
    """Parameter columns keep the option name, prefixed "param." when a metric has that name
    (e.g. the option `flows` next to the metric `flows`)."""
    return f"param.{name}" if name in metric_names or name in RUN_COLUMNS else name


def _open(db):
    return db if isinstance(db, Store) else Store.open(db)


def load_runs(db, study=None, all_builds=False, include_failed=True):
    """(study row, DataFrame): one row per run of the study.

    Columns: RUN_COLUMNS, then the study's parameters, then every metric (scalars as
    numbers, nested objects and arrays as Python objects).
    """
    store = _open(db)
    st, rows = store.study_runs(study, all_builds=all_builds)
    metric_names = []
    for r in rows:
        for k in (r["metrics"] or {}):
            if k not in metric_names:
                metric_names.append(k)
    spec = st["spec"]
    param_names = [k for part in ("grid", "derived", "fixed") for k in (spec.get(part) or {})]
    for r in rows:
        for k in r["params"]:
            if k != "RngRun" and k not in param_names:
                param_names.append(k)
    records = []
    for r in rows:
        if r["status"] != "ok" and not include_failed:
            continue
        rec = {"run_id": r["id"], "study": st["name"], "scenario": r["scenario"],
               "status": r["status"], "exit_code": r["exit_code"], "wall_s": r["wall_s"],
               "attempts": r["attempts"], "build_id": r["build_id"], "point": r["point"],
               "rep_index": r["replication"], "RngRun": r["rng_run"], "error": r["error"],
               "host": r["host"], "finished_at": r["finished_at"]}
        for k in param_names:
            rec[param_column(k, metric_names)] = r["params"].get(k)
        for k in metric_names:
            rec[k] = (r["metrics"] or {}).get(k)
        records.append(rec)
    columns = RUN_COLUMNS + [param_column(k, metric_names) for k in param_names] + metric_names
    df = pd.DataFrame.from_records(records, columns=columns)
    df.attrs["study"] = st
    df.attrs["stderr"] = {r["id"]: r["stderr_tail"] for r in rows
                          if r["status"] != "ok" and r["stderr_tail"]}
    df.attrs["params"] = [param_column(k, metric_names) for k in param_names]
    df.attrs["metrics"] = metric_names
    df.attrs["varying"] = [param_column(k, metric_names) for k in st["spec"].get("varying", [])]
    return st, df


def scalar_metrics(df):
    """Metric columns holding a number (or true/false) in the ok runs: in each of them, or
    null where the run had no value (e.g. no takeover), in at least one."""
    ok = df[df["status"] == "ok"]
    out = []
    for m in df.attrs.get("metrics", []):
        vals = [v for v in ok[m] if v is not None and v == v]
        if vals and all(isinstance(v, (int, float)) for v in vals):
            out.append(m)
    return out


#: ratio metric -> (numerator, denominator) metrics it may be the quotient of, in order of
#: preference (the results schema; the first pair that reproduces every run's value is used)
RATIO_COUNTS = {
    "stickiness_ratio": [("sticky_flows", "flows")],
    "broken_ratio": [("broken_across_events", "flows_across_events"),
                     ("broken_active_flows", "flows_active_at_failure"),
                     ("broken_flows", "active_flows"), ("broken_flows", "flows")],
    "broken_ratio_all": [("broken_flows", "flows")],
}
_Z95 = 1.959963984540054


@dataclass(frozen=True)
class Interval:
    """A point estimate and its 95 % confidence interval [lo, hi] over n runs; method is
    "t" (Student t), "wilson" (Wilson score over pooled counts; mean = pooled ratio),
    "t-clipped" (Student t clipped to [0, 1]) or "" (no interval: fewer than 2 runs)."""
    mean: float
    lo: float
    hi: float
    n: int
    method: str

    @property
    def half(self):
        """Half the interval's width (NaN without an interval)."""
        return (self.hi - self.lo) / 2


def _numbers(values):
    return [float(v) for v in values if v is not None and not isinstance(v, bool)
            and isinstance(v, (int, float)) and not math.isnan(v)]


def is_ratio(metric, values):
    """A ratio metric: its name ends in _ratio or RATIO_COUNTS names it (a ratio of the
    results schema, e.g. broken_ratio_all), and every value lies in [0, 1]."""
    x = _numbers(values)
    return bool(metric) and (metric.endswith("_ratio") or metric in RATIO_COUNTS) and \
        bool(x) and all(0.0 <= v <= 1.0 for v in x)


def wilson(successes, trials, z=_Z95):
    """(lo, hi) of the Wilson score interval of successes / trials (trials > 0)."""
    p = successes / trials
    denom = 1 + z * z / trials
    centre = (p + z * z / (2 * trials)) / denom
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / denom
    lo = 0.0 if successes <= 0 else max(0.0, centre - half)
    hi = 1.0 if successes >= trials else min(1.0, centre + half)
    return lo, hi


def pooled_counts(records, metric):
    """(numerator, denominator) summed over the runs (dicts or DataFrame rows) for the first
    RATIO_COUNTS pair of metric that reproduces every run's value and whose denominators
    sum to more than 0; None when no pair does (or a run lacks the counts)."""
    records = list(records)
    for num, den in RATIO_COUNTS.get(metric, []):
        total = [0, 0]
        for r in records:
            v, a, b = r.get(metric), r.get(num), r.get(den)
            if not all(isinstance(c, (int, float)) and not isinstance(c, bool) and c == c
                       for c in (v, a, b)) or a < 0 or b < a:
                break
            if abs((a / b if b else 0.0) - v) > 1e-9:
                break
            total[0] += a
            total[1] += b
        else:
            if records and total[1] > 0:
                return total[0], total[1]
    return None


def interval(values, metric=None, counts=None):
    """The Interval of a metric's values over replications (see the module's docstring);
    counts: pooled (numerator, denominator) of a ratio metric, when known."""
    x = _numbers(values)
    if is_ratio(metric, x):
        if counts is not None and counts[1] > 0:
            lo, hi = wilson(*counts)
            return Interval(counts[0] / counts[1], lo, hi, len(x), "wilson")
        mean, half, n = ci95(x)
        if math.isnan(half):
            return Interval(mean, math.nan, math.nan, n, "")
        return Interval(mean, max(0.0, mean - half), min(1.0, mean + half), n, "t-clipped")
    mean, half, n = ci95(x)
    return Interval(mean, mean - half, mean + half, n, "t" if n >= 2 else "")


def metric_interval(frame, metric):
    """The Interval of a metric column of a group of runs, with pooled counts from the
    other columns of the runs where RATIO_COUNTS names them."""
    values = frame[metric].tolist()
    counts = None
    if is_ratio(metric, values):
        ok = [r for r in frame.to_dict("records")
              if r.get(metric) is not None and r.get(metric) == r.get(metric)]
        counts = pooled_counts(ok, metric)
    return interval(values, metric, counts)


def ci95(values):
    """(mean, half-width of the 95 % Student-t confidence interval, n); half-width NaN if n < 2."""
    x = np.asarray([v for v in values if v is not None and not
                    (isinstance(v, float) and math.isnan(v))], dtype=float)
    n = len(x)
    if n == 0:
        return math.nan, math.nan, 0
    mean = float(x.mean())
    if n < 2:
        return mean, math.nan, n
    sem = float(x.std(ddof=1)) / math.sqrt(n)
    return mean, float(stats.t.ppf(0.975, n - 1) * sem), n


def summarize(df, by=None, metrics=None):
    """One row per combination of `by` (default: the study's parameters that vary): n and,
    per metric (default: every scalar metric), mean, ci95 (half the interval's width), lo
    and hi (the interval) and method (Interval.method)."""
    by = list(df.attrs.get("varying", []) if by is None else by)
    metrics = scalar_metrics(df) if metrics is None else list(metrics)
    ok = df[df["status"] == "ok"]
    if ok.empty:
        return pd.DataFrame(columns=list(by) + ["n"])
    rows = []
    groups = (ok.groupby(by[0] if len(by) == 1 else list(by), sort=False, dropna=False)
              if by else [((), ok)])
    for key, g in groups:
        key = key if isinstance(key, tuple) else (key,)
        row = dict(zip(by, key))
        row["n"] = len(g)
        for m in metrics:
            iv = metric_interval(g, m)
            row[f"{m}_mean"] = iv.mean
            row[f"{m}_ci95"] = iv.half
            row[f"{m}_lo"] = iv.lo
            row[f"{m}_hi"] = iv.hi
            row[f"{m}_method"] = iv.method
        rows.append(row)
    return pd.DataFrame(rows)


def summary_table(df, metrics, by=None):
    """A printable table: the compared factors, n, and per metric "mean ± half-width"
    (Student t) or "estimate [lo, hi]" (ratio metrics, whose interval is not symmetric)."""
    by = list(by if by is not None else df.attrs.get("varying", []))
    metrics = [m for m in metrics if m in df.columns]
    s = summarize(df, by, metrics)
    out = pd.DataFrame({k: s[k] for k in by + ["n"]}) if len(s) else pd.DataFrame()
    for m in metrics:
        if len(s):
            out[m] = [fmt_ci(a, b, lo, hi, how) for a, b, lo, hi, how in
                      zip(s[f"{m}_mean"], s[f"{m}_ci95"], s[f"{m}_lo"], s[f"{m}_hi"],
                          s[f"{m}_method"])]
    return out


def fmt_ci(mean, half, lo=None, hi=None, method="t"):
    if mean is None or (isinstance(mean, float) and math.isnan(mean)):
        return "-"
    if half is None or math.isnan(half):
        return f"{mean:.4g}"
    if method in ("wilson", "t-clipped"):
        return f"{mean:.4g} [{lo:.2g}, {hi:.2g}]"
    return f"{mean:.4g} ± {half:.2g}"


def export_frame(df):
    """The DataFrame with nested values as JSON text (for CSV)."""
    out = df.copy()
    for c in out.columns:
        if out[c].map(lambda v: isinstance(v, (list, dict))).any():
            out[c] = out[c].map(lambda v: json.dumps(v) if isinstance(v, (list, dict)) else v)
    return out


def load_table(db, table, study=None, all_builds=False):
    """A collected per-run table (e.g. per-flow rows) joined with each run's parameters."""
    store = _open(db)
    st, df = load_runs(store, study, all_builds=all_builds, include_failed=False)
    if table not in store.tables():
        raise AnalysisError(f"{store.path} has no table {table!r} (tables: "
                            f"{', '.join(store.tables()) or 'none; see collect in the study'})")
    keep = ["run_id", "RngRun"] + df.attrs["params"]
    runs = df[keep].set_index("run_id")
    rows = []
    for rid, idx, data in store.run_rows(df["run_id"].tolist(), table):
        rec = runs.loc[rid].to_dict()
        rec["run_id"] = rid
        rec["row"] = idx
        for k, v in data.items():
            rec[k if k not in rec else f"{table}.{k}"] = v
        rows.append(rec)
    return pd.DataFrame(rows)
