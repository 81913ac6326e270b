package dev.tabby.bgp.daemon;

import dev.tabby.bgp.BgpSpeaker;
import dev.tabby.bgp.bfd.BfdGuard;
import dev.tabby.bgp.session.TcpMd5Exception;
import dev.tabby.net.IpPrefix;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a changed config file to the running speaker (on SIGHUP): peers added, removed or changed
 * ({@link BgpSpeaker#setPeers}: only a changed peer's session is restarted, and a peer whose
 * password cannot be applied is refused alone), peer ranges ({@link BgpSpeaker#setPeerRanges}: a
 * dynamic neighbour whose range changed or went is removed), the peers' BFD ({@link
 * BfdGuard#setWanted}) and prefixes originated or withdrawn. The speaker's own identity and sockets
 * need a restart; a change there is logged and ignored.
 */
final class ConfigReloader {

  private static final Logger log = LoggerFactory.getLogger(ConfigReloader.class);

  private final Path file;
  private final BgpSpeaker speaker;
  private final BfdGuard bfd;
  private DaemonConfig current;

  ConfigReloader(Path file, BgpSpeaker speaker, BfdGuard bfd, DaemonConfig current) {
    this.file = file;
    this.speaker = speaker;
    this.bfd = bfd;
    this.current = current;
  }

  /**
   * Starts what {@code current} asks for: every peer, every prefix.
   *
   * @throws TcpMd5Exception when a peer has a password that cannot be applied
   */
  void applyInitial() {
    // Prefixes first: a peer's initial table, and its End-of-RIB, must not go out without them
    // (a peer helping us restart gracefully flushes at our End-of-RIB what we did not send).
    prefixes(current).forEach(this::originate);
    current.peers().forEach(speaker::addPeer);
    bfd.setWanted(current.bfd(), current.rangeBfd());
    speaker.setPeerRanges(current.peerRanges());
  }

  synchronized void reload() {
    DaemonConfig next;
    try {
      next = ConfigParser.load(file);
    } catch (ConfigException e) {
      log.error(
          "event=reload-failed file={} reason=\"{}\" (keeping the running config)",
          file,
          e.getMessage());
      return;
    }
    if (!next.speaker().equals(current.speaker()) || !next.http().equals(current.http())) {
      log.warn(
          "event=reload-partial reason=\"routerId, localAs, clusterId, listen and http need a restart\"");
    }
    speaker.setPeers(next.peers());
    bfd.setWanted(next.bfd(), next.rangeBfd());
    speaker.setPeerRanges(next.peerRanges());
    Map<IpPrefix, int[]> originatedBefore = prefixes(current);
    Map<IpPrefix, int[]> originatedAfter = prefixes(next);
    originatedBefore.keySet().stream()
        .filter(prefix -> !originatedAfter.containsKey(prefix))
        .forEach(speaker::withdraw);
    originatedAfter.forEach(
        (prefix, communities) -> {
          int[] old = originatedBefore.get(prefix);
          if (old == null || !Arrays.equals(old, communities)) {
            originate(prefix, communities);
          }
        });
    current = next;
    log.info(
        "event=reloaded file={} peers={} peer-ranges={} prefixes={}",
        file,
        next.peers().size(),
        next.peerRanges().size(),
        originatedAfter.size());
  }

  private void originate(IpPrefix prefix, int[] communities) {
    speaker.originate(prefix, communities);
  }

  private static Map<IpPrefix, int[]> prefixes(DaemonConfig config) {
    Map<IpPrefix, int[]> byPrefix = new LinkedHashMap<>();
    for (DaemonConfig.OriginatedPrefix entry : config.prefixes()) {
      byPrefix.put(
          Objects.requireNonNull(entry.prefix()),
          entry.communities().stream().mapToInt(Integer::intValue).toArray());
    }
    return byPrefix;
  }
}
