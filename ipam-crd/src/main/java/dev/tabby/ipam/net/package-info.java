/** IPv4 and IPv6 addresses and prefixes as numbers, for block arithmetic. */
package dev.tabby.ipam.net;
