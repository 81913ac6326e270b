#!/usr/bin/env bash
# The IPAM benchmark: assignments per second and latency against fabric8's mock Kubernetes API
# server (CRUD mode), for one node and for many nodes assigning at once. No root needed.
#   bench/ipam.sh [PODS_ONE_NODE (1000)] [NODES (20)] [PODS_PER_NODE (100)] [CONCURRENCY_PER_NODE (8)]
source "$(dirname "$0")/lib.sh"

bench_build
exec java -Xmx1g -cp "$bench_classpath" \
  -Dlogback.configurationFile=bench/src/main/resources/ipam-logback.xml \
  -Djava.util.logging.config.file=bench/src/main/resources/ipam-jul.properties \
  dev.tabby.bench.ipam.IpamBenchmark "$@"
