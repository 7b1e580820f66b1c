"""analysis/studies/real-tcp.toml end to end, in a tiny version (fewer, shorter flows and
two replications): the sweep over traffic x policy, the paired differences in the report,
the completion-time CDF and the per-forwarder figures."""
import json
import re
import sqlite3
import subprocess

import pytest

from conftest import PYTHON, ROOT, analysis_env


def tiny(text):
    """The shipped study with fewer flows, shorter runs and two replications."""
    for key, value in (("replications", "2"), ("flows", "16"), ("flowPackets", "60"),
                       ("grace", "3"), ("name", '"real-tcp-tiny"')):
        text, n = re.subn(rf"^{key} = .*$", f"{key} = {value}", text, count=1, flags=re.M)
        assert n == 1, key
    return text


@pytest.fixture(scope="module")
def swept(bin_dir, tmp_path_factory):
    d = tmp_path_factory.mktemp("realtcp")
    (d / "real-tcp-tiny.toml").write_text(tiny((ROOT / "analysis" / "studies" /
                                                "real-tcp.toml").read_text()))
    out = subprocess.run([PYTHON, "-m", "analysis", "run", "real-tcp-tiny.toml",
                          "--no-progress"], capture_output=True, text=True, cwd=d,
                         env=analysis_env(bin_dir), timeout=900)
    assert out.returncode == 0, out.stderr
    return d / "results" / "real-tcp-tiny", out


def rows(db):
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return [(json.loads(p), json.loads(m)) for p, m, s in con.execute(
            "SELECT parameters, metrics, status FROM runs") if s == "ok"]
    finally:
        con.close()


def test_every_run_succeeds_and_carries_its_traffic_metrics(swept):
    d, _ = swept
    runs = rows(d / "runs.sqlite")
    assert len(runs) == 2 * 2 * 2
    for params, m in runs:
        assert sorted(m["timeseries"]["flow_entries"]) == ["gateway", "server0", "server1",
                                                           "server2", "server3"]
        if params["traffic"] == "ns3-tcp":
            assert m["completion_times_s"]["count"] == m["completed_flows"]
            assert m["mean_goodput_bps"] > 0
        else:
            assert "completion_times_s" not in m and "path_stretch" in m
    tcp = {(p["policy"], p["RngRun"]): m for p, m in runs if p["traffic"] == "ns3-tcp"}
    for run in (1, 2):  # the scale-out: hash breaks real TCP, the flow table does not
        assert tcp[("flow-table-df", run)]["broken_flows"] == 0
        assert tcp[("hash", run)]["broken_flows"] > 0
        assert tcp[("hash", run)]["tcp_retransmissions"] > 0


def test_figures_declared_are_made(swept):
    d, _ = swept
    index = json.loads((d / "figures" / "index.json").read_text())
    made = {f["name"]: f for f in index["figures"]}
    assert set(made) == {"broken_ratio_by_traffic", "completion_time_by_traffic",
                         "goodput_by_policy", "completion_time_cdf", "forwarder_entries",
                         "instances_per_function"}
    assert made["completion_time_cdf"]["kind"] == "cdf"
    assert made["completion_time_cdf"]["series"] == ["hash", "flow-table-df"]
    assert made["forwarder_entries"]["panels"] == ["hash", "flow-table-df"]
    assert "ns3-tcp: server0" in made["forwarder_entries"]["series"]


def test_report_has_the_paired_differences(swept):
    d, _ = swept
    html = (d / "report.html").read_text()
    assert "Paired differences (policy vs hash)" in html
    table = html.split("Paired differences (policy vs hash)")[1].split("</table>")[0]
    assert "flow-table-df" in table and "ns3-tcp" in table and "tcp-like" in table
    assert "difference (95 % CI)" in table and "mean_goodput_bps" in table
