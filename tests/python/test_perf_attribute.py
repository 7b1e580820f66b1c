"""scripts/perf-attribute.py on canned perf output: parts by shared object, inlined frames,
and libc samples charged to their caller with --by-caller."""
import importlib.util

from conftest import ROOT

spec = importlib.util.spec_from_file_location("perf_attribute", ROOT / "scripts" / "perf-attribute.py")
pa = importlib.util.module_from_spec(spec)
spec.loader.exec_module(pa)


def test_parts():
    assert pa.part_of("/work/build/libns3-sfc.so") == "module"
    assert pa.part_of("sfc-stickiness") == "module"
    assert pa.part_of("/usr/lib/x86_64-linux-gnu/libns3.37-core.so") == "ns-3"
    assert pa.part_of("libns3-internet.so.37") == "ns-3"
    assert pa.part_of("/usr/lib/x86_64-linux-gnu/libc.so.6") == "libc/libstdc++"
    assert pa.part_of("libstdc++.so.6.0.30") == "libc/libstdc++"
    assert pa.part_of("ld-linux-x86-64.so.2") == "libc/libstdc++"
    assert pa.part_of("[kernel.kallsyms]") == "kernel"
    assert pa.part_of("libcrypto.so.3") == "other"


REPORT = """# comment
    60.00%\tlibns3-core.so.37\t[.] ns3::LogComponent::IsEnabled
    30.00%\tlibns3-sfc.so\t[.] ns3::sfc::Forwarder::Process
    10.00%\tlibc.so.6\t[.] malloc
"""

SCRIPT = """
\t  1234 malloc (/usr/lib/x86_64-linux-gnu/libc.so.6)
\t  5678 ns3::sfc::Inline (inlined)
\t  9abc ns3::sfc::Forwarder::Process (/work/build/libns3-sfc.so)
\t  def0 main (sfc-stickiness)

\t  1111 ns3::Packet::Copy (/usr/lib/libns3-network.so.37)
\t  2222 main (sfc-stickiness)

\t  3333 ns3::sfc::Inline2 (inlined)
\t  4444 ns3::Ipv4L3Protocol::Receive (/usr/lib/libns3-internet.so.37)
"""


def test_self_attribution():
    share, symbols = pa.attribute(pa.parse(REPORT))
    assert share["ns-3"] == 60.0 and share["module"] == 30.0
    assert share["libc/libstdc++"] == 10.0
    assert symbols["module"][0][1] == "ns3::sfc::Forwarder::Process"


def test_by_caller():
    samples = pa.parse_script(SCRIPT)
    assert len(samples) == 3
    assert samples[0][1] == ("ns3::sfc::Inline", "/work/build/libns3-sfc.so")
    assert samples[2][0] == ("ns3::sfc::Inline2", "/usr/lib/libns3-internet.so.37")
    share, symbols = pa.attribute_by_caller(samples)
    # the malloc sample goes to the module function that called it (through the inlined frame)
    assert round(share["module"], 6) == round(100 / 3, 6)
    assert round(share["ns-3"], 6) == round(200 / 3, 6)
    assert share["libc/libstdc++"] == 0
    assert symbols["module"][0][1] == "ns3::sfc::Inline"
