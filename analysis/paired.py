"""Paired differences under common random numbers.

Every grid point of a study runs with the same RngRun values (study.py), so two runs that
differ only in one factor (e.g. the policy) and share RngRun saw the same flows: their
difference in a metric is the factor's effect on that workload, and the differences over
the replications vary much less than the metrics themselves. A study asks for them in
its [report] table:

    [report]
    paired = "policy"      # the factor compared
    baseline = "hash"      # the value every other value is compared with

For every other value v of the factor, every combination of the other parameters that
vary (by), and every summary metric (figures.summary_metrics): the runs with v are paired
with the baseline's run of the same other parameters and the same RngRun; the table gives
the number of pairs n, the mean of the metric with v and with the baseline, the mean
difference (v - baseline) and its 95 % Student-t confidence interval over the pairs
(no interval with fewer than 2 pairs; for a ratio metric, in [0, 1], the interval of the
difference is clipped to [-1, 1]). A run without a partner (failed, or no value) is left
out of the pairs; the report leaves out the metrics no pair has.
"""
import math

import numpy as np
import pandas as pd

from .data import ci95, is_ratio
from .errors import AnalysisError


def check(report, params, where):
    """[report].paired must be a parameter of the study, with a baseline value."""
    if "paired" not in report and "baseline" not in report:
        return
    paired = report.get("paired")
    if not isinstance(paired, str) or paired not in params:
        raise AnalysisError(f"{where}: report.paired must name a parameter of the study "
                            f"({', '.join(params) or 'none'})")
    if "baseline" not in report:
        raise AnalysisError(f"{where}: report.paired = {paired!r} needs report.baseline, the "
                            f"value of {paired} the others are compared with")
    if isinstance(report["baseline"], (dict, list)):
        raise AnalysisError(f"{where}: report.baseline must be one value of {paired}")


def mean_ci(values):
    """(mean, lo, hi, n) of the 95 % Student-t interval (data.ci95); lo = hi = NaN when n < 2."""
    mean, half, n = ci95(values)
    return mean, mean - half, mean + half, n


def _number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool) and v == v


def paired_differences(df, factor, baseline, metrics, by=None):
    """DataFrame of paired differences (module docstring) of a study's runs (data.load_runs).

    factor: a parameter (its name in the study, e.g. "policy"); baseline: one of its values;
    metrics: scalar metric columns; by: the other parameters to keep apart (default: every
    other parameter that varies). Raises AnalysisError when the factor is not a parameter of
    the runs or no run has the baseline value."""
    cols = {c.removeprefix("param."): c for c in df.attrs.get("params", [])}
    if factor not in cols:
        raise AnalysisError(f"paired: '{factor}' is not a parameter of the runs")
    fcol = cols[factor]
    ok = df[df["status"] == "ok"]
    if ok.empty:
        return pd.DataFrame()
    values = list(dict.fromkeys(ok[fcol]))
    if baseline not in values:
        raise AnalysisError(f"paired: no successful run has {factor} = {baseline!r} (the "
                            f"baseline; values: {', '.join(map(str, values))})")
    if by is None:
        by = [c.removeprefix("param.") for c in df.attrs.get("varying", [])]
    by = [cols[b] for b in by if b != factor and b in cols]
    # Everything but the factor identifies a pair: the other parameters and RngRun.
    key_cols = [c for c in df.attrs.get("params", []) if c != fcol] + ["RngRun"]

    def key(row):
        return tuple(repr(row[c]) for c in key_cols)

    base = {key(r): r for _, r in ok[ok[fcol] == baseline].iterrows()}
    rows = []
    groups = ok[ok[fcol] != baseline].groupby(by + [fcol] if by else fcol, sort=False,
                                              dropna=False)
    for gkey, g in groups:
        gkey = gkey if isinstance(gkey, tuple) else (gkey,)
        for m in metrics:
            diffs, mine, theirs = [], [], []
            for _, r in g.iterrows():
                b = base.get(key(r))
                if b is None or not _number(r[m]) or not _number(b[m]):
                    continue
                diffs.append(float(r[m]) - float(b[m]))
                mine.append(float(r[m]))
                theirs.append(float(b[m]))
            mean, lo, hi, n = mean_ci(diffs)
            if n >= 2 and is_ratio(m, mine + theirs):
                # a difference of two ratios lies in [-1, 1], and so does its interval
                lo, hi = max(lo, -1.0), min(hi, 1.0)
            rec = {c.removeprefix("param."): v for c, v in zip(by + [fcol], gkey)}
            rec.update({"metric": m, "baseline": baseline, "n": n,
                        "mean": float(np.mean(mine)) if mine else math.nan,
                        "baseline_mean": float(np.mean(theirs)) if theirs else math.nan,
                        "mean_difference": mean, "ci95_lo": lo, "ci95_hi": hi})
            rows.append(rec)
    return pd.DataFrame(rows)


def report_table(df, report, metrics):
    """The report's paired-difference table for a study's [report] (None when it asks for
    none): paired_differences with the differences formatted "mean [lo, hi]"."""
    if not report.get("paired"):
        return None
    out = paired_differences(df, report["paired"], report["baseline"], metrics)
    if out.empty:
        return out
    out = out[out["n"] > 0]  # a metric the runs do not carry (e.g. goodput of tcp-like)
    def fmt(r):
        if math.isnan(r["ci95_lo"]):
            return f"{r['mean_difference']:.4g}"
        return f"{r['mean_difference']:.4g} [{r['ci95_lo']:.4g}, {r['ci95_hi']:.4g}]"
    out = out.copy()
    out["difference (95 % CI)"] = out.apply(fmt, axis=1)
    return out.drop(columns=["ci95_lo", "ci95_hi", "mean_difference"])


__all__ = ["check", "mean_ci", "paired_differences", "report_table"]
