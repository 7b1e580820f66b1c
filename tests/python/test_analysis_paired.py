"""Paired differences under common random numbers (analysis/paired.py), the cdf and group
figure kinds, and their declarations in a study."""
import math

import pandas as pd
import pytest

from analysis.errors import AnalysisError
from analysis.paired import mean_ci, paired_differences, report_table
from analysis.plots import make_plots
from analysis.study import Study


def frame(records, params, varying, figures=None, report=None):
    df = pd.DataFrame(records)
    metrics = [c for c in df.columns if c not in params and c not in ("status", "point",
                                                                       "RngRun")]
    df.attrs.update(study={"name": "t", "scenario": "x",
                           "spec": {"report": report or {}, "figures": figures or []}},
                    params=params, metrics=metrics, varying=varying)
    return df


def crn_frame():
    """Two traffics x three policies x four replications; every run's metric is a shared
    per-RngRun workload term plus a policy effect, so the paired differences are exact."""
    records = []
    effect = {"hash": 0.0, "a": 0.25, "b": -0.5}
    workload = {1: 10.0, 2: 30.0, 3: 20.0, 4: 50.0}
    point = 0
    for traffic in ("x", "y"):
        for policy, eff in effect.items():
            for run, w in workload.items():
                quantiles = [w * q / 100 + eff for q in range(101)]
                ts = {"interval_s": 1.0, "time_s": [0.0, 1.0, 2.0],
                      "flow_entries": {"s0": [0, run, run], "gw": [0, 2, 4]}}
                records.append({"status": "ok", "point": point, "RngRun": run,
                                "traffic": traffic, "policy": policy,
                                "metric": w + eff + (1.0 if traffic == "y" else 0.0),
                                "noise": w * (2 if policy == "a" else 1),
                                "dist": {"count": 5, "quantiles": quantiles},
                                "timeseries": ts,
                                "events": [{"time_s": 1.0, "event": "nat:+1",
                                            "active_flows": 4, "broken_flows": 1,
                                            "broken_ratio": 0.25}]})
            point += 1
    return frame(records, ["traffic", "policy"], ["traffic", "policy"])


def test_paired_differences_remove_the_shared_workload():
    df = crn_frame()
    out = paired_differences(df, "policy", "hash", ["metric"])
    assert len(out) == 4  # two traffics x two non-baseline policies
    for _, r in out.iterrows():
        want = {"a": 0.25, "b": -0.5}[r["policy"]]
        assert r["n"] == 4 and r["mean_difference"] == pytest.approx(want)
        # identical differences: a zero-width interval although the metric varies 10..50
        assert r["ci95_lo"] == pytest.approx(want) and r["ci95_hi"] == pytest.approx(want)
        assert r["baseline_mean"] == pytest.approx(27.5 + (1.0 if r["traffic"] == "y" else 0))


def test_paired_difference_interval_is_student_t_over_the_pairs():
    df = crn_frame()
    out = paired_differences(df, "policy", "hash", ["noise"], by=["traffic"])
    r = out[(out["policy"] == "a") & (out["traffic"] == "x")].iloc[0]
    diffs = [10.0, 30.0, 20.0, 50.0]  # 2w - w
    mean, lo, hi, n = mean_ci(diffs)
    assert (r["mean_difference"], r["ci95_lo"], r["ci95_hi"], r["n"]) == (mean, lo, hi, 4)
    # t(0.975, 3) * s / sqrt(4), s = 17.0783
    assert hi - mean == pytest.approx(3.182446305 * 17.07825128 / 2, rel=1e-6)


def test_unpaired_runs_are_left_out():
    df = crn_frame()
    df = df[~((df["policy"] == "hash") & (df["RngRun"] == 4))]
    out = paired_differences(df, "policy", "hash", ["metric"])
    assert set(out["n"]) == {3}
    one = mean_ci([7.0])
    assert one[3] == 1 and math.isnan(one[1])


def test_bad_baseline_or_factor_is_an_error():
    df = crn_frame()
    with pytest.raises(AnalysisError, match="no successful run has policy = 'nope'"):
        paired_differences(df, "policy", "nope", ["metric"])
    with pytest.raises(AnalysisError, match="'colour' is not a parameter"):
        paired_differences(df, "colour", "hash", ["metric"])


def test_report_table_formats_the_interval():
    df = crn_frame()
    t = report_table(df, {"paired": "policy", "baseline": "hash"}, ["metric"])
    assert "difference (95 % CI)" in t.columns
    assert "0.25 [0.25, 0.25]" in set(t["difference (95 % CI)"])
    assert report_table(df, {}, ["metric"]) is None


@pytest.mark.parametrize("report,message", [
    ({"paired": "colour", "baseline": "hash"}, "report.paired must name a parameter"),
    ({"paired": "policy"}, "needs report.baseline"),
    ({"baseline": "hash"}, "report.paired must name a parameter"),
])
def test_bad_paired_declaration_is_an_error_when_the_study_is_loaded(report, message):
    with pytest.raises(AnalysisError, match=message):
        Study(scenario="sfc-stickiness", grid={"policy": ["hash", "flow-table"]},
              report=report)


def test_cdf_and_group_figures_are_drawn(tmp_path):
    figures = [{"kind": "cdf", "metric": "dist", "series": ["policy"], "name": "cdf"},
               {"kind": "group", "metric": "flow_entries", "facets": "policy",
                "series": ["traffic"], "name": "entries"}]
    df = crn_frame()
    made = make_plots(df, tmp_path, figures=figures)
    assert [f.name for f in made] == ["cdf", "entries"]
    assert made[0].series == ["hash", "a", "b"]
    assert made[1].panels == ["hash", "a", "b"]
    assert "x: s0" in made[1].series and "y: gw" in made[1].series
    for f in made:
        assert all(pathlib_exists(p) for p in f.files)


def pathlib_exists(p):
    import pathlib
    return pathlib.Path(p).stat().st_size > 0


@pytest.mark.parametrize("decl,message", [
    ({"kind": "cdf", "metric": "metric"}, "no successful run has a distribution metric"),
    ({"kind": "group", "metric": "nope"}, "metrics.timeseries has no group 'nope'"),
    ({"kind": "cdf", "metric": "dist", "x": "policy"}, "x does not apply to kind cdf"),
])
def test_cdf_and_group_declarations_are_checked(decl, message, tmp_path):
    with pytest.raises(AnalysisError, match=message):
        make_plots(crn_frame(), tmp_path, figures=[decl])


def test_ratio_differences_stay_in_minus_one_to_one():
    records = []
    for policy, ratios in (("hash", [1.0, 0.9, 1.0]), ("df", [0.0, 0.0, 0.3])):
        for run, r in enumerate(ratios, start=1):
            records.append({"status": "ok", "point": 0 if policy == "hash" else 1,
                            "RngRun": run, "policy": policy, "broken_ratio": r})
    df = frame(records, ["policy"], ["policy"])
    r = paired_differences(df, "policy", "hash", ["broken_ratio"]).iloc[0]
    assert r["mean_difference"] == pytest.approx(-2.6 / 3)
    assert r["ci95_lo"] == -1.0 and r["ci95_hi"] < 0  # the t interval alone goes below -1
    assert mean_ci([-1.0, -0.9, -0.7])[1] < -1.0
