"""FlowMonitor through the chain (issue 14): with a NAT in the chain every flow used to read 0
packets received and 100 % loss, and every overlay tunnel was a flow of its own. The module's
classifier keys flows by their flow id and direction, so received packets and delays are right."""
import csv
import subprocess
import xml.etree.ElementTree as ET


def run(prog, *args):
    out = subprocess.run([str(prog), "--quiet=true", *args], capture_output=True, text=True,
                         timeout=600)
    assert out.returncode == 0, out.stderr
    return out


def ns(text):
    return float(text.rstrip("ns").lstrip("+"))


def flows_of(xml_path):
    root = ET.parse(xml_path).getroot()
    stats = {int(f.get("flowId")): f for f in root.find("FlowStats")}
    tuples = {int(f.get("flowId")): f for f in root.find("Ipv4FlowClassifier")}
    assert stats.keys() == tuples.keys()
    return stats, tuples


def test_stickiness_through_nat(bin_dir, tmp_path):
    xml_path, flows = tmp_path / "fm.xml", tmp_path / "flows.csv"
    run(bin_dir / "sfc-stickiness", "--flows=40", f"--flowmon={xml_path}", f"--flowsCsv={flows}")
    with flows.open() as f:
        rows = list(csv.DictReader(f))
    completed = {int(r["flow_id"]) for r in rows if r["completed"] == "1"}
    assert len(completed) == 40
    stats, tuples = flows_of(xml_path)
    assert len(stats) == 2 * 40, "one FlowMonitor flow per flow and direction, no tunnel flows"
    seen = set()
    for fid, s in stats.items():
        t = tuples[fid]
        sfc_id = int(t.get("sfcFlowId"))
        seen.add((sfc_id, t.get("direction")))
        assert sfc_id in completed
        tx, rx = int(s.get("txPackets")), int(s.get("rxPackets"))
        assert tx > 0 and rx == tx and int(s.get("lostPackets")) == 0, (fid, tx, rx)
        assert int(s.get("rxBytes")) == int(s.get("txBytes"))
        mean_delay = ns(s.get("delaySum")) / rx
        # Every packet crosses the 5 ms WAN link once; queues and the chain add little.
        assert 5e6 <= mean_delay < 50e6, (fid, mean_delay)
        if t.get("direction") == "reverse":
            assert t.get("sourcePort") == "80", "the reverse tuple is the server's (after NAT)"
    assert len(seen) == 80


def test_failover_flows_are_received(bin_dir, tmp_path):
    xml_path = tmp_path / "fm.xml"
    run(bin_dir / "sfc-failover", f"--flowmon={xml_path}", "--failNode=none")
    stats, tuples = flows_of(xml_path)
    assert stats
    received = [int(s.get("rxPackets")) for s in stats.values()]
    assert all(r > 0 for r in received)
    lost = sum(int(s.get("lostPackets")) for s in stats.values())
    assert lost <= 0.01 * sum(int(s.get("txPackets")) for s in stats.values())
