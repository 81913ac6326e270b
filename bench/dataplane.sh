#!/usr/bin/env bash
# The dataplane benchmark: Tabby's netlink client against `ip -batch`, side by side, in a fresh
# network namespace, then the route reconciler's no-change resync. Run as root.
#   bench/dataplane.sh [ROUTES (100000)] [RESYNC_ROUTES (10000)]
source "$(dirname "$0")/lib.sh"

bench_require_root bench/dataplane.sh
bench_build
exec java -Xms1g -Xmx1g -cp "$bench_classpath" \
  -Dlogback.configurationFile=bench/src/main/resources/dataplane-logback.xml \
  dev.tabby.bench.dataplane.DataplaneBenchmark "$@"
