"""sfc-insertion keeps the scenario contract (SPEC section 2), reports the insertion metrics of
SPEC study 4, compares SMR on and off on the same flows, and its study (a tiny version of
analysis/studies/insertion.toml) runs end to end through the toolkit."""
import json
import re
import shutil
import sqlite3
import subprocess

import pytest

from conftest import PYTHON, ROOT, analysis_env
from analysis import schema

SMALL = ["--flows=24", "--flowRate=20", "--flowPackets=30", "--grace=2", "--quiet"]
PROGRAM = "sfc-insertion"


def run(prog, *args, cwd=None, env=None):
    return subprocess.run([str(prog), *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=600)


def test_describe_options_lists_the_insertion_options(bin_dir):
    out = run(bin_dir / PROGRAM, "--describeOptions")
    assert out.returncode == 0, out.stderr
    desc = json.loads(out.stdout)
    assert desc["program"] == PROGRAM and "check" in desc
    names = {o["name"]: o for o in desc["options"]}
    for required in ("servers", "vms", "flows", "insertAt", "removeAt", "ipsPosition", "ips",
                     "ttl", "smr", "mapLatency", "mapRequestRate", "migrateAt", "migrateTo",
                     "grace", "pcap", "results", "RngRun", "compare"):
        assert required in names, required
    assert names["ips"]["choices"] == ["loose", "strict"]
    for t in ("insertAt", "removeAt", "mapLatency", "migrateAt", "packetInterval"):
        assert names[t]["type"] == "time", t
    assert names["smr"]["type"] == "bool"


BAD = (["--ips=maybe"], ["--servers=1"], ["--vms=1"], ["--ttl=0"], ["--insertAt=abc"],
       ["--insertAt=2s", "--removeAt=1s"], ["--migrateAt=1s", "--migrateTo=9"],
       ["--migrateAt=1s", "--migrateTo=1"], ["--ipsPosition=3"], ["--mapRequestRate=0"],
       ["--mapLatency=-1s"], ["--smr=perhaps"], ["--bogus=1"], ["--flows="],
       ["--ns3::sfc::LispMappingSystem::SmrOnChange=true"], ["--RngRun=x"],
       ["--pcap=/nonexistent-dir/trace"])


@pytest.mark.parametrize("bad", BAD, ids=[" ".join(b) for b in BAD])
def test_bad_input_is_one_line_exit_2_and_nothing_written(bin_dir, tmp_path, bad):
    results = tmp_path / "r.jsonl"
    out = run(bin_dir / PROGRAM, f"--results={results}", *bad)
    assert out.returncode == 2, (bad, out.stdout, out.stderr)
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and "error" in lines[0], (bad, out.stderr)
    assert not results.exists(), bad
    assert not list(tmp_path.iterdir()), bad


def test_results_row_has_the_insertion_metrics(bin_dir, tmp_path):
    results = tmp_path / "r.jsonl"
    out = run(bin_dir / PROGRAM, *SMALL, "--removeAt=2s", "--migrateAt=1.5s",
              f"--results={results}")
    assert out.returncode == 0, out.stderr
    rows = [json.loads(line) for line in results.read_text().splitlines()]
    assert len(rows) == 1
    row = rows[0]
    assert row["scenario"] == PROGRAM
    params = row["parameters"]
    assert params["smr"] is True and params["ips"] == "loose" and params["RngRun"] == 1
    assert params["insertAt"] == 1.0 and params["removeAt"] == 2.0
    m = row["metrics"]
    for key in ("flows", "broken_flows", "broken_ratio", "sticky_flows", "stickiness_ratio",
                "convergence_time_s", "bypass_packets", "one_direction_flows",
                "control_messages", "control_bytes", "map_request_messages",
                "map_reply_messages", "map_register_messages", "map_notify_messages",
                "smr_messages", "smr_bytes", "peak_map_cache_entries",
                "peak_map_cache_entries_per_switch", "migrated_node_packets_after",
                "removal_convergence_s", "events"):
        assert key in m, key
    assert m["flows"] == 24 and m["broken_flows"] == 0
    assert len(m["peak_map_cache_entries_per_switch"]) == 4
    assert m["control_messages"] == sum(m[k] for k in (
        "map_request_messages", "map_reply_messages", "map_register_messages",
        "map_notify_messages", "smr_messages"))
    assert m["smr_messages"] > 0 and m["ips_packets"] > 0
    assert schema.problems(m) == []
    assert [e["event"] for e in m["events"]] == ["insert ips", "migrate fw", "remove ips"]


def test_same_run_twice_is_byte_identical(bin_dir, tmp_path):
    texts = []
    for i in range(2):  # the same results path in two folders, run from each
        (tmp_path / str(i)).mkdir()
        out = run(bin_dir / PROGRAM, *SMALL, "--RngRun=5", "--results=r.jsonl",
                  cwd=tmp_path / str(i))
        assert out.returncode == 0, out.stderr
        texts.append((tmp_path / str(i) / "r.jsonl").read_bytes())
    assert texts[0] == texts[1]
    other = tmp_path / "other.jsonl"
    assert run(bin_dir / PROGRAM, *SMALL, "--RngRun=6", f"--results={other}").returncode == 0
    assert json.loads(other.read_text())["metrics"] != json.loads(texts[0])["metrics"]


def test_compare_runs_smr_on_and_off_on_the_same_flows(bin_dir, tmp_path):
    results = tmp_path / "r.jsonl"
    out = run(bin_dir / PROGRAM, "--flows=24", "--flowRate=20", "--compare",
              f"--results={results}")
    assert out.returncode == 0, out.stderr
    rows = [json.loads(line) for line in results.read_text().splitlines()]
    assert [r["parameters"]["smr"] for r in rows] == [True, False]
    on, off = (r["metrics"] for r in rows)
    assert on["flows"] == off["flows"] == 24
    assert on["convergence_time_s"] < off["convergence_time_s"]
    assert on["smr_messages"] > 0 and off["smr_messages"] == 0
    assert "smr-on" in out.stdout and "smr-off" in out.stdout


def test_check_options_writes_nothing(bin_dir, tmp_path):
    results = tmp_path / "r.jsonl"
    assert run(bin_dir / PROGRAM, "--checkOptions", f"--results={results}").returncode == 0
    assert run(bin_dir / PROGRAM, "--checkOptions", "--servers=1").returncode == 2
    assert not results.exists()


def tiny(text):
    """The shipped study, smaller: one replication, fewer grid values, fewer flows."""
    for key, value in (("name", '"insertion-tiny"'), ("replications", "1"), ("ttl", "[1, 2]"),
                       ("mapLatency", "[0.005]"), ("flows", "24")):
        text, n = re.subn(rf"^{key} = .*$", f"{key} = {value}", text, count=1, flags=re.M)
        assert n == 1, key
    return text


def test_tiny_insertion_study_runs_end_to_end(bin_dir, tmp_path):
    study = tiny((ROOT / "analysis" / "studies" / "insertion.toml").read_text())
    (tmp_path / "insertion-tiny.toml").write_text(study)
    out = subprocess.run([PYTHON, "-m", "analysis", "run", "insertion-tiny.toml",
                          "--no-progress"], capture_output=True, text=True, cwd=tmp_path,
                         env=analysis_env(bin_dir), timeout=900)
    assert out.returncode == 0, out.stderr
    d = tmp_path / "results" / "insertion-tiny"
    con = sqlite3.connect(f"file:{d / 'runs.sqlite'}?mode=ro", uri=True)
    try:
        rows = con.execute("SELECT status, parameters, metrics FROM runs").fetchall()
    finally:
        con.close()
    assert len(rows) == 2 * 2 and all(status == "ok" for status, _, _ in rows)
    by = {(json.loads(p)["ttl"], json.loads(p)["smr"]): json.loads(m) for _, p, m in rows}
    for ttl in (1, 2):
        assert by[(ttl, True)]["convergence_time_s"] < by[(ttl, False)]["convergence_time_s"]
    figures = {p.stem for p in d.rglob("*.png")}
    for name in re.findall(r'^name = "(insertion_[a-z_]+)"', study, flags=re.M):
        assert name in figures, (name, figures)
    assert (d / "report.html").exists()


@pytest.mark.skipif(shutil.which("tshark") is None, reason="tshark not installed")
def test_pcap_of_the_lan_decodes_as_lisp_data_and_control(bin_dir, tmp_path):
    out = run(bin_dir / PROGRAM, *SMALL, f"--pcap={tmp_path / 'lan'}")
    assert out.returncode == 0, out.stderr
    pcaps = sorted(tmp_path.glob("lan-*.pcap"))
    # the mapping system and four servers, by their ns-3 names
    assert [p.name for p in pcaps] == ["lan-mapping-system-0.pcap"] + [
        f"lan-server{i}-0.pcap" for i in range(4)]
    ms = subprocess.run(["tshark", "-n", "-r", str(pcaps[0]), "-T", "fields", "-e",
                         "frame.protocols"], capture_output=True, text=True, timeout=120)
    server = subprocess.run(["tshark", "-n", "-r", str(pcaps[1]), "-T", "fields", "-e",
                             "frame.protocols"], capture_output=True, text=True, timeout=120)
    lines = ms.stdout.splitlines() + server.stdout.splitlines()
    assert not [line for line in lines if "malformed" in line]
    assert any("lisp-data" in line for line in server.stdout.splitlines())
    control = [line for line in ms.stdout.splitlines()
               if ":lisp" in line and "lisp-data" not in line]
    assert len(control) > 10  # registers, notifies, requests, replies, SMRs
