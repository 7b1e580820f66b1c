"""Bad input to the scenario programs: one line on stderr, exit 2, nothing written (issue 13).

Every case here failed before the fix: unwritable output paths gave exit 0 with the file
missing (or an ns-3 abort for --pcap/--netanim), a huge time series a bad_alloc after the
run, a scale-in to 0 instances ran, --eventsFile read a directory or /dev/zero, and the
options ns-3's CommandLine parses printed its help and exited 1 (or segfaulted).
"""
import os
import subprocess

import pytest

PROGRAMS = ("sfc-stickiness", "sfc-failover")
OUTPUTS = ("flowsCsv", "pcap", "flowmon", "netanim", "results")


def run(prog, *args, cwd=None, timeout=120):
    return subprocess.run([str(prog), *args], capture_output=True, text=True, cwd=cwd,
                          timeout=timeout)


def assert_clean_error(out, *words):
    lines = out.stderr.strip().splitlines()
    assert out.returncode == 2, (out.returncode, out.stderr[:500])
    assert len(lines) == 1 and ": error: " in lines[0], out.stderr[:500]
    for w in words:
        assert w in lines[0], (w, lines[0])
    assert out.stdout == ""


def _listing(d):
    return sorted(os.listdir(d))


@pytest.mark.parametrize("prog", PROGRAMS)
@pytest.mark.parametrize("option", OUTPUTS + ("timeseriesCsv",))
def test_unwritable_output_path_fails_before_the_run(bin_dir, tmp_path, prog, option):
    if option == "timeseriesCsv" and prog == "sfc-failover":
        pytest.skip("sfc-failover has no time series")
    results = tmp_path / "r.jsonl"
    extra = [] if option == "results" else [f"--results={results}"]
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    bad_paths = ["/nonexistent/dir/x", str(tmp_path), str(tmp_path / "missing" / "x")]
    if os.geteuid() != 0:  # root writes anywhere
        bad_paths.append(str(ro / "x"))
    try:
        for bad in bad_paths:
            before = _listing(tmp_path)
            out = run(bin_dir / prog, f"--{option}={bad}", *extra, cwd=tmp_path)
            assert_clean_error(out, f"--{option}")
            assert _listing(tmp_path) == before, (option, bad)  # nothing written, nothing left
            assert _listing(ro) == []
    finally:
        ro.chmod(0o755)


def test_writable_output_paths_still_work(bin_dir, tmp_path):
    out = run(bin_dir / "sfc-stickiness", "--flows=10", "--quiet", "--flowsCsv=flows.csv",
              "--timeseriesCsv=ts.csv", "--results=r.jsonl", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert {"flows.csv", "ts.csv", "r.jsonl"} <= set(_listing(tmp_path))


@pytest.mark.parametrize("bad", ["infs", "1e10s", "1e300s", "nan", "9.2e9s", "-1s", "2e6s"])
def test_event_time_out_of_range(bin_dir, tmp_path, bad):
    out = run(bin_dir / "sfc-stickiness", f"--events={bad}:nat:+1", f"--results={tmp_path}/r")
    assert_clean_error(out, "event")
    assert _listing(tmp_path) == []


@pytest.mark.parametrize("args,word", [
    (["--grace=1000000", "--tsInterval=0.001"], "--tsInterval"),
    (["--events=1000000s:nat:+1", "--tsInterval=0.01"], "--tsInterval"),
    (["--flows=10000000", "--flowRate=0.001"], "--tsInterval"),
])
def test_time_series_too_long_refused_up_front(bin_dir, tmp_path, args, word):
    out = run(bin_dir / "sfc-stickiness", *args, f"--results={tmp_path}/r", timeout=30)
    assert_clean_error(out, word)
    assert _listing(tmp_path) == []


@pytest.mark.parametrize("events", ["1s:nat:-5", "1s:fw:-3", "1s:nat:-2,2s:nat:-1",
                                    "1s:nat:+1,2s:nat:-2,3s:nat:-2"])
def test_scale_in_below_one_instance_refused(bin_dir, tmp_path, events):
    out = run(bin_dir / "sfc-stickiness", f"--events={events}", f"--results={tmp_path}/r")
    assert_clean_error(out, "--events", "1 instance")
    assert _listing(tmp_path) == []


def test_scale_in_to_one_instance_runs(bin_dir, tmp_path):
    out = run(bin_dir / "sfc-stickiness", "--flows=10", "--quiet", "--events=1s:nat:-2",
              f"--results={tmp_path}/r")
    assert out.returncode == 0, out.stderr


def test_events_file_bad(bin_dir, tmp_path):
    big = tmp_path / "big.txt"
    big.write_text("# padding\n" * 200000)  # 2 MB of comments
    for bad in (str(tmp_path), "/dev/zero", str(big), str(tmp_path / "missing.txt")):
        out = run(bin_dir / "sfc-stickiness", f"--eventsFile={bad}", f"--results={tmp_path}/r",
                  timeout=30)
        assert_clean_error(out, "--eventsFile")
        assert not (tmp_path / "r").exists()
    good = tmp_path / "events.txt"
    good.write_text("# a schedule\n1s:nat:+1\n")
    out = run(bin_dir / "sfc-stickiness", "--flows=10", "--quiet", f"--eventsFile={good}")
    assert out.returncode == 0, out.stderr


@pytest.mark.parametrize("prog", PROGRAMS)
@pytest.mark.parametrize("arg,word", [
    ("--flowsCsv=", "--flowsCsv"),
    ("--RngRun=99999999999999999999", "--RngRun"),
    ("--RngSeed=99999999999", "--RngSeed"),
    ("--RngSeed=0", "--RngSeed"),
    ("--ns3::Nope::Attr=1", "--ns3::Nope::Attr"),
    ("--ns3::TcpSocket::NoSuchAttribute=1", "--ns3::TcpSocket::NoSuchAttribute"),
    ("--ns3::TcpSocket::SegmentSize=abc", "--ns3::TcpSocket::SegmentSize"),
    ("--ns3::TcpSocket::SegmentSize=", "--ns3::TcpSocket::SegmentSize"),
    ("--ns3::TcpSocket::ConnTimeout=soon", "--ns3::TcpSocket::ConnTimeout"),
    ("--ns3::PointToPointNetDevice::DataRate=fast", "--ns3::PointToPointNetDevice::DataRate"),
    ("--ns3::TcpSocket", "--ns3::TcpSocket"),
    ("--ChecksumEnabled=maybe", "--ChecksumEnabled"),
    ("--SimulatorImplementationType=ns3::Nope", "--SimulatorImplementationType"),
    ("--SimulatorImplementationType=ns3::Node", "--SimulatorImplementationType"),
    ("--SchedulerType=ns3::Nope", "--SchedulerType"),
])
def test_ns3_options_checked_before_ns3_sees_them(bin_dir, tmp_path, prog, arg, word):
    out = run(bin_dir / prog, arg, f"--results={tmp_path}/r", timeout=30)
    assert_clean_error(out, word)
    assert _listing(tmp_path) == []


def test_chain_empty_refused(bin_dir, tmp_path):
    out = run(bin_dir / "sfc-stickiness", "--chain=", f"--results={tmp_path}/r")
    assert_clean_error(out, "--chain")


@pytest.mark.parametrize("arg", ["--ns3::TcpSocket::SegmentSize=1000", "--ChecksumEnabled=true",
                                 "--SimulatorImplementationType=ns3::DefaultSimulatorImpl",
                                 "--SchedulerType=ns3::MapScheduler", "--RngSeed=3",
                                 "--RngRun=18446744073709551615"])
def test_valid_ns3_options_still_accepted(bin_dir, tmp_path, arg):
    out = run(bin_dir / "sfc-stickiness", "--flows=10", "--quiet", arg)
    assert out.returncode == 0, out.stderr


@pytest.mark.parametrize("args", [["--rogue=true", "--rogueAt=100s"], ["--recoverAt=1000s"]])
def test_failover_times_after_the_run_refused(bin_dir, tmp_path, args):
    out = run(bin_dir / "sfc-failover", *args, f"--results={tmp_path}/r")
    assert_clean_error(out, "--duration + --grace")
    assert _listing(tmp_path) == []


@pytest.mark.parametrize("prog", PROGRAMS)
def test_check_options_checks_and_runs_nothing(bin_dir, tmp_path, prog):
    out = run(bin_dir / prog, "--checkOptions", "--flowsCsv=f.csv", "--results=r.jsonl",
              cwd=tmp_path)
    assert out.returncode == 0 and out.stdout == "" and out.stderr == "", out.stderr
    assert _listing(tmp_path) == []
    out = run(bin_dir / prog, "--checkOptions", "--flowsCsv=/nonexistent/d/f.csv", cwd=tmp_path)
    assert_clean_error(out, "--flowsCsv")
