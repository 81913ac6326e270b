#!/usr/bin/env bash
# BFD failure detection: the time from cutting a link until the peer's route is gone from the
# kernel, Tabby (speaker + BFD + link watch + route reconciler) and BIRD (BGP with bfd on + kernel
# protocol) side by side, BFD 100 ms x 3. Two cuts each round: the peer's end of the veth down, and
# every packet dropped by iptables in the peer's namespace. Root: the hosts are namespaces.
#   bench/bfd.sh [ROUNDS (10)]
source "$(dirname "$0")/lib.sh"

bench_require_root bench/bfd.sh
# The packet-drop cut runs iptables-restore inside the origin's namespace.
if ! command -v iptables-restore >/dev/null; then
  apt-get install -y -q iptables
fi
bench_build
exec java -Xmx256m -cp "$bench_classpath" dev.tabby.bench.bfd.BfdBenchmark "$@"
