package dev.tabby.cni;

import static dev.tabby.cni.CniCalls.env;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The checks the agent makes on a forwarded call, and the shape of what the plugin prints. */
class CniProtocolTest {
  private final AtomicReference<AgentRequest> served = new AtomicReference<>();
  private final List<Integer> refusedCodes = new ArrayList<>();
  private AgentResponse answer = AgentResponse.ok();
  private final CniProtocol protocol =
      new CniProtocol(
          request -> {
            served.set(request);
            return answer;
          },
          (call, error) -> refusedCodes.add(error.code()));

  @Test
  void errorsCarryTheSpecsCodes() {
    assertThat(code(Map.of(), config("1.1.0"))).isEqualTo(4);
    assertThat(code(env("FROB"), config("1.1.0"))).isEqualTo(4);
    assertThat(code(env("ADD"), "not json")).isEqualTo(6);
    assertThat(code(env("ADD"), "")).isEqualTo(6);
    assertThat(code(env("ADD"), "{\"name\":\"n\"}")).isEqualTo(7);
    assertThat(code(env("ADD"), "{\"cniVersion\":\"1.1.0\"}")).isEqualTo(7);
    assertThat(code(env("ADD"), config("2.0.0"))).isEqualTo(1);
    assertThat(code(env("CHECK"), config("0.3.1"))).isEqualTo(1);
    assertThat(code(env("GC"), config("1.0.0"))).isEqualTo(1);
    Map<String, String> badName = env("ADD");
    badName.put("CNI_IFNAME", "a/b");
    assertThat(code(badName, config("1.1.0"))).isEqualTo(4);
    Map<String, String> badArgs = env("ADD");
    badArgs.put("CNI_ARGS", "K8S_POD_NAME");
    assertThat(code(badArgs, config("1.1.0"))).isEqualTo(4);
    Map<String, String> noContainer = env("DEL");
    noContainer.remove("CNI_CONTAINERID");
    assertThat(code(noContainer, config("1.1.0"))).isEqualTo(4);
    CniProtocol.Output ipamWithoutSection =
        protocol.run(new ForwardedCall(AgentRequest.IPAM, env("ADD"), config("1.1.0")));
    assertThat(Json.parseObject(ipamWithoutSection.stdout()).get("code")).isEqualTo(7L);
    assertThat(served.get()).as("no refused call reaches the agent").isNull();
    assertThat(refusedCodes)
        .as("every refusal is reported, with its code")
        .containsExactly(4, 4, 6, 6, 7, 7, 1, 1, 1, 4, 4, 4, 7);
  }

  @Test
  void servesTheCheckedCallAndShapesTheResultForTheAskedVersion() {
    answer =
        AgentResponse.of(Map.of("ips", List.of(Map.of("address", "10.0.0.5/32", "interface", 1L))));
    Map<String, String> env = env("ADD");
    env.put("CNI_ARGS", "K8S_POD_NAMESPACE=ns;K8S_POD_NAME=web-0");

    CniProtocol.Output out = protocol.run(new ForwardedCall("tabby", env, config("0.4.0")));

    assertThat(out.exitCode()).as(out.stdout()).isZero();
    Map<String, Object> printed = Json.parseObject(out.stdout());
    assertThat(printed.get("cniVersion")).isEqualTo("0.4.0");
    assertThat(((Map<?, ?>) ((List<?>) printed.get("ips")).get(0)).get("version")).isEqualTo("4");
    AgentRequest request = served.get();
    assertThat(request.plugin()).isEqualTo("tabby");
    assertThat(request.command()).isEqualTo("ADD");
    assertThat(request.containerId()).isEqualTo("c1");
    assertThat(request.netns()).isEqualTo("/var/run/netns/pod");
    assertThat(request.podNamespace()).isEqualTo("ns");
    assertThat(request.podName()).isEqualTo("web-0");
    assertThat(request.network()).isEqualTo("net");
  }

  @Test
  void passesTheAgentsErrorOn() {
    answer = AgentResponse.failed(new CniException(102, "IPAM failed", "no address left"));
    CniProtocol.Output out = protocol.run(new ForwardedCall("tabby", env("ADD"), config("1.0.0")));
    assertThat(out.exitCode()).isEqualTo(1);
    assertThat(out.errorCode()).isEqualTo(102);
    assertThat(Json.parseObject(out.stdout()))
        .containsEntry("cniVersion", "1.0.0")
        .containsEntry("code", 102L)
        .containsEntry("msg", "IPAM failed")
        .containsEntry("details", "no address left");
    assertThat(refusedCodes).as("the agent's own failure is not a refusal").isEmpty();
  }

  @Test
  void aSuccessWithoutResultPrintsNothing() {
    CniProtocol.Output out = protocol.run(new ForwardedCall("tabby", env("DEL"), config("1.1.0")));
    assertThat(out).isEqualTo(new CniProtocol.Output("", 0));
  }

  private int code(Map<String, String> env, String stdin) {
    CniProtocol.Output out = protocol.run(new ForwardedCall("tabby", env, stdin));
    assertThat(out.exitCode()).as(out.stdout()).isEqualTo(1);
    int code = ((Number) Json.parseObject(out.stdout()).get("code")).intValue();
    assertThat(out.errorCode()).isEqualTo(code);
    return code;
  }

  private static String config(String version) {
    return "{\"cniVersion\":\"" + version + "\",\"name\":\"net\",\"type\":\"tabby\"}";
  }
}
