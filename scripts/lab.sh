#!/usr/bin/env bash
# The main job. Until the node agent exists there is no pod lab yet, so this builds everything
# and runs the BGP interop demo: BIRD, FRR and GoBGP in their own network namespaces exchange
# routes, and a ping crosses the routed path. Everything it creates is removed when it ends.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
# The lab runs what is in the tree; formatting is the test command's business, not the lab's.
mvn -B -ntp -q -Dstyle.color=never install -DskipTests -Dspotless.check.skip=true
exec mvn -B -ntp -q -Dstyle.color=never exec:java -pl integration-tests \
  -Dexec.mainClass=dev.tabby.testbench.demo.InteropDemo -Dexec.args="$*"
