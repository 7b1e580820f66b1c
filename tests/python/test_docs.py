"""The module documentation is valid reStructuredText (Sphinx-only markup aside)."""
import pathlib

import docutils.core
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
