package dev.tabby.ipam;

import dev.tabby.net.IpAddress;
import dev.tabby.net.IpPrefix;

/**
 * One assigned address, the block it came from, and the sequence number that names this assignment
 * (pass it back to release exactly this assignment).
 */
public record Assignment(IpAddress address, IpPrefix block, long sequenceNumber) {}
