package dev.tabby.cni;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * One run of a plugin executable: reads the CNI call from the environment and stdin, checks it,
 * answers VERSION itself and forwards everything else to the node agent. Never throws: every
 * failure becomes the spec's error JSON and exit status 1.
 */
public final class Plugin {
  private final String name;
  private final Function<Path, AgentClient> clients;

  /**
   * @param name {@link AgentRequest#WIRING} or {@link AgentRequest#IPAM}
   * @param clients a client for the agent's socket path
   */
  public Plugin(String name, Function<Path, AgentClient> clients) {
    this.name = name;
    this.clients = clients;
  }

  /** What the plugin prints on stdout and its exit status. */
  public record Output(String stdout, int exitCode) {}

  public Output run(Map<String, String> env, String stdin) {
    String version = CniVersions.LATEST;
    try {
      String command = CniEnvironment.command(env);
      if (command.equals("VERSION")) {
        return new Output(Json.write(versionInfo(stdin)), 0);
      }
      Map<String, Object> config = NetworkConfig.decode(stdin);
      version = NetworkConfig.version(config);
      NetworkConfig.check(config, name.equals(AgentRequest.IPAM));
      checkCommand(command, version);
      CniEnvironment call = CniEnvironment.read(command, env);
      AgentRequest request =
          new AgentRequest(
              name, command, call.containerId(), call.netns(), call.ifName(), call.args(), config);
      AgentResponse response = clients.apply(socketOf(config)).call(request);
      if (response.error() != null) {
        throw response.error();
      }
      if (response.result() == null) {
        return new Output("", 0);
      }
      return new Output(Json.write(CniVersions.resultFor(version, response.result())), 0);
    } catch (CniException e) {
      Map<String, Object> error = new LinkedHashMap<>();
      error.put("cniVersion", version);
      error.putAll(e.toJson());
      return new Output(Json.write(error), 1);
    }
  }

  private static void checkCommand(String command, String version) {
    String since =
        switch (command) {
          case "ADD", "DEL" -> "0.3.0";
          case "CHECK" -> "0.4.0";
          case "STATUS", "GC" -> "1.1.0";
          default ->
              throw new CniException(
                  CniException.INVALID_ENVIRONMENT,
                  "CNI_COMMAND '" + command + "' is not a CNI command",
                  "use ADD, DEL, CHECK, VERSION, STATUS or GC");
        };
    if (!CniVersions.atLeast(version, since)) {
      throw new CniException(
          CniException.INCOMPATIBLE_VERSION,
          command + " needs CNI " + since + " or later",
          "the network config asks for cniVersion " + version);
    }
  }

  /** VERSION: the versions spoken, in the version the runtime asked for when it is one of them. */
  private static Map<String, Object> versionInfo(String stdin) {
    String asked = CniVersions.LATEST;
    try {
      Object requested = Json.parseObject(stdin).get("cniVersion");
      if (requested instanceof String s && CniVersions.isSupported(s)) {
        asked = s;
      }
    } catch (Json.JsonException e) {
      // VERSION needs no config: a runtime may send none.
    }
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("cniVersion", asked);
    info.put("supportedVersions", CniVersions.SUPPORTED);
    return info;
  }

  /**
   * "socket" in the plugin's own config section: the top level for tabby, "ipam" for tabby-ipam.
   */
  private Path socketOf(Map<String, Object> config) {
    Map<String, Object> section =
        name.equals(AgentRequest.IPAM) ? NetworkConfig.ipamSection(config) : config;
    return section.get("socket") instanceof String s && !s.isEmpty()
        ? Path.of(s)
        : AgentSocket.DEFAULT_PATH;
  }
}
