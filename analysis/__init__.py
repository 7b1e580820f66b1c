"""Analysis toolkit of ns-3 SFC: sweeps, results database, plots and reports.

Command line: /usr/bin/python3 -m analysis --help (or scripts/sfc-analysis).
From Python:

    from analysis import (Study, sweep, load_runs, summarize, summary_table, plot,
                          make_plots, write_report)
    study = Study(scenario="sfc-stickiness", grid={"policy": "*", "instances": [2, 3]},
                  fixed={"flows": 50}, derived={"servers": "max(4, instances)"},
                  replications=3, name="mine")
    sweep(study, "results/mine/runs.sqlite")
    st, df = load_runs("results/mine/runs.sqlite", "mine")     # pandas DataFrame
    summarize(df)                     # per grid point: n, mean, CI (lo, hi) of every metric
    fig = plot(df, "broken_ratio", x="instances", series="policy")   # a matplotlib Figure

A notebook that does all of this: analysis/examples/explore.ipynb.
"""
import importlib

_EXPORTS = {"ci95": "data", "export_frame": "data", "load_runs": "data", "load_table": "data",
            "summarize": "data", "summary_table": "data", "AnalysisError": "errors",
            "make_plots": "plots", "plot": "plots", "write_report": "report",
            "Scenario": "scenario", "Store": "store", "Study": "study", "sweep": "runner"}

__all__ = sorted(_EXPORTS)


def __getattr__(name):  # imported on first use: the command line starts faster
    if name in _EXPORTS:
        return getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
