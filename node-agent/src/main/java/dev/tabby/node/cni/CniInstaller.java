package dev.tabby.node.cni;

import dev.tabby.cni.AgentSocket;
import dev.tabby.cni.CniVersions;
import dev.tabby.cni.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the plugins where the container runtime finds them: the executable {@code tabby} and {@code
 * tabby-ipam}, a hard link to it (one program; the name it runs as says which), into the CNI binary
 * directory, and the network's conflist ({@code tabby}, then {@code portmap}) into the CNI config
 * directory. The conflist is what makes the kubelet report the node network-ready, so the agent
 * writes it last, once it can wire pods, and removes it when it stops for good.
 */
public final class CniInstaller {
  private static final Logger log = LoggerFactory.getLogger(CniInstaller.class);

  /** The executable as built, installed under both plugin names. */
  static final String EXECUTABLE = "tabby";

  static final String IPAM_EXECUTABLE = "tabby-ipam";

  /**
   * What earlier releases, whose plugins ran on a JVM, left in the binary directory: nothing runs
   * them any more, so an upgraded node would keep them for ever.
   */
  static final List<String> RETIRED_FILES = List.of("tabby-cni.jar", "tabby-cni.jsa");

  /**
   * @param pluginSource the built plugins: {@code cni/target/plugins} in a checkout
   * @param binDir the runtime's CNI binary directory
   * @param confDir the runtime's CNI config directory
   * @param networkName the conflist's network name (part of every IPAM handle)
   * @param socket the agent's CNI socket, written into the conflist for the plugin
   * @param mtu the pod interfaces' MTU
   * @param ipv4 whether pods get an IPv4 address
   * @param ipv6 whether pods get an IPv6 address
   */
  public record Config(
      Path pluginSource,
      Path binDir,
      Path confDir,
      String networkName,
      Path socket,
      int mtu,
      boolean ipv4,
      boolean ipv6) {
    public static final Path DEFAULT_BIN_DIR = Path.of("/opt/cni/bin");
    public static final Path DEFAULT_CONF_DIR = Path.of("/etc/cni/net.d");
    public static final String DEFAULT_NETWORK = "tabby";

    /** The standard directories, IPv4 only, MTU 1500. */
    public static Config defaults(Path pluginSource) {
      return new Config(
          pluginSource,
          DEFAULT_BIN_DIR,
          DEFAULT_CONF_DIR,
          DEFAULT_NETWORK,
          AgentSocket.DEFAULT_PATH,
          NetworkSettings.DEFAULT_MTU,
          true,
          false);
    }
  }

  private final Config config;

  public CniInstaller(Config config) {
    this.config = config;
  }

  /** The conflist's file: "10-" so that it sorts before most others. */
  public Path conflistPath() {
    return config.confDir().resolve("10-" + config.networkName() + ".conflist");
  }

  /**
   * Copies the executable into the binary directory as {@code tabby} and links {@code tabby-ipam}
   * to it, each replaced atomically, so a plugin running meanwhile is not disturbed.
   */
  public void installPlugins() throws IOException {
    Path source = config.pluginSource().resolve(EXECUTABLE);
    if (!Files.isRegularFile(source)) {
      throw new IOException(
          "no " + EXECUTABLE + " in " + config.pluginSource() + ": build the cni module first");
    }
    Files.createDirectories(config.binDir());
    Path tabby = config.binDir().resolve(EXECUTABLE);
    Path temp = temporary(tabby);
    Files.copy(source, temp, StandardCopyOption.REPLACE_EXISTING);
    Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
    move(temp, tabby);
    Path ipam = config.binDir().resolve(IPAM_EXECUTABLE);
    Path link = temporary(ipam);
    Files.deleteIfExists(link);
    Files.createLink(link, tabby);
    move(link, ipam);
    log.info(
        "installed CNI plugins {} and {} into {}", EXECUTABLE, IPAM_EXECUTABLE, config.binDir());
    removeRetiredFiles();
  }

  private void removeRetiredFiles() throws IOException {
    for (String name : RETIRED_FILES) {
      if (Files.deleteIfExists(config.binDir().resolve(name))) {
        log.info("removed {} from {}: the plugins no longer use it", name, config.binDir());
      }
    }
  }

  /** Writes the conflist (atomically); the node is network-ready from here on. */
  public void writeConflist() throws IOException {
    Files.createDirectories(config.confDir());
    replace(conflistPath(), Json.write(conflist()).getBytes(StandardCharsets.UTF_8), "rw-r--r--");
    log.info("wrote CNI config {}: pods can be wired on this node", conflistPath());
  }

  /** Removes the conflist: the node reports network-not-ready again. The plugins stay. */
  public void removeConflist() throws IOException {
    if (Files.deleteIfExists(conflistPath())) {
      log.info("removed CNI config {}", conflistPath());
    }
  }

  Map<String, Object> conflist() {
    Map<String, Object> tabby = new LinkedHashMap<>();
    tabby.put("type", "tabby");
    tabby.put("socket", config.socket().toString());
    tabby.put("mtu", (long) config.mtu());
    tabby.put("ipv4", config.ipv4());
    tabby.put("ipv6", config.ipv6());
    Map<String, Object> portmap = new LinkedHashMap<>();
    portmap.put("type", "portmap");
    portmap.put("snat", true);
    portmap.put("capabilities", Map.of("portMappings", true));
    Map<String, Object> list = new LinkedHashMap<>();
    list.put("cniVersion", conflistVersion());
    list.put("name", config.networkName());
    list.put("plugins", List.of(tabby, portmap));
    return list;
  }

  /**
   * The newest CNI version both tabby and the installed portmap speak: portmap releases before 1.5
   * reject a 1.1.0 list, and a runtime runs the whole list at the list's version.
   */
  String conflistVersion() {
    Path portmap = config.binDir().resolve("portmap");
    if (!Files.isExecutable(portmap)) {
      return CniVersions.LATEST;
    }
    try {
      ProcessBuilder ask = new ProcessBuilder(portmap.toString());
      ask.environment().put("CNI_COMMAND", "VERSION");
      Process process = ask.start();
      process.getOutputStream().close();
      String answer = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      process.waitFor(10, TimeUnit.SECONDS);
      Object theirs = Json.parseObject(answer).get("supportedVersions");
      List<String> common = new ArrayList<>(CniVersions.SUPPORTED);
      common.retainAll(theirs instanceof List<?> list ? list : List.of());
      if (common.isEmpty()) {
        throw new IOException(portmap + " speaks none of " + CniVersions.SUPPORTED);
      }
      return common.get(common.size() - 1);
    } catch (IOException | RuntimeException e) {
      log.warn(
          "cannot ask {} for its CNI versions ({}); writing {}",
          portmap,
          e.getMessage(),
          CniVersions.LATEST);
      return CniVersions.LATEST;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return CniVersions.LATEST;
    }
  }

  private static Path temporary(Path target) {
    return target.resolveSibling("." + target.getFileName() + ".tmp");
  }

  private static void replace(Path target, byte[] content, String permissions) throws IOException {
    Path temp = temporary(target);
    Files.write(temp, content);
    Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString(permissions));
    move(temp, target);
  }

  private static void move(Path temp, Path target) throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
