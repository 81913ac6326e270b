#!/usr/bin/env bash
# The dataplane benchmark: Tabby's netlink client against `ip -batch`, side by side, in a fresh
# network namespace, then the route reconciler's no-change resync. Run as root.
#   bench/dataplane.sh [ROUTES (100000)] [RESYNC_ROUTES (10000)]
# It needs only the dataplane and the test bench, so it compiles its own package against those
# two modules' classpath instead of the whole bench module.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ $EUID -ne 0 ]]; then
  echo "bench/dataplane.sh builds network namespaces: run it as root" >&2
  exit 1
fi

mvn -B -q -ntp -pl felix-like-dataplane -am install -DskipTests -Dspotless.check.skip=true
classpath_file=bench/target/dataplane-bench.classpath
mkdir -p bench/target/dataplane-bench-classes
mvn -B -q -ntp -pl felix-like-dataplane dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/$classpath_file"
classpath="felix-like-dataplane/target/classes:$(cat "$classpath_file")"
javac --release 17 -d bench/target/dataplane-bench-classes -cp "$classpath" \
  bench/src/main/java/dev/tabby/bench/dataplane/*.java
# Warnings only: the reconciler logs every converge at info.
cat > bench/target/dataplane-logback.xml <<'XML'
<configuration>
  <appender name="err" class="ch.qos.logback.core.ConsoleAppender">
    <target>System.err</target>
    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{0} - %msg%n</pattern></encoder>
  </appender>
  <root level="WARN"><appender-ref ref="err"/></root>
</configuration>
XML
exec java -Xms1g -Xmx1g -cp "bench/target/dataplane-bench-classes:$classpath" \
  -Dlogback.configurationFile=bench/target/dataplane-logback.xml \
  dev.tabby.bench.dataplane.DataplaneBenchmark "$@"
