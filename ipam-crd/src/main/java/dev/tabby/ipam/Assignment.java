package dev.tabby.ipam;

import dev.tabby.ipam.net.Cidr;
import dev.tabby.ipam.net.IpAddress;

/**
 * One assigned address, the block it came from, and the sequence number that names this assignment
 * (pass it back to release exactly this assignment).
 */
public record Assignment(IpAddress address, Cidr block, long sequenceNumber) {}
