"""Shared fixtures: where the built programs are."""
import os
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def bin_dir():
    d = pathlib.Path(os.environ.get("SFC_BIN_DIR", ROOT / "build" / "bin"))
    if not (d / "sfc-stickiness").exists():
        pytest.fail(f"scenario programs not built in {d} (run the README's test command)")
    return d
