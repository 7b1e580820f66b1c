"""sfc-owner keeps the scenario contract (SPEC section 2), reports the owner metrics, compares
the four modes on the same flows, and its study runs end to end through the toolkit."""
import json
import sqlite3
import subprocess

from conftest import PYTHON, analysis_env
from analysis.schema import event_problems

SMALL = ["--flows=30", "--flowRate=100", "--quiet"]


def run(prog, *args, cwd=None, env=None):
    return subprocess.run([str(prog), *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=600)


def test_describe_options_lists_the_required_options(bin_dir):
    out = run(bin_dir / "sfc-owner", "--describeOptions")
    assert out.returncode == 0, out.stderr
    names = {o["name"]: o for o in json.loads(out.stdout)["options"]}
    for required in ("mode", "vplanes", "vms", "flows", "events", "controlLoss", "registration",
                     "rebalance", "queueLimit", "results", "RngRun", "pcap", "flowmon",
                     "netanim", "compare"):
        assert required in names, required
    assert names["mode"]["choices"] == ["notify", "query", "central", "source-owner"]
    assert names["rebalance"]["choices"] == ["transfer", "reregister"]
    assert names["controlDelay"]["type"] == "time"


def test_bad_parameter_is_one_line_error_and_nothing_written(bin_dir, tmp_path):
    results = tmp_path / "r.jsonl"
    for bad in (["--mode=magic"], ["--vplanes=0"], ["--vplanes=1", "--racks=2"],
                ["--events=1s:fly:1"], ["--events=1s:join:99"], ["--events=xs:join:1"],
                ["--events=1s:join"], ["--controlLoss=2"], ["--portForwards=9", "--vms=8"],
                ["--rebalance=maybe"], ["--queryTimeout=abc"]):
        out = run(bin_dir / "sfc-owner", f"--results={results}", *bad)
        assert out.returncode == 2, bad
        lines = out.stderr.strip().splitlines()
        assert len(lines) == 1 and "error" in lines[0], (bad, out.stderr)
        assert not results.exists(), bad


def test_results_row_has_the_owner_metrics(bin_dir, tmp_path):
    results = tmp_path / "r.jsonl"
    out = run(bin_dir / "sfc-owner", *SMALL, "--mode=query", "--events=0.3s:leave:1",
              f"--results={results}")
    assert out.returncode == 0, out.stderr
    row = json.loads(results.read_text())
    assert row["scenario"] == "sfc-owner" and row["parameters"]["mode"] == "query"
    m = row["metrics"]
    for key in ("broken_flows", "broken_ratio", "stickiness_ratio", "stickiness_violations",
                "first_packet_detour_links", "first_packet_detour_latency_ms",
                "helper_load_max", "helper_load_mean", "helper_load_jain",
                "control_messages_per_flow", "control_bytes_per_flow",
                "peak_owner_cache_entries", "peak_association_entries",
                "east_west_broken", "outbound_nat_broken", "inbound_nat_broken"):
        assert key in m, key
    assert m["flows"] == 30 and m["broken_flows"] == 0
    assert event_problems(m["events"]) == []
    assert m["events"][0]["event"] == "leave host1" and m["events"][0]["subsets_moved"] > 0


def test_same_run_twice_is_identical(bin_dir, tmp_path):
    rows = []
    for i in range(2):
        results = tmp_path / f"{i}.jsonl"
        out = run(bin_dir / "sfc-owner", *SMALL, "--controlLoss=0.1", f"--results={results}")
        assert out.returncode == 0, out.stderr
        rows.append(json.loads(results.read_text())["metrics"])
    assert rows[0] == rows[1]


def test_compare_runs_every_mode_on_the_same_flows(bin_dir, tmp_path):
    results = tmp_path / "r.jsonl"
    out = run(bin_dir / "sfc-owner", "--flows=30", "--compare", f"--results={results}")
    assert out.returncode == 0, out.stderr
    rows = [json.loads(line) for line in results.read_text().splitlines()]
    assert [r["parameters"]["mode"] for r in rows] == ["notify", "query", "central",
                                                       "source-owner"]
    assert all(r["metrics"]["flows"] == 30 for r in rows)
    assert rows[3]["metrics"]["stickiness_violations"] > 0
    for mode in ("notify", "query", "central", "source-owner"):
        assert mode in out.stdout


STUDY = """
name = "tiny_owner"
scenario = "sfc-owner"
replications = 1
[grid]
mode = "*"
vplanes = [2, 3]
[fixed]
flows = 24
events = "0.2s:leave:1"
grace = 1
[report]
metrics = ["broken_ratio", "stickiness_ratio"]
[[figure]]
name = "tiny_broken"
kind = "line"
metric = "broken_ratio"
x = "vplanes"
series = ["mode"]
[[figure]]
name = "tiny_events"
kind = "events"
metric = "broken_ratio"
series = ["mode"]
facets = "vplanes"
"""


def test_tiny_owner_study_runs_end_to_end(bin_dir, tmp_path):
    (tmp_path / "tiny_owner.toml").write_text(STUDY)
    out = subprocess.run([PYTHON, "-m", "analysis", "run", "tiny_owner.toml", "--no-progress"],
                         capture_output=True, text=True, cwd=tmp_path,
                         env=analysis_env(bin_dir), timeout=600)
    assert out.returncode == 0, out.stderr
    d = tmp_path / "results" / "tiny_owner"
    con = sqlite3.connect(f"file:{d / 'runs.sqlite'}?mode=ro", uri=True)
    try:
        rows = con.execute("SELECT status, metrics FROM runs").fetchall()
    finally:
        con.close()
    assert len(rows) == 4 * 2 and all(status == "ok" for status, _ in rows)
    broken = [json.loads(m)["broken_ratio"] for _, m in rows]
    assert max(broken) > 0 and min(broken) == 0  # source-owner breaks, the others do not
    figures = {p.stem for p in d.rglob("*.png")} | {p.stem for p in d.rglob("*.svg")}
    assert any("tiny_broken" in f for f in figures), figures
    assert any("tiny_events" in f for f in figures), figures


def test_compare_writes_trace_files_per_mode(bin_dir, tmp_path):
    out = run(bin_dir / "sfc-owner", "--compare", *SMALL, f"--flowmon={tmp_path / 'fm.xml'}",
              f"--pcap={tmp_path / 'trace'}")
    assert out.returncode == 0, out.stderr
    for mode in ("notify", "query", "central", "source-owner"):
        assert (tmp_path / f"fm-{mode}.xml").exists(), mode
        assert list(tmp_path.glob(f"trace-{mode}-*.pcap")), mode
    assert not (tmp_path / "fm.xml").exists()


def test_check_options_writes_nothing(bin_dir, tmp_path):
    results = tmp_path / "r.jsonl"
    assert run(bin_dir / "sfc-owner", "--checkOptions", f"--results={results}").returncode == 0
    assert run(bin_dir / "sfc-owner", "--checkOptions", "--vplanes=1", "--racks=2").returncode == 2
    assert not results.exists()
