"""sfc-scale-benchmark, tiny, and the port-capacity check it relies on (issue 12).

The benchmark's flows must all be open at once and all complete; its JSON carries every
figure the scale table prints; the source VMs and destinations it derives fit the flows.
sfc-stickiness refuses a run whose concurrent flows cannot fit the source VMs' ephemeral
ports or the NAT's port pool per destination, naming the option and the value needed
(before, a 1 M-flow run silently skipped flows or dropped them at the NAT).
"""
import json
import subprocess

import pytest

FIELDS = ["flows", "policy", "chain", "window_s", "sources", "destinations", "peak_concurrent_flows",
          "completed_flows", "failed_flows", "broken_flows", "delivered", "link_hops", "events",
          "wall_s", "sim_wall_s", "sim_cpu_s", "events_per_s", "hops_per_s", "peak_rss_bytes",
          "rss_before_bytes", "bytes_per_concurrent_flow"]


def run(prog, *args, cwd=None):
    return subprocess.run([str(prog), *args], capture_output=True, text=True, cwd=cwd,
                          timeout=300)


def assert_one_line_error(p, *words):
    lines = p.stderr.strip().splitlines()
    assert p.returncode == 2, (p.returncode, p.stderr[:400])
    assert len(lines) == 1 and ": error: " in lines[0], p.stderr[:400]
    for w in words:
        assert w in lines[0], (w, lines[0])
    assert p.stdout == ""


@pytest.fixture(scope="module")
def tiny(bin_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("scale") / "scale.jsonl"
    p = run(bin_dir / "sfc-scale-benchmark", "--flows=300", "--window=200ms", f"--json={out}")
    assert p.returncode == 0, p.stderr
    return p.stdout, [json.loads(line) for line in out.read_text().splitlines()]


def test_all_flows_open_at_once_and_complete(tiny):
    stdout, rows = tiny
    assert len(rows) == 1
    r = rows[0]
    assert list(r) == FIELDS
    assert r["flows"] == 300 and r["peak_concurrent_flows"] == 300 and r["window_s"] == 0.2
    assert r["completed_flows"] == 300 and r["failed_flows"] == 0 and r["broken_flows"] == 0
    # one request, one response, SYN, SYN-ACK, FIN, FIN-ACK and the last ACK per flow
    assert r["delivered"] == 7 * 300
    assert r["link_hops"] > 5 * r["delivered"] and r["events"] > r["link_hops"]
    assert r["peak_rss_bytes"] > r["rss_before_bytes"] > 0
    assert r["bytes_per_concurrent_flow"] > 0 and r["events_per_s"] > 0
    assert stdout.startswith("sfc-scale-benchmark: 300 flows (300 open at once, 300 completed")
    assert "warning" not in stdout


def test_window_derived_from_the_flows(bin_dir, tmp_path):
    # 1000 flows: at least 1 s (100 000 flows per second would be 10 ms)
    out = tmp_path / "s.jsonl"
    p = run(bin_dir / "sfc-scale-benchmark", "--flows=1000", f"--json={out}")
    assert p.returncode == 0, p.stderr
    r = json.loads(out.read_text())
    assert r["window_s"] == 1.0 and r["completed_flows"] == 1000 and "window 1 s" in p.stdout


def test_derived_pools_fit_a_million_flows(bin_dir):
    # --checkOptions-like: a derived 1 M configuration passes the scenario's own check
    # (sources 21 >= 19, destinations 18 >= 16), a too small explicit one is refused.
    p = run(bin_dir / "sfc-stickiness", "--flows=1000000", "--flowRate=1000000",
            "--flowPackets=1", "--packetInterval=2s", "--sources=21", "--destinations=18",
            "--checkOptions")
    assert p.returncode == 0, p.stderr
    p = run(bin_dir / "sfc-scale-benchmark", "--flows=1000000", "--sources=4")
    assert_one_line_error(p, "--sources", "at least 19")


@pytest.mark.parametrize("args,option,need", [
    (["--sources=4"], "--sources", "at least 19"),
    (["--sources=19"], "--destinations", "at least 16"),
    (["--sources=19", "--chain=fw,dpi", "--destinations=1"], None, None),
    (["--sources=19", "--destinations=16"], None, None),
])
def test_port_capacity_check(bin_dir, tmp_path, args, option, need):
    results = tmp_path / "r.jsonl"
    p = run(bin_dir / "sfc-stickiness", "--flows=1000000", "--flowRate=1000000",
            "--flowPackets=2", "--packetInterval=1s", f"--results={results}", *args,
            "--checkOptions", cwd=tmp_path)
    if option is None:
        assert p.returncode == 0, p.stderr
    else:
        assert_one_line_error(p, option, need)
    assert not results.exists()


def test_low_concurrency_needs_no_more_ports(bin_dir, tmp_path):
    # Many flows in total but few at once (ports are reused once a flow closed): accepted.
    p = run(bin_dir / "sfc-stickiness", "--flows=1000000", "--flowRate=1000",
            "--flowPackets=10", "--packetInterval=10ms", "--checkOptions", cwd=tmp_path)
    assert p.returncode == 0, p.stderr


def test_derived_pools_follow_the_port_attributes(bin_dir):
    # The source VMs and destinations are derived from the FlowClient and SourceNat
    # port attributes as they are set, not from their built-in defaults: with
    # FirstPort 60000 a source VM has 5536 ports, so 1 M flows need 204 of them
    # (1/8 margin); with the defaults 21.
    p = run(bin_dir / "sfc-scale-benchmark", "--flows=1000000",
            "--ns3::sfc::FlowClient::FirstPort=60000", "--checkOptions")
    assert p.returncode == 0, p.stderr
    assert "sources 204, destinations 18," in p.stdout
    p = run(bin_dir / "sfc-scale-benchmark", "--flows=1000000",
            "--ns3::sfc::SourceNat::PortMin=60000", "--checkOptions")
    assert p.returncode == 0, p.stderr
    assert "sources 21, destinations 204," in p.stdout
