#!/usr/bin/env bash
# The main job. Until the node agent exists there is no pod lab yet, so this builds everything
# and runs the BGP interop demo: BIRD, FRR and GoBGP in their own network namespaces exchange
# routes, and a ping crosses the routed path. Everything it creates is removed when it ends.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
mvn -B -ntp -q install -DskipTests
exec mvn -B -ntp -q exec:java -pl integration-tests \
  -Dexec.mainClass=dev.tabby.testbench.demo.InteropDemo -Dexec.args="$*"
