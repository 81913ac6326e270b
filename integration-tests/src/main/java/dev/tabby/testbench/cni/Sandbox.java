package dev.tabby.testbench.cni;

import dev.tabby.testbench.Host;
import java.nio.file.Path;

/** A pod sandbox as a runtime sees it: container ID, network namespace, interface, pod name. */
public record Sandbox(
    String containerId, Path netns, String ifName, String podNamespace, String podName) {

  /** The sandbox of a pod in the default namespace, its interface {@code eth0}. */
  public static Sandbox of(Host pod, String containerId) {
    return new Sandbox(containerId, pod.namespacePath(), "eth0", "default", pod.name());
  }

  /** {@code CNI_ARGS} as the kubelet sets it. */
  public String cniArgs() {
    return "IgnoreUnknown=1;K8S_POD_NAMESPACE="
        + podNamespace
        + ";K8S_POD_NAME="
        + podName
        + ";K8S_POD_INFRA_CONTAINER_ID="
        + containerId;
  }
}
