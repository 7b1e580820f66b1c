"""Results as pandas DataFrames, and mean / 95 % confidence intervals over replications."""
import json
import math

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


def summarize(df, by, metrics):
    """One row per combination of `by`: n and, per metric, mean and ci95 (half-width)."""
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
            mean, half, _ = ci95(g[m].tolist())
            row[f"{m}_mean"] = mean
            row[f"{m}_ci95"] = half
        rows.append(row)
    return pd.DataFrame(rows)


def summary_table(df, metrics, by=None):
    """A printable table: the compared factors, n, and "mean ± ci" per metric."""
    by = list(by if by is not None else df.attrs.get("varying", []))
    metrics = [m for m in metrics if m in df.columns]
    s = summarize(df, by, metrics)
    out = pd.DataFrame({k: s[k] for k in by + ["n"]}) if len(s) else pd.DataFrame()
    for m in metrics:
        if len(s):
            out[m] = [fmt_ci(a, b) for a, b in zip(s[f"{m}_mean"], s[f"{m}_ci95"])]
    return out


def fmt_ci(mean, half):
    if mean is None or (isinstance(mean, float) and math.isnan(mean)):
        return "-"
    if half is None or math.isnan(half):
        return f"{mean:.4g}"
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
