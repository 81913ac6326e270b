package dev.tabby.node.cni;

import dev.tabby.cni.AgentRequest;
import dev.tabby.cni.AgentResponse;
import dev.tabby.cni.CniException;
import dev.tabby.ipam.IpamAllocator;
import dev.tabby.ipam.IpamException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one plugin request: checks readiness, runs the command, turns every failure into a CNI
 * error (IPAM's 102, wiring's 101, config's 7) and logs what was done.
 */
final class CniRequestHandler {
  private static final Logger log = LoggerFactory.getLogger(CniRequestHandler.class);

  private final PodAttachments attachments;
  private final BooleanSupplier ready;

  CniRequestHandler(
      String nodeName,
      IpamAllocator ipam,
      PodWiring wiring,
      AttachmentStore store,
      BooleanSupplier ready) {
    this.attachments = new PodAttachments(nodeName, ipam, wiring, store);
    this.ready = ready;
  }

  AgentResponse handle(AgentRequest request) {
    long start = System.nanoTime();
    try {
      AgentResponse response = run(request);
      log.info(
          "cni {} plugin={} network={} container={} if={} pod={}/{} result={} ms={}",
          request.command(),
          request.plugin(),
          request.network(),
          request.containerId(),
          request.ifName(),
          request.podNamespace(),
          request.podName(),
          response.result() == null ? "ok" : response.result().get("ips"),
          (System.nanoTime() - start) / 1_000_000);
      return response;
    } catch (CniException e) {
      return failed(request, e);
    } catch (IpamException e) {
      return failed(
          request, new CniException(CniException.IPAM_FAILED, "IPAM failed", e.getMessage()));
    } catch (RuntimeException e) {
      log.debug("cni {} failed", request.command(), e);
      return failed(
          request,
          new CniException(
              CniException.WIRING_FAILED,
              "the Tabby node agent failed to " + request.command() + " the attachment",
              String.valueOf(e.getMessage())));
    }
  }

  private AgentResponse run(AgentRequest request) {
    switch (request.command()) {
      case "STATUS":
        if (!ready.getAsBoolean()) {
          throw new CniException(
              CniException.PLUGIN_NOT_AVAILABLE,
              "the Tabby node agent is not ready",
              "IPAM or the dataplane cannot be used yet; see the agent's /readyz");
        }
        return AgentResponse.ok();
      case "ADD":
        requireReady();
        return AgentResponse.of(attachments.add(request));
      case "DEL":
        requireReady();
        attachments.delete(request);
        return AgentResponse.ok();
      case "CHECK":
        List<String> differences = attachments.check(request);
        if (!differences.isEmpty()) {
          throw new CniException(
              CniException.ATTACHMENT_DIFFERS,
              "the attachment is not as ADD left it",
              String.join("; ", differences));
        }
        return AgentResponse.ok();
      case "GC":
        requireReady();
        int removed = attachments.collect(request, validAttachments(request.config()));
        log.info("cni GC network={} removed={}", request.network(), removed);
        return AgentResponse.ok();
      default:
        throw new CniException(
            CniException.INVALID_ENVIRONMENT,
            "CNI_COMMAND '" + request.command() + "' is not served by the agent");
    }
  }

  private void requireReady() {
    if (!ready.getAsBoolean()) {
      throw new CniException(
          CniException.TRY_AGAIN_LATER,
          "the Tabby node agent is not ready",
          "IPAM or the dataplane cannot be used yet; see the agent's /readyz");
    }
  }

  /** The "cni.dev/valid-attachments" of a GC call, as container/interface keys. */
  private static Set<String> validAttachments(Map<String, Object> config) {
    if (!(config.get("cni.dev/valid-attachments") instanceof List<?> list)) {
      throw new CniException(
          CniException.INVALID_NETWORK_CONFIG,
          "GC without \"cni.dev/valid-attachments\"",
          "the runtime must list the attachments still in use");
    }
    Set<String> keys = new HashSet<>();
    for (Object entry : list) {
      if (entry instanceof Map<?, ?> m
          && m.get("containerID") instanceof String id
          && m.get("ifname") instanceof String ifName) {
        keys.add(PodAttachments.key(id, ifName));
      } else {
        throw new CniException(
            CniException.INVALID_NETWORK_CONFIG,
            "a valid attachment needs \"containerID\" and \"ifname\"",
            String.valueOf(entry));
      }
    }
    return keys;
  }

  private static AgentResponse failed(AgentRequest request, CniException e) {
    log.warn(
        "cni {} failed plugin={} network={} container={} pod={}/{} code={} error={} details={}",
        request.command(),
        request.plugin(),
        request.network(),
        request.containerId(),
        request.podNamespace(),
        request.podName(),
        e.code(),
        e.getMessage(),
        e.details());
    return AgentResponse.failed(e);
  }
}
