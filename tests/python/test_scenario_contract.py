"""The command-line and results contract every scenario program keeps (SPEC section 2)."""
import json
import subprocess

import pytest


def run(prog, *args, cwd=None):
    return subprocess.run([str(prog), *args], capture_output=True, text=True, cwd=cwd, timeout=600)


def test_describe_options_is_machine_readable(bin_dir):
    out = run(bin_dir / "sfc-stickiness", "--describeOptions")
    assert out.returncode == 0, out.stderr
    desc = json.loads(out.stdout)
    names = {o["name"]: o for o in desc["options"]}
    for required in ("policy", "functions", "instances", "servers", "flows", "results", "RngRun"):
        assert required in names, required
    assert set(names["policy"]["choices"]) >= {"flow-table", "hash"}
    assert names["flows"]["type"] == "uint"
    # time options: ns-3 Time syntax on the command line, seconds in the description
    assert names["grace"]["type"] == "time" and names["grace"]["default"] == 20.0
    assert names["processingDelay"]["default"] == 5e-6
    assert names["tsInterval"]["min"] == 0.001


def test_help_lists_options(bin_dir):
    out = run(bin_dir / "sfc-stickiness", "--help")
    assert out.returncode == 0
    assert "--policy" in out.stdout and "--RngRun" in out.stdout


def test_bad_parameter_is_one_line_error_and_nothing_written(bin_dir, tmp_path):
    results = tmp_path / "r.jsonl"
    for bad in (["--flows=abc"], ["--nosuch=1"], ["--policy=magic"], ["--instances=0"],
                ["stray"], ["--servers=1", "--racks=2"], ["--tsInterval=abc"], ["--grace=5m"],
                ["--grace=nan"], ["--grace=-1s"], ["--packetInterval=2h"],
                ["--events=5x:nat:+1"]):
        out = run(bin_dir / "sfc-stickiness", f"--results={results}", *bad)
        assert out.returncode != 0, bad
        lines = out.stderr.strip().splitlines()
        assert len(lines) == 1 and "error" in lines[0], (bad, out.stderr)
        assert not results.exists(), bad


def test_bad_time_is_exit_2_with_one_line(bin_dir, tmp_path):
    results = tmp_path / "r.jsonl"
    out = run(bin_dir / "sfc-stickiness", "--tsInterval=abc", f"--results={results}")
    assert out.returncode == 2
    assert out.stderr.strip().splitlines() == [
        "sfc-stickiness: error: --tsInterval expects a time (e.g. 5s, 200ms, 1min; a bare "
        "number is seconds), got 'abc'"]
    assert out.stdout == "" and not results.exists()


def test_time_options_take_units_or_bare_seconds(bin_dir, tmp_path):
    rows = {}
    for spelling in ("20s", "20", "20000ms"):
        results = tmp_path / f"{spelling}.jsonl"
        out = run(bin_dir / "sfc-stickiness", "--flows=20", "--quiet", f"--grace={spelling}",
                  "--events=500ms:nat:+1", f"--results={results}")
        assert out.returncode == 0, out.stderr
        rows[spelling] = json.loads(results.read_text())
    for spelling, row in rows.items():
        assert row["parameters"]["grace"] == 20.0, spelling  # recorded in seconds
        assert row["metrics"] == rows["20"]["metrics"], spelling
    # a different grace is a different run
    results = tmp_path / "other.jsonl"
    out = run(bin_dir / "sfc-stickiness", "--flows=20", "--quiet", "--grace=1min",
              "--events=500ms:nat:+1", f"--results={results}")
    assert out.returncode == 0, out.stderr
    other = json.loads(results.read_text())
    assert other["parameters"]["grace"] == 60.0
    assert other["metrics"]["sim_time_s"] == rows["20"]["metrics"]["sim_time_s"] + 40


def test_results_row_has_parameters_and_metrics(bin_dir, tmp_path):
    results = tmp_path / "r.jsonl"
    for run_no in (1, 2):
        out = run(bin_dir / "sfc-stickiness", "--flows=20", "--quiet", f"--RngRun={run_no}",
                  f"--results={results}")
        assert out.returncode == 0, out.stderr
    rows = [json.loads(line) for line in results.read_text().splitlines()]
    assert len(rows) == 2
    for i, row in enumerate(rows, start=1):
        assert row["scenario"] == "sfc-stickiness"
        assert row["parameters"]["RngRun"] == i
        assert row["parameters"]["flows"] == 20
        m = row["metrics"]
        for key in ("flows", "sticky_flows", "broken_flows", "stickiness_ratio", "broken_ratio",
                    "no_state_drops", "path_stretch", "peak_flow_entries"):
            assert key in m, key
        assert m["flows"] == 20
        assert 0.0 <= m["stickiness_ratio"] <= 1.0


def test_optional_ns3_traces_are_written(bin_dir, tmp_path):
    out = run(bin_dir / "sfc-stickiness", "--flows=5", "--quiet",
              f"--flowmon={tmp_path / 'flows.xml'}", f"--netanim={tmp_path / 'anim.xml'}",
              f"--pcap={tmp_path / 'trace'}", f"--flowsCsv={tmp_path / 'flows.csv'}",
              f"--timeseriesCsv={tmp_path / 'ts.csv'}")
    assert out.returncode == 0, out.stderr
    import xml.etree.ElementTree as ET
    flowmon = ET.parse(tmp_path / "flows.xml").getroot()
    assert flowmon.tag == "FlowMonitor" and len(flowmon.find("FlowStats")) > 0
    anim = ET.parse(tmp_path / "anim.xml").getroot()
    assert anim.tag == "anim" and anim.findall("node")
    assert len(list(tmp_path.glob("trace-*.pcap"))) > 10
    flows = (tmp_path / "flows.csv").read_text().splitlines()
    assert flows[0].startswith("flow_id,") and len(flows) == 6
    ts = (tmp_path / "ts.csv").read_text().splitlines()
    assert ts[0].startswith("time_s,") and len(ts) > 2


@pytest.mark.parametrize("program,args,nodes", [
    ("sfc-stickiness", ["--flows=5"], ["server0", "tor1", "spine0", "gateway", "source0",
                                       "external0"]),
    ("sfc-owner", ["--flows=5"], ["server0", "gateway", "controller"]),
    ("sfc-failover", ["--flows=4", "--duration=6"], ["client0", "agent0", "primary", "backup1",
                                                     "host0"]),
])
def test_pcaps_are_named_by_the_nodes_ns3_names(bin_dir, tmp_path, program, args, nodes):
    """Issue 14: pcaps were trace-4-1.pcap; the nodes now have ns-3 names (ns3::Names)."""
    out = run(bin_dir / program, *args, "--quiet", f"--pcap={tmp_path / 'trace'}")
    assert out.returncode == 0, out.stderr
    written = {p.name for p in tmp_path.glob("trace-*.pcap")}
    for node in nodes:
        assert any(f.startswith(f"trace-{node}-") for f in written), (node, sorted(written))
    assert not any(f[len("trace-")].isdigit() for f in written), sorted(written)


def test_compare_runs_every_policy_on_the_same_flows(bin_dir, tmp_path):
    results = tmp_path / "r.jsonl"
    out = run(bin_dir / "sfc-stickiness", "--compare", "--flows=30", "--chain=dpi,nat",
              "--flowPackets=40", "--packetInterval=0.05", "--events=1s:nat:+1",
              f"--results={results}")
    assert out.returncode == 0, out.stderr
    rows = [json.loads(line) for line in results.read_text().splitlines()]
    policies = [r["parameters"]["policy"] for r in rows]
    desc = json.loads(run(bin_dir / "sfc-stickiness", "--describeOptions").stdout)
    choices = next(o["choices"] for o in desc["options"] if o["name"] == "policy")
    assert policies == choices
    # the same flows, opened at the same times, for every policy
    assert len({json.dumps(r["metrics"]["timeseries"]["started_flows"]) for r in rows}) == 1
    assert len({r["metrics"]["last_flow_open_s"] for r in rows}) == 1
    assert all(r["parameters"]["events"] == "1s:nat:+1" for r in rows)
    assert "broken/active" in out.stdout and all(p in out.stdout for p in choices)


def test_compare_writes_every_policys_files(bin_dir, tmp_path):
    """Issue 14: --compare with output files kept only the last policy's; now each
    policy writes its own, the policy in the file name, and records that name."""
    results = tmp_path / "r.jsonl"
    out = run(bin_dir / "sfc-stickiness", "--compare", "--flows=5", "--chain=nat", "--quiet=true",
              f"--flowsCsv={tmp_path}/flows.csv", f"--timeseriesCsv={tmp_path}/ts.csv",
              f"--flowmon={tmp_path}/fm.xml", f"--pcap={tmp_path}/trace",
              f"--results={results}")
    assert out.returncode == 0, out.stderr
    rows = [json.loads(line) for line in results.read_text().splitlines()]
    policies = [r["parameters"]["policy"] for r in rows]
    assert len(policies) == 6
    assert not (tmp_path / "flows.csv").exists()
    for r, policy in zip(rows, policies):
        flows = tmp_path / f"flows-{policy}.csv"
        assert r["parameters"]["flowsCsv"] == str(flows)
        assert flows.read_text().startswith("flow_id,")
        assert (tmp_path / f"ts-{policy}.csv").read_text().startswith("time_s,")
        assert (tmp_path / f"fm-{policy}.xml").stat().st_size > 0
        assert (tmp_path / f"trace-{policy}-gateway-1.pcap").stat().st_size > 0
