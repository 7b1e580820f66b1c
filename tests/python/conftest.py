"""Shared fixtures: where the built programs are."""
import os
import pathlib
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # the analysis package, for in-process tests
    sys.path.insert(0, str(ROOT))


@pytest.fixture(scope="session")
def bin_dir():
    d = pathlib.Path(os.environ.get("SFC_BIN_DIR", ROOT / "build" / "bin"))
    if not (d / "sfc-stickiness").exists():
        pytest.fail(f"scenario programs not built in {d} (run the README's test command)")
    return d


# ---------------------------------------------------------------- analysis toolkit helpers

PYTHON = "/usr/bin/python3"


def analysis_env(bin_dir):
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT)
    env["SFC_BIN_DIR"] = str(bin_dir)
    return env


@pytest.fixture
def cli(bin_dir, tmp_path):
    """Run `python3 -m analysis ARGS` in tmp_path; returns the CompletedProcess."""
    import subprocess

    def run(*args, timeout=600, cwd=None):
        return subprocess.run([PYTHON, "-m", "analysis", *map(str, args)], capture_output=True,
                              text=True, cwd=cwd or tmp_path, env=analysis_env(bin_dir),
                              timeout=timeout)
    return run


@pytest.fixture
def write_study(tmp_path):
    """Write a study file into tmp_path and return its path."""
    def write(text, name="study.toml"):
        p = tmp_path / name
        p.write_text(text)
        return p
    return write
