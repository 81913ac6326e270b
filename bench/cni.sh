#!/usr/bin/env bash
# The CNI benchmark: ADD and DEL latency of one plugin process per call, K calls in flight, for
# tabby (against its agent's CniServer, IPAM on fabric8's mock API server) and the reference
# ptp + host-local pair, plus the plugins' start-up. Root: the node and the pods are namespaces.
#   bench/cni.sh [PODS (300)] [IN_FLIGHT (8)]
source "$(dirname "$0")/lib.sh"

bench_require_root bench/cni.sh
bench_build
exec java -Xmx1g -cp "$bench_classpath" \
  -Dlogback.configurationFile=bench/src/main/resources/ipam-logback.xml \
  -Djava.util.logging.config.file=bench/src/main/resources/ipam-jul.properties \
  dev.tabby.bench.cni.CniBenchmark cni/target/plugins "$@"
