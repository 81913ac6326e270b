package dev.tabby.bgp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.testbench.ExecResult;
import dev.tabby.testbench.Host;
import dev.tabby.testbench.Lab;
import dev.tabby.testbench.bgp.TabbyBgp;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The daemon refuses to start when a peer has a TCP MD5 password and Netty's native transport, the
 * only one that can sign segments, did not load: a session that should be signed never runs
 * unsigned.
 */
class TabbyTcpMd5FailClosedIT {

  private static final String CONFIG =
      """
      routerId: 10.0.0.1
      localAs: 65000
      listen: {address: 10.0.0.1, port: 179}
      warmup: false
      peers:
        - {address: 10.0.0.2, as: 65001, password: s3cret}
      """;

  /** The JVM options replace bin/tabby-bgp's defaults; a small heap is enough here. */
  private static final String DEFAULT_JAVA_OPTIONS = "-XX:+UseSerialGC -Xmx256m";

  @Test
  void refusesToStartWhenTheNativeTransportIsDisabled() {
    try (Lab lab = Lab.create()) {
      Host tabby = PeerLink.create(lab, "peer").tabby();

      ExecResult run =
          TabbyBgp.runUntilExit(
              tabby,
              CONFIG,
              DEFAULT_JAVA_OPTIONS + " -Dio.netty.transport.noNative=true",
              List.of());

      assertRefusedWithOneLine(run, "-Dio.netty.transport.noNative=true");
    }
  }

  @Test
  void refusesToStartWhenTheNativeLibraryCannotBeExecuted() {
    try (Lab lab = Lab.create()) {
      Host tabby = PeerLink.create(lab, "peer").tabby();
      // A noexec temporary directory, as hardened hosts mount /tmp, in a mount namespace of the
      // daemon's own so nothing outside sees it.
      String workdir = tabby.dir().resolve("noexec").toString();
      tabby.execOk("mkdir", "-p", workdir);

      ExecResult run =
          TabbyBgp.runUntilExit(
              tabby,
              CONFIG,
              DEFAULT_JAVA_OPTIONS + " -Dio.netty.native.workdir=" + workdir,
              List.of(
                  "unshare",
                  "-m",
                  "--",
                  "sh",
                  "-c",
                  "mount -t tmpfs -o noexec tabby-noexec " + workdir + " && exec \"$@\"",
                  "sh"));

      assertRefusedWithOneLine(run, "failed to map segment");
    }
  }

  private static void assertRefusedWithOneLine(ExecResult run, String cause) {
    assertThat(run.exitCode()).as(run.describe()).isEqualTo(1);
    List<String> refusal =
        run.stderr().lines().filter(line -> line.startsWith("tabby-bgp: ")).toList();
    assertThat(refusal).as(run.stderr()).hasSize(1);
    assertThat(refusal.get(0))
        .startsWith("tabby-bgp: TCP MD5 password of peer 10.0.0.2 needs Netty's native epoll")
        .contains(cause)
        .contains("-Dio.netty.native.workdir=DIR");
    assertThat(run.stderr()).as("no stack trace").doesNotContain("\tat ");
    assertThat(run.stderr().lines().filter(line -> line.contains("event=transport-fallback")))
        .as(run.stderr())
        .hasSize(1);
  }
}
