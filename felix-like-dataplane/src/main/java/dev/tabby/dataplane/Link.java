package dev.tabby.dataplane;

/**
 * A network interface as the kernel reports it.
 *
 * @param index the interface index
 * @param name e.g. "eth0"
 * @param up whether administratively up (IFF_UP)
 * @param lowerUp whether the carrier is up (IFF_LOWER_UP)
 * @param mtu in bytes
 * @param mac the hardware address as "aa:bb:cc:dd:ee:ff", or "" when there is none
 * @param kind the driver kind ("veth", "dummy", ...), or "" when the kernel did not say
 */
public record Link(
    int index, String name, boolean up, boolean lowerUp, int mtu, String mac, String kind) {}
