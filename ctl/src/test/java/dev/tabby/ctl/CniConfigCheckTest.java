package dev.tabby.ctl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.ctl.CheckOutcome.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CniConfigCheckTest {

  private static final String TABBY =
      "{\"cniVersion\":\"1.0.0\",\"name\":\"k8s-pod-network\",\"plugins\":[{\"type\":\"tabby\"}]}";

  @TempDir Path dir;

  @Test
  void tabbysConflistFirstIsOk() throws IOException {
    Files.writeString(dir.resolve("10-tabby.conflist"), TABBY);
    Files.writeString(dir.resolve("99-loopback.conf"), "{\"type\":\"loopback\"}");

    CheckOutcome outcome = new CniConfigCheck(dir).run();

    assertThat(outcome.result()).isEqualTo(Result.OK);
  }

  @Test
  void anotherConfigBeforeTabbysIsNamed() throws IOException {
    Files.writeString(dir.resolve("10-tabby.conflist"), TABBY);
    Files.writeString(dir.resolve("05-flannel.conflist"), "{\"plugins\":[{\"type\":\"flannel\"}]}");

    CheckOutcome outcome = new CniConfigCheck(dir).run();

    assertThat(outcome.result()).isEqualTo(Result.FAILED);
    assertThat(outcome.detail())
        .isEqualTo(
            dir.resolve("05-flannel.conflist")
                + " comes before Tabby's 10-tabby.conflist: the runtime uses "
                + dir.resolve("05-flannel.conflist"));
    assertThat(outcome.fix()).startsWith("remove " + dir.resolve("05-flannel.conflist"));
  }

  @Test
  void aMissingDirectoryOrConfigIsNamed() throws IOException {
    assertThat(new CniConfigCheck(dir.resolve("absent")).run().detail())
        .isEqualTo(dir.resolve("absent") + " does not exist");
    Files.writeString(dir.resolve("README"), "not a config");
    assertThat(new CniConfigCheck(dir).run().detail()).isEqualTo("no CNI config in " + dir);
  }
}
