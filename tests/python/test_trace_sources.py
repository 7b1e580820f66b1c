"""Issue 14: trace sources could not be discovered from the command line (ns-3's CommandLine
prints attributes, not trace sources); --listTraceSources lists every ns3::sfc TypeId's own."""
import json
import pathlib
import re
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
PROGRAMS = ("sfc-stickiness", "sfc-failover", "sfc-owner", "sfc-insertion")


def declared_trace_sources():
    """(type, source) of every AddTraceSource in the module's sources, by the TypeId before it."""
    found = set()
    for cc in (ROOT / "ns3-module").rglob("*.cc"):
        tid = None
        for m in re.finditer(r'TypeId\("(ns3::sfc::\w+)"\)|\.AddTraceSource\(\s*"(\w+)"',
                             cc.read_text()):
            if m.group(1):
                tid = m.group(1)
            else:
                assert tid, f"{cc}: AddTraceSource before any TypeId"
                found.add((tid, m.group(2)))
    return found


def run(prog, *args):
    return subprocess.run([str(prog), *args], capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("program", PROGRAMS)
def test_every_trace_source_is_listed_with_signature_and_help(bin_dir, program):
    out = run(bin_dir / program, "--listTraceSources")
    assert out.returncode == 0, out.stderr
    desc = json.loads(out.stdout)
    assert desc["program"] == program
    sources = desc["traceSources"]
    assert {(s["type"], s["name"]) for s in sources} == declared_trace_sources()
    for s in sources:
        assert s["callback"].startswith("ns3::") and s["help"], s
        assert s["parent"].startswith("ns3::") and s["supportLevel"] == "supported", s
    # one trace source per line, sorted, so the listing greps and diffs
    lines = [line for line in out.stdout.splitlines() if '"callback"' in line]
    assert len(lines) == len(sources)
    keys = [(s["type"], s["name"]) for s in sources]
    assert keys == sorted(keys)
    client = {s["name"]: s for s in sources if s["type"] == "ns3::sfc::FlowClient"}
    assert client["FlowStart"]["callback"] == "ns3::sfc::FlowClient::FlowStartTracedCallback"


def test_list_trace_sources_is_documented_in_help_and_takes_booleans(bin_dir):
    prog = bin_dir / "sfc-stickiness"
    assert "listTraceSources" in run(prog, "--help").stdout
    assert json.loads(run(prog, "--listTraceSources=True").stdout)["traceSources"]
    off = run(prog, "--listTraceSources=false", "--describeOptions")
    assert off.returncode == 0 and "options" in json.loads(off.stdout)
    bad = run(prog, "--listTraceSources=maybe")
    assert bad.returncode == 2 and bad.stdout == ""
    assert len(bad.stderr.strip().splitlines()) == 1 and "listTraceSources" in bad.stderr
