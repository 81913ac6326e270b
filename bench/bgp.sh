#!/usr/bin/env bash
# The BGP benchmark: a BIRD sender feeds 1,000,000 IPv4 /28s over iBGP to Tabby, BIRD, FRR and
# GoBGP in turn, then Tabby and BIRD each send them to a BIRD receiver. Run as root.
#   bench/bgp.sh [PREFIXES (1000000)] [TIMEOUT_SECONDS per run (300)] [POLL_MILLISECONDS (100)]
# TABBY_JAVA_OPTS sets the Tabby JVMs' options (default below); BGP_BENCH_DAEMONS=Tabby,BIRD runs
# only those daemons (names: Tabby, BIRD, FRR, GoBGP). It needs only bgp-speaker and the
# test bench, so it compiles its own package against bgp-speaker's test classpath instead of the
# whole bench module.
source "$(dirname "$0")/lib.sh"
bench_require_root bench/bgp.sh
for tool in bird birdc vtysh gobgpd gobgp curl jcmd; do
  command -v "$tool" >/dev/null || {
    echo "bench/bgp.sh needs $tool: run the project's set-up script (bird2, frr, gobgpd, curl, a JDK)" >&2
    exit 1
  }
done
[[ -x /usr/lib/frr/bgpd ]] || { echo "bench/bgp.sh needs /usr/lib/frr/bgpd (package frr)" >&2; exit 1; }

tabby_java_opts=${TABBY_JAVA_OPTS:--Xmx2g -XX:+UseG1GC}

# bin/tabby-bgp runs bgp-speaker's jar with the dependencies its package phase copies.
mvn -B -q -ntp -pl bgp-speaker -am install -DskipTests -Dspotless.check.skip=true
classpath_file=bench/target/bgp-bench.classpath
mkdir -p bench/target/bgp-bench-classes
mvn -B -q -ntp -pl bgp-speaker dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/$classpath_file"
# A private copy of the speaker's classes: another build of bgp-speaker during the run must not
# pull classes from under the benchmark's JVMs.
rm -rf bench/target/bgp-bench-speaker-classes
cp -r bgp-speaker/target/classes bench/target/bgp-bench-speaker-classes
classpath="bench/target/bgp-bench-speaker-classes:$(cat "$classpath_file")"
javac --release 17 -d bench/target/bgp-bench-classes -cp "$classpath" \
  bench/src/main/java/dev/tabby/bench/bgp/*.java
# Warnings only: the lab logs every command at info, and the benchmark's progress is a warning.
cat > bench/target/bgp-logback.xml <<'XML'
<configuration>
  <appender name="err" class="ch.qos.logback.core.ConsoleAppender">
    <target>System.err</target>
    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{0} - %msg%n</pattern></encoder>
  </appender>
  <root level="WARN"><appender-ref ref="err"/></root>
</configuration>
XML
exec java -Xmx1g -cp "bench/target/bgp-bench-classes:$classpath" \
  -Dlogback.configurationFile="$PWD/bench/target/bgp-logback.xml" \
  -Dbench.tabbyJavaOptions="$tabby_java_opts" \
  dev.tabby.bench.bgp.BgpBenchmark "$@"
