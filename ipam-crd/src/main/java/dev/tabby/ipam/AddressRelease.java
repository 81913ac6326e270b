package dev.tabby.ipam;

import dev.tabby.ipam.BlockAllocations.ReleaseOutcome;
import dev.tabby.net.IpAddress;
import dev.tabby.net.IpPrefix;
import java.util.Optional;

/** A release of one address (optionally of one assignment of it) waiting in a lane. */
final class AddressRelease extends LaneWork<ReleaseOutcome> {
  private final IpAddress address;
  private final Long sequenceNumber;
  private final IpPrefix block;

  /**
   * @param sequenceNumber the assignment to release, or null for whichever holds the address
   * @param block the block the address belongs to, or null when no block holds it
   */
  AddressRelease(IpAddress address, Long sequenceNumber, IpPrefix block) {
    this.address = address;
    this.sequenceNumber = sequenceNumber;
    this.block = block;
  }

  IpAddress address() {
    return address;
  }

  Long sequenceNumber() {
    return sequenceNumber;
  }

  Optional<IpPrefix> block() {
    return Optional.ofNullable(block);
  }
}
