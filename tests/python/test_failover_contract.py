"""sfc-failover keeps the scenario contract (SPEC section 2) and reports the failover metrics."""
import json
import subprocess


def run(prog, *args):
    return subprocess.run([str(prog), *args], capture_output=True, text=True, timeout=600)


SMALL = ["--flows=8", "--newFlowRate=5", "--duration=6", "--failAt=3", "--grace=10", "--quiet"]


def test_describe_options_lists_the_required_options(bin_dir):
    out = run(bin_dir / "sfc-failover", "--describeOptions")
    assert out.returncode == 0, out.stderr
    names = {o["name"]: o for o in json.loads(out.stdout)["options"]}
    for required in ("replication", "failAt", "hosts", "flows", "heartbeat", "ttl", "results",
                     "RngRun", "pcap", "flowmon", "netanim"):
        assert required in names, required
    assert names["replication"]["type"] == "bool"
    assert names["failAt"]["type"] == "time" and names["failAt"]["default"] == 5.0
    assert names["heartbeat"]["type"] == "time" and names["heartbeat"]["default"] == 0.5
    assert "primary" in names["failNode"]["choices"]


def test_bad_parameter_is_one_line_error_and_nothing_written(bin_dir, tmp_path):
    results = tmp_path / "r.jsonl"
    for bad in (["--replication=maybe"], ["--hosts=0"], ["--failNode=moon"],
                ["--partitioned=true", "--backups=3"], ["--recoverAt=1", "--failAt=2"],
                ["--heartbeat=abc"], ["--heartbeat=0.5us"], ["--failAt=40s"]):
        out = run(bin_dir / "sfc-failover", f"--results={results}", *bad)
        assert out.returncode != 0, bad
        lines = out.stderr.strip().splitlines()
        assert len(lines) == 1 and "error" in lines[0], (bad, out.stderr)
        assert not results.exists(), bad


def test_replication_on_and_off(bin_dir, tmp_path):
    results = tmp_path / "r.jsonl"
    for replication in ("true", "false"):
        out = run(bin_dir / "sfc-failover", *SMALL, f"--replication={replication}",
                  f"--results={results}")
        assert out.returncode == 0, out.stderr
    on, off = [json.loads(line) for line in results.read_text().splitlines()]
    for row in (on, off):
        assert row["scenario"] == "sfc-failover"
        m = row["metrics"]
        for key in ("flows", "broken_flows", "broken_ratio", "takeover_time_s",
                    "flows_active_at_failure", "takeover_window_failed_flows", "control_messages",
                    "control_bytes_per_flow", "control_messages_replication",
                    "control_messages_heartbeat", "peak_affinity_entries"):
            assert key in m, key
        assert m["flows_active_at_failure"] >= 8
    assert on["parameters"]["replication"] is True and off["parameters"]["replication"] is False
    assert on["metrics"]["broken_ratio"] == 0.0
    assert off["metrics"]["broken_ratio"] > 0.0
    assert on["metrics"]["control_messages_replication"] > 0
    assert off["metrics"]["control_messages_replication"] == 0


def test_time_options_take_units_or_bare_seconds(bin_dir, tmp_path):
    rows = []
    for spellings in (["--heartbeat=0.5", "--failAt=3"], ["--heartbeat=500ms", "--failAt=3s"]):
        results = tmp_path / f"{len(rows)}.jsonl"
        out = run(bin_dir / "sfc-failover", *SMALL, *spellings, f"--results={results}")
        assert out.returncode == 0, out.stderr
        rows.append(json.loads(results.read_text()))
    assert rows[0]["parameters"]["heartbeat"] == rows[1]["parameters"]["heartbeat"] == 0.5
    assert rows[0]["parameters"]["failAt"] == rows[1]["parameters"]["failAt"] == 3.0
    assert rows[0]["metrics"] == rows[1]["metrics"]
