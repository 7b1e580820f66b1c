"""Analysis toolkit of ns-3 SFC: sweeps, results database, plots and reports.

Command line: /usr/bin/python3 -m analysis --help (or scripts/sfc-analysis).
From Python:

    from analysis import Study, sweep, load_runs, summary_table, make_plots, write_report
    study = Study(scenario="sfc-stickiness", grid={"policy": "*", "instances": [2, 3]},
                  fixed={"flows": 50}, derived={"servers": "max(4, instances)"},
                  replications=3, name="mine")
    sweep(study, "results/mine/runs.sqlite")
    st, df = load_runs("results/mine/runs.sqlite", "mine")     # pandas DataFrame
"""
from .data import ci95, export_frame, load_runs, load_table, summarize, summary_table
from .errors import AnalysisError
from .plots import make_plots
from .report import write_report
from .scenario import Scenario
from .store import Store
from .study import Study
from .sweep import sweep

__all__ = ["AnalysisError", "Scenario", "Store", "Study", "ci95", "export_frame", "load_runs",
           "load_table", "make_plots", "summarize", "summary_table", "sweep", "write_report"]
