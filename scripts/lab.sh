#!/usr/bin/env bash
# The Tabby lab: a cluster of Tabby nodes in network namespaces on this machine, whose pods ping
# each other across nodes over routes Tabby's own BGP speakers exchanged. Needs root.
#
#   scripts/lab.sh [up] [--nodes N] [--topology mesh|tor|rr] [--kubeconfig FILE]
#   scripts/lab.sh status
#   scripts/lab.sh down
#
# The Kubernetes API is a stand-in (fabric8's mock server in CRUD mode, as its own process), not
# kube-apiserver; --kubeconfig FILE uses a real cluster's API instead (the nodes reach it through a
# relay on the fabric's API address; see README.md). The lab itself is the Java
# program dev.tabby.system.LabMain (system-tests/), which starts one `bin/tabby-node` agent per
# node namespace; this script builds, starts it in the background and follows its progress.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
state_dir=${TMPDIR:-/tmp}/tabby-lab-cluster
pid_file=$state_dir/lab.pid
log_file=$state_dir/lab.log
nodes_file=$state_dir/nodes

command=up
case "${1:-}" in
  up|down|status) command=$1; shift ;;
esac

running() {
  [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null
}

down() {
  if running; then
    pid=$(cat "$pid_file")
    echo "tabby lab: stopping (pid $pid): every agent, router and namespace goes"
    kill -TERM "$pid"
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
  fi
  # Namespaces of a lab whose JVM was killed are removed by the next lab; its files go now.
  rm -rf "$state_dir"
}

status() {
  if ! running || [ ! -f "$nodes_file" ]; then
    echo "tabby lab: not running"
    return 1
  fi
  while read -r name namespace url; do
    echo "--- $name ($url)"
    ip netns exec "$namespace" "$root/bin/tabbyctl" bgp peers --endpoint "$url" || true
    echo "kernel routes (proto 81):"
    ip -n "$namespace" route show proto 81
  done < "$nodes_file"
}

case $command in
  down) down; exit 0 ;;
  status) status; exit $? ;;
esac

scripts/install-deps.sh
down >/dev/null
source "$root/scripts/neighbour-table.sh"
ensure_neighbour_table_room "tabby lab"
mkdir -p "$state_dir"
echo "tabby lab: building (mvn package, tests skipped)"
# The lab runs what is in the tree; formatting is the test command's business, not the lab's.
mvn -B -ntp -q -Dstyle.color=never package -DskipTests -Dspotless.check.skip=true \
  -pl system-tests -am

JAVA_OPTS="-Dtabby.root=$root -XX:+UseSerialGC" setsid nohup "$root/bin/run-module" system-tests \
  dev.tabby.system.LabMain --state "$nodes_file" "$@" > "$log_file" 2>&1 < /dev/null &
echo $! > "$pid_file"
# Follow the lab's progress until it says it is up or failed.
tail -n +1 -f "$log_file" --pid "$(cat "$pid_file")" &
tail_pid=$!
while running && ! grep -q -e '^TABBY LAB UP' -e '^TABBY LAB FAILED' "$log_file"; do sleep 1; done
kill "$tail_pid" 2>/dev/null || true
wait "$tail_pid" 2>/dev/null || true
if grep -q '^TABBY LAB UP' "$log_file"; then
  exit 0
fi
echo "tabby lab: failed; full log: $log_file" >&2
down >/dev/null 2>&1 || true
exit 1
