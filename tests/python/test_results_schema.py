"""The results schema for per-event metrics and time series (ns3-module/doc/results.rst):
every scenario program's rows fit it, and the checker finds what does not."""
import json
import subprocess

import pytest

from analysis import schema

STICKINESS = ["--flows=30", "--flowPackets=20", "--packetInterval=0.05", "--grace=3",
              "--tsInterval=0.5"]
FAILOVER = ["--flows=8", "--newFlowRate=5", "--duration=6", "--failAt=3", "--grace=10"]
INSERTION = ["--flows=16", "--flowRate=20", "--flowPackets=20", "--grace=2"]
RUNS = {
    "stickiness-no-events": ("sfc-stickiness", STICKINESS),
    "stickiness-events": ("sfc-stickiness", STICKINESS + ["--events=1s:nat:+1,2s:fw:-1:abrupt"]),
    "stickiness-compare": ("sfc-stickiness", STICKINESS + ["--compare", "--chain=dpi,nat",
                                                          "--events=1s:nat:+1,1.5s:nat:-1:drain"]),
    "stickiness-autoscale": ("sfc-stickiness", STICKINESS + ["--autoscale=nat",
                                                            "--autoscaleMode=random"]),
    "failover-primary": ("sfc-failover", FAILOVER),
    "failover-norep": ("sfc-failover", FAILOVER + ["--replication=false"]),
    "failover-backup": ("sfc-failover", FAILOVER + ["--failNode=backup"]),
    "failover-none": ("sfc-failover", FAILOVER + ["--failNode=none"]),
    "insertion": ("sfc-insertion", INSERTION),
    "insertion-events": ("sfc-insertion", INSERTION + ["--removeAt=2s", "--migrateAt=1.5s"]),
    "insertion-compare": ("sfc-insertion", INSERTION + ["--compare"]),
}


@pytest.fixture(scope="module")
def rows(bin_dir, tmp_path_factory):
    d = tmp_path_factory.mktemp("schema")
    out = {}
    for name, (prog, args) in RUNS.items():
        results = d / f"{name}.jsonl"
        p = subprocess.run([str(bin_dir / prog), *args, "--quiet", f"--results={results}"],
                           capture_output=True, text=True, timeout=600)
        assert p.returncode == 0, (name, p.stderr)
        out[name] = [json.loads(line) for line in results.read_text().splitlines()]
        assert out[name], name
    return out


@pytest.mark.parametrize("name", sorted(RUNS))
def test_every_row_fits_the_schema(rows, name):
    for row in rows[name]:
        m = row["metrics"]
        assert schema.EVENTS in m, "every scenario reports its events (maybe none)"
        assert schema.problems(m) == [], (name, schema.problems(m)[:3])
        for e in m[schema.EVENTS]:
            assert list(e)[:5] == list(schema.EVENT_FIELDS)  # required fields first, in order


def test_stickiness_events_and_time_series(rows):
    for row in rows["stickiness-events"] + rows["stickiness-compare"]:
        m = row["metrics"]
        assert [e["time_s"] for e in m["events"]] in ([1.0, 2.0], [1.0, 1.5])
        ts = m["timeseries"]
        assert ts["interval_s"] == 0.5 and len(ts["time_s"]) > 4
        cols = schema.columns(ts)
        assert schema.PRIMARY_COLUMN in cols
        assert [c for c in cols if c.startswith("instances.")]  # a group, flattened
        assert sum(cols["started_flows"]) == m["flows"]
    assert rows["stickiness-no-events"][0]["metrics"]["events"] == []
    assert len(rows["stickiness-compare"]) > 2


def test_failover_failure_is_its_one_event(rows):
    for name, label in (("failover-primary", "fail:primary"), ("failover-norep", "fail:primary"),
                        ("failover-backup", "fail:backup")):
        (row,) = rows[name]
        m = row["metrics"]
        (e,) = m["events"]
        assert e == {"time_s": 3.0, "event": label, "active_flows": m["flows_active_at_failure"],
                     "broken_flows": m["broken_active_flows"],
                     "broken_ratio": m["broken_ratio"]}
    assert rows["failover-norep"][0]["metrics"]["events"][0]["broken_flows"] > 0
    assert rows["failover-none"][0]["metrics"]["events"] == []
    assert "timeseries" not in rows["failover-primary"][0]["metrics"]


GOOD_EVENT = {"time_s": 1.0, "event": "e", "active_flows": 4, "broken_flows": 1,
              "broken_ratio": 0.25}


@pytest.mark.parametrize("events,problem", [
    ({"time_s": 1}, "not a list"),
    ([dict(GOOD_EVENT, time_s="1s")], "time_s = '1s' is not valid"),
    ([{k: v for k, v in GOOD_EVENT.items() if k != "event"}], "has no event"),
    ([dict(GOOD_EVENT, active_flows=-1)], "active_flows = -1"),
    ([dict(GOOD_EVENT, broken_flows=True)], "broken_flows = True"),
    ([dict(GOOD_EVENT, broken_ratio=1.5)], "broken_ratio = 1.5"),
    ([dict(GOOD_EVENT, broken_flows=5)], "more broken_flows than active_flows"),
    ([dict(GOOD_EVENT, note="x")], "note = 'x' is not a number"),
])
def test_event_problems(events, problem):
    assert schema.event_problems([GOOD_EVENT, dict(GOOD_EVENT, extra=2)]) == []
    found = schema.event_problems(events)
    assert found and problem in found[0], found


GOOD_TS = {"interval_s": 0.5, "time_s": [0.0, 0.5], "a": [1, 2], "g": {"x": [0.1, 0.2]}}


@pytest.mark.parametrize("change,problem", [
    ({"interval_s": 0}, "interval_s = 0"),
    ({"time_s": [0.5, 0.0]}, "not in time order"),
    ({"time_s": "0"}, "time_s is not an array"),
    ({"a": [1]}, "timeseries.a has 1 values for 2 intervals"),
    ({"g": {"x": [1, 2, 3]}}, "timeseries.g.x has 3 values"),
    ({"a": [1, None]}, "timeseries.a holds a value that is not a number"),
    ({"a": 3}, "timeseries.a is neither an array nor a group"),
])
def test_timeseries_problems(change, problem):
    assert schema.timeseries_problems(GOOD_TS) == []
    assert schema.columns(GOOD_TS) == {"a": [1, 2], "g.x": [0.1, 0.2]}
    found = schema.timeseries_problems(dict(GOOD_TS, **change))
    assert found and problem in found[0], found
