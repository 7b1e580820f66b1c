"""Study parameters of type "time": seconds, or ns-3 Time syntax passed to the program as given."""
import math

import pytest

from analysis import AnalysisError, Scenario, Study
from analysis.scenario import time_seconds


@pytest.fixture(scope="module")
def stickiness(bin_dir):
    return Scenario("sfc-stickiness", bin_dir)


@pytest.mark.parametrize("text,seconds", [
    ("5s", 5.0), ("200ms", 0.2), ("1min", 60.0), ("2h", 7200.0), ("1d", 86400.0),
    ("10us", 1e-5), ("3ns", 3e-9), ("1.5e-3s", 1.5e-3), (".5s", 0.5), ("5", 5.0),
    ("0.01", 0.01), ("-1s", -1.0),
])
def test_time_seconds(text, seconds):
    assert math.isclose(time_seconds(text), seconds, rel_tol=1e-12)


@pytest.mark.parametrize("text", ["", "abc", "5 s", " 5s", "5m", "5sec", "5e", "nan", "inf",
                                  "0x10", "1,5s", 5])
def test_time_seconds_rejects(text):
    assert time_seconds(text) is None


@pytest.mark.parametrize("name,value,normalized", [
    ("grace", 20, 20.0),                  # a number is seconds (a float, as for doubles)
    ("grace", 0.25, 0.25),
    ("grace", "20s", "20s"),              # a string is kept as given
    ("grace", "1min", "1min"),
    ("packetInterval", "200ms", "200ms"),
    ("processingDelay", "10us", "10us"),
    ("processingDelay", 5e-6, 5e-6),
    ("tsInterval", "1.5e-3s", "1.5e-3s"),
    ("tsInterval", "1ms", "1ms"),         # the minimum itself
])
def test_time_values_accepted(stickiness, name, value, normalized):
    assert stickiness.options[name]["type"] == "time"
    got = stickiness.normalize(name, value, "fixed")
    assert got == normalized and type(got) is type(normalized)


@pytest.mark.parametrize("name,value,message", [
    ("grace", "abc", "is not a time"),
    ("grace", "5m", "is not a time"),
    ("grace", "5 s", "is not a time"),
    ("grace", "nan", "is not a time"),
    ("grace", True, "is not a time"),
    ("grace", [1], "is not a time"),
    ("grace", float("nan"), "not a finite time"),
    ("grace", float("inf"), "not a finite time"),
    ("grace", "1e400s", "not a finite time"),
    ("grace", "-1s", "out of range [0, 1e+06] s"),
    ("grace", 2e6, "out of range"),
    ("grace", "12d", "out of range"),
    ("tsInterval", "0.5us", "out of range [0.001, 1e+06] s"),
    ("processingDelay", "2s", "out of range [0, 1] s"),
])
def test_time_values_rejected(stickiness, name, value, message):
    with pytest.raises(AnalysisError) as e:
        stickiness.normalize(name, value, "fixed")
    assert message in str(e.value) and "\n" not in str(e.value)


def test_time_strings_go_to_the_program_as_given(stickiness, tmp_path):
    assert stickiness.args({"grace": "20s", "packetInterval": 0.05}) == [
        "--grace=20s", "--packetInterval=0.05"]
    study_file = tmp_path / "t.toml"
    study_file.write_text('scenario = "sfc-stickiness"\nreplications = 1\n'
                          '[grid]\ngrace = ["2s", 3, "500ms"]\n'
                          '[fixed]\nflows = 5\ntsInterval = "250ms"\n')
    study = Study.load(study_file)
    points = study.points(stickiness)
    assert [p["grace"] for p in points] == ["2s", 3.0, "500ms"]
    assert all(p["tsInterval"] == "250ms" for p in points)
    assert len({r.key for r in study.runs(stickiness)}) == 3
