#!/usr/bin/env bash
# Runs every test Tabby has: unit tests (Surefire) and the network-namespace integration tests
# against the real kernel and real BGP daemons (Failsafe), all through `mvn verify`.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
exec mvn -B -ntp verify "$@"
