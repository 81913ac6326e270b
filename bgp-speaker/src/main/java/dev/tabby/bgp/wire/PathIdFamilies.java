package dev.tabby.bgp.wire;

import com.google.common.collect.Sets;
import java.util.EnumSet;
import java.util.Set;

/**
 * What two ADD-PATH capabilities (RFC 7911 §4) agreed on: the families whose NLRI carry a path
 * identifier, per direction.
 *
 * @param send families we send path identifiers in: we offered send and the peer receive
 * @param receive families the peer sends path identifiers in: we offered receive and the peer send
 */
public record PathIdFamilies(Set<AddressFamily> send, Set<AddressFamily> receive) {
  /** No path identifiers either way. */
  public static final PathIdFamilies NONE = new PathIdFamilies(Set.of(), Set.of());

  public PathIdFamilies {
    send = Sets.immutableEnumSet(send);
    receive = Sets.immutableEnumSet(receive);
  }

  /**
   * The families of {@code common} (those both sides negotiated) in which each direction carries
   * path identifiers, by our and the peer's ADD-PATH capabilities.
   */
  public static PathIdFamilies negotiate(AddPath ours, AddPath theirs, Set<AddressFamily> common) {
    Set<AddressFamily> send = EnumSet.noneOf(AddressFamily.class);
    Set<AddressFamily> receive = EnumSet.noneOf(AddressFamily.class);
    for (AddressFamily family : common) {
      AddPath.Direction our = ours.families().get(family);
      AddPath.Direction their = theirs.families().get(family);
      if (our == null || their == null) {
        continue;
      }
      if (our.sends() && their.receives()) {
        send.add(family);
      }
      if (our.receives() && their.sends()) {
        receive.add(family);
      }
    }
    return new PathIdFamilies(send, receive);
  }

  public boolean isEmpty() {
    return send.isEmpty() && receive.isEmpty();
  }
}
