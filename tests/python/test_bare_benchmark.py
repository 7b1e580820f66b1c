"""sfc-bare-benchmark, tiny: its table and JSON lines, and what it must show whatever the
machine: plain ns-3 forwarding crosses fewer links per delivered packet than the module's
data path, and designated forwarding adds a detour to flow-table."""
import json
import re
import subprocess

import pytest

COLUMNS = ["config", "completed", "delivered", "link_hops", "links/pkt", "cpu_s", "ns/hop",
           "hop_ratio", "us/pkt", "pkt_ratio"]
CONFIGS = ["bare", "hash", "flow-table", "flow-table-df"]


@pytest.fixture(scope="module")
def tiny(bin_dir, tmp_path_factory):
    prog = bin_dir / "sfc-bare-benchmark"
    if not prog.exists():
        pytest.fail(f"{prog} not built")
    out = tmp_path_factory.mktemp("bare") / "bench.jsonl"
    p = subprocess.run([str(prog), "--flows=12", "--repetitions=2", "--grace=1",
                        f"--json={out}"], capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    return p.stdout, rows


def test_table_format(tiny):
    stdout, _ = tiny
    lines = stdout.strip().splitlines()
    assert lines[0].startswith("sfc-bare-benchmark: 12 flows x 10 requests, chain fw,dpi,nat")
    assert "2 alternating repetitions" in lines[0]
    assert lines[1].split() == COLUMNS
    body = [l.split() for l in lines[2:]]
    assert [r[0] for r in body] == CONFIGS
    for r in body:
        assert len(r) == len(COLUMNS)
        assert all(re.fullmatch(r"[0-9]+(\.[0-9]+)?", v) for v in r[1:]), r
    bare = body[0]
    assert bare[COLUMNS.index("hop_ratio")] == "1.000"
    assert bare[COLUMNS.index("pkt_ratio")] == "1.000"


def test_json_rows(tiny):
    _, rows = tiny
    assert [r["config"] for r in rows] == CONFIGS
    for r in rows:
        assert len(r["cpu_s"]) == 2 and all(c > 0 for c in r["cpu_s"])
        assert r["link_hops"] > 0 and r["delivered"] > 0
        assert r["links_per_delivered"] == pytest.approx(r["link_hops"] / r["delivered"])
        assert r["cpu_ns_per_hop"] > 0


def test_bare_crosses_fewer_links(tiny):
    _, rows = tiny
    by = {r["config"]: r for r in rows}
    # source - server - ToR - spine - gateway - external host: five links, every packet
    assert by["bare"]["links_per_delivered"] == 5.0
    for policy in CONFIGS[1:]:
        assert by["bare"]["links_per_delivered"] < by[policy]["links_per_delivered"], policy
    # the same flows and packets on both sides (the flow table breaks none of them)
    assert by["bare"]["completed_flows"] == 12
    for policy in ("flow-table", "flow-table-df"):
        assert by[policy]["delivered"] == by["bare"]["delivered"]
        assert by[policy]["completed_flows"] == 12
    # designated forwarders: the detour to each function's DF
    assert by["flow-table-df"]["links_per_delivered"] > by["flow-table"]["links_per_delivered"]


def test_bad_option_is_refused(bin_dir):
    p = subprocess.run([str(bin_dir / "sfc-bare-benchmark"), "--repetitions=0"],
                       capture_output=True, text=True, timeout=60)
    assert p.returncode == 2 and "at least 1" in p.stderr
