"""Run a study: every run not already in the database, in parallel, on Dask.

Local by default (an in-process Dask cluster with one thread per core; each thread
drives one scenario process), or on an existing Dask cluster (`scheduler`). Results
are committed one run at a time as they finish.
"""
import csv
import io
import logging
import os
import sys
import time
from dataclasses import dataclass, field

from . import worker
from .errors import AnalysisError
from .scenario import Scenario
from .store import BUILD_POLICIES, Store
from .study import DEFAULT_MAX_RUNS, _short


@dataclass
class SweepResult:
    study: str
    db: str
    build_id: str
    total: int = 0
    already: int = 0
    ran: int = 0
    ok: int = 0
    failed: list = field(default_factory=list)   # [(Run, error line)]
    elapsed_s: float = 0.0
    where: str = ""

    @property
    def all_ok(self):
        return not self.failed


def local_cores():
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def _parse_csv(text):
    rows = []
    for row in csv.DictReader(io.StringIO(text)):
        out = {}
        for k, v in row.items():
            try:
                out[k] = int(v)
            except (TypeError, ValueError):
                try:
                    out[k] = float(v)
                except (TypeError, ValueError):
                    out[k] = v
        rows.append(out)
    return rows


def _quiet_dask():
    for name in ("distributed", "distributed.worker", "distributed.scheduler",
                 "distributed.nanny", "distributed.core", "distributed.comm",
                 "distributed.http.proxy", "tornado"):
        logging.getLogger(name).setLevel(logging.ERROR)


def connect(scheduler=None, jobs=None, timeout=15):
    """A Dask client: to `scheduler` (tcp://host:port) or to a new in-process local cluster."""
    _quiet_dask()
    import distributed
    if scheduler:
        try:
            client = distributed.Client(scheduler, timeout=f"{timeout}s")
        except (OSError, TimeoutError, ValueError) as e:
            raise AnalysisError(f"cannot reach the Dask scheduler at {scheduler}: "
                                f"{str(e).splitlines()[0] if str(e) else type(e).__name__}") \
                from None
        try:
            client.wait_for_workers(1, timeout=60)
        except (TimeoutError, OSError):
            client.close()
            raise AnalysisError(f"the Dask scheduler at {scheduler} has no workers") from None
        # workers need nothing of this package: ship the worker module by value
        import cloudpickle
        cloudpickle.register_pickle_by_value(worker)
        return client, None, f"Dask scheduler {scheduler}"
    jobs = jobs or local_cores()
    cluster = distributed.LocalCluster(n_workers=1, threads_per_worker=jobs, processes=False,
                                       dashboard_address=None)
    return distributed.Client(cluster), cluster, f"{jobs} local core{'s' * (jobs > 1)}"


def sweep(study, db, bin_dir=None, scheduler=None, jobs=None, on_build_change="rerun",
          retry_failed=True, progress=True, log=sys.stderr, scheduler_timeout=15,
          max_runs=DEFAULT_MAX_RUNS):
    """Run every run of `study` that `db` does not hold yet; returns a SweepResult.

    on_build_change: what to do with runs stored under another build identity of the
    program: "rerun" them (default; old rows stay, marked by their build), "reuse" them,
    or raise an "error". max_runs: the most runs the study may have. Everything is
    validated before the database is opened: every parameter against the program's
    --describeOptions, then every grid point by the program itself (--checkOptions).
    Temporary folders of runs killed with an earlier sweep are removed.
    """
    if on_build_change not in BUILD_POLICIES:
        raise AnalysisError(f"on_build_change must be one of {', '.join(BUILD_POLICIES)}")
    if jobs is not None and (not isinstance(jobs, int) or jobs < 1):
        raise AnalysisError("jobs must be a positive integer")
    t0 = time.monotonic()
    scenario = Scenario(study.scenario, bin_dir)
    if not isinstance(max_runs, int) or isinstance(max_runs, bool) or max_runs < 1:
        raise AnalysisError("max_runs must be a positive integer")
    runs = study.runs(scenario, max_runs)            # validates every parameter
    spec = study.spec(scenario)
    _check_points(study, scenario, runs, jobs)
    build_id = scenario.build_id
    client = cluster = None
    if scheduler:                                    # unreachable cluster: database untouched
        client, cluster, where = connect(scheduler, jobs, scheduler_timeout)
    try:
        store = Store(db)
        origin = spec["origin"]
        stored = store.study_origin(study.name)
        if stored is not None and stored != origin:
            store.close()
            raise AnalysisError(f"{db} already holds study '{study.name}' from {stored}; "
                                f"{study.origin} has the same name (give it another name = "
                                f"\"...\" or another --db)")
        worker.clean_stale_workdirs()
        keys = [r.key for r in runs]
        mine = store.finished(keys, build_id)
        other = store.other_builds(keys, build_id)
        if other and on_build_change == "error":
            raise AnalysisError(f"{db}: {other} runs of this study were made by another build "
                                f"of {scenario.name} (now {build_id[:19]}); use "
                                f"--on-build-change=rerun or reuse")
        done = dict(mine)
        if on_build_change == "reuse":
            for k, s in store.finished(keys, None).items():
                if s == "ok":
                    done[k] = "ok"
        pending = [r for r in runs if done.get(r.key) != "ok"
                   and (retry_failed or done.get(r.key) != "failed")]
        store.save_study(study, spec, runs, build_id, on_build_change, scenario.path)
        res = SweepResult(study.name, str(db), build_id, total=len(runs),
                          already=len(runs) - len(pending))
        points = len({r.point for r in runs})
        if not scheduler:
            where = f"{jobs or local_cores()} local core{'s' * ((jobs or local_cores()) > 1)}"
        res.where = where
        print(f"sweep {study.name}: {len(runs)} runs of {scenario.name} ({points} points x "
              f"{len(study.rng_runs)} replications), {res.already} already in {db}, "
              f"{len(pending)} to run on {where}"
              + (f"; {other} runs of another build not reused" if other and
                 on_build_change == "rerun" else ""), file=log, flush=True)
        if pending:
            if client is None:
                client, cluster, _ = connect(None, jobs)
            _execute(client, scenario, study, runs_by_key={r.key: r for r in pending},
                     store=store, build_id=build_id, res=res, progress=progress, log=log,
                     local=not scheduler)
        store.close()
    finally:
        if client is not None:
            client.close()
        if cluster is not None:
            cluster.close()
    res.elapsed_s = time.monotonic() - t0
    return res


def _check_points(study, scenario, runs, jobs):
    """Every grid point as the program sees it (--checkOptions), before any run is recorded."""
    points = {}
    for r in runs:
        points.setdefault(r.point, {k: v for k, v in r.params.items() if k != "RngRun"})
    rejected = scenario.check_all([points[i] for i in sorted(points)], study.collect, jobs)
    if rejected:
        i, error = rejected[0]
        grid = {k: points[i][k] for k in study.grid if k in points[i]}
        what = _short(grid) if grid else "the fixed parameters"
        more = f" (and {len(rejected) - 1} more grid points)" if len(rejected) > 1 else ""
        raise AnalysisError(f"{study.origin}: {scenario.name} rejects {what}: {error}{more}")


# Options whose product estimates what a run costs: the packets it simulates grow with
# the flows and with each flow's length (in packets, or in simulated time).
COST_FACTORS = ("flows", "flowPackets", "duration")


def estimated_cost(scenario, params):
    """A run's relative cost: the product of its COST_FACTORS (the study's value, else the
    program's default; options the program lacks count 1). Only compares runs of one study."""
    options = scenario.options
    cost = 1.0
    for name in COST_FACTORS:
        value = params.get(name, options.get(name, {}).get("default"))
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            continue
        cost *= max(float(value), 1e-9)
    return cost


def longest_first(runs, scenario):
    """The runs in submission order: highest estimated cost first, ties in study order
    (grid point, replication). Deterministic; a run's parameters, and so its results, do
    not depend on it. With more runs than jobs, the longest ones no longer start last and
    keep one core busy alone at the end."""
    indexed = list(enumerate(runs))
    indexed.sort(key=lambda ir: (-estimated_cost(scenario, ir[1].params), ir[0]))
    return [r for _, r in indexed]


def _execute(client, scenario, study, runs_by_key, store, build_id, res, progress, log, local):
    import distributed

    futures = {}
    ordered = longest_first(list(runs_by_key.values()), scenario)
    for rank, run in enumerate(ordered):
        key = run.key
        task = {"path": str(scenario.path), "scenario": scenario.name,
                "args": scenario.args({k: v for k, v in run.params.items() if k != "RngRun"}),
                "rng_run": run.rng_run, "build_id": build_id, "timeout_s": float(study.timeout),
                "collect": dict(study.collect)}
        # Dask runs higher priorities first; submission order alone is a weaker promise.
        fut = client.submit(worker.run_one, task, pure=False, priority=len(ordered) - rank,
                            key=f"sfc-run-{key[:24]}-{os.getpid()}-{time.time_ns()}")
        futures[fut] = run
    bar = _Progress(len(futures), log, progress)
    failed = 0
    try:
        for fut in distributed.as_completed(list(futures)):
            run = futures[fut]
            try:
                result = fut.result()
            except Exception as e:  # a lost worker, a cancelled task
                result = {"status": "failed", "error": f"Dask: {type(e).__name__}: {e}"
                          .splitlines()[0]}
            if result.get("status") == "ok" and result.get("tables"):
                result["table_rows"] = {k: _parse_csv(v) for k, v in result["tables"].items()}
            store.record(run, scenario.name, build_id, result)
            res.ran += 1
            if result.get("status") == "ok":
                res.ok += 1
            else:
                failed += 1
                res.failed.append((run, result.get("error") or "failed"))
            bar.update(res.ok, failed)
    except BaseException:
        client.cancel(list(futures))
        if local:
            worker.kill_running()   # runs of the in-process cluster; recorded: none of them
        raise
    finally:
        bar.close()


class _Progress:
    """tqdm bar on a terminal (done/failed/remaining, elapsed<ETA); on a pipe or file, a
    plain line at most every 10 s and at the end."""

    def __init__(self, total, log, enabled):
        from tqdm import tqdm
        self.total, self.log, self.enabled = total, log, enabled
        self.tty = enabled and hasattr(log, "isatty") and log.isatty()
        self.start = self.last = time.monotonic()
        self.bar = tqdm(total=total, unit="run", file=log, mininterval=0.5, dynamic_ncols=True,
                        bar_format="{l_bar}{bar}| {n_fmt}/{total_fmt} [{elapsed}<{remaining}]"
                                   "{postfix}") if self.tty else None
        self.n = 0

    def update(self, ok, failed):
        from tqdm import tqdm
        self.n += 1
        text = f"done={ok} failed={failed} remaining={self.total - self.n}"
        if self.bar is not None:
            self.bar.set_postfix_str(text, refresh=False)
            self.bar.update(1)
        elif self.enabled:
            now = time.monotonic()
            if now - self.last >= 10 or self.n == self.total:
                self.last = now
                meter = tqdm.format_meter(self.n, self.total, now - self.start, unit="run",
                                          bar_format="{n_fmt}/{total_fmt} runs "
                                                     "[{elapsed}<{remaining}]")
                print(f"  {meter} {text}", file=self.log, flush=True)

    def close(self):
        if self.bar is not None:
            self.bar.close()
