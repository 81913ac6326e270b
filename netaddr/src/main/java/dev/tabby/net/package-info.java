/**
 * IP address and prefix values: {@link dev.tabby.net.IpAddress}, {@link dev.tabby.net.IpPrefix} and
 * {@link dev.tabby.net.IpFamily}. Immutable, with value equality, no dependencies; the speaker, the
 * dataplane and IPAM all speak them.
 */
package dev.tabby.net;
