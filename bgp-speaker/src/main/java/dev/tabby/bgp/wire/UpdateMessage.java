package dev.tabby.bgp.wire;

import com.google.common.collect.ImmutableList;
import com.google.common.primitives.ImmutableIntArray;
import dev.tabby.net.IpPrefix;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * The UPDATE message (RFC 4271 §4.3, RFC 4760), decoded into families and prefixes.
 *
 * <p>Withdrawals of every family are in {@link #withdrawn()} (the classic withdrawn-routes field
 * and MP_UNREACH_NLRI). Announcements are in {@link #reach()}: the decoder yields one {@link Reach}
 * for classic IPv4 NLRI, with the NEXT_HOP attribute as next hop, and one for MP_REACH_NLRI, with
 * its next hop; both share all other attributes. To announce more prefixes than fit one message use
 * {@link UpdatePacker}.
 *
 * <p>Where ADD-PATH (RFC 7911) is negotiated, prefixes come with path identifiers: {@link
 * Reach#pathIds()} and {@link #withdrawnPathIds()}, one per prefix, index for index. They are empty
 * when no prefix carries one, which reads as 0 for each, as for every prefix of a session without
 * ADD-PATH.
 */
public final class UpdateMessage implements BgpMessage {
  /**
   * Announced prefixes sharing one set of path attributes.
   *
   * @param pathIds the ADD-PATH path identifier of each prefix, index for index; empty for none
   */
  public record Reach(
      PathAttributes attributes, List<IpPrefix> prefixes, ImmutableIntArray pathIds) {
    public Reach {
      Objects.requireNonNull(attributes, "attributes");
      // Decoded IPv4 NLRI is immutable already, and copying it would make its prefix objects.
      prefixes = prefixes instanceof Ipv4Prefixes ? prefixes : ImmutableList.copyOf(prefixes);
      requireOnePerPrefix(pathIds, prefixes);
    }

    /** Prefixes without path identifiers. */
    public Reach(PathAttributes attributes, List<IpPrefix> prefixes) {
      this(attributes, prefixes, ImmutableIntArray.of());
    }

    /** The path identifier of {@code prefixes().get(index)}; 0 when there are none. */
    public int pathId(int index) {
      return pathIds.isEmpty() ? 0 : pathIds.get(index);
    }
  }

  private final ImmutableList<IpPrefix> withdrawn;
  private final ImmutableIntArray withdrawnPathIds;
  private final ImmutableList<Reach> reach;
  private final Optional<AddressFamily> endOfRib;
  private final Optional<String> treatAsWithdrawReason;
  private final ImmutableList<String> discardedAttributes;

  private UpdateMessage(
      List<IpPrefix> withdrawn,
      ImmutableIntArray withdrawnPathIds,
      List<Reach> reach,
      Optional<AddressFamily> endOfRib,
      Optional<String> treatAsWithdrawReason,
      List<String> discardedAttributes) {
    this.withdrawn = ImmutableList.copyOf(withdrawn);
    this.withdrawnPathIds = requireOnePerPrefix(withdrawnPathIds, withdrawn);
    this.reach = ImmutableList.copyOf(reach);
    this.endOfRib = endOfRib;
    this.treatAsWithdrawReason = treatAsWithdrawReason;
    this.discardedAttributes = ImmutableList.copyOf(discardedAttributes);
  }

  /** Announces prefixes of one family with these attributes (next hop included). */
  public static UpdateMessage announce(PathAttributes attributes, List<IpPrefix> prefixes) {
    return of(List.of(), List.of(new Reach(attributes, prefixes)));
  }

  /** Withdraws prefixes of any families. */
  public static UpdateMessage withdraw(List<IpPrefix> prefixes) {
    return of(prefixes, List.of());
  }

  /**
   * The End-of-RIB marker (RFC 4724 §2): an empty UPDATE for IPv4 unicast, an MP_UNREACH_NLRI with
   * only AFI/SAFI for other families.
   */
  public static UpdateMessage endOfRib(AddressFamily family) {
    return new UpdateMessage(
        List.of(),
        ImmutableIntArray.of(),
        List.of(),
        Optional.of(family),
        Optional.empty(),
        List.of());
  }

  /** An UPDATE with withdrawals and announcements. */
  public static UpdateMessage of(List<IpPrefix> withdrawn, List<Reach> reach) {
    return of(withdrawn, ImmutableIntArray.of(), reach);
  }

  /**
   * An UPDATE with withdrawals, each of the path with the identifier at its index in {@code
   * withdrawnPathIds} (empty: none), and announcements.
   */
  public static UpdateMessage of(
      List<IpPrefix> withdrawn, ImmutableIntArray withdrawnPathIds, List<Reach> reach) {
    return new UpdateMessage(
        withdrawn, withdrawnPathIds, reach, Optional.empty(), Optional.empty(), List.of());
  }

  /**
   * What the decoder yields: the announcements and withdrawals, and what RFC 7606 made it do.
   *
   * @param treatAsWithdrawReason present when every announced prefix was moved into {@code
   *     withdrawn} because the attributes were malformed (RFC 7606 treat-as-withdraw)
   * @param discardedAttributes attributes dropped as malformed (RFC 7606 attribute discard), one
   *     log line each
   */
  static UpdateMessage decoded(
      List<IpPrefix> withdrawn,
      ImmutableIntArray withdrawnPathIds,
      List<Reach> reach,
      Optional<AddressFamily> endOfRib,
      Optional<String> treatAsWithdrawReason,
      List<String> discardedAttributes) {
    return new UpdateMessage(
        withdrawn, withdrawnPathIds, reach, endOfRib, treatAsWithdrawReason, discardedAttributes);
  }

  /** Prefixes withdrawn, any family. */
  public List<IpPrefix> withdrawn() {
    return withdrawn;
  }

  /** The ADD-PATH path identifier of each withdrawn prefix, index for index; empty for none. */
  public ImmutableIntArray withdrawnPathIds() {
    return withdrawnPathIds;
  }

  /** The path identifier of {@code withdrawn().get(index)}; 0 when there are none. */
  public int withdrawnPathId(int index) {
    return withdrawnPathIds.isEmpty() ? 0 : withdrawnPathIds.get(index);
  }

  /** Prefixes announced, grouped by their path attributes. */
  public List<Reach> reach() {
    return reach;
  }

  /** The family whose End-of-RIB this message is, if it is one. */
  public Optional<AddressFamily> endOfRib() {
    return endOfRib;
  }

  /**
   * Why every prefix this UPDATE announced was treated as withdrawn (RFC 7606 §2), for the log;
   * empty when the attributes were fine.
   */
  public Optional<String> treatAsWithdrawReason() {
    return treatAsWithdrawReason;
  }

  /** Attributes discarded as malformed (RFC 7606 §2 attribute discard), one log line each. */
  public List<String> discardedAttributes() {
    return discardedAttributes;
  }

  @Override
  public int type() {
    return TYPE_UPDATE;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UpdateMessage u
        && u.withdrawn.equals(withdrawn)
        && u.withdrawnPathIds.equals(withdrawnPathIds)
        && u.reach.equals(reach)
        && u.endOfRib.equals(endOfRib)
        && u.treatAsWithdrawReason.equals(treatAsWithdrawReason)
        && u.discardedAttributes.equals(discardedAttributes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        withdrawn, withdrawnPathIds, reach, endOfRib, treatAsWithdrawReason, discardedAttributes);
  }

  @Override
  public String toString() {
    if (endOfRib.isPresent()) {
      return "UPDATE[End-of-RIB " + endOfRib.get() + "]";
    }
    StringJoiner out = new StringJoiner(", ", "UPDATE[", "]");
    if (!withdrawn.isEmpty()) {
      out.add("withdrawn=" + withdrawn + pathIdsText(withdrawnPathIds));
    }
    for (Reach r : reach) {
      out.add(r.prefixes() + pathIdsText(r.pathIds()) + " " + r.attributes());
    }
    treatAsWithdrawReason.ifPresent(r -> out.add("treat-as-withdraw: " + r));
    if (!discardedAttributes.isEmpty()) {
      out.add("discarded: " + discardedAttributes);
    }
    return out.toString();
  }

  private static String pathIdsText(ImmutableIntArray pathIds) {
    return pathIds.isEmpty() ? "" : " path-ids=" + pathIds;
  }

  private static ImmutableIntArray requireOnePerPrefix(
      ImmutableIntArray pathIds, List<IpPrefix> prefixes) {
    Objects.requireNonNull(pathIds, "pathIds");
    if (!pathIds.isEmpty() && pathIds.length() != prefixes.size()) {
      throw new IllegalArgumentException(
          pathIds.length() + " path identifiers for " + prefixes.size() + " prefixes");
    }
    return pathIds;
  }
}
