#!/bin/sh
# Makes the installable plugins in target/plugins: the launchers tabby and tabby-ipam, the jar
# they run, and the AppCDS archive for that jar (made by one training run of the plugin, which
# finds no agent and answers error 11: that path loads what a real call loads).
# Usage (from Maven's package phase): make-plugins.sh MODULE_DIR JAR JAVA
set -eu
module=$1
jar=$2
java=$3
out="$module/target/plugins"
rm -rf "$out"
mkdir -p "$out"
cp "$jar" "$out/tabby-cni.jar"
for plugin in tabby tabby-ipam; do
  sed -e "s|@PLUGIN@|$plugin|g" -e "s|@JAVA@|$java|" "$module/src/main/plugin/launcher.sh" > "$out/$plugin"
  chmod 755 "$out/$plugin"
done
printf '{"cniVersion":"1.1.0","name":"training","type":"tabby","socket":"%s"}' "$out/.no-agent.sock" |
  CNI_COMMAND=ADD CNI_CONTAINERID=cds-training CNI_NETNS=/proc/self/ns/net CNI_IFNAME=eth0 \
    "$java" -XX:ArchiveClassesAtExit="$out/tabby-cni.jsa" -cp "$out/tabby-cni.jar" \
    dev.tabby.cni.PluginMain tabby > "$out/training.out" 2>&1 || true
grep -q '"code":11' "$out/training.out" || { echo "CDS training run failed:"; cat "$out/training.out"; exit 1; }
rm "$out/training.out"
test -s "$out/tabby-cni.jsa"
