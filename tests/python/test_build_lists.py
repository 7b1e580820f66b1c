"""The three builds read one file list, cmake/sfc-sources.cmake: the wscript
(waf-based ns-3) parses it in Python, so check that parser against CMake itself,
and that every listed file exists."""
import importlib.machinery
import importlib.util
import re
import shutil
import subprocess

import pytest

from conftest import ROOT

SOURCES = ROOT / "cmake" / "sfc-sources.cmake"


def load_wscript():
    loader = importlib.machinery.SourceFileLoader("sfc_wscript", str(ROOT / "wscript"))
    spec = importlib.util.spec_from_loader("sfc_wscript", loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def cmake_lists(names, tmp_path):
    """The lists as CMake reads them (cmake -P, one NAME=item;item line per list)."""
    script = tmp_path / "print.cmake"
    lines = [f'include("{SOURCES}")']
    lines += [f'message(STATUS "{n}=${{{n}}}")' for n in names]
    script.write_text("\n".join(lines) + "\n")
    out = subprocess.run(["cmake", "-P", str(script)], capture_output=True, text=True, check=True)
    result = {}
    for line in out.stdout.splitlines():
        m = re.match(r"^-- ([A-Z0-9_]+)=(.*)$", line)
        if m:
            result[m.group(1)] = [x for x in m.group(2).split(";") if x]
    return result


def test_wscript_reads_the_same_lists_as_cmake(tmp_path):
    if shutil.which("cmake") is None:
        pytest.skip("cmake not installed")
    lists = load_wscript().sfc_read_lists(str(SOURCES))
    assert lists == cmake_lists(sorted(lists), tmp_path)
    assert "core" in lists["SFC_NS3_MODULES"]
    assert "sfc-stickiness" in lists["SFC_SCENARIOS"]


def test_every_listed_file_exists():
    lists = load_wscript().sfc_read_lists(str(SOURCES))
    for name, items in lists.items():
        if name.endswith(("_SOURCES", "_HEADERS")):
            for item in items:
                assert (ROOT / item).is_file(), f"{name}: {item}"
    for s in lists["SFC_SCENARIOS"]:
        assert (ROOT / "scenarios" / f"{s}.cc").is_file(), s


def test_contrib_cmake_spells_out_every_ns3_module():
    """ns-3 finds a contrib module's dependencies by reading ${lib<module>} in its
    CMakeLists.txt text (--enable-modules=sfc), so each must be written out there;
    netanim, optional inside an ns-3 tree, must not be (it would pull in most of ns-3)."""
    lists = load_wscript().sfc_read_lists(str(SOURCES))
    text = (ROOT / "CMakeLists.txt").read_text()
    # ns-3's own scan: string(REGEX MATCHALL "{lib[^}]*[^obj]}" ...)
    found = {m[len("{lib"):-1] for m in re.findall(r"\{lib[^}]*[^obj]\}", text)}
    assert "netanim" in lists["SFC_NS3_MODULES"]
    assert found - {"sfc"} == set(lists["SFC_NS3_MODULES"]) - {"netanim"}


REQUIRED = ("SFC_MODEL_SOURCES", "SFC_MODEL_HEADERS", "SFC_HELPER_SOURCES", "SFC_HELPER_HEADERS",
            "SFC_SCENARIO_SOURCES", "SFC_SCENARIO_HEADERS", "SFC_SYSTEM_TEST_SOURCES",
            "SFC_SCENARIOS", "SFC_NS3_MODULES")
VALID = "# comment\n" + "".join(f"set({n}\n    a/b-c.cc # note\n    d.h\n)\n" for n in REQUIRED)


def test_wscript_reads_a_plain_list_file(tmp_path):
    f = tmp_path / "s.cmake"
    f.write_text(VALID)
    lists = load_wscript().sfc_read_lists(str(f))
    assert lists == {n: ["a/b-c.cc", "d.h"] for n in REQUIRED}


@pytest.mark.parametrize(
    "extra",
    [
        "set(A x.cc ${B})\n",  # variable reference
        'set(A "x.cc")\n',  # quoted item
        "list(APPEND SFC_SCENARIOS y)\n",  # another command
        "set(SFC_SCENARIOS y)\n",  # set twice
    ],
)
def test_wscript_rejects_what_it_cannot_read(tmp_path, extra):
    f = tmp_path / "s.cmake"
    f.write_text(VALID + extra)
    with pytest.raises(ValueError):
        load_wscript().sfc_read_lists(str(f))


def test_wscript_requires_every_list(tmp_path):
    f = tmp_path / "s.cmake"
    f.write_text(VALID.replace("set(SFC_SCENARIOS", "set(OTHER"))
    with pytest.raises(ValueError):
        load_wscript().sfc_read_lists(str(f))
