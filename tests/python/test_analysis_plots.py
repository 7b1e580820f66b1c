"""Figures for metrics the scaling and failover scenarios will write (issues 3 and 4),
checked on input shaped as documented in analysis/plots.py, and the statistics."""
import math

import pandas as pd
import pytest

from analysis.data import ci95, summary_table
from analysis.plots import make_plots


def frame(records, params, metrics, varying):
    df = pd.DataFrame(records)
    for c in ("status", "point"):
        assert c in df
    df.attrs.update(study={"name": "t", "scenario": "x", "spec": {"report": {}}},
                    params=params, metrics=metrics, varying=varying)
    return df


def test_ci95_is_the_student_t_interval():
    mean, half, n = ci95([1.0, 2.0, 3.0, 4.0])
    assert (mean, n) == (2.5, 4)
    # t(0.975, 3) = 3.182446305, s = 1.2909944, sem = 0.6454972
    assert half == pytest.approx(3.182446305 * 0.6454972, rel=1e-6)
    assert math.isnan(ci95([5.0])[1]) and ci95([])[2] == 0


def test_scaling_event_figures(tmp_path):
    records = []
    point = 0
    for policy, broken in (("flow-table", 0), ("hash", 20)):
        for inst in (2, 3):
            for rep in (1, 2):
                ts = [float(t) for t in range(0, 30, 2)]
                series = {"time_s": ts,
                          "broken_flows": [broken + rep if 10 <= t < 14 else 0 for t in ts],
                          "new_flows": [5] * len(ts)}
                events = [{"time_s": 10.0, "function": "nat", "change": "+1",
                           "active_flows": 50, "broken_flows": broken + rep},
                          {"time_s": 20.0, "function": "nat", "change": "-1",
                           "active_flows": 40, "broken_ratio": (broken + rep) / 40}]
                records.append({"status": "ok", "point": point, "RngRun": rep, "policy": policy, "instances": inst,
                                "broken_ratio": (broken + rep) / 50,
                                "stickiness_ratio": 1 - (broken + rep) / 50,
                                "events": events, "time_series": series})
            point += 1
    df = frame(records, ["policy", "instances"], ["broken_ratio", "stickiness_ratio", "events",
                                                  "time_series"], ["policy", "instances"])
    figs, skipped = make_plots(df, tmp_path)
    got = {f.name: f for f in figs}
    assert set(got) == {"stickiness_ratio_by_policy", "broken_ratio_by_policy",
                        "scaling_timeseries", "scaling_events"}
    for name in ("scaling_timeseries", "scaling_events"):
        assert got[name].series == ["flow-table", "hash"]
        assert got[name].panels == ["instances=2", "instances=3"]
        for f in got[name].files:
            assert (tmp_path / f).stat().st_size > 5000
    assert {s.name for s in skipped} == {"failover_broken_ratio", "failover_takeover_time"}


def test_failover_figures(tmp_path):
    records = []
    point = 0
    for replication in (True, False):
        for hb in (0.5, 1.0, 2.0):
            for rep in (1, 2, 3):
                records.append({"status": "ok", "point": point, "replication": replication,
                                "RngRun": rep, "heartbeat": hb,
                                "broken_ratio": 0.0 if replication else 0.3 + 0.01 * rep,
                                "takeover_time_s": 3 * hb + 0.01 * rep})
            point += 1
    df = frame(records, ["replication", "heartbeat"], ["broken_ratio", "takeover_time_s"],
               ["replication", "heartbeat"])
    figs, skipped = make_plots(df, tmp_path)
    got = {f.name: f for f in figs}
    assert {"failover_broken_ratio", "failover_takeover_time"} <= set(got)
    assert got["failover_takeover_time"].series == ["replication=on", "replication=off"]
    reasons = {s.name: s.reason for s in skipped}
    assert "policy" in reasons["broken_ratio_by_policy"]
    assert "time series" in reasons["scaling_timeseries"]
    table = summary_table(df, ["takeover_time_s"])
    assert list(table.columns) == ["replication", "heartbeat", "n", "takeover_time_s"]
    assert len(table) == 6 and set(table["n"]) == {3}
