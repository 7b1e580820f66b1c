"""The report says what produced it: the repository's git commit, the ns-3 version of the
program, the build identity, the Python stack, and when the runs were made (from the
database, not the clock at report time)."""
import re
import subprocess
from datetime import datetime, timezone

from analysis.report import git_commit, ns3_version, write_report
from conftest import ROOT
from test_analysis_intervals import rare_breaks


def test_git_commit_of_a_checkout_and_of_no_checkout(tmp_path):
    head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True,
                          text=True).stdout.strip()
    assert re.fullmatch(r"[0-9a-f]{40}", head)
    assert git_commit(ROOT).removesuffix("+dirty") == head
    assert git_commit(tmp_path) == "unknown"


def test_ns3_version_of_the_program(bin_dir):
    version, how = ns3_version(str(bin_dir / "sfc-stickiness"))
    assert re.match(r"3\.\d+", version), (version, how)
    assert "ns3" in how and "core" in how
    assert ns3_version("/nonexistent/sfc-x")[0] == "unknown"


def test_report_records_provenance_and_the_dates_of_the_runs(tmp_path):
    df = rare_breaks()
    df["run_id"] = range(len(df))
    df["finished_at"] = [f"2001-02-0{i % 3 + 1}T10:00:00+00:00" for i in range(len(df))]
    df.attrs["study"].update(build_id="sha256:feed", build_policy="refuse",
                             binary=str(tmp_path / "gone"),
                             spec={"report": {"metrics": ["mean_fct_s"]}, "figures": []})
    html = write_report(df, tmp_path / "report.html", figures=[]).read_text()
    assert "Provenance" in html
    assert "2001-02-01T10:00:00+00:00 to 2001-02-03T10:00:00+00:00" in html
    assert datetime.now(timezone.utc).strftime("%Y-%m-%d") not in html  # no wall clock
    assert git_commit() in html and "sha256:feed" in html
    assert re.search(r"ns-3 version</th><td class='l'><code>unknown \(program .*gone is "
                     r"missing or was rebuilt", html)
    import pandas
    assert f"pandas / numpy / scipy / matplotlib</th><td class='l'><code>{pandas.__version__}" \
        in html


def test_report_of_a_real_sweep_names_the_ns3_it_ran(bin_dir, tmp_path):
    from analysis import Study, load_runs, sweep
    study = Study(scenario="sfc-stickiness", name="prov", grid={"policy": ["flow-table"]},
                  fixed={"flows": 5, "grace": 1.0}, replications=2)
    db = tmp_path / "runs.sqlite"
    assert sweep(study, db, bin_dir=bin_dir, jobs=2, progress=False).all_ok
    _, df = load_runs(db)
    html = write_report(df, tmp_path / "report.html").read_text()
    version, how = ns3_version(str(bin_dir / "sfc-stickiness"))
    assert f"<code>{version} ({how})</code>" in html and version != "unknown"
    first, last = min(df["finished_at"]), max(df["finished_at"])
    assert (f"{first} to {last}" if first != last else first) in html
