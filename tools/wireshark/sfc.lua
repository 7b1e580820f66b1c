-- SPDX-License-Identifier: GPL-2.0-only
--
-- Wireshark/tshark dissector for the ns-3 SFC module's own messages, which
-- have no standard dissector (Wireshark shows them as "data"):
--
--   sfc_membership  membership updates of the stickiness control path, UDP 30790
--                   (MembershipUpdateHeader, model/stickiness/membership-update-header.h)
--   sfc_service     service messages of the failover model, UDP 50100
--                   (ServiceMessageHeader and segments, failover.rst "Service messages
--                   on the wire")
--   sfc_owner       owner-control messages, UDP 4800 (OwnerMessageHeader types 1-7,
--                   SubsetMapHeader type 8; model/owner/, owner.rst)
--
-- Use: tshark -X lua_script:tools/wireshark/sfc.lua -r trace-gateway-1.pcap
--      (or copy it into Wireshark's personal plugins folder).
-- A message shorter than its format is marked with an expert-info error
-- ("sfc_service.truncated" etc.) and dissected as far as it goes, never a Lua error.

local function enum(t, v)
    return t[v] or "unknown"
end

-- Expert fields of one protocol (each protocol registers its own)
local function experts(proto)
    local truncated = ProtoExpert.new(proto .. ".truncated", "Message shorter than its format",
        expert.group.MALFORMED, expert.severity.ERROR)
    local bad = ProtoExpert.new(proto .. ".bad_field", "Field value outside the format",
        expert.group.PROTOCOL, expert.severity.WARN)
    return truncated, bad
end

---------------------------------------------------------------- membership updates
local mu = Proto("sfc_membership", "SFC Membership Update")
local MU_ACTIONS = { [1] = "add", [2] = "drain", [3] = "remove" }
local MU_AUTH = { [0] = "none", [1] = "HMAC-SHA256" }
local muf = {
    version = ProtoField.uint8("sfc_membership.version", "Version"),
    type = ProtoField.uint8("sfc_membership.type", "Type", base.DEC, { [1] = "update" }),
    chain = ProtoField.uint16("sfc_membership.chain", "Chain"),
    seq = ProtoField.uint32("sfc_membership.seq", "Sequence"),
    func = ProtoField.uint8("sfc_membership.function", "Function"),
    action = ProtoField.uint8("sfc_membership.action", "Action", base.DEC, MU_ACTIONS),
    auth = ProtoField.uint8("sfc_membership.auth", "Auth", base.DEC, MU_AUTH),
    keyid = ProtoField.uint8("sfc_membership.key_id", "Key id"),
    instance = ProtoField.uint32("sfc_membership.instance", "Instance"),
    locator = ProtoField.ipv4("sfc_membership.locator", "Locator"),
    code = ProtoField.bytes("sfc_membership.hmac", "HMAC-SHA256"),
}
mu.fields = muf
local mu_truncated, mu_bad = experts("sfc_membership")
mu.experts = { mu_truncated, mu_bad }

function mu.dissector(tvb, pinfo, tree)
    pinfo.cols.protocol = "SFC-MU"
    local t = tree:add(mu, tvb())
    if tvb:len() < 20 then
        t:add_proto_expert_info(mu_truncated, "membership update: " .. tvb:len() .. " of 20 bytes")
        return tvb:len()
    end
    t:add(muf.version, tvb(0, 1))
    t:add(muf.type, tvb(1, 1))
    t:add(muf.chain, tvb(2, 2))
    t:add(muf.seq, tvb(4, 4))
    t:add(muf.func, tvb(8, 1))
    t:add(muf.action, tvb(9, 1))
    t:add(muf.auth, tvb(10, 1))
    t:add(muf.keyid, tvb(11, 1))
    t:add(muf.instance, tvb(12, 4))
    t:add(muf.locator, tvb(16, 4))
    local auth = tvb(10, 1):uint()
    if auth == 1 then
        if tvb:len() < 52 then
            t:add_proto_expert_info(mu_truncated, "HMAC: " .. (tvb:len() - 20) .. " of 32 bytes")
        else
            t:add(muf.code, tvb(20, 32))
        end
    elseif auth ~= 0 then
        t:add_proto_expert_info(mu_bad, "unknown auth " .. auth)
    end
    pinfo.cols.info = string.format("Membership update chain=%d seq=%d %s instance=%d%s",
        tvb(2, 2):uint(), tvb(4, 4):uint(), enum(MU_ACTIONS, tvb(9, 1):uint()),
        tvb(12, 4):uint(), auth == 1 and " (signed)" or "")
    return tvb:len()
end

---------------------------------------------------------------- service messages
local sm = Proto("sfc_service", "SFC Service Message")
local SM_TYPES = {
    [1] = "affinity update-wildcard", [2] = "affinity update-fixed", [3] = "affinity update-deny",
    [4] = "interest match-wildcard", [5] = "interest match-fixed", [6] = "IP packet only",
    [7] = "replication", [8] = "heartbeat",
}
local SEG_TYPES = {
    [1] = "wildcard affinity", [2] = "fixed affinity", [3] = "affinity identifier",
    [4] = "service precedence", [5] = "security", [6] = "SM interest data",
    [7] = "FA interest data", [8] = "identity info", [9] = "action NAT",
    [10] = "action advertise", [11] = "action sequence adjust", [12] = "action interest criteria",
    [13] = "action list", [14] = "IP packet", [15] = "backup precedence", [16] = "heartbeat",
}
local SEC_ALGS = { [1] = "HMAC-SHA256", [2] = "HMAC-MD5" }
local SEC_KEYS = { [1] = "managers' key", [2] = "agents' key" }
local smf = {
    version = ProtoField.uint8("sfc_service.version", "Version"),
    type = ProtoField.uint8("sfc_service.type", "Message type", base.DEC, SM_TYPES),
    length = ProtoField.uint16("sfc_service.length", "Message length"),
    seg = ProtoField.none("sfc_service.segment", "Segment"),
    seg_required = ProtoField.bool("sfc_service.segment.required", "Required", 16, nil, 0x8000),
    seg_type = ProtoField.uint16("sfc_service.segment.type", "Segment type", base.DEC, SEG_TYPES,
        0x7fff),
    seg_length = ProtoField.uint16("sfc_service.segment.length", "Segment length"),
    seg_data = ProtoField.bytes("sfc_service.segment.data", "Data"),
    flags = ProtoField.uint8("sfc_service.flags", "Flags", base.HEX),
    protocol = ProtoField.uint8("sfc_service.protocol", "Protocol"),
    reasons = ProtoField.uint16("sfc_service.reasons", "Interest-match reasons", base.HEX),
    src = ProtoField.ipv4("sfc_service.src", "Source"),
    src_mask = ProtoField.ipv4("sfc_service.src_mask", "Source mask"),
    dst = ProtoField.ipv4("sfc_service.dst", "Destination"),
    dst_mask = ProtoField.ipv4("sfc_service.dst_mask", "Destination mask"),
    sport = ProtoField.uint16("sfc_service.sport", "Source port"),
    dport = ProtoField.uint16("sfc_service.dport", "Destination port"),
    forward = ProtoField.ipv4("sfc_service.forward", "Forward address"),
    ttl = ProtoField.uint32("sfc_service.ttl_ms", "Time to live (ms)"),
    order = ProtoField.uint8("sfc_service.search_order", "Search order", base.DEC,
        { [0] = "lower first", [1] = "higher first" }),
    precedence = ProtoField.uint16("sfc_service.precedence", "Precedence"),
    sec_alg = ProtoField.uint8("sfc_service.security.algorithm", "Algorithm", base.DEC, SEC_ALGS),
    sec_key = ProtoField.uint8("sfc_service.security.key_id", "Key id", base.DEC, SEC_KEYS),
    sec_epoch = ProtoField.uint16("sfc_service.security.epoch", "Epoch"),
    sec_seq = ProtoField.uint64("sfc_service.security.seq", "Sequence"),
    sec_sender = ProtoField.ipv4("sfc_service.security.sender", "Sender"),
    sec_receiver = ProtoField.ipv4("sfc_service.security.receiver", "Receiver"),
    sec_code = ProtoField.bytes("sfc_service.security.code", "Code"),
    address = ProtoField.ipv4("sfc_service.address", "Address"),
    mask = ProtoField.ipv4("sfc_service.mask", "Mask"),
    host = ProtoField.string("sfc_service.host", "Host name"),
    seq_delta = ProtoField.int32("sfc_service.seq_delta", "Sequence delta"),
    seq_init = ProtoField.uint32("sfc_service.seq_initial", "Initial sequence"),
    ack_delta = ProtoField.int32("sfc_service.ack_delta", "ACK delta"),
    ack_init = ProtoField.uint32("sfc_service.ack_initial", "Initial ACK"),
    port = ProtoField.uint16("sfc_service.port", "Port"),
    port_mask = ProtoField.uint16("sfc_service.port_mask", "Interest mask", base.HEX),
    data_flag = ProtoField.uint16("sfc_service.data_flag", "Data flag"),
    copy_flag = ProtoField.uint16("sfc_service.copy_flag", "Copy flag"),
    hold_flag = ProtoField.uint16("sfc_service.hold_flag", "Hold flag"),
    action = ProtoField.uint16("sfc_service.action", "Action", base.DEC, SEG_TYPES),
    hb_seq = ProtoField.uint32("sfc_service.heartbeat.seq", "Heartbeat sequence"),
    hb_interval = ProtoField.uint32("sfc_service.heartbeat.interval_ms", "Interval (ms)"),
    hb_state = ProtoField.uint8("sfc_service.heartbeat.state", "State", base.DEC,
        { [0] = "standby", [1] = "active" }),
}
sm.fields = smf
local sm_truncated, sm_bad = experts("sfc_service")
sm.experts = { sm_truncated, sm_bad }

-- Fixed layouts: {field, size} in order; a size-0 entry skips reserved bytes of its length.
local RES1, RES2 = { nil, 1 }, { nil, 2 }
local SEG_LAYOUT = {
    [1] = { { smf.flags, 1 }, { smf.protocol, 1 }, RES2, { smf.src, 4 }, { smf.src_mask, 4 },
        { smf.dst, 4 }, { smf.dst_mask, 4 }, { smf.sport, 2 }, { smf.dport, 2 }, { smf.ttl, 4 } },
    [2] = { { smf.flags, 1 }, { smf.protocol, 1 }, RES2, { smf.src, 4 }, { smf.dst, 4 },
        { smf.sport, 2 }, { smf.dport, 2 }, { smf.forward, 4 }, { smf.ttl, 4 } },
    [3] = { { smf.flags, 1 }, { smf.protocol, 1 }, { smf.reasons, 2 }, { smf.src, 4 },
        { smf.dst, 4 }, { smf.sport, 2 }, { smf.dport, 2 } },
    [4] = { { smf.order, 1 }, RES1, { smf.precedence, 2 } },
    [5] = { { smf.sec_alg, 1 }, { smf.sec_key, 1 }, { smf.sec_epoch, 2 }, { smf.sec_seq, 8 },
        { smf.sec_sender, 4 }, { smf.sec_receiver, 4 } },
    [8] = { { smf.address, 4 } },
    [9] = { { smf.src, 4 }, { smf.dst, 4 }, { smf.sport, 2 }, { smf.dport, 2 } },
    [10] = { { smf.address, 4 }, { smf.mask, 4 } },
    [11] = { { smf.seq_delta, 4 }, { smf.seq_init, 4 }, { smf.ack_delta, 4 }, { smf.ack_init, 4 } },
    [12] = { { smf.address, 4 }, { smf.port, 2 }, { smf.port_mask, 2 }, { smf.data_flag, 2 },
        { smf.copy_flag, 2 }, { smf.hold_flag, 2 }, RES2 },
    [15] = { { smf.precedence, 2 }, RES2 },
    [16] = { { smf.hb_seq, 4 }, { smf.hb_interval, 4 }, { smf.precedence, 2 }, { smf.hb_state, 1 },
        RES1 },
}

local ip_dissector = nil

-- Dissect one segment's data (tvb range data, may be empty); returns nothing.
local function segment_data(stype, data, t, tvb, pinfo)
    local layout = SEG_LAYOUT[stype]
    local off = 0
    local len = data and data:len() or 0
    if layout then
        for _, item in ipairs(layout) do
            if off + item[2] > len then
                t:add_proto_expert_info(sm_truncated, enum(SEG_TYPES, stype) .. " segment: "
                    .. len .. " data bytes")
                return
            end
            if item[1] then
                t:add(item[1], data:range(off, item[2]))
            end
            off = off + item[2]
        end
    end
    if off >= len then
        return
    end
    local rest = data:range(off, len - off)
    if stype == 5 then
        t:add(smf.sec_code, rest)
    elseif stype == 8 then
        t:add(smf.host, rest)
    elseif stype == 13 then
        for a = 0, len - 2, 2 do
            t:add(smf.action, data:range(a, 2))
        end
    elseif stype == 14 then
        ip_dissector = ip_dissector or Dissector.get("ip")
        ip_dissector:call(rest:tvb(), pinfo, t)
    else
        t:add(smf.seg_data, rest)
    end
end

function sm.dissector(tvb, pinfo, tree)
    pinfo.cols.protocol = "SFC-SM"
    local t = tree:add(sm, tvb())
    if tvb:len() < 4 then
        t:add_proto_expert_info(sm_truncated, "service message: " .. tvb:len() .. " of 4 bytes")
        return tvb:len()
    end
    t:add(smf.version, tvb(0, 1))
    t:add(smf.type, tvb(1, 1))
    t:add(smf.length, tvb(2, 2))
    local mtype = tvb(1, 1):uint()
    local total = tvb(2, 2):uint()
    if total > tvb:len() or total < 4 then
        t:add_proto_expert_info(sm_truncated, "message length " .. total .. ", datagram "
            .. tvb:len())
        total = math.max(4, math.min(total, tvb:len()))
    end
    local segments = {}
    local off = 4
    while off < total do
        if off + 4 > total then
            t:add_proto_expert_info(sm_truncated, "segment header cut at byte " .. off)
            break
        end
        local word = tvb(off, 2):uint()
        local slen = tvb(off + 2, 2):uint()
        local stype = bit.band(word, 0x7fff)
        if slen < 4 or off + slen > total then
            local st = t:add(smf.seg, tvb(off, total - off))
            st:add(smf.seg_type, tvb(off, 2))
            st:add(smf.seg_length, tvb(off + 2, 2))
            st:add_proto_expert_info(sm_truncated, "segment length " .. slen .. " at byte " .. off)
            break
        end
        local st = t:add(smf.seg, tvb(off, slen))
        st:set_text(enum(SEG_TYPES, stype) .. " segment (" .. slen .. " bytes)")
        st:add(smf.seg_required, tvb(off, 2))
        st:add(smf.seg_type, tvb(off, 2))
        st:add(smf.seg_length, tvb(off + 2, 2))
        segment_data(stype, slen > 4 and tvb(off + 4, slen - 4) or nil, st, tvb, pinfo)
        segments[#segments + 1] = enum(SEG_TYPES, stype)
        off = off + slen
    end
    pinfo.cols.protocol = "SFC-SM"
    pinfo.cols.info = "Service message " .. enum(SM_TYPES, mtype) .. " ["
        .. table.concat(segments, ", ") .. "]"
    return tvb:len()
end

---------------------------------------------------------------- owner control
local oc = Proto("sfc_owner", "SFC Owner Control")
local OC_TYPES = { [1] = "query", [2] = "reply", [3] = "nack", [4] = "notify", [5] = "register",
    [6] = "withdraw", [7] = "ack", [8] = "subset map" }
local OC_NACK = { [1] = "no association", [2] = "not helper" }
local ocf = {
    version = ProtoField.uint8("sfc_owner.version", "Version"),
    type = ProtoField.uint8("sfc_owner.type", "Type", base.DEC, OC_TYPES),
    code = ProtoField.uint8("sfc_owner.code", "Code"),
    flags = ProtoField.uint8("sfc_owner.flags", "Flags", base.HEX),
    transfer = ProtoField.bool("sfc_owner.flags.transfer", "Transfer", 8, nil, 0x01),
    txid = ProtoField.uint32("sfc_owner.txid", "Transaction id"),
    epoch = ProtoField.uint32("sfc_owner.epoch", "Subset-map epoch"),
    vnet = ProtoField.uint32("sfc_owner.vnet", "VNet id"),
    src = ProtoField.ipv4("sfc_owner.src", "Source address"),
    dst = ProtoField.ipv4("sfc_owner.dst", "Destination address"),
    sport = ProtoField.uint16("sfc_owner.sport", "Source port"),
    dport = ProtoField.uint16("sfc_owner.dport", "Destination port"),
    protocol = ProtoField.uint8("sfc_owner.protocol", "Protocol"),
    owner = ProtoField.ipv4("sfc_owner.owner", "Owner"),
    lifetime = ProtoField.uint32("sfc_owner.lifetime_ms", "Lifetime (ms)"),
    subsets = ProtoField.uint16("sfc_owner.subsets", "Number of subsets"),
    vplanes = ProtoField.uint16("sfc_owner.vplanes", "Number of vPlanes"),
    vplane = ProtoField.ipv4("sfc_owner.vplane", "vPlane"),
    index = ProtoField.uint16("sfc_owner.subset_vplane", "vPlane index of subset"),
}
oc.fields = ocf
local oc_truncated, oc_bad = experts("sfc_owner")
oc.experts = { oc_truncated, oc_bad }

local function owner_map(tvb, t)
    if tvb:len() < 16 then
        t:add_proto_expert_info(oc_truncated, "subset map: " .. tvb:len() .. " of 16 bytes")
        return "Subset map (truncated)"
    end
    t:add(ocf.txid, tvb(4, 4))
    t:add(ocf.epoch, tvb(8, 4))
    t:add(ocf.subsets, tvb(12, 2))
    t:add(ocf.vplanes, tvb(14, 2))
    local k, v = tvb(12, 2):uint(), tvb(14, 2):uint()
    local need = 16 + 4 * v + 2 * k + (k % 2) * 2
    if tvb:len() < need then
        t:add_proto_expert_info(oc_truncated, "subset map: " .. tvb:len() .. " of " .. need
            .. " bytes")
        return "Subset map (truncated)"
    end
    for i = 0, v - 1 do
        t:add(ocf.vplane, tvb(16 + 4 * i, 4))
    end
    for s = 0, k - 1 do
        t:add(ocf.index, tvb(16 + 4 * v + 2 * s, 2))
    end
    return string.format("Subset map txid=%d epoch=%d subsets=%d vplanes=%d", tvb(4, 4):uint(),
        tvb(8, 4):uint(), k, v)
end

function oc.dissector(tvb, pinfo, tree)
    pinfo.cols.protocol = "SFC-OWNER"
    local t = tree:add(oc, tvb())
    if tvb:len() < 2 then
        t:add_proto_expert_info(oc_truncated, "owner message: " .. tvb:len() .. " bytes")
        return tvb:len()
    end
    t:add(ocf.version, tvb(0, 1))
    t:add(ocf.type, tvb(1, 1))
    local mtype = tvb(1, 1):uint()
    if mtype == 8 then
        pinfo.cols.info = owner_map(tvb, t)
        return tvb:len()
    end
    if tvb:len() < 40 then
        t:add_proto_expert_info(oc_truncated, "owner message: " .. tvb:len() .. " of 40 bytes")
        return tvb:len()
    end
    local code = t:add(ocf.code, tvb(2, 1))
    if mtype == 3 then
        code:append_text(" (" .. enum(OC_NACK, tvb(2, 1):uint()) .. ")")
    elseif mtype == 7 then
        code:append_text(" (acknowledges " .. enum(OC_TYPES, tvb(2, 1):uint()) .. ")")
    end
    local flags = t:add(ocf.flags, tvb(3, 1))
    flags:add(ocf.transfer, tvb(3, 1))
    t:add(ocf.txid, tvb(4, 4))
    t:add(ocf.epoch, tvb(8, 4))
    t:add(ocf.vnet, tvb(12, 4))
    t:add(ocf.src, tvb(16, 4))
    t:add(ocf.dst, tvb(20, 4))
    t:add(ocf.sport, tvb(24, 2))
    t:add(ocf.dport, tvb(26, 2))
    t:add(ocf.protocol, tvb(28, 1))
    t:add(ocf.owner, tvb(32, 4))
    t:add(ocf.lifetime, tvb(36, 4))
    pinfo.cols.info = string.format("Owner %s txid=%d vnet=%d %s:%d -> %s:%d owner=%s",
        enum(OC_TYPES, mtype), tvb(4, 4):uint(), tvb(12, 4):uint(), tostring(tvb(16, 4):ipv4()),
        tvb(24, 2):uint(), tostring(tvb(20, 4):ipv4()), tvb(26, 2):uint(),
        tostring(tvb(32, 4):ipv4()))
    return tvb:len()
end

local udp = DissectorTable.get("udp.port")
udp:add(30790, mu)
udp:add(50100, sm)
udp:add(4800, oc)
