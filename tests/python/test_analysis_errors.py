"""Bad study files, bad parameters, bad command lines: one-line error, exit status 2,
database untouched."""
import hashlib

import pytest

GOOD = """
scenario = "sfc-stickiness"
replications = 1
[grid]
policy = ["flow-table", "hash"]
[fixed]
flows = 5
grace = 1.0
"""

BAD_STUDIES = {
    "not TOML": ("scenario = \"sfc-stickiness\"\n[grid\npolicy = 1\n", "not valid TOML"),
    "unknown key": ("bogus = 1\n" + GOOD, "unknown key 'bogus'"),
    "no scenario": ("replications = 1\n", "'scenario' is missing"),
    "no such program": ("scenario = \"sfc-nosuch\"\n", "not found"),
    "unknown parameter": (GOOD.replace("flows = 5", "flowz = 5"),
                          "unknown parameter 'flowz' for sfc-stickiness (did you mean 'flows'?)"),
    "malformed uint": (GOOD.replace("flows = 5", "flows = \"five\""),
                       "flows = 'five' is not a non-negative integer"),
    "fractional uint": (GOOD.replace("flows = 5", "flows = 2.5"), "not a non-negative integer"),
    "out of range": (GOOD.replace("flows = 5", "instances = 0"), "out of range"),
    "malformed time": (GOOD.replace("grace = 1.0", "grace = \"5 seconds\""),
                       "grace = '5 seconds' is not a time"),
    "unknown time unit": (GOOD.replace("grace = 1.0", "grace = \"5m\""), "is not a time"),
    "time as bool": (GOOD.replace("grace = 1.0", "grace = true"), "is not a time"),
    "time out of range": (GOOD.replace("grace = 1.0", "tsInterval = \"0.5us\""),
                          "tsInterval = '0.5us' is out of range [0.001, 1e+06] s"),
    "bad choice": (GOOD.replace('"hash"]', '"magic"]'), "is not one of"),
    "bool as number": (GOOD.replace("flows = 5", "nat = 1"), "is not true or false"),
    "reserved RngRun": (GOOD.replace("flows = 5", "RngRun = 3"), "'RngRun' cannot be set"),
    "reserved results": (GOOD.replace("flows = 5", "results = \"x\""),
                         "'results' cannot be set"),
    "set twice": (GOOD + "\n[derived]\nflows = \"3\"\n", "set twice"),
    "bad expression": (GOOD + "\n[derived]\nservers = \"max(4,\"\n", "bad expression"),
    "unsafe expression": (GOOD + "\n[derived]\nservers = \"__import__('os').getpid()\"\n",
                          "not allowed"),
    "expression unknown name": (GOOD + "\n[derived]\nservers = \"instancez + 1\"\n",
                                "uses 'instancez'"),
    "derived out of range": (GOOD + "\n[derived]\nservers = \"0\"\n", "out of range"),
    "zero replications": (GOOD.replace("replications = 1", "replications = 0"),
                          "must be at least 1"),
    "repeated RngRun": (GOOD.replace("replications = 1", "replications = [1, 1]"),
                        "RngRun value twice"),
    "duplicate grid value": (GOOD.replace('"hash"]', '"flow-table"]'), "lists a value twice"),
    "where excludes all": (GOOD.replace("replications = 1", "replications = 1\nwhere = \"false\""),
                           "no runs"),
    "star on uint": (GOOD.replace("[fixed]", "instances = \"*\"\n[fixed]"),
                     "needs a choice or bool option"),
    "empty grid list": (GOOD.replace("[fixed]", "instances = []\n[fixed]"), "empty list"),
    "figure unknown key": (GOOD + '[[figure]]\nmetric = "broken_ratio"\ncolour = "red"\n',
                           "figure 1: unknown key 'colour'"),
    "figure bad kind": (GOOD + '[[figure]]\nmetric = "broken_ratio"\nkind = "pie"\n',
                        "kind = 'pie' is not one of"),
    "figure unknown parameter": (GOOD + '[[figure]]\nmetric = "broken_ratio"\nx = "instances"\n',
                                 "figure 1: 'instances' is not a "
                                 "parameter of the study"),
    "report unknown parameter": (GOOD + '[report]\nseries = ["instances"]\n',
                                 "report: 'instances' is not a parameter of the study"),
    # issue 13: these filled the database with failed rows, or hung
    "timeout nan": (GOOD.replace("replications = 1", "replications = 1\ntimeout = nan"),
                    "timeout must be a positive, finite number of seconds"),
    "timeout inf": (GOOD.replace("replications = 1", "replications = 1\ntimeout = inf"),
                    "timeout must be a positive, finite number of seconds"),
    "program rejects chain": (GOOD.replace("flows = 5", 'flows = 5\nchain = "fw,xyz"'),
                              "sfc-stickiness rejects policy='flow-table'"),
    "program rejects schedule": (GOOD.replace("flows = 5", 'flows = 5\nevents = "1s:nat:-5"'),
                                 "a function keeps at least 1 instance"),
    "program rejects output path": (GOOD.replace("flows = 5",
                                                 'flows = 5\nflowsCsv = "/nonexistent/d/x"'),
                                    "--flowsCsv=/nonexistent/d/x"),
    "too many runs": (GOOD.replace("replications = 1", "replications = 100000"),
                      "200000 runs, more than --max-runs (100000)"),
    "too many runs in the grid": (GOOD.replace("[fixed]", "instances = " + str(list(range(1, 257)))
                                               + "\nservers = " + str(list(range(256, 1025)))
                                               + "\n[fixed]"),
                                  "more than --max-runs (100000)"),
}


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def existing_db(bin_dir, tmp_path_factory):
    """A database that already holds a study."""
    import subprocess
    from conftest import PYTHON, analysis_env
    d = tmp_path_factory.mktemp("db")
    (d / "good.toml").write_text(GOOD)
    out = subprocess.run([PYTHON, "-m", "analysis", "sweep", "good.toml", "--db", "runs.sqlite",
                          "--no-progress"], cwd=d, env=analysis_env(bin_dir), capture_output=True,
                         text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    return d / "runs.sqlite"


def one_line_error(out):
    assert out.returncode == 2, (out.returncode, out.stdout, out.stderr)
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1, out.stderr
    assert lines[0].startswith("analysis: error: "), lines[0]
    return lines[0]


@pytest.mark.parametrize("case", sorted(BAD_STUDIES))
def test_bad_study_file(case, cli, write_study, existing_db, tmp_path):
    text, expected = BAD_STUDIES[case]
    study = write_study(text)
    before = digest(existing_db)
    line = one_line_error(cli("sweep", study, "--db", existing_db))
    assert expected in line, line
    assert digest(existing_db) == before
    line = one_line_error(cli("sweep", study, "--db", tmp_path / "new.sqlite"))
    assert not (tmp_path / "new.sqlite").exists()
    assert not (tmp_path / "results").exists()


@pytest.mark.parametrize("args,expected", [
    (["sweep"], "required"),
    (["sweep", "good.toml", "--jobs", "0"], "jobs must be a positive integer"),
    (["sweep", "good.toml", "--nosuch"], "unrecognized arguments"),
    (["sweep", "good.toml", "--on-build-change", "maybe"], "invalid choice"),
    (["sweep", "missing.toml"], "cannot read study file"),
    (["sweep", "good.toml", "--scheduler", "tcp://127.0.0.1:9",
      "--scheduler-timeout", "2"], "cannot reach the Dask scheduler"),
    (["frobnicate"], "invalid choice"),
    (["plot", "--db", "none.sqlite"], "no database at none.sqlite"),
    (["report", "--db", "DB", "--study", "nosuch"], "no study named 'nosuch'"),
    (["export", "--db", "DB", "--table", "nosuch"], "has no table 'nosuch'"),
])
def test_bad_command_line(args, expected, cli, write_study, existing_db, tmp_path):
    write_study(GOOD, "good.toml")
    before = digest(existing_db)
    args = [str(existing_db) if a == "DB" else a for a in args]
    if "sweep" in args and "--db" not in args and len(args) > 1:
        args += ["--db", str(existing_db)]
    line = one_line_error(cli(*args, timeout=120))
    assert expected in line, line
    assert digest(existing_db) == before
    assert not (tmp_path / "none.sqlite").exists()


def test_not_a_results_database(cli, write_study, tmp_path):
    study = write_study(GOOD)
    other = tmp_path / "other.sqlite"
    import sqlite3
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    before = digest(other)
    line = one_line_error(cli("sweep", study, "--db", other))
    assert "not a results database" in line
    assert digest(other) == before


@pytest.mark.parametrize("figure,expected", [
    ('metric = "nosuch"', "figure 'nosuch': no scalar metric 'nosuch' in the runs"),
    ('kind = "line"\nmetric = "broken_ratio"\nx = "policy"', "kind line needs a numeric x"),
    ('kind = "events"\nmetric = "broken_ratio"', "no successful run has an event"),
])
def test_figure_that_does_not_fit_the_runs(figure, expected, cli, write_study, existing_db,
                                           tmp_path):
    """Checked against the stored runs before anything is drawn: one line, exit status 2."""
    study = write_study(GOOD + f"[[figure]]\n{figure}\n", "good.toml")
    before = digest(existing_db)
    for command in ("plot", "report"):
        line = one_line_error(cli(command, study, "--db", existing_db, "--out",
                                  tmp_path / "out" / "x"))
        assert expected in line, line
    assert digest(existing_db) == before
    assert not (tmp_path / "out").exists()


def test_non_utf8_study_file(cli, tmp_path):
    study = tmp_path / "latin1.toml"
    study.write_bytes(GOOD.encode() + b'description = "caf\xe9"\n')
    line = one_line_error(cli("sweep", study, "--db", tmp_path / "new.sqlite"))
    assert "not UTF-8" in line, line
    assert not (tmp_path / "new.sqlite").exists()


def test_two_study_files_with_one_name_refused(cli, existing_db, tmp_path):
    """Another file named like a study in the database must not replace its run list."""
    other = tmp_path / "good.toml"          # same name ("good"), another file
    other.write_text(GOOD.replace('"hash"]', '"hash", "consistent-hash"]'))
    before = digest(existing_db)
    line = one_line_error(cli("sweep", other, "--db", existing_db))
    assert "already holds study 'good' from" in line, line
    assert digest(existing_db) == before


def test_max_runs_can_be_raised(cli, write_study, tmp_path):
    study = write_study(GOOD.replace("replications = 1", "replications = 60000"))
    line = one_line_error(cli("status", study))
    assert "120000 runs, more than --max-runs (100000)" in line
    out = cli("status", study, "--max-runs", "200000")
    assert out.returncode == 0, out.stderr
    assert "120000 runs" in out.stdout


def test_temporary_folders_of_killed_runs_cleaned_on_resume(bin_dir, write_study, tmp_path):
    """A sweep killed with -9 leaves its runs' folders (sfc-run-PID-*); the next sweep
    removes those whose process is gone, and leaves live ones alone."""
    import os
    import subprocess
    from conftest import PYTHON, analysis_env
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    dead = subprocess.Popen(["true"])
    dead.wait()
    stale = tmp / f"sfc-run-{dead.pid}-abc123"
    stale.mkdir()
    (stale / "results.jsonl").write_text("partial")
    live = tmp / f"sfc-run-{os.getpid()}-def456"   # this process is alive
    live.mkdir()
    study = write_study(GOOD)
    env = dict(analysis_env(bin_dir), TMPDIR=str(tmp))
    out = subprocess.run([PYTHON, "-m", "analysis", "sweep", str(study), "--db",
                          str(tmp_path / "runs.sqlite"), "--no-progress"], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert not stale.exists()
    assert live.exists()
    assert sorted(p.name for p in tmp.iterdir() if p.name.startswith("sfc-")) == [live.name]
