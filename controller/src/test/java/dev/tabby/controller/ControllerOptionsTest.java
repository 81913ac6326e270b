package dev.tabby.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.tabby.net.IpPrefix;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ControllerOptionsTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private ControllerConfig parse(String... args) {
    return Main.parse(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String refused(String... args) {
    err.reset();
    assertThatThrownBy(() -> parse(args)).isInstanceOf(ConfigException.class);
    String printed = err.toString(StandardCharsets.UTF_8);
    assertThat(printed.lines()).as("one line: %s", printed).hasSize(1);
    return printed.strip();
  }

  @Test
  void flagsWinOverTheDefaults() {
    ControllerConfig config =
        parse(
            "--service-cluster-ip-range=10.96.0.0/12,fd00:96::/108",
            "--node-networks=192.168.0.0/24",
            "--identity=replica-a",
            "--ipam-grace-period=1h30m",
            "--lease-duration=4s",
            "--renew-deadline=3s",
            "--retry-period=500ms");
    assertThat(config.serviceRanges())
        .containsExactly(IpPrefix.parse("10.96.0.0/12"), IpPrefix.parse("fd00:96::/108"));
    assertThat(config.nodeNetworks()).containsExactly(IpPrefix.parse("192.168.0.0/24"));
    assertThat(config.gracePeriod()).isEqualTo(Duration.ofMinutes(90));
    assertThat(config.lease().identity()).isEqualTo("replica-a");
    assertThat(config.lease().retryPeriod()).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void theDefaultsAreKubeadmsAndCalicos() {
    ControllerConfig config = parse("--identity=a");
    assertThat(config.serviceRanges()).containsExactly(IpPrefix.parse("10.96.0.0/12"));
    assertThat(config.nodeNetworks()).isEmpty();
    assertThat(config.gracePeriod()).isEqualTo(Duration.ofMinutes(15));
    assertThat(config.lease().namespace()).isEqualTo("kube-system");
    assertThat(config.lease().name()).isEqualTo("tabby-controller");
    assertThat(config.http().getPort()).isEqualTo(9098);
    assertThat(config.defaultPools()).as("no default pool unless one is configured").isEmpty();
  }

  @Test
  void theDefaultPoolsAreMadeFromTheirCidrsAndBlockSizes() {
    ControllerConfig config =
        parse(
            "--identity=a",
            "--default-ipv4-pool-cidr=10.244.0.0/16",
            "--default-ipv6-pool-cidr=fd00:10:244::/56",
            "--default-ipv6-pool-block-size=120");
    assertThat(config.defaultPools())
        .extracting(
            p -> p.getMetadata().getName(),
            p -> p.getSpec().getCidr(),
            p -> p.getSpec().getBlockSize())
        .containsExactly(
            tuple("default-ipv4", "10.244.0.0/16", 26),
            tuple("default-ipv6", "fd00:10:244::/56", 120));
  }

  @Test
  void aDefaultPoolTheControllerWouldMarkInvalidStopsTheStart() {
    assertThat(refused("--default-ipv4-pool-cidr=10.96.0.0/16"))
        .contains("--default-ipv4-pool-cidr=10.96.0.0/16 with blocks of /26:")
        .contains("overlaps the service CIDR 10.96.0.0/12");
    assertThat(
            refused("--default-ipv4-pool-cidr=10.244.0.0/16", "--default-ipv4-pool-block-size=8"))
        .contains("--default-ipv4-pool-cidr=10.244.0.0/16 with blocks of /8:");
    assertThat(refused("--default-ipv6-pool-cidr=10.244.0.0/16"))
        .contains("--default-ipv6-pool-cidr=10.244.0.0/16: not an IPv6 prefix");
    assertThat(
            refused("--default-ipv4-pool-cidr=10.244.0.0/16", "--default-ipv4-pool-block-size=big"))
        .contains("--default-ipv4-pool-block-size=big:");
  }

  @Test
  void eachBadSettingIsOneLineNamingTheFlag() {
    assertThat(refused("--service-cluster-ip-range=10.96.0.1/12"))
        .startsWith("tabby-controller: bad configuration: --service-cluster-ip-range=10.96.0.1/12:")
        .contains("has host bits set");
    assertThat(refused("--ipam-grace-period=soon"))
        .contains("--ipam-grace-period=soon: 'soon' is not a duration such as 15m");
    assertThat(refused("--lease-duration=2s", "--renew-deadline=3s"))
        .contains("renew deadline (PT3S) < lease duration (PT2S)");
    assertThat(refused("--http-address=9098")).contains("is not ADDRESS:PORT");
    assertThat(refused("--bogus")).contains("Unknown option: '--bogus'");
  }

  @Test
  void helpNamesEveryEnvironmentVariable() {
    assertThat(parse("--help")).isNull();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains(
            "SERVICE_CLUSTER_IP_RANGE",
            "TABBY_LEASE_NAMESPACE",
            "TABBY_IPAM_GRACE_PERIOD",
            "TABBY_DEFAULT_IPV4_POOL_CIDR",
            "TABBY_DEFAULT_IPV6_POOL_CIDR");
  }

  @Test
  void theLauncherExitsNonZeroWithOneLineOnBadConfiguration() throws Exception {
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "--ipam-gc-interval=0s")
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(Main.BAD_CONFIG);
    assertThat(stderr.lines().toList())
        .isEqualTo(
            List.of(
                "tabby-controller: bad configuration: --ipam-gc-interval=0s: '0s' is zero: a"
                    + " positive duration is needed"));
  }
}
