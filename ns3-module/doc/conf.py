"""Sphinx configuration of the sfc module's documentation (ns3-module/doc).

Build: /usr/bin/python3 -m sphinx -b html -W ns3-module/doc build/doc/html
(scripts/build-docs.sh; Debian's python3-sphinx). The chapters are the module's
ns-3-style .rst files; index.rst holds the table of contents.
"""

project = "ns-3 SFC"
author = "the ns-3 SFC developers"
copyright = "the ns-3 SFC developers"
version = release = ""

extensions = []
master_doc = "index"
source_suffix = ".rst"
exclude_patterns = ["_build"]
highlight_language = "cpp"
html_theme = "alabaster"
html_static_path = []
html_last_updated_fmt = None  # no build-time date: the same sources give the same pages
