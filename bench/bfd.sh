#!/usr/bin/env bash
# BFD failure detection: the time from a link cut (the peer's end of the veth down) until its
# route is gone from the kernel, Tabby (speaker + BFD + route reconciler) and BIRD (BGP with
# bfd on + kernel protocol) side by side, BFD 100 ms x 3. Root: the hosts are namespaces.
#   bench/bfd.sh [ROUNDS (10)]
source "$(dirname "$0")/lib.sh"

bench_require_root bench/bfd.sh
bench_build
exec java -Xmx256m -cp "$bench_classpath" dev.tabby.bench.bfd.BfdBenchmark "$@"
