"""Figures a researcher can read: labels and units from analysis/labels.py instead of raw
metric names, a heading that overlaps nothing, a legend with a readable title beside the
data rather than over it."""
import itertools

import pytest

from analysis import plots
from analysis.figures import check_declarations
from analysis.labels import axis_label, describe, label
from test_analysis_intervals import rare_breaks
from test_analysis_plots import frame


def failover_frame(figures):
    records = []
    for point, (on, hb) in enumerate((o, h) for o in (True, False) for h in (0.5, 1.0, 2.0)):
        for rep in (1, 2, 3):
            records.append({"status": "ok", "point": point, "RngRun": rep, "replication": on,
                            "heartbeat": hb, "takeover_time_s": 3 * hb + 0.01 * rep,
                            "broken_ratio": 0.0 if on else 0.3 + 0.01 * rep,
                            "peak_widget_bytes": 100 * rep})
    return frame(records, ["replication", "heartbeat"], ["replication", "heartbeat"],
                 check_declarations(figures, ["replication", "heartbeat"], "t"))


def drawn_figures(monkeypatch, df, tmp_path):
    out = []
    monkeypatch.setattr(plots, "_save", lambda fig, out_dir, name: out.append(fig) or [])
    made = plots.make_plots(df, tmp_path)
    return made, out


def test_label_table_and_fallback():
    assert describe("broken_ratio") == ("Broken ratio", "")
    assert axis_label("takeover_time_s") == "Takeover time (s)"
    assert axis_label("param.instances") == "Instances per function"
    assert axis_label("broken_flows", "per interval") == "Broken flows per interval"
    assert describe("instances.f1_fw") == ("Instances per function: f1_fw", "")
    # unknown names: prettified, unit from the suffix
    assert describe("peak_widget_bytes") == ("Peak widget", "bytes")
    assert describe("gateway_ttl_drops") == ("Gateway TTL drops", "")
    assert axis_label("warmup_s") == "Warmup (s)"
    assert label("x") == "X"


def test_axis_labels_titles_and_legend_titles_are_readable(monkeypatch, tmp_path):
    decl = [{"kind": "line", "metric": "takeover_time_s", "x": "heartbeat",
             "series": "replication"},
            {"kind": "bar", "metric": "broken_ratio", "x": "heartbeat", "facets": "replication"},
            {"kind": "line", "metric": "peak_widget_bytes", "x": "heartbeat",
             "series": "replication"}]
    made, figs = drawn_figures(monkeypatch, failover_frame(decl), tmp_path)
    assert [f.title for f in made] == ["Takeover time vs heartbeat period",
                                       "Broken ratio by heartbeat period",
                                       "Peak widget vs heartbeat period"]
    line, bars, unknown = figs
    ax = line.axes[0]
    assert ax.get_ylabel() == "Takeover time (s)" and ax.get_xlabel() == "Heartbeat period (s)"
    assert ax.get_legend().get_title().get_text() == "Replication"
    assert [a.get_title() for a in bars.axes] == ["Replication = on", "Replication = off"]
    assert bars.axes[0].get_ylabel() == "Broken ratio"
    assert unknown.axes[0].get_ylabel() == "Peak widget (bytes)"
    for fig in figs:
        assert "_" not in fig._suptitle.get_text().split("\n")[0]


def _boxes(fig):
    fig.canvas.draw()
    r = fig.canvas.get_renderer()
    texts = [("suptitle", fig._suptitle)]
    for i, ax in enumerate(fig.axes):
        texts += [(f"title{i}", ax.title), (f"xlabel{i}", ax.xaxis.label)]
        if i == 0:
            texts.append(("ylabel", ax.yaxis.label))
        if ax.get_legend():
            texts.append(("legend", ax.get_legend()))
    return r, [(n, t.get_window_extent(r)) for n, t in texts
               if t is not None and (not hasattr(t, "get_text") or t.get_text())]


@pytest.mark.parametrize("facets", [False, True])
def test_heading_titles_and_legend_do_not_overlap(facets, monkeypatch, tmp_path):
    decl = {"kind": "bar", "metric": "broken_ratio_all", "x": "size", "series": "policy"}
    df = rare_breaks()
    df["size"] = [2, 2, 3, 3, 2, 3]
    df.attrs["params"] = ["policy", "size"]
    if facets:
        decl = {"kind": "events", "metric": "broken_ratio", "series": "policy",
                "facets": "size"}
    df.attrs["study"]["spec"]["figures"] = check_declarations([decl], ["policy", "size"], "t")
    _, figs = drawn_figures(monkeypatch, df, tmp_path)
    fig = figs[0]
    assert fig._suptitle is not None and "95 % CI" in fig._suptitle.get_text()
    r, boxes = _boxes(fig)
    page = fig.bbox
    for name, b in boxes:  # inside the figure, not cut off or pushed above it
        assert b.x0 >= page.x0 - 1 and b.x1 <= page.x1 + 1, name
        assert b.y0 >= page.y0 - 1 and b.y1 <= page.y1 + 1, name
    for (n1, b1), (n2, b2) in itertools.combinations(boxes, 2):
        assert not b1.overlaps(b2), (n1, n2)
    legend = [b for n, b in boxes if n == "legend"]
    for b in legend:  # beside the plotted data, not over it
        assert not any(b.overlaps(ax.bbox) for ax in fig.axes)
