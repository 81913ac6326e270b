#!/usr/bin/env bash
# A full table into the kernel: 1,000,000 IPv4 /28s, then 200,000 IPv6 /64s, replayed at socket
# speed over iBGP to Tabby (speaker + route reconciler), BIRD (kernel protocol) and FRR (bgpd with
# zebra) in turn, each in a fresh namespace, timed until every route is in the receiver's kernel
# table; then the kernel's own insert rate for the same routes. Run as root.
#   bench/kernel-table.sh [IPV4_PREFIXES (1000000)] [IPV6_PREFIXES (200000)] [TIMEOUT_SECONDS per load (600)]
# TABBY_JAVA_OPTS sets the Tabby receiver's JVM options;
# KERNEL_BENCH_RECEIVERS=Tabby,BIRD runs only those receivers (names: Tabby, BIRD, FRR, and kernel for
# the kernel's own insert rates).
source "$(dirname "$0")/lib.sh"

bench_require_root bench/kernel-table.sh
for tool in bird birdc vtysh; do
  command -v "$tool" >/dev/null || {
    echo "bench/kernel-table.sh needs $tool: run scripts/install-deps.sh (bird2, frr, iproute2, a JDK)" >&2
    exit 1
  }
done
for daemon in bgpd zebra; do
  [[ -x /usr/lib/frr/$daemon ]] || { echo "bench/kernel-table.sh needs /usr/lib/frr/$daemon (package frr)" >&2; exit 1; }
done

# bin/tabby-bgp's memory options, with room for the agent's route maps beside the Loc-RIB.
tabby_java_opts=${TABBY_JAVA_OPTS:--XX:+UseSerialGC -Xmx2g -Xmn32m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20}

bench_build
exec java -Xmx2g -cp "$bench_classpath" \
  -Dlogback.configurationFile=bench/src/main/resources/bgp-logback.xml \
  -Dbench.tabbyJavaOptions="$tabby_java_opts" \
  dev.tabby.bench.bgp.KernelTableBenchmark "$@"
