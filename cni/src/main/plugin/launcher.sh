#!/bin/sh
# @PLUGIN@: a Tabby CNI plugin (see cni/README.md), run by a container runtime with the CNI_*
# environment and the network config on stdin. A thin client of the node agent.
dir=$(dirname "$(readlink -f "$0")")
java='@JAVA@'
# Class data sharing from the archive made for this jar, C1 only and a small heap: the call is
# over long before C2 or a bigger heap would pay off.
exec "$java" -XX:SharedArchiveFile="$dir/tabby-cni.jsa" -Xshare:auto -XX:TieredStopAtLevel=1 \
  -XX:+UseSerialGC -Xms8m -Xmx64m -XX:-UsePerfData \
  -cp "$dir/tabby-cni.jar" dev.tabby.cni.PluginMain @PLUGIN@
