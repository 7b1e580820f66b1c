"""ns3-module/doc/code-map.rst stays true: every file it names exists in the folder it
names it under, every module folder has a section, and every source file of the module
is named there."""
import re

from conftest import ROOT

MAP = ROOT / "ns3-module" / "doc" / "code-map.rst"
MODULE = ROOT / "ns3-module"


def sections():
    """{folder: text of its definition-list entry} for the Folders part of the map."""
    text = MAP.read_text().split("The path of one packet")[0]
    out = {}
    for m in re.finditer(r"^``(ns3-module/[a-z/]+/)``[^\n]*\n((?:  [^\n]*\n|\n)+)", text, re.M):
        out[m.group(1)] = m.group(2)
    return out


def stems(folder):
    return {p.name.split(".")[0] for p in (ROOT / folder).iterdir() if p.suffix in (".h", ".cc")}


def test_every_module_folder_has_a_section():
    folders = {f"ns3-module/{p.relative_to(MODULE)}/" for p in MODULE.glob("*/") if p.name != "doc"}
    folders |= {f"ns3-module/{p.relative_to(MODULE)}/" for p in (MODULE / "model").glob("*/")}
    folders.discard("ns3-module/model/")
    assert folders - set(sections()) == set()


def test_named_files_exist_and_every_file_is_named():
    for folder, text in sections().items():
        present = stems(folder)
        named = {t.split(".")[0] for t in re.findall(r"``([a-z0-9-]+(?:\.h|\.cc)?)``", text)}
        assert named - present == set(), (folder, named - present)
        assert present - named == set(), (folder, present - named)


def test_files_named_in_the_packet_path_exist():
    path = MAP.read_text().split("The path of one packet")[1]
    for rel in re.findall(r"``([a-z]+/[a-z0-9-]+\.(?:h|cc))``", path):
        hits = list(MODULE.glob(f"*/{rel}")) + list(MODULE.glob(rel))
        assert hits, rel
