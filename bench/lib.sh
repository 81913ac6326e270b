# The benchmark runners' common preamble; source it from bench/NAME.sh:
#   source "$(dirname "$0")/lib.sh"
# It stops at the first error and moves to the repository's root, so paths below are from there.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# bench_require_root RUNNER: exit with a message unless running as root.
bench_require_root() {
  if [[ $EUID -ne 0 ]]; then
    echo "$1 builds network namespaces: run it as root" >&2
    exit 1
  fi
}

# bench_build: builds the bench module and the modules it depends on, then sets
# bench_classpath to its runtime classpath (its classes first, then every dependency's jar).
# The classpath is resolved in the same reactor build, so it names this tree's module jars
# (module/target/*.jar), never a copy installed in ~/.m2: two working trees benchmarking at once
# run their own code.
bench_build() {
  local classpath_file=target/runtime.classpath
  mvn -B -q -ntp -Dstyle.color=never -pl bench -am package dependency:build-classpath \
    -DskipTests -Dspotless.check.skip=true \
    -Dmdep.includeScope=runtime -Dmdep.outputFile="$classpath_file"
  bench_classpath="bench/target/classes:$(cat "bench/$classpath_file")"
}
