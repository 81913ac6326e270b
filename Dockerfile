# The one image every Tabby workload runs (tabby-node, tabby-controller, tabby-rr, tabbyctl).
#   docker build -t ghcr.io/tabby-dev/tabby:latest .     (from the repository root)
# Stage 1 builds the daemons and the statically linked CNI plugins; stage 2 keeps a JRE, the
# launchers in bin/ and, per module, the jar and its runtime dependencies in the layout
# bin/run-module expects (MODULE/target/MODULE-*.jar and MODULE/target/lib/).
FROM maven:3.9-eclipse-temurin-17 AS build
# gcc and the static C library for the CNI plugins (cni/src/build/make-plugins.sh links with -static).
RUN apt-get update \
 && apt-get install -y --no-install-recommends gcc libc6-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN mvn -B -pl node-agent,cni,controller,route-reflector,ctl -am package -DskipTests

FROM eclipse-temurin:17-jre
WORKDIR /opt/tabby
COPY --from=build /src/bin/ bin/
COPY --from=build /src/node-agent/target/lib/ node-agent/target/lib/
COPY --from=build /src/node-agent/target/node-agent-*.jar node-agent/target/
COPY --from=build /src/controller/target/lib/ controller/target/lib/
COPY --from=build /src/controller/target/controller-*.jar controller/target/
COPY --from=build /src/route-reflector/target/lib/ route-reflector/target/lib/
COPY --from=build /src/route-reflector/target/route-reflector-*.jar route-reflector/target/
COPY --from=build /src/ctl/target/lib/ ctl/target/lib/
COPY --from=build /src/ctl/target/ctl-*.jar ctl/target/
# The plugins tabby-node copies into the node's /opt/cni/bin.
COPY --from=build /src/cni/target/plugins/ cni/
ENV TABBY_CNI_PLUGIN_DIR=/opt/tabby/cni \
    PATH=/opt/tabby/bin:$PATH
ENTRYPOINT []
CMD ["tabby-node"]
