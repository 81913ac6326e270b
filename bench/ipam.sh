#!/usr/bin/env bash
# The IPAM benchmark: assignments per second and latency against fabric8's mock Kubernetes API
# server (CRUD mode), for one node and for many nodes assigning at once. No root needed.
#   bench/ipam.sh [PODS_ONE_NODE (1000)] [NODES (20)] [PODS_PER_NODE (100)]
# It needs only ipam-crd and the mock server (a test dependency of ipam-crd), so it compiles its
# own package against that module's test classpath instead of the whole bench module.
set -euo pipefail
cd "$(dirname "$0")/.."

mvn -B -q -ntp -pl ipam-crd -am install -DskipTests -Dspotless.check.skip=true
classpath_file=bench/target/ipam-bench.classpath
mkdir -p bench/target/ipam-bench-classes
mvn -B -q -ntp -pl ipam-crd dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/$classpath_file"
classpath="ipam-crd/target/classes:$(cat "$classpath_file")"
javac --release 17 -d bench/target/ipam-bench-classes -cp "$classpath" \
  bench/src/main/java/dev/tabby/bench/ipam/*.java
# Warnings only: the allocator logs every block claim at info, the mock server every request.
cat > bench/target/ipam-logback.xml <<'XML'
<configuration>
  <appender name="err" class="ch.qos.logback.core.ConsoleAppender">
    <target>System.err</target>
    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{0} - %msg%n</pattern></encoder>
  </appender>
  <!-- Netty reports listeners it can no longer notify while the mock server shuts down. -->
  <logger name="io.netty.util.concurrent.DefaultPromise.rejectedExecution" level="OFF"/>
  <root level="WARN"><appender-ref ref="err"/></root>
</configuration>
XML
printf 'handlers=java.util.logging.ConsoleHandler\n.level=WARNING\n' > bench/target/ipam-jul.properties
exec java -Xmx1g -Dlogback.configurationFile=bench/target/ipam-logback.xml \
  -Djava.util.logging.config.file=bench/target/ipam-jul.properties \
  -cp "bench/target/ipam-bench-classes:$classpath" dev.tabby.bench.ipam.IpamBenchmark "$@"
