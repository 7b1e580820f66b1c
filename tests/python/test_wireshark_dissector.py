"""Issue 14: the module's own messages showed in Wireshark only as "data". tools/wireshark/sfc.lua
dissects membership updates (UDP 30790), service messages (UDP 50100) and owner-control
messages (UDP 4800); checked with tshark on pcaps the scenario programs write."""
import pathlib
import shutil
import struct
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
LUA = ROOT / "tools" / "wireshark" / "sfc.lua"


def tshark_with_lua():
    if shutil.which("tshark") is None:
        return False
    out = subprocess.run(["tshark", "-v"], capture_output=True, text=True, timeout=60).stdout
    return "with Lua" in out


pytestmark = pytest.mark.skipif(not tshark_with_lua(), reason="tshark missing or without Lua")


def tshark(pcap, *args):
    out = subprocess.run(["tshark", "-X", f"lua_script:{LUA}", "-r", str(pcap), *args],
                         capture_output=True, text=True, timeout=300)
    assert "Lua" not in out.stderr, out.stderr
    return out.stdout


def fields(pcap, display, *names):
    args = ["-Y", display, "-T", "fields", "-E", "separator=|"]
    for n in names:
        args += ["-e", n]
    return [line.split("|") for line in tshark(pcap, *args).splitlines()]


def assert_clean(pcap):
    text = tshark(pcap, "-V")
    assert "Malformed" not in text and "Lua Error" not in text and ".truncated" not in text, pcap
    assert "Message shorter than its format" not in text, pcap


def scenario(bin_dir, tmp_path, program, *args):
    out = subprocess.run([str(bin_dir / program), "--quiet", f"--pcap={tmp_path / 't'}", *args],
                         capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr


def test_membership_updates_decode(bin_dir, tmp_path):
    scenario(bin_dir, tmp_path, "sfc-stickiness", "--flows=10", "--chain=nat",
             "--events=1s:nat:+1,2s:nat:-1:drain")
    pcap = tmp_path / "t-controller-1.pcap"
    rows = fields(pcap, "udp.port == 30790", "sfc_membership.type", "sfc_membership.seq",
                  "sfc_membership.action", "sfc_membership.auth", "sfc_membership.hmac")
    assert rows, "membership updates captured"
    assert all(r[0] == "1" and r[3] == "1" and len(r[4]) == 64 for r in rows), rows
    # add at 1 s; drain at 2 s, then remove once drained: sequence 1, 2, 3 to every forwarder
    assert sorted({(r[1], r[2]) for r in rows}) == [("1", "1"), ("2", "2"), ("3", "3")], rows
    assert len(rows) % 3 == 0
    assert_clean(pcap)


def test_service_messages_decode(bin_dir, tmp_path):
    scenario(bin_dir, tmp_path, "sfc-failover", "--flows=4", "--duration=6")
    pcap = tmp_path / "t-primary-1.pcap"
    rows = fields(pcap, "udp.port == 50100", "sfc_service.type", "sfc_service.security.seq",
                  "sfc_service.segment.type")
    types = {r[0] for r in rows}
    assert {"1", "2", "4", "7", "8"} <= types, types  # wildcard, fixed, match, replication, hb
    assert all(r[1] for r in rows), "every message signed, its sequence decoded"
    beats = fields(pcap, "sfc_service.type == 8", "sfc_service.heartbeat.seq")
    seqs = [int(r[0]) for r in beats]
    assert seqs == sorted(seqs) and seqs[0] >= 1
    # interest matches carry the client's packet, dissected as IP
    assert fields(pcap, "sfc_service.type == 4 && tcp", "tcp.srcport")
    assert_clean(pcap)


def test_owner_messages_decode(bin_dir, tmp_path):
    scenario(bin_dir, tmp_path, "sfc-owner", "--flows=20", "--events=0.5s:leave:1,1s:join:1")
    rows = fields(tmp_path / "t-server0-1.pcap", "udp.port == 4800", "sfc_owner.type",
                  "sfc_owner.txid", "sfc_owner.src", "sfc_owner.sport")
    assert {"5", "7"} <= {r[0] for r in rows}, rows  # register, ack
    assert all(r[1] for r in rows)
    maps = fields(tmp_path / "t-controller-1.pcap", "sfc_owner.type == 8", "sfc_owner.epoch",
                  "sfc_owner.subsets", "sfc_owner.vplanes")
    assert maps and all(int(m[1]) > 0 and int(m[2]) > 0 for m in maps), maps
    for pcap in ("t-server0-1.pcap", "t-controller-1.pcap"):
        assert_clean(tmp_path / pcap)


def raw_pcap(path, payloads):
    """A LINKTYPE_RAW pcap of IPv4/UDP datagrams (port, payload)."""
    out = [struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 101)]
    for n, (port, data) in enumerate(payloads):
        udp = struct.pack("!HHHH", port, port, 8 + len(data), 0) + data
        ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), n, 0, 64, 17, 0,
                         bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2]))
        frame = ip + udp
        out.append(struct.pack("<IIII", n, 0, len(frame), len(frame)) + frame)
    path.write_bytes(b"".join(out))


def test_short_and_inconsistent_messages_are_flagged_not_lua_errors(tmp_path):
    pcap = tmp_path / "bad.pcap"
    raw_pcap(pcap, [
        (30790, bytes([1, 1, 0, 1, 0, 0, 0, 7])),                    # 8 of 20 bytes
        (30790, bytes([1, 1, 0, 1, 0, 0, 0, 7, 0, 1, 1, 0]) + bytes(8)),  # signed, no HMAC
        (50100, bytes([1, 2])),                                      # 2 of 4 bytes
        (50100, bytes([1, 2, 0, 40]) + bytes([0x80, 2, 0, 200]) + bytes(8)),  # lengths too big
        (50100, bytes([1, 2, 0, 12, 0x80, 2, 0, 8, 0, 0, 0, 0])),    # fixed affinity cut short
        (4800, bytes([1, 5, 0, 0]) + bytes(10)),                     # 14 of 40 bytes
        (4800, bytes([1, 8, 0, 0]) + bytes(8) + struct.pack("!HH", 3, 2)),  # map without lists
        (4800, b"\x01"),
    ])
    text = tshark(pcap, "-V")
    assert "Lua Error" not in text
    assert text.count("[Group: Malformed]") >= 8, text
    assert "Malformed Packet" not in text
    rows = fields(pcap, "sfc_membership || sfc_service || sfc_owner", "frame.number")
    assert len(rows) == 8
