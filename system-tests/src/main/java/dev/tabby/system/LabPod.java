package dev.tabby.system;

import dev.tabby.testbench.Host;

/**
 * A pod of the lab: a namespace wired by the {@code tabby} CNI plugin on its node.
 *
 * @param name the Pod's name (namespace {@code default})
 * @param node the node it runs on
 * @param host its network namespace
 * @param containerId the CNI container ID its attachment was made with
 * @param address its IPv4 address, as the plugin answered
 */
public record LabPod(String name, LabNode node, Host host, String containerId, String address) {}
