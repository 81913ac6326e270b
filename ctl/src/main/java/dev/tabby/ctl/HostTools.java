package dev.tabby.ctl;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Runs a host tool (nft, iptables-save) and returns what it printed. */
class HostTools {

  private static final long TIMEOUT_SECONDS = 10;

  /** The sbin directories are searched too: a user's PATH often lacks them. */
  private static final List<String> EXTRA_DIRS = List.of("/usr/sbin", "/sbin");

  /**
   * The tool's standard output; empty when the tool is not installed.
   *
   * @throws CtlException when it fails or takes too long
   */
  Optional<String> run(String tool, String... arguments) {
    Optional<Path> executable = find(tool);
    if (executable.isEmpty()) {
      return Optional.empty();
    }
    List<String> command = new ArrayList<>();
    command.add(executable.get().toString());
    command.addAll(List.of(arguments));
    String line = String.join(" ", command);
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
      process.getOutputStream().close();
      CompletableFuture<String> stdout = read(process.getInputStream());
      CompletableFuture<String> stderr = read(process.getErrorStream());
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new CtlException(line + " did not finish within " + TIMEOUT_SECONDS + "s");
      }
      if (process.exitValue() != 0) {
        throw new CtlException(
            line + " failed (exit " + process.exitValue() + "): " + stderr.get().strip());
      }
      return Optional.of(stdout.get());
    } catch (IOException | ExecutionException e) {
      throw new CtlException("cannot run " + line + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CtlException("interrupted while running " + line);
    }
  }

  private static Optional<Path> find(String tool) {
    List<String> dirs = new ArrayList<>();
    String path = System.getenv("PATH");
    if (path != null) {
      dirs.addAll(List.of(path.split(":")));
    }
    dirs.addAll(EXTRA_DIRS);
    return dirs.stream()
        .filter(dir -> !dir.isEmpty())
        .map(dir -> Path.of(dir, tool))
        .filter(Files::isExecutable)
        .findFirst();
  }

  private static CompletableFuture<String> read(InputStream stream) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            return "";
          }
        });
  }
}
