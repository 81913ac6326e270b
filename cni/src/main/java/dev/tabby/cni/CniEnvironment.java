package dev.tabby.cni;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The CNI_* environment variables of one call, checked for what its command needs. A variable that
 * is missing or malformed is error 4.
 */
record CniEnvironment(
    String command, String containerId, String netns, String ifName, Map<String, String> args) {

  static String command(Map<String, String> env) {
    String command = env.getOrDefault("CNI_COMMAND", "");
    if (command.isEmpty()) {
      throw invalid("CNI_COMMAND is not set", "set it to ADD, DEL, CHECK, VERSION, STATUS or GC");
    }
    return command;
  }

  /** Reads what {@code command} needs from the environment. */
  static CniEnvironment read(String command, Map<String, String> env) {
    boolean needsAttachment =
        command.equals("ADD") || command.equals("DEL") || command.equals("CHECK");
    boolean needsNetns = command.equals("ADD") || command.equals("CHECK");
    String containerId = needsAttachment ? required(env, "CNI_CONTAINERID") : "";
    String ifName = needsAttachment ? required(env, "CNI_IFNAME") : "";
    String netns = needsNetns ? required(env, "CNI_NETNS") : env.getOrDefault("CNI_NETNS", "");
    if (!ifName.isEmpty() && !isInterfaceName(ifName)) {
      throw invalid(
          "CNI_IFNAME '" + ifName + "' is not an interface name",
          "at most 15 characters, no '/', ':' or white space");
    }
    if (!netns.isEmpty() && !netns.startsWith("/")) {
      throw invalid("CNI_NETNS '" + netns + "' is not an absolute path", "");
    }
    return new CniEnvironment(
        command, containerId, netns, ifName, parseArgs(env.getOrDefault("CNI_ARGS", "")));
  }

  /** CNI_ARGS: "K8S_POD_NAMESPACE=default;K8S_POD_NAME=web-0;IgnoreUnknown=1". */
  static Map<String, String> parseArgs(String text) {
    Map<String, String> args = new LinkedHashMap<>();
    if (text.isEmpty()) {
      return args;
    }
    for (String pair : text.split(";")) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw invalid("CNI_ARGS entry '" + pair + "' is not KEY=VALUE", "CNI_ARGS=" + text);
      }
      args.put(pair.substring(0, eq), pair.substring(eq + 1));
    }
    return args;
  }

  private static boolean isInterfaceName(String name) {
    return name.length() <= 15
        && !name.equals(".")
        && !name.equals("..")
        && name.chars().noneMatch(c -> c == '/' || c == ':' || Character.isWhitespace(c));
  }

  private static String required(Map<String, String> env, String name) {
    String value = env.getOrDefault(name, "");
    if (value.isEmpty()) {
      throw invalid(name + " is not set", "the container runtime must set it for this command");
    }
    return value;
  }

  private static CniException invalid(String message, String details) {
    return new CniException(CniException.INVALID_ENVIRONMENT, message, details);
  }
}
