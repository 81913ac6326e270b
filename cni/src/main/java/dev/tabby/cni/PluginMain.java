package dev.tabby.cni;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The executables {@code tabby} and {@code tabby-ipam}: {@code PluginMain tabby|tabby-ipam}, run by
 * a container runtime with the CNI_* environment and the network config on stdin.
 */
public final class PluginMain {
  private PluginMain() {}

  public static void main(String[] args) throws IOException {
    String name = args.length == 1 ? args[0] : "";
    if (!name.equals(AgentRequest.WIRING) && !name.equals(AgentRequest.IPAM)) {
      System.err.println("usage: PluginMain tabby|tabby-ipam (run by a container runtime)");
      System.exit(2);
    }
    String stdin = new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
    Plugin.Output output = new Plugin(name, AgentClient::new).run(System.getenv(), stdin);
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    out.print(output.stdout());
    out.flush();
    System.exit(output.exitCode());
  }
}
