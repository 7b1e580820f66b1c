"""sfc-stickiness --traffic: ns-3's own TCP and UDP applications through the chain, their
metrics (AppFlowMonitor, AppTraffic), and --forwarderSeries (per-forwarder flow-table
entries in the time series)."""
import json
import subprocess

import pytest


def run(bin_dir, tmp_path, *args):
    out = tmp_path / "r.jsonl"
    if out.exists():
        out.unlink()
    p = subprocess.run([str(bin_dir / "sfc-stickiness"), f"--results={out}", "--quiet=true",
                        *args], capture_output=True, text=True, timeout=600)
    assert p.returncode == 0, p.stderr
    return json.loads(out.read_text().splitlines()[-1])


SMALL = ["--flows=12", "--flowRate=20", "--flowPackets=20", "--packetInterval=0.01",
         "--requestSize=1000", "--grace=3"]


def test_traffic_is_an_option_with_tcp_like_the_default(bin_dir, tmp_path):
    out = subprocess.run([str(bin_dir / "sfc-stickiness"), "--describeOptions"],
                         capture_output=True, text=True, check=True)
    opt = next(o for o in json.loads(out.stdout)["options"] if o["name"] == "traffic")
    assert opt["choices"] == ["tcp-like", "ns3-tcp", "ns3-udp"] and opt["default"] == "tcp-like"
    a = run(bin_dir, tmp_path, "--flows=20")
    b = run(bin_dir, tmp_path, "--flows=20", "--traffic=tcp-like")
    assert a["parameters"]["traffic"] == "tcp-like" and a["metrics"] == b["metrics"]
    assert "completion_times_s" not in a["metrics"]
    assert "flow_entries" not in a["metrics"]["timeseries"]


@pytest.mark.parametrize("interval", ["0.01", "0"])  # OnOff over TCP, BulkSend
def test_ns3_tcp_flows_complete_sticky_through_the_nat(bin_dir, tmp_path, interval):
    m = run(bin_dir, tmp_path, *SMALL, "--traffic=ns3-tcp", f"--packetInterval={interval}")
    m = m["metrics"]
    assert m["app_flows"] == 12 and m["flows"] == 12 and m["tcp_flows"] == 12
    assert m["completed_flows"] == 12 and m["failed_flows"] == 0
    assert m["sticky_flows"] == 12 and m["broken_flows"] == 0
    assert m["tcp_retransmissions"] == 0 and m["rsts"] == 0
    assert m["bytes_delivered"] == 12 * 20 * 1000
    ct = m["completion_times_s"]
    assert ct["count"] == 12 and len(ct["quantiles"]) == 101
    assert ct["quantiles"] == sorted(ct["quantiles"])
    assert ct["min"] == ct["quantiles"][0] and ct["max"] == ct["quantiles"][-1]
    assert m["mean_fct_s"] == pytest.approx(ct["mean"])
    if interval == "0.01":
        # 20 segments 10 ms apart: at least 0.19 s, at most the pacing rate (800 kb/s)
        assert ct["min"] >= 0.19 and 0 < m["mean_goodput_bps"] <= 800e3 * 1.01
    else:
        assert ct["max"] < 0.19 and m["mean_goodput_bps"] > 800e3
    assert "path_stretch" not in m and "broken_flows" not in m["timeseries"]


def test_ns3_udp_echoes_every_segment(bin_dir, tmp_path):
    m = run(bin_dir, tmp_path, *SMALL, "--traffic=ns3-udp")["metrics"]
    assert m["udp_flows"] == 12 and m["completed_flows"] == 12 and m["sticky_flows"] == 12
    assert m["bytes_delivered"] == 12 * 20 * 1000  # every echo came back
    assert m["completion_times_s"]["min"] >= 0.19


def scale_out(bin_dir, tmp_path, policy):
    return run(bin_dir, tmp_path, "--traffic=ns3-tcp", f"--policy={policy}", "--chain=dpi,nat",
               "--flows=40", "--flowRate=20", "--flowPackets=100", "--packetInterval=0.02",
               "--requestSize=1000", "--events=1s:nat:+1", "--natPorts=aligned", "--grace=6",
               "--RngRun=1")["metrics"]


def test_nat_scale_out_hash_breaks_real_tcp_flow_table_df_does_not(bin_dir, tmp_path):
    df = scale_out(bin_dir, tmp_path, "flow-table-df")
    h = scale_out(bin_dir, tmp_path, "hash")
    assert df["broken_flows"] == 0 and df["completed_flows"] == 40
    assert df["tcp_retransmissions"] == 0 and df["events"][0]["active_flows"] > 0
    assert h["broken_flows"] > 0 and h["events"][0]["broken_flows"] > 0
    assert h["completed_flows"] < 40 and h["tcp_retransmissions"] > 0
    assert h["no_state_drops"] > 0
    assert h["mean_goodput_bps"] < df["mean_goodput_bps"]
    assert 0 < h["broken_ratio"] <= 1
    from analysis import schema  # events and time series in the one results schema
    assert schema.problems(h) == [] and schema.problems(df) == []
    assert h["events"][0]["event"] == "nat:+1" and h["events"][0]["time_s"] >= 1.0


def test_forwarder_series_samples_every_flow_table(bin_dir, tmp_path):
    r = run(bin_dir, tmp_path, "--flows=40", "--flowPackets=50", "--packetInterval=0.04",
            "--events=1s:nat:+1", "--forwarderSeries=true", "--tsInterval=0.25")
    m = r["metrics"]
    ts = m["timeseries"]
    entries = ts["flow_entries"]
    names = [f["name"] for f in m["forwarders"]]
    assert sorted(entries) == sorted(names)
    for name, col in entries.items():
        assert len(col) == len(ts["time_s"])
        peak = next(f["peak_flow_entries"] for f in m["forwarders"] if f["name"] == name)
        assert max(col) <= peak and all(v % 2 == 0 for v in col)  # two entries per flow
    assert entries["gateway"][0] == 0 and max(entries["gateway"]) > 0
    assert set(ts["instances"]) and max(ts["instances"]["f3_nat"]) == 4
    # the series only adds a group: every other metric is the run's without it
    plain = run(bin_dir, tmp_path, "--flows=40", "--flowPackets=50", "--packetInterval=0.04",
                "--events=1s:nat:+1", "--tsInterval=0.25")["metrics"]
    del ts["flow_entries"]
    assert m == plain


@pytest.mark.parametrize("option", ["--flowsCsv=f.csv", "--flowmon=f.xml"])
def test_outputs_that_follow_flow_ids_are_refused_with_ns3_traffic(bin_dir, tmp_path, option):
    p = subprocess.run([str(bin_dir / "sfc-stickiness"), "--traffic=ns3-tcp", option],
                       capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert p.returncode == 2 and p.stderr.count("\n") == 1
    assert "need --traffic=tcp-like" in p.stderr and not list(tmp_path.iterdir())


def test_no_completed_flow_has_no_completion_time(bin_dir, tmp_path):
    # hash with sequential NAT ports steers the echoes to NAT instances without the
    # translation: no flow completes, and there is no completion time (null), not 0
    m = run(bin_dir, tmp_path, "--traffic=ns3-udp", "--policy=hash", "--flows=10")["metrics"]
    assert m["completed_flows"] == 0 and m["broken_flows"] == 10
    assert m["mean_fct_s"] is None and m["completion_times_s"]["p50"] is None
    assert m["completion_times_s"]["quantiles"] == [] and m["mean_goodput_bps"] == 0
