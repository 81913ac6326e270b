package dev.tabby.bgp.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MainTest {

  @TempDir Path dir;

  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    PrintWriter writer = new PrintWriter(err, true);
    return new CommandLine(new Main(writer)).setErr(writer).execute(args);
  }

  @Test
  void badConfigIsOneLineNamingTheFieldAndExitCodeTwo() throws IOException {
    Path config = dir.resolve("bgp.yaml");
    Files.writeString(
        config,
        "routerId: 10.0.0.1\nlocalAs: 65000\npeers:\n"
            + "  - {address: 10.0.0.2, as: 65001}\n"
            + "  - {address: 10.0.0.3, as: -5}\n");

    assertThat(run("--config", config.toString())).isEqualTo(2);

    assertThat(err.toString())
        .isEqualTo("tabby-bgp: config peers[1].as: must be 1..4294967295, got -5\n");
  }

  @Test
  void missingConfigFileIsOneLine() {
    Path missing = dir.resolve("nope.yaml");

    assertThat(run("--config", missing.toString())).isEqualTo(2);

    assertThat(err.toString())
        .isEqualTo("tabby-bgp: config " + missing + ": cannot read: no such file\n");
    assertThat(err.toString().lines()).hasSize(1);
  }
}
