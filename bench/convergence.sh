#!/usr/bin/env bash
# The convergence benchmark: mesh clusters of real tabby-node agents in namespaces (the lab), a
# new node's first block timed to its route in every other node's kernel, a node's departure
# (SIGKILL; SIGTERM + Node deleted; link cut + SIGKILL) timed to its route gone everywhere, and
# the agents' RSS. Root: the nodes are namespaces. 20-40 minutes with the defaults.
#   bench/convergence.sh [SIZES (10,50)] [ROUNDS (3)]
source "$(dirname "$0")/lib.sh"

bench_require_root bench/convergence.sh
# N nodes on one segment hold about N*N ARP entries, and the kernel's neighbour table is one for all
# namespaces, hard limit gc_thresh3 (1024 by default): with it, a node added to a cluster of about
# 35 (fewer beside other labs) gets no ARP answer (dmesg: "neighbor table overflow"). Raise the
# limits, machine-wide.
if (( $(sysctl -n net.ipv4.neigh.default.gc_thresh3) < 8192 )); then
  echo "bench/convergence.sh: raising net.ipv4.neigh.default.gc_thresh1/2/3 to 1024/4096/8192" >&2
  sysctl -q -w net.ipv4.neigh.default.gc_thresh1=1024 net.ipv4.neigh.default.gc_thresh2=4096 \
    net.ipv4.neigh.default.gc_thresh3=8192
fi
bench_build
exec java -Xmx512m -cp "$bench_classpath" \
  dev.tabby.bench.convergence.ConvergenceBenchmark "$@"
