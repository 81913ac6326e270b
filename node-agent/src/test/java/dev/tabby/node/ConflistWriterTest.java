package dev.tabby.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tabby.node.cni.CniInstaller;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The conflist against the agent's start order: a sync may ask for it before the CNI part has
 * started, as after a restart, when the informers fire at once.
 */
class ConflistWriterTest {
  @TempDir Path dir;

  private CniInstaller installer() {
    CniInstaller.Config defaults = CniInstaller.Config.defaults(dir.resolve("plugins"));
    return new CniInstaller(
        new CniInstaller.Config(
            defaults.pluginSource(),
            dir.resolve("bin"),
            dir.resolve("net.d"),
            defaults.networkName(),
            dir.resolve("tabby.sock"),
            defaults.mtu(),
            true,
            false));
  }

  @Test
  void aSyncBeforeTheCniPartStartedWritesNothingAndTheStartWritesTheConflist() {
    ConflistWriter conflist = new ConflistWriter();
    CniInstaller installer = installer();

    conflist.writeWhenReady();
    assertThat(conflist.written()).isFalse();
    assertThat(installer.conflistPath()).doesNotExist();

    conflist.cniStarted(() -> true, installer);
    assertThat(conflist.written()).isTrue();
    assertThat(installer.conflistPath()).isRegularFile();
  }

  @Test
  void aStartedCniPartThatCannotWirePodsYetGetsTheConflistOnTheNextSync() throws Exception {
    ConflistWriter conflist = new ConflistWriter();
    CniInstaller installer = installer();
    AtomicBoolean canWirePods = new AtomicBoolean();

    conflist.cniStarted(canWirePods::get, installer);
    conflist.writeWhenReady();
    assertThat(conflist.written()).isFalse();
    assertThat(installer.conflistPath()).doesNotExist();

    canWirePods.set(true);
    conflist.writeWhenReady();
    assertThat(conflist.written()).isTrue();
    assertThat(installer.conflistPath()).isRegularFile();
    Files.delete(installer.conflistPath());
    conflist.writeWhenReady();
    assertThat(installer.conflistPath()).as("written once only").doesNotExist();
  }
}
