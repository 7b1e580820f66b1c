"""Figures from the study's declarations ([[figure]]) or from defaults derived from the
runs, on input shaped as the results schema says (analysis/schema.py), and the statistics."""
import math

import pandas as pd
import pytest

from analysis.data import ci95, summary_table
from analysis.errors import AnalysisError
from analysis.figures import check_declarations, summary_metrics
from analysis.plots import make_plots
from analysis.study import Study


def frame(records, params, varying, figures=None, report=None):
    df = pd.DataFrame(records)
    metrics = [c for c in df.columns if c not in params and c not in ("status", "point",
                                                                       "RngRun")]
    spec = {"report": report or {}, "figures": figures or []}
    df.attrs.update(study={"name": "t", "scenario": "x", "spec": spec},
                    params=params, metrics=metrics, varying=varying)
    return df


def scaling_frame(figures=None, report=None):
    """Two categories by two counts by two replications, with events and a time series."""
    records = []
    point = 0
    for kind, broken in (("a", 0), ("b", 20)):
        for n in (2, 3):
            for rep in (1, 2):
                ts = [float(t) for t in range(0, 30, 2)]
                series = {"interval_s": 2.0, "time_s": ts,
                          "broken_flows": [broken + rep if 10 <= t < 14 else 0 for t in ts],
                          "new_flows": [5] * len(ts), "group": {"g1": [n] * len(ts)}}
                events = [{"time_s": 10.0, "event": "x:+1", "active_flows": 50,
                           "broken_flows": broken + rep, "broken_ratio": (broken + rep) / 50,
                           "drops": rep},
                          {"time_s": 20.0, "event": "x:-1", "active_flows": 40,
                           "broken_flows": 0, "broken_ratio": 0.0, "drops": 0}]
                records.append({"status": "ok", "point": point, "RngRun": rep, "kind": kind,
                                "count": n, "ratio": (broken + rep) / 50,
                                "other": 1 - (broken + rep) / 50, "constant": 7,
                                "events": events, "timeseries": series})
            point += 1
    return frame(records, ["kind", "count"], ["kind", "count"], figures, report)


def test_ci95_is_the_student_t_interval():
    mean, half, n = ci95([1.0, 2.0, 3.0, 4.0])
    assert (mean, n) == (2.5, 4)
    # t(0.975, 3) = 3.182446305, s = 1.2909944, sem = 0.6454972
    assert half == pytest.approx(3.182446305 * 0.6454972, rel=1e-6)
    assert math.isnan(ci95([5.0])[1]) and ci95([])[2] == 0


DECLARED = [
    {"name": "ratio_lines", "kind": "line", "metric": "ratio", "x": "count", "series": "kind"},
    {"kind": "bar", "metric": "other", "x": "kind", "facets": "count"},
    {"kind": "bar", "metric": "ratio", "series": ["kind", "count"], "name": "ratio_bars"},
    {"kind": "timeseries", "metric": "broken_flows", "series": ["kind"], "facets": "count"},
    {"kind": "timeseries", "metric": "group.g1"},
    {"kind": "events", "metric": "drops", "series": ["kind"], "facets": "count"},
]


def test_declared_figures_are_drawn_as_declared(tmp_path):
    df = scaling_frame(check_declarations(DECLARED, ["kind", "count"], "t"))
    figs = {f.name: f for f in make_plots(df, tmp_path)}
    assert list(figs) == ["ratio_lines", "other_vs_kind", "ratio_bars", "broken_flows_timeseries",
                          "group.g1_timeseries", "drops_events"]
    assert figs["ratio_lines"].series == ["a", "b"] and figs["ratio_lines"].panels == ["all"]
    assert figs["other_vs_kind"].panels == ["count=2", "count=3"]
    assert figs["ratio_bars"].series == ["kind=a, count=2", "kind=a, count=3",
                                         "kind=b, count=2", "kind=b, count=3"]
    for name in ("broken_flows_timeseries", "drops_events"):
        assert figs[name].series == ["a", "b"]
        assert figs[name].panels == ["count=2", "count=3"]
    assert figs["group.g1_timeseries"].series == ["kind=a, count=2", "kind=a, count=3",
                                                  "kind=b, count=2", "kind=b, count=3"]
    for f in figs.values():
        for path in f.files:
            assert (tmp_path / path).stat().st_size > 5000
    index = (tmp_path / "index.json").read_text()
    assert "skipped" not in index


def test_default_figures_come_from_the_metric_types(tmp_path):
    figs = {f.name: f for f in make_plots(scaling_frame(), tmp_path)}
    # every scalar metric that varies (not "constant"), vs the first numeric grid parameter;
    # the time series' broken_flows and the events' broken_ratio, a panel per count
    assert list(figs) == ["ratio", "other", "broken_flows_timeseries", "broken_ratio_events"]
    assert figs["ratio"].kind == "line" and figs["ratio"].series == ["a", "b"]
    assert figs["broken_ratio_events"].panels == ["count=2", "count=3"]
    assert summary_metrics(scaling_frame()) == ["ratio", "other"]


def test_report_metrics_choose_the_default_figures_and_the_summary(tmp_path):
    df = scaling_frame(report={"metrics": ["constant"], "x": "count", "series": ["kind"]})
    assert [f.name for f in make_plots(df, tmp_path)][0] == "constant"
    assert summary_metrics(df) == ["constant"]
    df = scaling_frame(report={"metrics": ["nosuch"]})
    with pytest.raises(AnalysisError, match="report.metrics: no scalar metric 'nosuch'"):
        summary_metrics(df)


def test_no_numeric_parameter_gives_bars_and_no_events_no_events_figure(tmp_path):
    records = [{"status": "ok", "point": i, "RngRun": r, "mode": m, "value": i + r,
                "events": [], "timeseries": None}
               for i, m in enumerate(("p", "q")) for r in (1, 2)]
    figs = make_plots(frame(records, ["mode"], ["mode"]), tmp_path)
    assert [(f.name, f.kind, f.series) for f in figs] == [("value", "bar", ["p", "q"])]


def test_failover_like_figures_and_summary(tmp_path):
    records = []
    point = 0
    for on in (True, False):
        for hb in (0.5, 1.0, 2.0):
            for rep in (1, 2, 3):
                records.append({"status": "ok", "point": point, "on": on, "RngRun": rep,
                                "period": hb, "ratio": 0.0 if on else 0.3 + 0.01 * rep,
                                "time": 3 * hb + 0.01 * rep if rep < 3 else None})
            point += 1
    decl = [{"name": "time_vs_period", "kind": "line", "metric": "time", "x": "period",
             "series": ["on"]}]
    df = frame(records, ["on", "period"], ["on", "period"], decl)
    figs = make_plots(df, tmp_path)
    assert [f.series for f in figs] == [["on=on", "on=off"]]
    table = summary_table(df, ["time"])
    assert list(table.columns) == ["on", "period", "n", "time"]
    assert len(table) == 6 and set(table["n"]) == {3}


@pytest.mark.parametrize("decl,message", [
    ({"metric": "ratio", "colour": "red"}, "unknown key 'colour'"),
    ({"kind": "pie", "metric": "ratio"}, "kind = 'pie' is not one of line, bar, timeseries"),
    ({"kind": "line"}, "'metric' is missing"),
    ({"metric": "ratio", "x": "nosuch"}, "'nosuch' is not a parameter of the study"),
    ({"metric": "ratio", "series": ["kind", 3]}, "series must be a parameter"),
    ({"metric": "ratio", "x": "count", "facets": "count"}, "used twice"),
    ({"kind": "events", "metric": "ratio", "x": "count"}, "x does not apply to kind events"),
    ({"metric": "ratio", "name": "a/b"}, "must be letters, digits"),
])
def test_bad_declaration_is_an_error_when_the_study_is_loaded(decl, message):
    with pytest.raises(AnalysisError, match=message):
        check_declarations([decl], ["kind", "count"], "s.toml")


def test_two_figures_of_one_name_are_an_error():
    toml = ('scenario = "p"\n[grid]\nkind = ["a", "b"]\n[[figure]]\nmetric = "ratio"\n'
            '[[figure]]\nmetric = "ratio"\nkind = "bar"\n')
    with pytest.raises(AnalysisError, match="figure name 'ratio' is used twice"):
        Study.from_toml(toml, origin="s.toml")


@pytest.mark.parametrize("decl,message", [
    ({"metric": "nosuch"}, "no scalar metric 'nosuch' in the runs"),
    ({"kind": "line", "metric": "ratio", "x": "kind"}, "kind line needs a numeric x"),
    ({"kind": "timeseries", "metric": "nosuch"}, "metrics.timeseries has no column 'nosuch'"),
    ({"kind": "events", "metric": "event"}, "metrics.events has no numeric field 'event'"),
    ({"kind": "timeseries", "metric": "events"}, "has no column"),
])
def test_declaration_that_does_not_fit_the_runs_is_an_error_before_drawing(decl, message,
                                                                          tmp_path):
    df = scaling_frame([decl])
    with pytest.raises(AnalysisError, match=message):
        make_plots(df, tmp_path / "figs")
    assert not (tmp_path / "figs").exists()


def test_data_outside_the_schema_is_an_error(tmp_path):
    df = scaling_frame([{"kind": "events", "metric": "broken_ratio"}])
    df.at[0, "events"] = [{"at_s": 1.0, "broken_ratio": 0.5}]
    with pytest.raises(AnalysisError, match=r"does not fit the results schema: events\[0\] has "
                                            r"no time_s"):
        make_plots(df, tmp_path)


def test_default_figures_of_data_outside_the_schema_are_an_error_too(tmp_path):
    df = scaling_frame()
    df.at[1, "timeseries"] = {"interval_s": 1.0, "time_s": [0.0], "broken_flows": [1, 2]}
    with pytest.raises(AnalysisError, match="figure 'broken_flows_timeseries': metric "
                                            "'timeseries' does not fit the results schema"):
        make_plots(df, tmp_path)
