#!/usr/bin/env bash
# The BGP benchmark: a BIRD sender, then a Tabby sender, then a recording of the BIRD sender's
# UPDATEs replayed at once, as recorded and with its prefixes shuffled, feeds 1,000,000 IPv4 /28s over iBGP to Tabby, BIRD, FRR and GoBGP in
# turn, twice over two sessions (the second load finds the receiver warm); the two first loads
# into BIRD compare the senders. Run as root.
#   bench/bgp.sh [PREFIXES (1000000)] [TIMEOUT_SECONDS per run (300)] [POLL_MILLISECONDS (100)]
#                [TABBY_SENDER_POLL_MILLISECONDS (20)]
# TABBY_JAVA_OPTS sets the Tabby JVMs' options (default: bin/tabby-bgp's own defaults);
# BGP_BENCH_DAEMONS=Tabby,BIRD runs only those daemons (names: Tabby, BIRD, FRR, GoBGP);
# BGP_BENCH_FEEDS=BIRD,replay only those feeds (BIRD, Tabby: the senders; replay, shuffled: BIRD's
# stream replayed as recorded, and with its prefixes in a random order).
# TABBY_WARMUP=false starts the Tabby receiver with "warmup: false" (default true): its first load
# then shows the cost of a JVM that compiles its receive path during the load.
source "$(dirname "$0")/lib.sh"

bench_require_root bench/bgp.sh
for tool in bird birdc vtysh gobgpd gobgp curl jcmd ss; do
  command -v "$tool" >/dev/null || {
    echo "bench/bgp.sh needs $tool: run scripts/install-deps.sh (bird2, frr, gobgpd, curl, iproute2, a JDK)" >&2
    exit 1
  }
done
[[ -x /usr/lib/frr/bgpd ]] || { echo "bench/bgp.sh needs /usr/lib/frr/bgpd (package frr)" >&2; exit 1; }

# The same options bin/tabby-bgp defaults to, so the embedded sender runs like the daemon.
tabby_java_opts=${TABBY_JAVA_OPTS:--XX:+UseSerialGC -Xmx1g -Xmn32m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20}

# Packages bgp-speaker too: bin/tabby-bgp runs its jar and the dependencies in its target/lib.
bench_build
exec java -Xmx1g -cp "$bench_classpath" \
  -Dlogback.configurationFile=bench/src/main/resources/bgp-logback.xml \
  -Dbench.tabbyJavaOptions="$tabby_java_opts" \
  dev.tabby.bench.bgp.BgpBenchmark "$@"
