"""Results database: resume after a killed sweep, failed runs, build identity changes."""
import hashlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import time

from conftest import PYTHON, analysis_env


def rows(db, where="1"):
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return [dict(zip(("id", "run_key", "build_id", "status", "exit_code", "attempts", "error",
                          "stderr_tail", "metrics", "finished_at", "params"), r))
                for r in con.execute("SELECT id, run_key, build_id, status, exit_code, attempts,"
                                     " error, stderr_tail, metrics, finished_at, params FROM runs"
                                     f" WHERE {where} ORDER BY id")]
    finally:
        con.close()


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None


def test_resume_after_kill_loses_and_duplicates_nothing(bin_dir, tmp_path, cli, write_study):
    study = write_study("""
scenario = "sfc-stickiness"
replications = 5
[grid]
policy = ["flow-table", "hash"]
instances = [2, 3]
[fixed]
flows = 40
grace = 2.0
""")
    db = tmp_path / "runs.sqlite"
    proc = subprocess.Popen([PYTHON, "-m", "analysis", "sweep", str(study), "--db", str(db),
                             "--jobs", "2", "--no-progress"], cwd=tmp_path,
                            # run folders of the killed runs stay in tmp_path, not /tmp
                            env=dict(analysis_env(bin_dir), TMPDIR=str(tmp_path)),
                            stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 300
    done = 0
    while time.monotonic() < deadline and proc.poll() is None:
        if db.exists():
            try:
                done = len(rows(db))
            except sqlite3.OperationalError:  # schema not there yet
                done = 0
            if done >= 3:
                break
        time.sleep(0.05)
    assert proc.poll() is None, "the sweep finished before it could be killed: " + proc.stderr.read()
    children = subprocess.run(["ps", "--ppid", str(proc.pid), "-o", "pid="],
                              capture_output=True, text=True).stdout.split()
    proc.send_signal(signal.SIGKILL)  # really kill it, mid-sweep
    proc.wait(timeout=60)
    time.sleep(0.5)
    for pid in children:  # the scenario processes it was running died with it
        try:
            state = open(f"/proc/{pid}/stat").read().split(") ")[1][0]
        except (OSError, IndexError):
            continue
        assert state == "Z", f"scenario process {pid} survived the killed sweep"
    before = rows(db)
    assert 3 <= len(before)
    assert len({r["run_key"] for r in before}) == len(before)
    assert all(r["status"] == "ok" for r in before)

    out = cli("sweep", study, "--db", db, "--no-progress")
    assert out.returncode == 0, out.stderr
    after = rows(db)
    keys = [r["run_key"] for r in after]
    assert len(keys) == len(set(keys)), "a run was stored twice"
    out_status = cli("status", study, "--db", db)
    assert out_status.returncode == 0, out_status.stderr
    total = int(out_status.stdout.split(" runs for the current build")[0].split(": ")[-1])
    assert len(after) == total and len(before) < total
    assert f"{len(before)} already in" in out.stderr
    # the runs finished before the kill were not redone
    old = {r["id"]: r for r in before}
    for r in after:
        if r["id"] in old:
            assert r["finished_at"] == old[r["id"]]["finished_at"] and r["attempts"] == 1
    # a third sweep has nothing to do
    out = cli("sweep", study, "--db", db, "--no-progress")
    assert out.returncode == 0 and f"{total} already in" in out.stderr
    assert len(rows(db)) == total


def test_failed_runs_are_recorded_and_do_not_stop_the_sweep(tmp_path, cli, write_study):
    # A combination the program refuses (servers=1, racks=2) is now refused before the
    # sweep (--checkOptions, issue 13); what still fails at run time is a run that
    # outlasts its timeout: flows=1000000 is killed after 5 s
    study = write_study("""
scenario = "sfc-stickiness"
replications = 2
timeout = 5
[grid]
flows = [10, 1000000]
[fixed]
sources = 2
grace = 2.0
""")
    db = tmp_path / "runs.sqlite"
    out = cli("sweep", study, "--db", db, "--no-progress")
    assert out.returncode == 1, out.stderr
    assert "2 runs failed" in out.stderr and "flows=1000000" in out.stderr
    rs = rows(db)
    assert len(rs) == 4
    ok = [r for r in rs if r["status"] == "ok"]
    bad = [r for r in rs if r["status"] == "failed"]
    assert len(ok) == 2 and len(bad) == 2
    for r in bad:
        assert json.loads(r["params"])["flows"] == 1000000
        assert r["exit_code"] is None and r["metrics"] is None
        assert r["error"] == "timed out after 5 s"
    for r in ok:
        assert json.loads(r["metrics"])["flows"] == 10
    st = cli("status", "--db", db)
    assert st.returncode == 0 and "2 ok, 2 failed" in st.stdout
    assert st.stdout.count("failed: ") == 2
    # failed runs are tried again by the next sweep, in place (no second row)
    out = cli("sweep", study, "--db", db, "--no-progress")
    assert out.returncode == 1
    rs2 = rows(db)
    assert len(rs2) == 4 and all(r["attempts"] == 2 for r in rs2 if r["status"] == "failed")
    # ... unless told not to
    out = cli("sweep", study, "--db", db, "--no-progress", "--no-retry-failed")
    assert out.returncode == 0 and "0 to run" in out.stderr
    # the report lists them
    out = cli("report", "--db", db)
    assert out.returncode == 0, out.stderr
    html = (tmp_path / "report.html").read_text()
    assert "Failed runs" in html and "2 failed" in html


def test_build_identity_change(bin_dir, tmp_path, cli, write_study):
    """Documented policy: runs of another build are rerun by default (old rows kept,
    excluded from results), reused with --on-build-change=reuse, refused with =error."""
    mybin = tmp_path / "bin"
    mybin.mkdir()
    prog = mybin / "sfc-stickiness"
    shutil.copy2(bin_dir / "sfc-stickiness", prog)
    study = write_study("""
scenario = "sfc-stickiness"
replications = 2
[grid]
policy = ["flow-table", "hash"]
[fixed]
flows = 10
grace = 2.0
""")
    db = tmp_path / "runs.sqlite"
    out = cli("sweep", study, "--db", db, "--bin-dir", mybin, "--no-progress")
    assert out.returncode == 0, out.stderr
    first = rows(db)
    assert len(first) == 4 and len({r["build_id"] for r in first}) == 1

    # a new build: same program, different bytes (an appended section an ELF loader ignores)
    with open(prog, "ab") as f:
        f.write(b"\0rebuilt\0")
    os.utime(prog, None)

    snapshot = digest(db)
    out = cli("sweep", study, "--db", db, "--bin-dir", mybin, "--no-progress",
              "--on-build-change=error")
    assert out.returncode == 2
    assert len(out.stderr.strip().splitlines()) == 1 and "another build" in out.stderr
    assert digest(db) == snapshot

    out = cli("sweep", study, "--db", db, "--bin-dir", mybin, "--no-progress",
              "--on-build-change=reuse")
    assert out.returncode == 0 and "0 to run" in out.stderr
    assert len(rows(db)) == 4

    out = cli("sweep", study, "--db", db, "--bin-dir", mybin, "--no-progress")  # rerun
    assert out.returncode == 0 and "4 to run" in out.stderr
    allrows = rows(db)
    assert len(allrows) == 8
    builds = {r["build_id"] for r in allrows}
    assert len(builds) == 2
    new_build = ({r["build_id"] for r in allrows} - {first[0]["build_id"]}).pop()
    # results of the study: the current build only; every build on request
    csv_now = cli("export", "--db", db)
    assert csv_now.returncode == 0, csv_now.stderr
    lines = csv_now.stdout.strip().splitlines()
    assert len(lines) == 1 + 4 and all(new_build in ln for ln in lines[1:])
    csv_all = cli("export", "--db", db, "--all-builds")
    assert len(csv_all.stdout.strip().splitlines()) == 1 + 8
    # same program, same flows: the metrics of both builds agree
    by_key = {}
    for r in allrows:
        by_key.setdefault(r["run_key"], []).append(json.loads(r["metrics"]))
    assert all(len(v) == 2 and v[0] == v[1] for v in by_key.values())


def test_worker_refuses_a_program_of_another_build(bin_dir):
    from analysis import worker
    res = worker.run_one({"path": str(bin_dir / "sfc-stickiness"), "scenario": "sfc-stickiness",
                          "args": ["--flows=5"], "rng_run": 1, "build_id": "sha256:0000",
                          "timeout_s": 60, "collect": {}})
    assert res["status"] == "failed" and "build identity" in res["error"]
    assert res["build_id"] == worker.build_identity(str(bin_dir / "sfc-stickiness"))
