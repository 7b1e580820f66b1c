"""One self-contained HTML report: the study, run status, summary tables, figures, and
what produced them (provenance: the repository's git commit, the ns-3 the program is
linked against, the build identity, the Python stack, the dates of the runs)."""
import base64
import html
import json
import os
import pathlib
import platform
import re
import subprocess

from .data import scalar_metrics, summary_table
from .figures import summary_metrics
from .paired import report_table as paired_table
from .plots import make_plots

CSS = """
body{font-family:system-ui,sans-serif;margin:2em auto;max-width:1100px;color:#222;padding:0 1em}
h1{font-size:1.6em}h2{font-size:1.25em;border-bottom:1px solid #ccc;padding-bottom:.2em}
table{border-collapse:collapse;font-size:.88em;margin:.5em 0}
th,td{border:1px solid #ccc;padding:.25em .6em;text-align:right}th{background:#f2f2f2}
td.l,th.l{text-align:left}code,pre{background:#f6f6f6;padding:.1em .3em}
pre{padding:.6em;overflow-x:auto}figure{margin:1em 0}figcaption{font-size:.9em;color:#555}
img{max-width:100%}.bad{color:#a00}
"""

#: how the summary's intervals are computed (data.py; ns3-module/doc/results.rst)
CI_TEXT = ("Mean ± half-width of the 95 % confidence interval (Student t) over replications; "
           "ratio metrics (names ending in _ratio, and broken_ratio_all; values in [0, 1]): "
           "estimate [lo, hi], the "
           "Wilson score interval over the counts pooled across replications (estimate: the "
           "pooled ratio) where the runs carry the counts, else the Student-t interval clipped "
           "to [0, 1].")


ROOT = pathlib.Path(__file__).resolve().parents[1]
#: an ns-3 core library: Debian's libns3-core.so.37, ns-3's own libns3.43-core-default.so
_NS3_CORE = re.compile(r"libns3(?:\.(?P<release>\d+(?:\.\d+)*))?-core[-.]")


def _quiet(cmd, cwd=None):
    """stdout of a command, stripped; None when it cannot run or fails."""
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=30, cwd=cwd,
                             env={**os.environ, "LC_ALL": "C"})
    except (OSError, subprocess.TimeoutExpired):
        return None
    return out.stdout.strip() if out.returncode == 0 and out.stdout.strip() else None


def git_commit(path=ROOT):
    """The commit of the git checkout holding path ("+dirty" when tracked files differ from
    it), "unknown" when path is not in a git checkout or git is missing."""
    head = _quiet(["git", "-C", str(path), "rev-parse", "--verify", "HEAD"])
    if head is None:
        return "unknown"
    dirty = _quiet(["git", "-C", str(path), "status", "--porcelain", "--untracked-files=no"])
    return head + ("+dirty" if dirty else "")


def ns3_version(binary):
    """(version, how it was found) of the ns-3 the program is linked against: the Debian
    package that holds its ns-3 core library (dpkg), else the release in the library's
    name (libns3.43-core-...), else pkg-config ns3-core; ("unknown", why) otherwise."""
    from .worker import shared_libraries
    if not binary or not os.path.exists(binary):
        return "unknown", f"program {binary} not found"
    core = next((lib for lib in shared_libraries(binary) if _NS3_CORE.search(
        os.path.basename(lib))), None)
    if core is None:
        return "unknown", "no ns-3 core library among the program's libraries (ldd)"
    owner = _quiet(["dpkg-query", "-S", os.path.realpath(core)])
    if owner:
        pkg = owner.split(":")[0]
        version = _quiet(["dpkg-query", "-W", "-f=${Version}", pkg])
        if version:
            return version, f"Debian package {pkg} ({core})"
    m = _NS3_CORE.search(os.path.basename(core))
    if m.group("release"):
        return m.group("release"), f"library name {core}"
    version = _quiet(["pkg-config", "--modversion", "ns3-core"])
    if version:
        return version, f"pkg-config ns3-core ({core})"
    return "unknown", f"no package, release or pkg-config for {core}"


def provenance(df):
    """[(what, value)] of the report's provenance table (see the module's docstring).

    The ns-3 version is read from the study's program only while its build identity is
    still the one the runs were made with; the dates of the runs come from the database
    (runs.finished_at), not from the clock at report time."""
    import matplotlib
    import numpy
    import pandas
    import scipy
    from .worker import build_identity
    st = df.attrs["study"]
    binary = st.get("binary")
    try:
        same = bool(binary) and build_identity(str(binary)) == st.get("build_id")
    except OSError:
        same = False
    version, how = ns3_version(binary) if same else (
        "unknown", f"program {binary} is missing or was rebuilt since the runs")
    done = sorted(str(v) for v in df.get("finished_at", []) if isinstance(v, str) and v)
    dates = (f"{done[0]} to {done[-1]}" if done and done[0] != done[-1]
             else done[0] if done else "unknown (no finished run)")
    return [("git commit (toolkit's repository)", git_commit()),
            ("ns-3 version", f"{version} ({how})"),
            ("build identity", str(st.get("build_id"))),
            ("runs finished (UTC)", dates),
            ("Python", platform.python_version()),
            ("pandas / numpy / scipy / matplotlib", " / ".join(
                m.__version__ for m in (pandas, numpy, scipy, matplotlib)))]


def _table(df):
    return df.to_html(index=False, border=0, na_rep="-", escape=True)


def write_report(df, out, figures_dir=None, figures=None, title=None):
    """Write the report for a study's DataFrame (data.load_runs) to `out`; returns the path.

    Figures (plots.make_plots) are made into figures_dir (default: beside the report)
    unless given, and embedded as base64 PNG, so the HTML file needs nothing else. The
    summary table's columns: figures.summary_metrics.
    """
    out = pathlib.Path(out)
    st = df.attrs["study"]
    spec = st["spec"]
    metrics = summary_metrics(df)
    if figures is None:
        figures = make_plots(df, figures_dir or out.parent / "figures")
    rep = spec.get("report", {}) or {}
    title = title or rep.get("title") or f"Study {st['name']}: {st['scenario']}"
    ok = df[df["status"] == "ok"]
    failed = df[df["status"] != "ok"]
    e = html.escape
    parts = [f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{e(title)}</title>"
             f"<style>{CSS}</style></head><body>", f"<h1>{e(title)}</h1>"]
    if spec.get("description"):
        parts.append(f"<p>{e(spec['description'])}</p>")
    parts.append(
        f"<p>Scenario <code>{e(st['scenario'])}</code> ({e(str(st.get('binary')))}), build "
        f"<code>{e(st['build_id'][:23])}</code>, build policy <code>{e(st['build_policy'])}"
        f"</code>. {len(ok)} runs ok, <span class='{'bad' if len(failed) else ''}'>"
        f"{len(failed)} failed</span>.</p>")
    # ---- provenance
    parts.append("<h2>Provenance</h2><table>")
    for what, value in provenance(df):
        parts.append(f"<tr><th class='l'>{e(what)}</th><td class='l'><code>{e(value)}</code>"
                     f"</td></tr>")
    parts.append("</table>")
    # ---- parameters
    parts.append("<h2>Parameters</h2><table><tr><th class='l'>kind</th><th class='l'>parameter"
                 "</th><th class='l'>values</th></tr>")
    for k, v in spec.get("grid", {}).items():
        parts.append(f"<tr><td class='l'>grid</td><td class='l'>{e(k)}</td>"
                     f"<td class='l'>{e(', '.join(map(str, v)))}</td></tr>")
    for k, v in spec.get("fixed", {}).items():
        parts.append(f"<tr><td class='l'>fixed</td><td class='l'>{e(k)}</td>"
                     f"<td class='l'>{e(str(v))}</td></tr>")
    for k, v in spec.get("derived", {}).items():
        parts.append(f"<tr><td class='l'>derived</td><td class='l'>{e(k)}</td>"
                     f"<td class='l'><code>{e(str(v))}</code></td></tr>")
    if spec.get("where"):
        parts.append(f"<tr><td class='l'>where</td><td class='l'></td><td class='l'><code>"
                     f"{e(spec['where'])}</code></td></tr>")
    reps = spec.get("replications", [])
    parts.append(f"<tr><td class='l'>replications</td><td class='l'>RngRun</td><td class='l'>"
                 f"{e(', '.join(map(str, reps)))} (the same for every grid point: common random "
                 f"numbers)</td></tr></table>")
    parts.append("<p>Other parameters: the program's defaults (every run's full parameter set "
                 "is in the database, column <code>runs.parameters</code>).</p>")
    # ---- summary
    parts.append("<h2>Summary</h2>")
    if metrics and len(ok):
        parts.append(f"<p>{CI_TEXT} n = successful runs.</p>"
                     f"{_table(summary_table(df, metrics))}")
    else:
        parts.append("<p>No successful runs with scalar metrics.</p>")
    paired = paired_table(df, rep, metrics) if metrics and len(ok) else None
    if paired is not None:
        parts.append(f"<h2>Paired differences ({e(str(rep['paired']))} vs "
                     f"{e(str(rep['baseline']))})</h2><p>Runs that differ only in "
                     f"{e(str(rep['paired']))} and share RngRun saw the same flows (common "
                     f"random numbers): each run is paired with the baseline's run, and the "
                     f"table gives the mean difference (value - baseline) over the pairs with "
                     f"its 95 % Student-t confidence interval; n = pairs.</p>")
        parts.append(_table(paired) if len(paired) else "<p>No pairs.</p>")
    allm = scalar_metrics(df)
    if allm and len(ok):
        parts.append("<details><summary>All scalar metrics</summary>"
                     f"{_table(summary_table(df, allm))}</details>")
    # ---- figures
    parts.append("<h2>Figures</h2>")
    for f in figures:
        png = next((p for p in f.files if p.endswith(".png")), None)
        if png is None:
            continue
        data = base64.b64encode(pathlib.Path(png).read_bytes()).decode()
        parts.append(f"<figure><img alt='{e(f.name)}' src='data:image/png;base64,{data}'>"
                     f"<figcaption>{e(f.title)} ({e(f.name)}; series: "
                     f"{e(', '.join(f.series))})</figcaption></figure>")
    if not figures:
        parts.append("<p>No figures (no successful runs).</p>")
    # ---- failures
    parts.append("<h2>Failed runs</h2>")
    if len(failed):
        cols = [c for c in ["run_id", "RngRun"] + df.attrs["params"] + ["exit_code", "error"]
                if c in failed.columns]
        parts.append(_table(failed[cols]))
        for _, r in failed.head(5).iterrows():
            tail = _stderr_tail(df, r)
            if tail:
                parts.append(f"<details><summary>stderr of run {r['run_id']}</summary><pre>"
                             f"{e(tail)}</pre></details>")
    else:
        parts.append("<p>None.</p>")
    # ---- study file
    if st.get("source"):
        parts.append(f"<h2>Study file</h2><pre>{e(st['source'])}</pre>")
    else:
        parts.append(f"<h2>Study</h2><pre>{e(json.dumps(spec, indent=2))}</pre>")
    parts.append("</body></html>")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(parts), encoding="utf-8")
    return out


def _stderr_tail(df, row):
    return df.attrs.get("stderr", {}).get(row["run_id"], "")
