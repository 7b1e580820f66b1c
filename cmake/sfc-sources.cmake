# The module's files, in one place: read by CMakeLists.txt (standalone and
# contrib builds) and by wscript (waf builds). Paths are relative to the
# repository root. Keep one file per line.

set(SFC_MODEL_SOURCES
    ns3-module/model/affinity-cache.cc
    ns3-module/model/chain-monitor.cc
    ns3-module/model/dpi-counter.cc
    ns3-module/model/failover-monitor.cc
    ns3-module/model/failure-injector.cc
    ns3-module/model/flow-client.cc
    ns3-module/model/flow-key.cc
    ns3-module/model/flow-payload-header.cc
    ns3-module/model/flow-server.cc
    ns3-module/model/flow-table.cc
    ns3-module/model/forwarder.cc
    ns3-module/model/forwarding-agent.cc
    ns3-module/model/forwarding-table.cc
    ns3-module/model/gateway.cc
    ns3-module/model/host-selection-policy.cc
    ns3-module/model/inner-packet.cc
    ns3-module/model/load-balancing-policy.cc
    ns3-module/model/maglev-table.cc
    ns3-module/model/membership-update-header.cc
    ns3-module/model/nsh-header.cc
    ns3-module/model/scaling-controller.cc
    ns3-module/model/service-chain.cc
    ns3-module/model/service-manager.cc
    ns3-module/model/service-message-endpoint.cc
    ns3-module/model/service-message.cc
    ns3-module/model/service-node.cc
    ns3-module/model/sfc-topology.cc
    ns3-module/model/source-nat.cc
    ns3-module/model/stateful-firewall.cc
    ns3-module/model/vxlan-gpe-header.cc
)

set(SFC_MODEL_HEADERS
    ns3-module/model/affinity-cache.h
    ns3-module/model/chain-monitor.h
    ns3-module/model/dpi-counter.h
    ns3-module/model/failable.h
    ns3-module/model/failover-monitor.h
    ns3-module/model/failure-injector.h
    ns3-module/model/flow-client.h
    ns3-module/model/flow-key.h
    ns3-module/model/flow-payload-header.h
    ns3-module/model/flow-server.h
    ns3-module/model/flow-table.h
    ns3-module/model/forwarder.h
    ns3-module/model/forwarding-agent.h
    ns3-module/model/forwarding-table.h
    ns3-module/model/gateway.h
    ns3-module/model/host-selection-policy.h
    ns3-module/model/inner-packet.h
    ns3-module/model/load-balancing-policy.h
    ns3-module/model/maglev-table.h
    ns3-module/model/membership-update-header.h
    ns3-module/model/nsh-header.h
    ns3-module/model/paired-state-table.h
    ns3-module/model/scaling-controller.h
    ns3-module/model/service-chain.h
    ns3-module/model/service-manager.h
    ns3-module/model/service-message-endpoint.h
    ns3-module/model/service-message.h
    ns3-module/model/service-node.h
    ns3-module/model/sfc-topology.h
    ns3-module/model/sfc-types.h
    ns3-module/model/source-nat.h
    ns3-module/model/stateful-firewall.h
    ns3-module/model/vxlan-gpe-header.h
)

set(SFC_HELPER_SOURCES
    ns3-module/helper/failover-helper.cc
    ns3-module/helper/failover-scenario.cc
    ns3-module/helper/flow-traffic-helper.cc
    ns3-module/helper/scaling-helper.cc
    ns3-module/helper/scenario-options.cc
    ns3-module/helper/scenario-traces.cc
    ns3-module/helper/service-chain-helper.cc
    ns3-module/helper/sfc-network-helper.cc
    ns3-module/helper/stickiness-scenario.cc
)

set(SFC_HELPER_HEADERS
    ns3-module/helper/failover-helper.h
    ns3-module/helper/failover-scenario.h
    ns3-module/helper/flow-traffic-helper.h
    ns3-module/helper/scaling-helper.h
    ns3-module/helper/scenario-options.h
    ns3-module/helper/scenario-traces.h
    ns3-module/helper/service-chain-helper.h
    ns3-module/helper/sfc-network-helper.h
    ns3-module/helper/stickiness-scenario.h
)

# ns-3 TestSuite system tests (run by sfc-test-runner, or by ns-3's test.py in a source tree)
set(SFC_SYSTEM_TEST_SOURCES
    tests/system/sfc-scaling-test-suite.cc
    tests/system/sfc-stickiness-test-suite.cc
    tests/system/sfc-failover-test-suite.cc
)

# Scenario programs: scenarios/<name>.cc
set(SFC_SCENARIOS
    sfc-stickiness
    sfc-failover
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
