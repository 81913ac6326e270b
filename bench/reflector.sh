#!/usr/bin/env bash
# The route reflector benchmark: a simulator of N iBGP clients (one JVM in its own namespace, one
# address per client, one /26 each with its own next hop) against Tabby's reflector (tabby-bgp with
# a cluster ID and N route-reflector clients), BIRD (Calico's reflector) and FRR's bgpd, one after
# the other in fresh namespaces. Times every client holding every prefix, then every withdrawal
# processed; reports the reflectors' RSS and CPU and the simulator's CPU. Run as root.
#   bench/reflector.sh [CLIENTS (1000)] [PHASE_TIMEOUT_SECONDS (300)]
# RR_BENCH_REFLECTORS=Tabby,BIRD runs only those (names: Tabby, BIRD, FRR);
# TABBY_JAVA_OPTS sets the Tabby daemon's JVM options (default: bin/tabby-rr's, from
# bin/lib/tabby-rr-java-opts.sh).
source "$(dirname "$0")/lib.sh"

bench_require_root bench/reflector.sh
for tool in bird birdc vtysh; do
  command -v "$tool" >/dev/null || {
    echo "bench/reflector.sh needs $tool: run scripts/install-deps.sh (bird2, frr)" >&2
    exit 1
  }
done
[[ -x /usr/lib/frr/bgpd ]] || { echo "bench/reflector.sh needs /usr/lib/frr/bgpd (package frr)" >&2; exit 1; }
# A reflector holds one socket per client, the simulator all of them.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

# Packages bgp-speaker too: bin/tabby-bgp runs its jar and the dependencies in its target/lib.
bench_build
java_props=(-Dbench.reflectors="${RR_BENCH_REFLECTORS:-Tabby,BIRD,FRR}")
# The reflector runs as tabby-bgp (no Kubernetes API here) with the JVM options tabby-rr ships with.
source bin/lib/tabby-rr-java-opts.sh
java_props+=(-Dbench.tabbyJavaOptions="${TABBY_JAVA_OPTS:-$TABBY_RR_JAVA_OPTS}")
echo "bench/reflector.sh: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at start" >&2
exec java -Xmx512m -cp "$bench_classpath" \
  -Dlogback.configurationFile=bench/src/main/resources/bgp-logback.xml \
  "${java_props[@]}" \
  dev.tabby.bench.rr.ReflectorBenchmark "$@"
