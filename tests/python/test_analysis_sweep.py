"""Sweeps end to end: determinism, a real Dask cluster, common random numbers, plots,
report, export and the Python API."""
import json
import os
import socket
import sqlite3
import subprocess
import time

import pytest

from conftest import PYTHON, analysis_env

STUDY = """
name = "small"
scenario = "sfc-stickiness"
replications = 2
[grid]
policy = "*"
instances = [2, 3]
[fixed]
flows = 15
grace = 2.0
[collect]
flows = "flowsCsv"
[report]
metrics = ["stickiness_ratio", "broken_ratio"]
"""


def run_cli(bin_dir, cwd, *args, timeout=600):
    return subprocess.run([PYTHON, "-m", "analysis", *map(str, args)], capture_output=True,
                          text=True, cwd=cwd, env=analysis_env(bin_dir), timeout=timeout)


def metrics_by_key(db):
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        out = {}
        for key, status, metrics, host in con.execute(
                "SELECT run_key, status, metrics, host FROM runs"):
            assert status == "ok"
            assert key not in out
            out[key] = (json.loads(metrics), host)
        return out
    finally:
        con.close()


@pytest.fixture(scope="module")
def policies(bin_dir):
    out = subprocess.run([str(bin_dir / "sfc-stickiness"), "--describeOptions"],
                         capture_output=True, text=True, check=True)
    return next(o for o in json.loads(out.stdout)["options"] if o["name"] == "policy")["choices"]


@pytest.fixture(scope="module")
def local(bin_dir, tmp_path_factory):
    """The small study swept locally, with plots, report and summary (the `run` command)."""
    d = tmp_path_factory.mktemp("local")
    (d / "small.toml").write_text(STUDY)
    out = run_cli(bin_dir, d, "run", "small.toml", "--no-progress")
    assert out.returncode == 0, out.stderr
    return d, out


def test_run_writes_database_figures_report_and_summary(local, policies):
    d, out = local
    db = d / "results" / "small" / "runs.sqlite"
    assert db.exists()
    runs = metrics_by_key(db)
    assert len(runs) == len(policies) * 2 * 2
    assert "Summary of study small" in out.stdout
    for p in policies:
        assert p in out.stdout
    assert "report: results/small/report.html" in out.stdout


def test_same_study_twice_gives_identical_metrics(bin_dir, local, tmp_path):
    d, _ = local
    (tmp_path / "small.toml").write_text(STUDY)
    out = run_cli(bin_dir, tmp_path, "sweep", "small.toml", "--no-progress", "--jobs", "2")
    assert out.returncode == 0, out.stderr
    a = metrics_by_key(d / "results" / "small" / "runs.sqlite")
    b = metrics_by_key(tmp_path / "results" / "small" / "runs.sqlite")
    assert set(a) == set(b)
    for k in a:
        assert a[k][0] == b[k][0]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_dask_cluster_of_separate_processes_gives_the_local_results(bin_dir, local, tmp_path):
    import distributed
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # workers get no package
    procs = []
    try:
        procs.append(subprocess.Popen(
            [PYTHON, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1", "--port",
             str(port), "--no-dashboard"], cwd=tmp_path, env=env,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        for i in range(2):
            wd = tmp_path / f"worker{i}"
            wd.mkdir()
            procs.append(subprocess.Popen(
                [PYTHON, "-m", "distributed.cli.dask_worker", address, "--nthreads", "1",
                 "--no-nanny", "--no-dashboard", "--host", "127.0.0.1", "--name", f"w{i}",
                 "--local-directory", str(wd)], cwd=wd, env=env,
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        deadline = time.monotonic() + 120
        client = None
        while time.monotonic() < deadline:
            try:
                client = client or distributed.Client(address, timeout="2s")
                if len(client.scheduler_info()["workers"]) == 2:
                    break
            except OSError:
                pass
            time.sleep(0.2)
        assert client is not None and len(client.scheduler_info()["workers"]) == 2
        workers = set(client.scheduler_info()["workers"])
        client.close()

        (tmp_path / "small.toml").write_text(STUDY)
        out = run_cli(bin_dir, tmp_path, "sweep", "small.toml", "--no-progress", "--scheduler",
                      address)
        assert out.returncode == 0, out.stderr
        assert f"on Dask scheduler {address}" in out.stderr
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()
    d, _ = local
    a = metrics_by_key(d / "results" / "small" / "runs.sqlite")
    c = metrics_by_key(tmp_path / "results" / "small" / "runs.sqlite")
    assert set(a) == set(c)
    for k in a:
        assert a[k][0] == c[k][0]
    used = {host.split()[-1] for _, host in c.values()}
    assert used == workers, (used, workers)  # both separate worker processes ran runs


def test_common_random_numbers_same_flows_for_every_policy(bin_dir, local, policies):
    d, _ = local
    out = run_cli(bin_dir, d, "export", "small.toml", "--table", "flows", "--csv", "flows.csv")
    assert out.returncode == 0, out.stderr
    import pandas as pd
    flows = pd.read_csv(d / "flows.csv")
    assert set(flows["policy"]) == set(policies)
    for (rng, inst), g in flows.groupby(["RngRun", "instances"]):
        per_policy = {p: sorted(zip(gp["src"], gp["sport"], gp["dst"], gp["dport"],
                                    gp["start_s"].round(9)))
                      for p, gp in g.groupby("policy")}
        first = next(iter(per_policy.values()))
        assert len(first) == 15
        assert all(v == first for v in per_policy.values()), (rng, inst)
    # and different replications see different flows
    starts = {rng: tuple(sorted(g["start_s"])) for rng, g in
              flows[(flows["policy"] == policies[0]) & (flows["instances"] == 2)].groupby("RngRun")}
    assert starts[1] != starts[2]


def test_plots_and_report_from_a_real_sweep(local, policies):
    d, out = local
    figdir = d / "results" / "small" / "figures"
    index = json.loads((figdir / "index.json").read_text())
    figs = {f["name"]: f for f in index["figures"]}
    # no [[figure]]: one per [report].metrics entry vs instances, one line per policy, and
    # the time series the runs carry (no events: no events figure, and no message about it)
    assert list(figs) == ["stickiness_ratio", "broken_ratio", "broken_flows_timeseries"]
    assert "skipped" not in out.stdout + out.stderr and set(index) == {"figures"}
    import matplotlib.image as mpimg
    for name in figs:
        assert figs[name]["series"] == policies
        for ext in ("png", "pdf"):
            p = figdir / f"{name}.{ext}"
            assert p.stat().st_size > 5000, p
        img = mpimg.imread(figdir / f"{name}.png")
        assert img.shape[0] > 200 and img.shape[1] > 200 and img.std() > 0.01
    assert figs["broken_flows_timeseries"]["panels"] == ["instances=2", "instances=3"]
    assert (figdir / "stickiness_ratio.pdf").read_bytes().startswith(b"%PDF")
    html = (d / "results" / "small" / "report.html").read_text()
    assert html.count("data:image/png;base64,") == len(figs)
    assert "src='http" not in html and "href=" not in html  # self-contained
    for p in policies:
        assert f"<td>{p}</td>" in html
    assert "stickiness_ratio" in html and "RngRun" in html and "instances" in html


def test_python_api_and_derived_values(bin_dir, tmp_path):
    from analysis import Study, load_runs, summarize, sweep
    study = Study(scenario="sfc-stickiness", name="api",
                  grid={"policy": ["flow-table", "hash"], "instances": [2, 5]},
                  fixed={"flows": 10, "grace": 2.0},
                  derived={"servers": "max(4, instances)",
                           "sources": lambda p: p["servers"]},
                  where="not (policy == 'hash' and instances == 5)",
                  replications=[3, 7])
    db = tmp_path / "api.sqlite"
    res = sweep(study, db, bin_dir=bin_dir, jobs=2, progress=False)
    assert res.all_ok and res.total == 3 * 2 and res.ok == 6
    st, df = load_runs(db)
    assert st["name"] == "api" and len(df) == 6
    assert sorted(set(df["RngRun"])) == [3, 7]
    five = df[df["instances"] == 5]
    assert set(five["servers"]) == {5} and set(five["sources"]) == {5}
    assert set(df[df["instances"] == 2]["servers"]) == {4}
    assert set(df["flows"]) == {10}          # the metric; the parameter is param.flows
    assert set(df["param.flows"]) == {10}
    s = summarize(df, ["policy", "instances"], ["stickiness_ratio"])
    assert len(s) == 3 and set(s["n"]) == {2}
    again = sweep(study, db, bin_dir=bin_dir, progress=False)
    assert again.already == 6 and again.ran == 0
