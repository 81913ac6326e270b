package dev.tabby.node.cni;

import dev.tabby.cni.AgentRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The host end of a pod's veth is "tby" and 12 hex digits of a hash of the pod (namespace, name and
 * interface): stable across the pod's sandboxes, so an operator finds it from the pod, and short
 * enough for the kernel's 15-character limit.
 */
final class HostVethNames {
  static final String PREFIX = "tby";

  private HostVethNames() {}

  static String of(AgentRequest request) {
    String pod =
        request.podName().isEmpty()
            ? request.containerId() // not a Kubernetes pod: the container is all there is
            : request.podNamespace() + "/" + request.podName();
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-1")
              .digest((pod + "/" + request.ifName()).getBytes(StandardCharsets.UTF_8));
      return PREFIX + HexFormat.of().formatHex(digest).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-1", e);
    }
  }
}
