# The module's files, in one place: read by CMakeLists.txt (standalone and
# contrib builds) and by wscript (waf builds). Paths are relative to the
# repository root. Keep one file per line; files are grouped by folder
# (ns3-module/doc/code-map.rst says what lives where).

set(SFC_MODEL_SOURCES
    # common/
    ns3-module/model/common/failure-injector.cc
    ns3-module/model/common/fault-schedule.cc
    ns3-module/model/common/flow-key.cc
    ns3-module/model/common/inner-packet.cc
    ns3-module/model/common/link-fault-error-model.cc
    ns3-module/model/common/sfc-topology.cc
    ns3-module/model/common/time-text.cc
    # overlay/
    ns3-module/model/overlay/nsh-header.cc
    ns3-module/model/overlay/nsh-overlay-port.cc
    ns3-module/model/overlay/overlay-port.cc
    ns3-module/model/overlay/vxlan-gpe-header.cc
    # lisp/
    ns3-module/model/lisp/lisp-address.cc
    ns3-module/model/lisp/lisp-auth.cc
    ns3-module/model/lisp/lisp-data-header.cc
    ns3-module/model/lisp/lisp-ecm-header.cc
    ns3-module/model/lisp/lisp-eid-prefix.cc
    ns3-module/model/lisp/lisp-map-cache.cc
    ns3-module/model/lisp/lisp-map-register.cc
    ns3-module/model/lisp/lisp-map-reply.cc
    ns3-module/model/lisp/lisp-map-request.cc
    ns3-module/model/lisp/lisp-mapping-database.cc
    ns3-module/model/lisp/lisp-mapping-system.cc
    ns3-module/model/lisp/lisp-reader.cc
    ns3-module/model/lisp/lisp-records.cc
    # vpath/
    ns3-module/model/vpath/agentless-attachment.cc
    ns3-module/model/vpath/vem-switch.cc
    ns3-module/model/vpath/vem-switch-control.cc
    ns3-module/model/vpath/vem-switch-data.cc
    ns3-module/model/vpath/vpath-agent.cc
    ns3-module/model/vpath/vpath-chain.cc
    ns3-module/model/vpath/vpath-flow-table.cc
    ns3-module/model/vpath/vpath-overlay.cc
    ns3-module/model/vpath/vpath-tag-map.cc
    # service/
    ns3-module/model/service/destination-nat.cc
    ns3-module/model/service/dpi-counter.cc
    ns3-module/model/service/intrusion-prevention.cc
    ns3-module/model/service/service-chain.cc
    ns3-module/model/service/service-node.cc
    ns3-module/model/service/source-nat.cc
    ns3-module/model/service/stateful-firewall.cc
    # traffic/
    ns3-module/model/traffic/flow-client.cc
    ns3-module/model/traffic/flow-payload-header.cc
    ns3-module/model/traffic/flow-server.cc
    # stickiness/
    ns3-module/model/stickiness/designated-forwarder.cc
    ns3-module/model/stickiness/flow-table.cc
    ns3-module/model/stickiness/forwarder-decision.cc
    ns3-module/model/stickiness/forwarder.cc
    ns3-module/model/stickiness/forwarding-table.cc
    ns3-module/model/stickiness/gateway.cc
    ns3-module/model/stickiness/load-balancing-policy.cc
    ns3-module/model/stickiness/maglev-table.cc
    ns3-module/model/stickiness/membership-listener.cc
    ns3-module/model/stickiness/membership-update-header.cc
    ns3-module/model/stickiness/scaling-controller.cc
    # failover/
    ns3-module/model/failover/action-segments.cc
    ns3-module/model/failover/affinity-cache.cc
    ns3-module/model/failover/affinity-codec.cc
    ns3-module/model/failover/affinity-segments.cc
    ns3-module/model/failover/agent-routing-hook.cc
    ns3-module/model/failover/control-segments.cc
    ns3-module/model/failover/forwarding-agent-actions.cc
    ns3-module/model/failover/forwarding-agent-messages.cc
    ns3-module/model/failover/forwarding-agent.cc
    ns3-module/model/failover/host-selection-policy.cc
    ns3-module/model/failover/manager-redundancy.cc
    ns3-module/model/failover/security-segment.cc
    ns3-module/model/failover/service-manager-decisions.cc
    ns3-module/model/failover/service-manager.cc
    ns3-module/model/failover/service-message-endpoint.cc
    ns3-module/model/failover/service-message-header.cc
    ns3-module/model/failover/service-message-parser.cc
    ns3-module/model/failover/service-message.cc
    # owner/
    ns3-module/model/owner/association-service.cc
    ns3-module/model/owner/association-store.cc
    ns3-module/model/owner/owner-cache.cc
    ns3-module/model/owner/owner-control-endpoint.cc
    ns3-module/model/owner/owner-controller.cc
    ns3-module/model/owner/owner-message-header.cc
    ns3-module/model/owner/owner-path-tag.cc
    ns3-module/model/owner/owner-rule.cc
    ns3-module/model/owner/query-subset.cc
    ns3-module/model/owner/subset-assigner.cc
    ns3-module/model/owner/subset-map-header.cc
    ns3-module/model/owner/translation-table.cc
    ns3-module/model/owner/vnet-key.cc
    ns3-module/model/owner/vplane-control.cc
    ns3-module/model/owner/vplane-forwarding.cc
    ns3-module/model/owner/vplane-helper.cc
    ns3-module/model/owner/vplane-owner.cc
    ns3-module/model/owner/vplane.cc
    # metrics/
    ns3-module/model/metrics/chain-monitor-fold.cc
    ns3-module/model/metrics/chain-monitor.cc
    ns3-module/model/metrics/failover-monitor.cc
    ns3-module/model/metrics/sfc-flow-probe.cc
    ns3-module/model/metrics/owner-monitor.cc
    ns3-module/model/metrics/app-flow-monitor.cc
    ns3-module/model/metrics/forwarder-time-series.cc
    ns3-module/model/metrics/insertion-monitor.cc
)

set(SFC_MODEL_HEADERS
    # common/
    ns3-module/model/common/failable.h
    ns3-module/model/common/failure-injector.h
    ns3-module/model/common/fault-schedule.h
    ns3-module/model/common/flat-slot-map.h
    ns3-module/model/common/flow-key.h
    ns3-module/model/common/inner-packet.h
    ns3-module/model/common/link-fault-error-model.h
    ns3-module/model/common/huge-page-array.h
    ns3-module/model/common/paired-state-deadlines.h
    ns3-module/model/common/paired-state-index.h
    ns3-module/model/common/paired-state-keys.h
    ns3-module/model/common/paired-state-slab.h
    ns3-module/model/common/paired-state-table.h
    ns3-module/model/common/sfc-topology.h
    ns3-module/model/common/sfc-ns3-compat.h
    ns3-module/model/common/sfc-types.h
    ns3-module/model/common/time-text.h
    # overlay/
    ns3-module/model/overlay/nsh-header.h
    ns3-module/model/overlay/nsh-overlay-port.h
    ns3-module/model/overlay/overlay-port.h
    ns3-module/model/overlay/vxlan-gpe-header.h
    # lisp/
    ns3-module/model/lisp/lisp-address.h
    ns3-module/model/lisp/lisp-auth.h
    ns3-module/model/lisp/lisp-data-header.h
    ns3-module/model/lisp/lisp-ecm-header.h
    ns3-module/model/lisp/lisp-eid-prefix.h
    ns3-module/model/lisp/lisp-map-cache.h
    ns3-module/model/lisp/lisp-map-register.h
    ns3-module/model/lisp/lisp-map-reply.h
    ns3-module/model/lisp/lisp-map-request.h
    ns3-module/model/lisp/lisp-mapping-database.h
    ns3-module/model/lisp/lisp-mapping-system.h
    ns3-module/model/lisp/lisp-reader.h
    ns3-module/model/lisp/lisp-records.h
    # vpath/
    ns3-module/model/vpath/agentless-attachment.h
    ns3-module/model/vpath/vem-switch.h
    ns3-module/model/vpath/vpath-agent.h
    ns3-module/model/vpath/vpath-chain.h
    ns3-module/model/vpath/vpath-flow-table.h
    ns3-module/model/vpath/vpath-overlay.h
    ns3-module/model/vpath/vpath-tag-map.h
    # service/
    ns3-module/model/service/destination-nat.h
    ns3-module/model/service/dpi-counter.h
    ns3-module/model/service/intrusion-prevention.h
    ns3-module/model/service/service-chain.h
    ns3-module/model/service/service-node.h
    ns3-module/model/service/source-nat.h
    ns3-module/model/service/stateful-firewall.h
    # traffic/
    ns3-module/model/traffic/flow-client.h
    ns3-module/model/traffic/flow-payload-header.h
    ns3-module/model/traffic/flow-server.h
    # stickiness/
    ns3-module/model/stickiness/chain-position.h
    ns3-module/model/stickiness/designated-forwarder.h
    ns3-module/model/stickiness/flow-table.h
    ns3-module/model/stickiness/forwarder.h
    ns3-module/model/stickiness/forwarding-table.h
    ns3-module/model/stickiness/gateway.h
    ns3-module/model/stickiness/load-balancing-policy.h
    ns3-module/model/stickiness/maglev-table.h
    ns3-module/model/stickiness/membership-listener.h
    ns3-module/model/stickiness/membership-update-header.h
    ns3-module/model/stickiness/scaling-controller.h
    # failover/
    ns3-module/model/failover/action-segments.h
    ns3-module/model/failover/affinity-cache.h
    ns3-module/model/failover/affinity-codec.h
    ns3-module/model/failover/affinity-entry.h
    ns3-module/model/failover/affinity-segments.h
    ns3-module/model/failover/agent-routing-hook.h
    ns3-module/model/failover/control-segments.h
    ns3-module/model/failover/forwarding-agent.h
    ns3-module/model/failover/host-selection-policy.h
    ns3-module/model/failover/manager-redundancy.h
    ns3-module/model/failover/member-accessor.h
    ns3-module/model/failover/security-segment.h
    ns3-module/model/failover/service-manager.h
    ns3-module/model/failover/service-message-endpoint.h
    ns3-module/model/failover/service-message-header.h
    ns3-module/model/failover/service-message-parser.h
    ns3-module/model/failover/service-message.h
    # owner/
    ns3-module/model/owner/association-service.h
    ns3-module/model/owner/association-store.h
    ns3-module/model/owner/owner-cache.h
    ns3-module/model/owner/owner-control-endpoint.h
    ns3-module/model/owner/owner-controller.h
    ns3-module/model/owner/owner-message-header.h
    ns3-module/model/owner/owner-path-tag.h
    ns3-module/model/owner/owner-rule.h
    ns3-module/model/owner/query-subset.h
    ns3-module/model/owner/subset-assigner.h
    ns3-module/model/owner/subset-map-header.h
    ns3-module/model/owner/translation-table.h
    ns3-module/model/owner/vnet-key.h
    ns3-module/model/owner/vplane.h
    # metrics/
    ns3-module/model/metrics/chain-monitor.h
    ns3-module/model/metrics/failover-monitor.h
    ns3-module/model/metrics/sfc-flow-probe.h
    ns3-module/model/metrics/owner-monitor.h
    ns3-module/model/metrics/app-flow-monitor.h
    ns3-module/model/metrics/forwarder-time-series.h
    ns3-module/model/metrics/insertion-monitor.h
)

set(SFC_HELPER_SOURCES
    ns3-module/helper/failover-helper.cc
    ns3-module/helper/fault-helper.cc
    ns3-module/helper/flow-traffic-helper.cc
    ns3-module/helper/owner-helper.cc
    ns3-module/helper/scaling-helper.cc
    ns3-module/helper/service-chain-helper.cc
    ns3-module/helper/sfc-network-helper.cc
    ns3-module/helper/vpath-helper.cc
)

set(SFC_HELPER_HEADERS
    ns3-module/helper/failover-helper.h
    ns3-module/helper/fault-helper.h
    ns3-module/helper/flow-traffic-helper.h
    ns3-module/helper/owner-helper.h
    ns3-module/helper/scaling-helper.h
    ns3-module/helper/service-chain-helper.h
    ns3-module/helper/sfc-network-helper.h
    ns3-module/helper/vpath-helper.h
)

# Scenario plumbing: the scenario classes behind scenarios/*.cc, their
# command-line options, traces and results rows
set(SFC_SCENARIO_SOURCES
    ns3-module/scenario/app-traffic.cc
    ns3-module/scenario/failover-rogue.cc
    ns3-module/scenario/failover-scenario.cc
    ns3-module/scenario/failover-scenario-options.cc
    ns3-module/scenario/input-checks.cc
    ns3-module/scenario/insertion-results.cc
    ns3-module/scenario/insertion-scenario.cc
    ns3-module/scenario/insertion-scenario-options.cc
    ns3-module/scenario/owner-results.cc
    ns3-module/scenario/owner-scenario.cc
    ns3-module/scenario/results-schema.cc
    ns3-module/scenario/scenario-faults.cc
    ns3-module/scenario/scenario-options.cc
    ns3-module/scenario/scenario-traces.cc
    ns3-module/scenario/stickiness-results.cc
    ns3-module/scenario/stickiness-scenario.cc
    ns3-module/scenario/stickiness-scenario-options.cc
    ns3-module/scenario/trace-source-catalog.cc
)

set(SFC_SCENARIO_HEADERS
    ns3-module/scenario/app-traffic.h
    ns3-module/scenario/failover-rogue.h
    ns3-module/scenario/failover-scenario.h
    ns3-module/scenario/input-checks.h
    ns3-module/scenario/insertion-results.h
    ns3-module/scenario/insertion-scenario.h
    ns3-module/scenario/owner-results.h
    ns3-module/scenario/owner-scenario.h
    ns3-module/scenario/results-schema.h
    ns3-module/scenario/scenario-faults.h
    ns3-module/scenario/scenario-options.h
    ns3-module/scenario/scenario-traces.h
    ns3-module/scenario/stickiness-results.h
    ns3-module/scenario/stickiness-scenario.h
    ns3-module/scenario/trace-source-catalog.h
)
# ns-3 TestSuite system tests (run by sfc-test-runner, or by ns-3's test.py in a source tree)
set(SFC_SYSTEM_TEST_SOURCES
    tests/system/sfc-scaling-test-suite.cc
    tests/system/sfc-stickiness-test-suite.cc
    tests/system/sfc-failover-test-suite.cc
    tests/system/sfc-faults-test-suite.cc
    tests/system/sfc-owner-test-suite.cc
    tests/system/sfc-ns3-apps-test-suite.cc
    tests/system/sfc-vpath-test-suite.cc
    tests/system/sfc-insertion-test-suite.cc
)

# Scenario programs: scenarios/<name>.cc
set(SFC_SCENARIOS
    sfc-stickiness
    sfc-failover
    sfc-owner
    sfc-insertion
)

# ns-3 modules the module links (names without prefix)
set(SFC_NS3_MODULES
    core
    network
    internet
    point-to-point
    applications
    flow-monitor
    mobility
    netanim
    csma
)
