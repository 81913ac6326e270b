package dev.tabby.bgp.daemon;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * {@code tabby-bgp} whose RIB thread dies of an Error at its first best-path change, as a bug or a
 * failing listener would kill it: the daemon {@link FatalExitIT} runs.
 */
final class RibKillingDaemon {

  static final String INJECTED = "RIB thread killed by the test";

  private RibKillingDaemon() {}

  public static void main(String[] args) {
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    Main main =
        new Main(
            err,
            speaker ->
                speaker.addBestPathListener(
                    changes -> {
                      throw new Error(INJECTED);
                    }));
    System.exit(Main.run(main, err, args));
  }
}
