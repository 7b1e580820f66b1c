"""The example notebook (analysis/examples/explore.ipynb) is a valid nbformat 4 notebook
without outputs, and its code cells run, in order, against a tiny study swept here."""
import ast
import json

import matplotlib.figure
import pandas as pd
import pytest

from conftest import ROOT

NOTEBOOK = ROOT / "analysis" / "examples" / "explore.ipynb"


def load():
    return json.loads(NOTEBOOK.read_text())


def test_notebook_is_valid_nbformat_without_outputs():
    nb = load()
    assert nb["nbformat"] == 4 and nb["nbformat_minor"] >= 4
    assert nb["metadata"]["kernelspec"]["language"] == "python"
    ids = [c["id"] for c in nb["cells"]]
    assert len(set(ids)) == len(ids)
    for c in nb["cells"]:
        assert c["cell_type"] in ("markdown", "code") and isinstance(c["metadata"], dict)
        assert isinstance(c["source"], list) and all(isinstance(s, str) for s in c["source"])
        if c["cell_type"] == "code":
            assert c["outputs"] == [] and c["execution_count"] is None
    try:
        import nbformat
    except ImportError:
        return
    nbformat.validate(nbformat.reads(NOTEBOOK.read_text(), as_version=4))


def run_cell(source, ns):
    """Execute a cell as a notebook does; returns the value of its last expression."""
    tree = ast.parse(source)
    last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    exec(compile(tree, "<cell>", "exec"), ns)
    return eval(compile(ast.Expression(last.value), "<cell>", "eval"), ns) if last else None


def test_notebook_cells_run_against_a_tiny_study(bin_dir, tmp_path, monkeypatch):
    nb = load()
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    params = [c for c in code if "parameters" in c["metadata"].get("tags", [])]
    assert len(params) == 1
    params[0]["source"] = [f"DB = {str(tmp_path / 'runs.sqlite')!r}\n",
                           f"BIN_DIR = {str(bin_dir)!r}\n",
                           "POLICIES = ['flow-table', 'hash']\nINSTANCES = [2, 3]\n",
                           "FLOWS = 6\nREPLICATIONS = 2\nJOBS = 2\n"]
    monkeypatch.chdir(NOTEBOOK.parent)  # where Jupyter starts the kernel
    monkeypatch.syspath_prepend(str(ROOT))
    ns = {}
    values = [run_cell("".join(c["source"]), ns) for c in code]
    assert (tmp_path / "runs.sqlite").exists() and ns["result"].all_ok
    assert len(ns["df"]) == 2 * 2 * 2
    frames = [v for v in values if isinstance(v, pd.DataFrame)]
    figures = [v for v in values if isinstance(v, matplotlib.figure.Figure)]
    assert len(frames) == 3 and len(figures) == 2
    s = ns["s"]
    assert (s["broken_ratio_lo"] >= 0).all() and (s["broken_ratio_hi"] <= 1).all()
    # Wilson where flows were active across the events; t clipped where none was (0 / 0)
    assert "wilson" in set(s["broken_ratio_method"]) <= {"wilson", "t-clipped"}
    title = figures[0]._suptitle.get_text()
    assert title.startswith("Broken ratio vs instances per function")


def test_plot_checks_its_arguments_like_a_declaration(tmp_path):
    from analysis import plot
    from analysis.errors import AnalysisError
    from test_analysis_intervals import rare_breaks
    df = rare_breaks()
    with pytest.raises(AnalysisError, match="no scalar metric 'nosuch'"):
        plot(df, "nosuch")
    fig = plot(df, "broken_ratio_all", x="policy", save=tmp_path)
    assert fig.axes[0].get_ylabel() == "Broken ratio (all flows)"
    assert (tmp_path / "broken_ratio_all_vs_policy.png").stat().st_size > 5000
