"""Confidence intervals: ratio metrics stay in [0, 1] (Wilson score over the pooled counts
where the runs carry them, else Student t clipped to [0, 1]); other metrics Student t."""
import math

import matplotlib.collections
import pandas as pd
import pytest

from analysis import plots
from analysis.data import ci95, interval, pooled_counts, summarize, summary_table, wilson
from analysis.figures import check_declarations


def frame(records, params, figures=None):
    df = pd.DataFrame(records)
    metrics = [c for c in df.columns if c not in params and c not in ("status", "point",
                                                                       "RngRun")]
    df.attrs.update(study={"name": "t", "scenario": "x", "spec": {"figures": figures or []}},
                    params=params, metrics=metrics, varying=params)
    return df


def rare_breaks():
    """Two policies x three replications of 50 flows; policy b breaks at most one flow."""
    records = []
    for point, (policy, broken) in enumerate((("a", [0, 0, 0]), ("b", [0, 0, 1]))):
        for rep, k in enumerate(broken, start=1):
            records.append({"status": "ok", "point": point, "RngRun": rep, "policy": policy,
                            "flows": 50, "sticky_flows": 50 - k, "broken_flows": k,
                            "stickiness_ratio": (50 - k) / 50, "broken_ratio_all": k / 50,
                            "response_loss_ratio": [0.0, 0.0, 0.03][rep - 1] * (point == 1),
                            "mean_fct_s": 0.1 * rep,
                            "events": [{"time_s": 1.0, "event": "x:+1", "active_flows": 20,
                                        "broken_flows": k, "broken_ratio": k / 20}]})
    return frame(records, ["policy"])


def test_wilson_score_interval_known_values():
    lo, hi = wilson(0, 50)
    assert lo == 0.0 and hi == pytest.approx(1.959964 ** 2 / (50 + 1.959964 ** 2), rel=1e-6)
    lo, hi = wilson(5, 50)  # the textbook 10 % of 50: [0.0435, 0.2136]
    assert (lo, hi) == (pytest.approx(0.04348, abs=1e-4), pytest.approx(0.21360, abs=1e-4))
    assert wilson(50, 50)[1] == 1.0


def test_ratio_with_counts_gets_the_wilson_interval_of_the_pooled_counts():
    s = summarize(rare_breaks(), ["policy"], ["broken_ratio_all", "stickiness_ratio"])
    b = s[s["policy"] == "b"].iloc[0]
    assert b["broken_ratio_all_method"] == "wilson"
    assert b["broken_ratio_all_mean"] == pytest.approx(1 / 150)
    assert (b["broken_ratio_all_lo"], b["broken_ratio_all_hi"]) == \
        pytest.approx(wilson(1, 150))
    # Student t over the three replications (0, 0, 0.02) would reach below 0
    assert ci95([0, 0, 0.02])[0] - ci95([0, 0, 0.02])[1] < 0
    a = s[s["policy"] == "a"].iloc[0]
    assert a["broken_ratio_all_lo"] == 0.0 and a["broken_ratio_all_hi"] > 0  # 0 of 150
    assert a["stickiness_ratio_hi"] == 1.0 and a["stickiness_ratio_lo"] < 1.0
    for m in ("broken_ratio_all", "stickiness_ratio"):
        assert (s[f"{m}_lo"] >= 0).all() and (s[f"{m}_hi"] <= 1).all()


def test_ratio_without_counts_is_clipped_to_zero_one_and_others_keep_student_t():
    s = summarize(rare_breaks(), ["policy"], ["response_loss_ratio", "mean_fct_s"])
    b = s[s["policy"] == "b"].iloc[0]
    assert b["response_loss_ratio_method"] == "t-clipped"
    assert b["response_loss_ratio_lo"] == 0.0
    assert b["response_loss_ratio_hi"] == pytest.approx(0.01 + ci95([0, 0, 0.03])[1])
    mean, half, _ = ci95([0.1, 0.2, 0.3])
    assert b["mean_fct_s_method"] == "t" and b["mean_fct_s_ci95"] == pytest.approx(half)
    assert (b["mean_fct_s_lo"], b["mean_fct_s_hi"]) == pytest.approx((mean - half, mean + half))
    # a metric named _ratio with values outside [0, 1] is not a proportion: Student t
    assert interval([0.5, 1.5, 2.5], "path_ratio").method == "t"


def test_counts_that_do_not_reproduce_the_ratio_are_not_used():
    rows = [{"broken_ratio": 0.5, "broken_flows": 1, "flows": 4}]
    assert pooled_counts(rows, "broken_ratio") is None
    rows = [{"broken_ratio": 0.25, "broken_flows": 1, "flows": 4,
             "broken_across_events": 0, "flows_across_events": 0}]
    assert pooled_counts(rows, "broken_ratio") == (1, 4)


def test_summary_table_shows_the_ratio_interval():
    table = summary_table(rare_breaks(), ["broken_ratio_all", "mean_fct_s"], by=["policy"])
    lo, hi = wilson(1, 150)
    assert table["broken_ratio_all"].tolist()[1] == f"{1 / 150:.4g} [{lo:.2g}, {hi:.2g}]"
    assert "±" in table["mean_fct_s"].tolist()[1]


@pytest.mark.parametrize("decl", [
    {"kind": "bar", "metric": "broken_ratio_all", "x": "policy"},
    {"kind": "bar", "metric": "response_loss_ratio"},
    {"kind": "events", "metric": "broken_ratio"},
])
def test_ratio_error_bars_stay_in_zero_one(decl, tmp_path, monkeypatch):
    drawn = []
    monkeypatch.setattr(plots, "_save", lambda fig, out_dir, name: drawn.append(fig) or [])
    df = rare_breaks()
    plots.make_plots(df, tmp_path, figures=check_declarations([decl], ["policy"], "t"))
    ys = [y for fig in drawn for ax in fig.axes for c in ax.collections
          if isinstance(c, matplotlib.collections.LineCollection)
          for seg in c.get_segments() for _, y in seg]
    assert ys and min(ys) >= 0.0 and max(ys) <= 1.0 and max(ys) > 0
    assert not any(math.isnan(y) for y in ys)


def test_the_report_and_the_docs_say_how_ratio_intervals_are_computed(tmp_path):
    from analysis.report import write_report
    from conftest import ROOT
    df = rare_breaks()
    df.attrs["study"].update(build_id="sha256:x", build_policy="refuse", spec={
        "report": {"metrics": ["broken_ratio_all"]}, "figures": []})
    df["run_id"] = range(len(df))
    html = write_report(df, tmp_path / "report.html", figures=[]).read_text()
    assert "Wilson score interval" in html and "clipped to [0, 1]" in html
    lo, hi = wilson(1, 150)
    assert f"[{lo:.2g}, {hi:.2g}]" in html
    doc = (ROOT / "ns3-module" / "doc" / "results.rst").read_text()
    assert "Wilson score interval" in doc and "clipped to [0, 1]" in doc
