/**
 * IP address management on Kubernetes custom resources, in Calico's design.
 *
 * <ul>
 *   <li>{@link dev.tabby.ipam.IpamAllocator} assigns and releases pod addresses: own affine blocks
 *       first, then a new block claimed with a two-phase {@code BlockAffinity}, then (unless
 *       strictAffinity) a borrowed address. Every write is a compare-and-swap on resourceVersion;
 *       work for one node is serialised in memory.
 *   <li>{@link dev.tabby.ipam.BlockAllocations} is the per-block bookkeeping (ordinals, handles,
 *       owners, sequence numbers); {@link dev.tabby.ipam.BlockOrder} the node-specific order in
 *       which a node tries free blocks.
 *   <li>{@link dev.tabby.ipam.IpamGarbageCollector} (run by a controller) releases leaked addresses
 *       and empty blocks after a grace period, on an injectable clock; {@link
 *       dev.tabby.ipam.IpamChecker} reports inconsistencies without changing anything.
 * </ul>
 *
 * <p>Object names are deterministic (IPAMBlock {@code 10-244-0-64-26}, BlockAffinity {@code
 * <node>-<block name>}, IPAMHandle the handle ID), so creating an object is itself a
 * compare-and-swap. Objects whose deletion must not race a writer are first marked {@code deleted}
 * with a guarded update; every writer refuses a marked object.
 */
package dev.tabby.ipam;
