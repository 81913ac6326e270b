package dev.tabby.node.cni;

import dev.tabby.cni.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JSON file per attachment in the state directory, written before anything is assigned (so that
 * an agent that dies half-way through an ADD leaves a record GC and DEL can act on) and replaced
 * atomically as the attachment grows.
 */
final class AttachmentStore {
  private static final Logger log = LoggerFactory.getLogger(AttachmentStore.class);
  private static final String SUFFIX = ".json";

  private final Path dir;

  AttachmentStore(Path dir) {
    this.dir = dir;
  }

  void save(Attachment attachment) {
    Path file = fileOf(attachment.network(), attachment.containerId(), attachment.ifName());
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      Files.writeString(temp, Json.write(attachment.toJson()), StandardCharsets.UTF_8);
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write attachment record " + file, e);
    }
  }

  Optional<Attachment> find(String network, String containerId, String ifName) {
    return read(fileOf(network, containerId, ifName));
  }

  void delete(Attachment attachment) {
    Path file = fileOf(attachment.network(), attachment.containerId(), attachment.ifName());
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete attachment record " + file, e);
    }
  }

  /** Every recorded attachment of a network. */
  List<Attachment> list(String network) {
    List<Attachment> all = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        if (file.getFileName().toString().endsWith(SUFFIX)) {
          read(file).filter(a -> a.network().equals(network)).ifPresent(all::add);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list attachment records in " + dir, e);
    }
    return all;
  }

  private Optional<Attachment> read(Path file) {
    try {
      return Optional.of(
          Attachment.fromJson(Json.parseObject(Files.readString(file, StandardCharsets.UTF_8))));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | Json.JsonException e) {
      // A record cut short by a crash: its attachment is unknown; GC's IPAM side collects it.
      log.warn("ignoring unreadable attachment record file={} error={}", file, e.getMessage());
      return Optional.empty();
    }
  }

  /** Names made only of safe characters; the container ID keeps them distinct. */
  private Path fileOf(String network, String containerId, String ifName) {
    return dir.resolve(safe(network) + "_" + safe(containerId) + "_" + safe(ifName) + SUFFIX);
  }

  private static String safe(String part) {
    return part.replaceAll("[^A-Za-z0-9.-]", "-");
  }
}
