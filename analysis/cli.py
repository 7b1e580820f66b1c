"""Command line: /usr/bin/python3 -m analysis COMMAND ... (or scripts/sfc-analysis)."""
import argparse
import pathlib
import sys
import time

from .errors import AnalysisError
from .store import BUILD_POLICIES

PROG = "analysis"


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, like every other error
        raise AnalysisError(f"{message} (see {self.prog} --help)")


def _study_and_db(args):
    """(Study or None, db path, study name or None) from a STUDY argument and --db/--study."""
    from .study import Study
    study = Study.load(args.study_file) if getattr(args, "study_file", None) else None
    name = getattr(args, "study", None) or (study.name if study else None)
    if args.db:
        db = pathlib.Path(args.db)
    elif study is not None:
        db = pathlib.Path("results") / study.name / "runs.sqlite"
    else:
        raise AnalysisError("give a study file or --db")
    return study, db, name


def _add_sweep_options(p):
    p.add_argument("--bin-dir", help="where the scenario programs are "
                                     "(default: $SFC_BIN_DIR or build/bin)")
    p.add_argument("--jobs", "-j", type=int, help="local parallel runs (default: all cores)")
    p.add_argument("--scheduler", metavar="tcp://HOST:PORT",
                   help="run on this existing Dask cluster instead of locally")
    p.add_argument("--scheduler-timeout", type=float, default=15, metavar="SECONDS",
                   help="how long to try reaching the scheduler (default 15)")
    p.add_argument("--on-build-change", choices=BUILD_POLICIES, default="rerun",
                   help="runs stored under another build identity of the program: rerun them "
                        "(default), reuse them, or stop with an error")
    p.add_argument("--no-retry-failed", action="store_true",
                   help="do not run again runs that failed before")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    _add_max_runs(p)


def _add_max_runs(p):
    from .study import DEFAULT_MAX_RUNS
    p.add_argument("--max-runs", type=int, default=DEFAULT_MAX_RUNS, metavar="N",
                   help=f"refuse a study of more runs (default {DEFAULT_MAX_RUNS})")


def _add_db_options(p, study_required=False):
    p.add_argument("study_file", metavar="STUDY", nargs=None if study_required else "?",
                   help="study file (TOML)")
    p.add_argument("--db", help="results database (default: results/<study name>/runs.sqlite)")
    if not study_required:
        p.add_argument("--study", help="study name in the database (if it holds several)")


def parser():
    p = _Parser(prog=PROG, description="Sweeps, results database, plots and reports for the "
                                       "ns-3 SFC scenario programs.")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    s = sub.add_parser("sweep", help="run every run of a study not yet in the database")
    _add_db_options(s, study_required=True)
    _add_sweep_options(s)

    s = sub.add_parser("run", help="sweep, then plots, report and summary table (main job)")
    _add_db_options(s, study_required=True)
    _add_sweep_options(s)
    s.add_argument("--out", help="output folder (default: the database's folder)")

    s = sub.add_parser("status", help="runs done, failed and pending")
    _add_db_options(s)
    s.add_argument("--bin-dir", help="where the scenario programs are")
    _add_max_runs(s)

    s = sub.add_parser("export", help="runs (or a collected table) as CSV")
    _add_db_options(s)
    s.add_argument("--csv", default="-", help="output file (default: standard output)")
    s.add_argument("--table", help="a collected per-run table (e.g. flows) instead of runs")
    s.add_argument("--all-builds", action="store_true",
                   help="include runs of every build identity")

    s = sub.add_parser("plot", help="figures (PNG and PDF), mean and 95 %% CI")
    _add_db_options(s)
    s.add_argument("--out", help="folder (default: figures/ beside the database)")
    s.add_argument("--metric", action="append", help="plot this scalar metric against --x "
                                                     "(repeatable); default: the study's figures")
    s.add_argument("--x", help="parameter on the x axis")
    s.add_argument("--series", action="append", help="parameter(s) making the series")

    s = sub.add_parser("report", help="one self-contained HTML report")
    _add_db_options(s)
    s.add_argument("--out", help="HTML file (default: report.html beside the database)")

    s = sub.add_parser("describe", help="a scenario program's options")
    s.add_argument("scenario")
    s.add_argument("--bin-dir")
    return p


def _print_failures(res, out=sys.stderr):
    if not res.failed:
        return
    print(f"{len(res.failed)} runs failed (recorded in {res.db}; they are run again by the "
          f"next sweep):", file=out)
    for run, err in res.failed[:10]:
        params = ", ".join(f"{k}={v}" for k, v in run.params.items())
        print(f"  {params}: {err}", file=out)
    if len(res.failed) > 10:
        print(f"  ... and {len(res.failed) - 10} more ('status' lists them)", file=out)


def cmd_sweep(args):
    from .runner import sweep
    study, db, _ = _study_and_db(args)
    res = sweep(study, db, bin_dir=args.bin_dir, scheduler=args.scheduler, jobs=args.jobs,
                on_build_change=args.on_build_change, retry_failed=not args.no_retry_failed,
                progress=not args.no_progress, scheduler_timeout=args.scheduler_timeout,
                max_runs=args.max_runs)
    print(f"sweep {res.study}: {res.total} runs, {res.already} already done, {res.ok} ran ok, "
          f"{len(res.failed)} failed, {res.elapsed_s:.1f} s; database {db}")
    _print_failures(res)
    return res


def _load(args, study_name=None):
    """(study row, DataFrame, db) of the runs; a study file given on the command line
    supplies the figures and [report] as it declares them now."""
    from .data import load_runs
    study, db, name = _study_and_db(args)
    st, df = load_runs(db, study_name or name)
    if study is not None:
        st["spec"]["figures"] = study.figures
        st["spec"]["report"] = study.report
    return st, df, db


def cmd_run(args):
    from .data import summary_table
    from .figures import summary_metrics
    from .plots import make_plots
    from .report import write_report
    t0 = time.monotonic()
    res = cmd_sweep(args)
    st, df, db = _load(args, res.study)
    out = pathlib.Path(args.out) if args.out else db.parent
    metrics = summary_metrics(df)
    figures = make_plots(df, out / "figures")
    report = write_report(df, out / "report.html", figures=figures)
    table = summary_table(df, metrics)
    print()
    print(f"Summary of study {st['name']} ({st['scenario']}; mean ± 95 % CI over "
          f"{len(st['spec']['replications'])} replications):")
    print(table.to_string(index=False) if len(table) else "  no successful runs")
    print()
    print(f"figures: {out / 'figures'} ({len(figures)} figures, PNG and PDF"
          + (f": {', '.join(f.name for f in figures)})" if figures else ")"))
    print(f"database: {db}")
    print(f"report: {report}")
    print(f"wall time: {time.monotonic() - t0:.1f} s")
    return res


def cmd_status(args):
    from .data import load_runs
    study, db, name = _study_and_db(args)
    if study is not None:
        from .scenario import Scenario
        from .store import Store
        scenario = Scenario(study.scenario, args.bin_dir)
        if args.max_runs < 1:
            raise AnalysisError("--max-runs must be a positive integer")
        runs = study.runs(scenario, args.max_runs)
        keys = [r.key for r in runs]
        state = {}
        other = 0
        if db.exists():
            store = Store.open(db)
            state = store.finished(keys, scenario.build_id)
            other = store.other_builds(keys, scenario.build_id)
            store.close()
        ok = sum(1 for k in keys if state.get(k) == "ok")
        failed = sum(1 for k in keys if state.get(k) == "failed")
        print(f"study {study.name}: {len(keys)} runs for the current build of {study.scenario} "
              f"({scenario.build_id[:19]}): {ok} done, {failed} failed, "
              f"{len(keys) - ok - failed} pending" + (f"; {other} done by another build"
                                                     if other else ""))
        if not db.exists():
            print(f"no database yet at {db}")
            return None
        from .store import Store
        store = Store.open(db)
        known = [s["name"] for s in store.studies()]
        store.close()
        if name not in known:
            print(f"no sweep of study {name} in {db} yet")
            return None
    st, df = load_runs(db, name)
    ok = int((df["status"] == "ok").sum())
    failed = df[df["status"] != "ok"]
    print(f"database {db}, study {st['name']} (last sweep {st['updated_at']}, build "
          f"{st['build_id'][:19]}, policy {st['build_policy']}): {ok} ok, {len(failed)} failed")
    for _, r in failed.iterrows():
        params = ", ".join(f"{k}={r[k]}" for k in df.attrs["params"] + ["RngRun"])
        print(f"  failed: {params}: {r['error']}")
    return None


def cmd_export(args):
    from .data import export_frame, load_runs, load_table
    _, db, name = _study_and_db(args)
    if args.table:
        df = load_table(db, args.table, name, all_builds=args.all_builds)
    else:
        _, df = load_runs(db, name, all_builds=args.all_builds)
        df = export_frame(df)
    if args.csv == "-":
        df.to_csv(sys.stdout, index=False)
    else:
        pathlib.Path(args.csv).parent.mkdir(parents=True, exist_ok=True)
        df.to_csv(args.csv, index=False)
        print(f"{len(df)} rows written to {args.csv}", file=sys.stderr)


def cmd_plot(args):
    from .plots import make_plots
    st, df, db = _load(args)
    out = pathlib.Path(args.out) if args.out else db.parent / "figures"
    report = dict(st["spec"].get("report") or {})
    report.update({k: v for k, v in (("x", args.x), ("series", args.series)) if v})
    figures = None
    if args.metric:
        figures = [{k: v for k, v in (("metric", m), ("x", args.x), ("series", args.series))
                    if v} for m in args.metric]
    made = make_plots(df, out, figures=figures, report=report)
    if not made:
        raise AnalysisError("no successful runs to plot")
    for f in made:
        print(f"{f.name}: {', '.join(f.files)} (series: {', '.join(f.series)})")


def cmd_report(args):
    from .report import write_report
    _, df, db = _load(args)
    out = pathlib.Path(args.out) if args.out else db.parent / "report.html"
    path = write_report(df, out, figures_dir=out.parent / "figures")
    print(f"report: {path}")


def cmd_describe(args):
    from .scenario import Scenario
    sc = Scenario(args.scenario, args.bin_dir)
    print(f"{sc.name} ({sc.path}), build {sc.build_id[:19]}")
    for o in sc.description["options"]:
        extra = ""
        if o.get("choices"):
            extra = " {" + ", ".join(o["choices"]) + "}"
        elif "min" in o:
            extra = f" [{o['min']:g}, {o['max']:g}]" + (" s" if o["type"] == "time" else "")
        print(f"  {o['name']:<20} {o['type']:<7} default {o['default']!r}{extra}  {o['help']}")


COMMANDS = {"sweep": cmd_sweep, "run": cmd_run, "status": cmd_status, "export": cmd_export,
            "plot": cmd_plot, "report": cmd_report, "describe": cmd_describe}


def main(argv=None):
    try:
        args = parser().parse_args(argv)
        result = COMMANDS[args.command](args)
        if args.command in ("sweep", "run") and result is not None and not result.all_ok:
            return 1
        return 0
    except AnalysisError as e:
        print(f"{PROG}: error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted; every finished run is in the database, run the same "
              f"command again to resume", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 1
