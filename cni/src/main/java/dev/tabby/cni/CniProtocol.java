package dev.tabby.cni;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The CNI protocol around the node agent's work, for one call the forwarder sent: checks the CNI_*
 * environment and the network config (errors 4, 6, 7 and 1), hands the call to the agent as an
 * {@link AgentRequest}, and turns its answer into what the plugin prints: the result in the version
 * the config asks for, or the spec's error JSON. Never throws.
 */
public final class CniProtocol {
  private final Function<AgentRequest, AgentResponse> agent;
  private final BiConsumer<ForwardedCall, CniException> refused;

  /**
   * @param agent serves a checked call (ADD, DEL, CHECK, STATUS or GC)
   */
  public CniProtocol(Function<AgentRequest, AgentResponse> agent) {
    this(agent, (call, error) -> {});
  }

  /**
   * @param agent serves a checked call (ADD, DEL, CHECK, STATUS or GC)
   * @param refused hears of every call refused by the checks, which never reaches {@code agent}:
   *     the runtime shows only the plugin's answer, so the agent's log is where an operator looks
   */
  public CniProtocol(
      Function<AgentRequest, AgentResponse> agent,
      BiConsumer<ForwardedCall, CniException> refused) {
    this.agent = agent;
    this.refused = refused;
  }

  /**
   * What the plugin prints on stdout, and the CNI error code (0 on success).
   *
   * @param stdout a result, an error or nothing
   */
  public record Output(String stdout, int errorCode) {
    /** The spec's error JSON for {@code e}, in {@code version}. */
    public static Output error(String version, CniException e) {
      Map<String, Object> error = new LinkedHashMap<>();
      error.put("cniVersion", version);
      error.putAll(e.toJson());
      return new Output(Json.write(error), e.code());
    }

    /** The plugin's exit status: 1 for any error. */
    public int exitCode() {
      return errorCode == 0 ? 0 : 1;
    }
  }

  public Output run(ForwardedCall call) {
    String version = CniVersions.LATEST;
    AgentRequest request;
    try {
      Map<String, String> env = call.env();
      String command = CniEnvironment.command(env);
      Map<String, Object> config = NetworkConfig.decode(call.stdin());
      version = NetworkConfig.version(config);
      NetworkConfig.check(config, call.plugin().equals(AgentRequest.IPAM));
      checkCommand(command, version);
      CniEnvironment vars = CniEnvironment.read(command, env);
      request =
          new AgentRequest(
              call.plugin(),
              command,
              vars.containerId(),
              vars.netns(),
              vars.ifName(),
              vars.args(),
              config);
    } catch (CniException e) {
      refused.accept(call, e);
      return Output.error(version, e);
    }
    try {
      AgentResponse response = agent.apply(request);
      if (response.error() != null) {
        throw response.error();
      }
      if (response.result() == null) {
        return new Output("", 0);
      }
      return new Output(Json.write(CniVersions.resultFor(version, response.result())), 0);
    } catch (CniException e) {
      return Output.error(version, e);
    }
  }

  /** VERSION never gets here: the forwarder answers it. */
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
}
