package dev.tabby.node.cni;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.cni.Json;
import dev.tabby.testbench.cni.CniRuntime;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Installing the built plugins and the conflist into a runtime's directories. */
class CniInstallerIT {
  @TempDir Path dir;

  @Test
  void installsTheRunnablePluginsAndWritesTheConflistLast() throws Exception {
    Path bin = dir.resolve("opt/cni/bin");
    Path conf = dir.resolve("etc/cni/net.d");
    Files.createDirectories(bin);
    // A portmap that, like containernetworking-plugins before 1.5, stops at CNI 1.0.0.
    Path portmap = bin.resolve("portmap");
    Files.writeString(
        portmap,
        "#!/bin/sh\necho '{\"cniVersion\":\"1.0.0\",\"supportedVersions\":[\"0.4.0\",\"1.0.0\"]}'\n");
    Files.setPosixFilePermissions(portmap, PosixFilePermissions.fromString("rwxr-xr-x"));
    // What a node upgraded from the JVM plugins still holds.
    Files.writeString(bin.resolve("tabby-cni.jar"), "old plugin");
    Files.writeString(bin.resolve("tabby-cni.jsa"), "old archive");
    CniInstaller installer =
        new CniInstaller(
            new CniInstaller.Config(
                Path.of(System.getProperty("tabby.cni.plugins")),
                bin,
                conf,
                "k8s-pods",
                Path.of("/run/tabby/cni.sock"),
                1450,
                true,
                true));

    installer.installPlugins();
    installer.installPlugins(); // an agent restart installs again over the running plugins
    assertThat(bin.resolve("tabby")).isExecutable();
    assertThat(Files.isSameFile(bin.resolve("tabby-ipam"), bin.resolve("tabby"))).isTrue();
    try (var files = Files.list(bin)) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .as("the retired JVM plugin's files are gone")
          .containsExactlyInAnyOrder("portmap", "tabby", "tabby-ipam");
    }
    assertThat(conf.resolve("10-k8s-pods.conflist")).doesNotExist();

    // The installed plugin runs, under both names, and answers VERSION without an agent.
    for (String plugin : List.of("tabby", "tabby-ipam")) {
      ProcessBuilder version = new ProcessBuilder(bin.resolve(plugin).toString());
      version.environment().put("CNI_COMMAND", "VERSION");
      Process process = version.start();
      process.getOutputStream().close();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.waitFor()).isZero();
      assertThat(Json.parseObject(output).get("supportedVersions"))
          .isEqualTo(List.of("0.3.0", "0.3.1", "0.4.0", "1.0.0", "1.1.0"));
    }

    installer.writeConflist();
    Map<String, Object> conflist =
        Json.parseObject(Files.readString(conf.resolve("10-k8s-pods.conflist")));
    assertThat(conflist.get("cniVersion")).isEqualTo("1.0.0");
    assertThat(conflist.get("name")).isEqualTo("k8s-pods");
    List<Map<String, Object>> plugins = CniRuntime.plugins(conflist);
    assertThat(plugins).hasSize(2);
    assertThat(plugins.get(0))
        .containsEntry("type", "tabby")
        .containsEntry("socket", "/run/tabby/cni.sock")
        .containsEntry("mtu", 1450L)
        .containsEntry("ipv6", true);
    assertThat(plugins.get(1).get("type")).isEqualTo("portmap");
    try (var left = Files.list(conf)) {
      assertThat(left).containsExactly(conf.resolve("10-k8s-pods.conflist"));
    }

    installer.removeConflist();
    assertThat(conf.resolve("10-k8s-pods.conflist")).doesNotExist();
    installer.removeConflist(); // stopping twice is fine
  }
}
