"""NetAnim traces cover the whole run unless asked otherwise (issue 14: they stopped at NetAnim's
default of 100,000 packets, 1.76 s into the default sfc-stickiness run)."""
import csv
import re
import subprocess

FBTX = re.compile(rb'fbTx="([0-9.]+)"')


def run(prog, *args):
    out = subprocess.run([str(prog), "--quiet=true", *args], capture_output=True, timeout=600)
    assert out.returncode == 0, out.stderr
    return out


def tx_times(path):
    return [float(t) for t in FBTX.findall(path.read_bytes())]


def test_default_animation_covers_every_flow(bin_dir, tmp_path):
    anim, flows = tmp_path / "anim.xml", tmp_path / "flows.csv"
    run(bin_dir / "sfc-stickiness", f"--netanim={anim}", f"--flowsCsv={flows}")
    with flows.open() as f:
        last_end = max(float(r["end_s"]) for r in csv.DictReader(f) if r["end_s"])
    times = tx_times(anim)
    assert len(times) > 100_000, "more packets than NetAnim's default limit"
    assert max(times) >= last_end - 0.01, (max(times), last_end)


def test_window_and_packet_limit(bin_dir, tmp_path):
    window = tmp_path / "window.xml"
    run(bin_dir / "sfc-stickiness", f"--netanim={window}", "--netanimStart=1s", "--netanimStop=1.5s")
    times = tx_times(window)
    assert times and min(times) >= 1.0 and max(times) <= 1.5
    capped = tmp_path / "capped.xml"
    run(bin_dir / "sfc-stickiness", f"--netanim={capped}", "--netanimMaxPackets=1000")
    assert 0 < len(tx_times(capped)) <= 1001
    for bad in ("--netanimStart=-1s", "--netanimMaxPackets=-3", "--netanimStop=xs"):
        out = subprocess.run([str(bin_dir / "sfc-failover"), bad], capture_output=True, text=True,
                             timeout=60)
        assert out.returncode == 2 and len(out.stderr.strip().splitlines()) == 1, (bad, out.stderr)
