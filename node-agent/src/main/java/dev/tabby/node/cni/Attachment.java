package dev.tabby.node.cni;

import dev.tabby.cni.AgentRequest;
import dev.tabby.cni.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What ADD made for one attachment (network + container + interface): kept on disk so that DEL,
 * CHECK and GC know it even after the agent restarted.
 *
 * @param plugin {@link AgentRequest#WIRING} or {@link AgentRequest#IPAM}
 * @param handleId the IPAM handle the addresses are assigned under
 * @param hostVeth the host end of the pod's veth, "" for tabby-ipam
 * @param addresses the pod's addresses with prefix length ("10.244.0.5/32"), empty until assigned
 */
record Attachment(
    String plugin,
    String network,
    String containerId,
    String ifName,
    String podNamespace,
    String podName,
    String netns,
    String handleId,
    String hostVeth,
    List<String> addresses) {

  Attachment {
    addresses = List.copyOf(addresses);
  }

  /** The attachment a request is about, before anything is assigned or wired. */
  static Attachment of(AgentRequest request, String hostVeth) {
    return new Attachment(
        request.plugin(),
        request.network(),
        request.containerId(),
        request.ifName(),
        request.podNamespace(),
        request.podName(),
        request.netns(),
        handleId(request.network(), request.containerId(), request.ifName()),
        hostVeth,
        List.of());
  }

  /** Network, container and interface: one pod may have several interfaces on one network. */
  static String handleId(String network, String containerId, String ifName) {
    return network + "." + containerId + "." + ifName;
  }

  Attachment withAddresses(List<String> assigned) {
    return with(hostVeth, assigned);
  }

  Attachment withoutHostVeth() {
    return with("", addresses);
  }

  private Attachment with(String newHostVeth, List<String> newAddresses) {
    return new Attachment(
        plugin,
        network,
        containerId,
        ifName,
        podNamespace,
        podName,
        netns,
        handleId,
        newHostVeth,
        newAddresses);
  }

  String describe() {
    String pod = podName.isEmpty() ? "" : " pod=" + podNamespace + "/" + podName;
    return "network=" + network + " container=" + containerId + " if=" + ifName + pod;
  }

  Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("plugin", plugin);
    json.put("network", network);
    json.put("containerId", containerId);
    json.put("ifName", ifName);
    json.put("podNamespace", podNamespace);
    json.put("podName", podName);
    json.put("netns", netns);
    json.put("handleId", handleId);
    json.put("hostVeth", hostVeth);
    json.put("addresses", new ArrayList<Object>(addresses));
    return json;
  }

  static Attachment fromJson(Map<String, Object> json) {
    List<String> addresses = new ArrayList<>();
    if (json.get("addresses") instanceof List<?> list) {
      list.forEach(a -> addresses.add(String.valueOf(a)));
    }
    return new Attachment(
        Json.text(json, "plugin"),
        Json.text(json, "network"),
        Json.text(json, "containerId"),
        Json.text(json, "ifName"),
        Json.text(json, "podNamespace"),
        Json.text(json, "podName"),
        Json.text(json, "netns"),
        Json.text(json, "handleId"),
        Json.text(json, "hostVeth"),
        addresses);
  }
}
