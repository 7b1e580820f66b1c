"""The module documentation is valid reStructuredText (Sphinx-only markup aside), a Sphinx
project that builds without warnings, and the metric definitions are in it."""
import json
import pathlib
import re
import subprocess

import docutils.core
import pytest
import docutils.parsers.rst
import docutils.parsers.rst.roles
from docutils.parsers.rst import Directive, directives

ROOT = pathlib.Path(__file__).resolve().parents[2]


class _Ignore(Directive):
    """Sphinx directives (highlight, ...) are not docutils': accept and ignore."""
    required_arguments = 0
    optional_arguments = 10
    final_argument_whitespace = True
    has_content = True

    def run(self):
        return []


def _sphinx_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    return [docutils.nodes.literal(rawtext, text)], []


def test_module_docs_parse_without_errors():
    directives.register_directive("highlight", _Ignore)
    directives.register_directive("toctree", _Ignore)
    docutils.parsers.rst.roles.register_local_role("doc", _sphinx_role)
    docs = sorted((ROOT / "ns3-module" / "doc").glob("*.rst"))
    assert docs, "no module documentation"
    for doc in docs:
        errors = []
        docutils.core.publish_doctree(
            doc.read_text(),
            source_path=str(doc),
            settings_overrides={"report_level": 3, "halt_level": 5,
                                "warning_stream": _Collect(errors)})
        assert not [e for e in errors if "ERROR" in e or "SEVERE" in e], (doc.name, errors)


class _Collect:
    def __init__(self, out):
        self.out = out

    def write(self, text):
        self.out.append(text)

    def flush(self):
        pass


DOC = ROOT / "ns3-module" / "doc"


def test_index_lists_every_chapter():
    index = (DOC / "index.rst").read_text()
    toc = re.search(r"^\.\. toctree::\n((?:   .*\n|\n)+)", index, re.M).group(1)
    entries = [line.strip() for line in toc.splitlines()
               if line.strip() and not line.strip().startswith(":")]
    chapters = sorted(p.stem for p in DOC.glob("*.rst") if p.stem != "index")
    assert sorted(entries) == chapters
    assert (DOC / "conf.py").exists()


@pytest.mark.skipif(subprocess.run(["/usr/bin/python3", "-c", "import sphinx"]).returncode != 0,
                    reason="python3-sphinx is not installed (scripts/install-deps.sh)")
def test_sphinx_builds_the_docs_without_warnings(tmp_path):
    out = subprocess.run([str(ROOT / "scripts" / "build-docs.sh"), str(tmp_path / "html")],
                         capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    for chapter in ("index", "sfc", "metrics", "results"):
        assert (tmp_path / "html" / f"{chapter}.html").stat().st_size > 1000
    assert "Wilson score interval" in (tmp_path / "html" / "results.html").read_text()


def test_readme_points_at_the_docs_in_the_repository():
    readme = (ROOT / "README.md").read_text()
    assert "ns3-module/doc/metrics.rst" in readme and "scripts/build-docs.sh" in readme
    for line in readme.splitlines():  # the SPEC outside the repository: named as origin only
        if "SPEC" in line:
            assert "origin" in line, line
    assert "python3-sphinx" in (ROOT / "scripts" / "install-deps.sh").read_text()


def test_metrics_chapter_defines_every_metric_a_program_writes(bin_dir, tmp_path):
    results = tmp_path / "r.jsonl"
    subprocess.run([str(bin_dir / "sfc-stickiness"), "--flows=5", "--quiet=true",
                    f"--results={results}"], check=True, capture_output=True, timeout=300)
    metrics = json.loads(results.read_text().splitlines()[0])["metrics"]
    text = (DOC / "metrics.rst").read_text()
    named = set(re.findall(r"``([a-z0-9_<>]+)``", text))
    patterns = [re.compile(n.replace("<reason>", "[a-z_]+") + "$") for n in named]
    missing = [k for k, v in metrics.items() if not isinstance(v, (dict, list))
               and not any(p.match(k) for p in patterns)]
    assert not missing
    for term in ("sticky flow", "broken flow", "stickiness ratio", "broken ratio",
                 "takeover time", "control overhead", "path stretch", "table state"):
        assert f"\n{term}\n" in text, term
