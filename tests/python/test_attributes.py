"""ns-3 attributes as parameters (issue 14): --ns3::Type::Attribute overrides are recorded in the
results' parameters (so in the run key), attributes the scenario sets from its own options are
refused with a one-line error instead of being silently overridden, and a study can sweep an
attribute like any option."""
import json
import sqlite3
import subprocess

from conftest import PYTHON, analysis_env


def run(prog, *args):
    return subprocess.run([str(prog), *map(str, args)], capture_output=True, text=True,
                          timeout=600)


def test_overrides_are_recorded_in_the_parameters(bin_dir, tmp_path):
    results = tmp_path / "r.jsonl"
    out = run(bin_dir / "sfc-stickiness", "--quiet", "--flows=10",
              "--ns3::sfc::Forwarder::ControlPort=30791", f"--results={results}")
    assert out.returncode == 0, out.stderr
    params = json.loads(results.read_text())["parameters"]
    assert params["ns3::sfc::Forwarder::ControlPort"] == "30791"


def test_attributes_the_scenario_sets_are_refused(bin_dir, tmp_path):
    results = tmp_path / "r.jsonl"
    for prog, attribute, option in (
            ("sfc-stickiness", "ns3::sfc::ServiceNode::ProcessingDelay=10us", "processingDelay"),
            ("sfc-stickiness", "ns3::sfc::FlowTable::IdleTimeout=2s", "idleTimeout"),
            ("sfc-failover", "ns3::sfc::ServiceManager::HeartbeatInterval=1s", "heartbeat"),
            ("sfc-owner", "ns3::sfc::VPlane::QueueLimit=2", "queueLimit"),
            ("sfc-insertion", "ns3::sfc::LispMapCache::TtlUnit=1s", "ttl"),
            ("sfc-insertion", "ns3::sfc::IntrusionPrevention::Strict=true", "ips")):
        out = run(bin_dir / prog, f"--{attribute}", f"--results={results}")
        lines = out.stderr.strip().splitlines()
        assert out.returncode == 2 and len(lines) == 1 and f"--{option}" in lines[0], out.stderr
    assert not results.exists()


STUDY = """
name = "tiny_attributes"
scenario = "sfc-stickiness"
replications = 1
[grid]
"ns3::sfc::Forwarder::ControlPort" = [30790, 30791]
[fixed]
flows = 10
events = "0.1s:nat:+1"
grace = 1
[report]
metrics = ["broken_ratio"]
"""


def test_a_study_sweeps_an_attribute(bin_dir, tmp_path):
    (tmp_path / "tiny_attributes.toml").write_text(STUDY)
    out = subprocess.run([PYTHON, "-m", "analysis", "run", "tiny_attributes.toml",
                          "--no-progress"], capture_output=True, text=True, cwd=tmp_path,
                         env=analysis_env(bin_dir), timeout=600)
    assert out.returncode == 0, out.stderr
    db = tmp_path / "results" / "tiny_attributes" / "runs.sqlite"
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        rows = con.execute("SELECT status, params FROM runs").fetchall()
    finally:
        con.close()
    assert len(rows) == 2 and all(status == "ok" for status, _ in rows)
    ports = sorted(json.loads(p)["ns3::sfc::Forwarder::ControlPort"] for _, p in rows)
    assert ports == ["30790", "30791"]
    # A bad attribute value is refused before any run is recorded.
    (tmp_path / "bad.toml").write_text(STUDY.replace("tiny_attributes", "bad_attr")
                                       .replace("[30790, 30791]", "[\"abc\"]"))
    out = subprocess.run([PYTHON, "-m", "analysis", "run", "bad.toml", "--no-progress"],
                         capture_output=True, text=True, cwd=tmp_path,
                         env=analysis_env(bin_dir), timeout=600)
    assert out.returncode == 2 and len(out.stderr.strip().splitlines()) == 1, out.stderr
    assert not (tmp_path / "results" / "bad_attr" / "runs.sqlite").exists()
