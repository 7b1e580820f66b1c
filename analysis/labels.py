"""Readable names and units for metrics and parameters, for axis labels, titles and legends.

LABELS maps a metric, parameter, event field or time-series column (results schema,
ns3-module/doc/results.rst) to (label, unit); a name not in the table is prettified
("peak_affinity_entries" -> "Peak affinity entries"), its unit taken from the suffix
(_s: s, _bytes: bytes, ...). The study's own title and ylabel always win over these.
"""
import re

#: name -> (readable label, unit or "")
LABELS = {
    # stickiness (sfc-stickiness) and the SPEC's definitions
    "flows": ("Flows", ""),
    "sticky_flows": ("Sticky flows", ""),
    "broken_flows": ("Broken flows", ""),
    "stickiness_ratio": ("Stickiness ratio", ""),
    "broken_ratio": ("Broken ratio", ""),
    "broken_ratio_all": ("Broken ratio (all flows)", ""),
    "flows_across_events": ("Flows active across events", ""),
    "broken_across_events": ("Broken flows across events", ""),
    "completed_flows": ("Completed flows", ""),
    "failed_flows": ("Failed flows", ""),
    "open_flows": ("Flows still open", ""),
    "tuple_changed_flows": ("Flows with a changed 5-tuple", ""),
    "no_state_drops": ("No-state drops", "packets"),
    "path_stretch": ("Path stretch", "hops / shortest"),
    "path_stretch_max": ("Maximum path stretch", "hops / shortest"),
    "peak_flow_entries": ("Peak flow entries per forwarder", "entries"),
    "peak_flow_entries_total": ("Peak flow entries, all forwarders", "entries"),
    "peak_flow_table_bytes": ("Peak flow-table size per forwarder", "bytes"),
    "mean_fct_s": ("Mean flow completion time", "s"),
    "response_loss_ratio": ("Response loss ratio", ""),
    "last_flow_open_s": ("Last flow opened", "s"),
    "sim_time_s": ("Simulated time", "s"),
    # ns-3 applications (--traffic=ns3-tcp, ns3-udp)
    "completion_times_s": ("Flow completion time", "s"),
    "mean_goodput_bps": ("Mean goodput per flow", "bit/s"),
    "tcp_retransmissions": ("TCP retransmissions", "segments"),
    "rsts": ("TCP RSTs", "segments"),
    "app_flows": ("Applications (flows opened)", ""),
    "bytes_delivered": ("Bytes acknowledged or echoed", "bytes"),
    # failover (sfc-failover)
    "takeover_time_s": ("Takeover time", "s"),
    "detection_time_s": ("Failure detection time", "s"),
    "mean_setup_s": ("Mean flow setup time", "s"),
    "flows_active_at_failure": ("Flows active at the failure", ""),
    "broken_active_flows": ("Broken active flows", ""),
    "control_messages": ("Control messages", "messages"),
    "control_bytes": ("Control traffic", "bytes"),
    "control_messages_per_flow": ("Control messages per flow", "messages"),
    "control_bytes_per_flow": ("Control traffic per flow", "bytes"),
    "peak_affinity_entries": ("Peak affinity-cache entries per agent", "entries"),
    "peak_affinity_cache_bytes": ("Peak affinity-cache size per agent", "bytes"),
    # service insertion (sfc-insertion)
    "convergence_time_s": ("Convergence time", "s"),
    "bypass_packets": ("Packets bypassing the inserted node", "packets"),
    "one_direction_flows": ("Flows seen in one direction only", ""),
    "unconverged_flows": ("Flows that never converged", ""),
    "map_request_messages": ("Map-Requests", "messages"),
    "map_reply_messages": ("Map-Replies", "messages"),
    "smr_messages": ("Solicit-Map-Requests", "messages"),
    "peak_map_cache_entries": ("Peak map-cache entries per switch", "entries"),
    # events and time series
    "time_s": ("Time", "s"),
    "active_flows": ("Active flows", ""),
    "started_flows": ("Started flows", ""),
    "instances": ("Instances per function", ""),
    "flow_entries": ("Flow-table entries per forwarder", "entries"),
    # parameters
    "policy": ("Load-balancing policy", ""),
    "traffic": ("Traffic", ""),
    "servers": ("Servers", ""),
    "functions": ("Service functions", ""),
    "replication": ("Replication", ""),
    "heartbeat": ("Heartbeat period", "s"),
    "ttl": ("Map-cache TTL", "s"),
    "smr": ("Solicit-Map-Request", ""),
    "mapLatency": ("Mapping-system latency", "s"),
    "RngRun": ("Replication (RngRun)", ""),
}

#: unit of a name that is not in LABELS, by its suffix
_SUFFIX_UNITS = (("_s", "s"), ("_ms", "ms"), ("_us", "µs"), ("_bytes", "bytes"),
                 ("_bps", "bit/s"))
_ACRONYMS = {"df": "DF", "ndf": "NDF", "nat": "NAT", "fw": "FW", "dpi": "DPI", "ttl": "TTL",
             "fct": "FCT", "ip": "IP", "lb": "LB", "rloc": "RLOC", "eid": "EID"}


def _pretty(name):
    """"peak_affinity_entries" -> "Peak affinity entries" (known acronyms upper case)."""
    words = [w for w in re.split(r"[_\s]+", name) if w]
    words = [_ACRONYMS.get(w.lower(), w) for w in words]
    text = " ".join(words)
    return text[:1].upper() + text[1:] if text else name


def describe(name):
    """(label, unit) of a metric, parameter or column; "group.column" time-series columns
    read "Group: column"; names not in LABELS are prettified."""
    name = name.removeprefix("param.")
    if name in LABELS:
        return LABELS[name]
    if "." in name:
        group, column = name.split(".", 1)
        label, unit = describe(group)
        return f"{label}: {column}", unit
    for suffix, unit in _SUFFIX_UNITS:
        if name.endswith(suffix) and len(name) > len(suffix):
            return _pretty(name[: -len(suffix)]), unit
    return _pretty(name), ""


def label(name):
    """The readable label of a name, without its unit."""
    return describe(name)[0]


def axis_label(name, suffix=""):
    """An axis label: "Label suffix (unit)", e.g. "Takeover time (s)"."""
    text, unit = describe(name)
    text = f"{text} {suffix}".strip()
    return f"{text} ({unit})" if unit else text
