/**
 * The datastore: compare-and-swap reads and writes of the IPAM custom resources through fabric8
 * ({@link dev.tabby.ipam.store.ResourceStore}), and the bounded, jittered retry of writes that lose
 * ({@link dev.tabby.ipam.store.ConflictRetry}).
 */
package dev.tabby.ipam.store;
