package dev.tabby.testbench.bgp;

/**
 * A BGP session as one daemon sees it.
 *
 * @param address the neighbour's address
 * @param state the daemon's own word for the state (Established, Active, Connect, ...)
 * @param established whether the session is Established
 * @param receivedPrefixes prefixes accepted from this neighbour, or null when the daemon does not
 *     report it
 */
public record NeighborState(
    String address, String state, boolean established, Long receivedPrefixes) {

  @Override
  public String toString() {
    return address
        + " "
        + state
        + (receivedPrefixes == null ? "" : " (" + receivedPrefixes + " prefixes received)");
  }
}
