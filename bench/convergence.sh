#!/usr/bin/env bash
# The convergence benchmark: mesh clusters of real tabby-node agents in namespaces (the lab), a
# new node's first block timed to its route in every other node's kernel, a node's departure
# (SIGKILL; SIGTERM + Node deleted; link cut + SIGKILL) timed to its route gone everywhere, and
# the agents' RSS. Root: the nodes are namespaces. 20-40 minutes with the defaults.
#   bench/convergence.sh [SIZES (10,50)] [ROUNDS (3)]
source "$(dirname "$0")/lib.sh"

bench_require_root bench/convergence.sh
source "$(dirname "$0")/../scripts/neighbour-table.sh"
ensure_neighbour_table_room bench/convergence.sh
bench_build
exec java -Xmx512m -cp "$bench_classpath" \
  dev.tabby.bench.convergence.ConvergenceBenchmark "$@"
