package dev.tabby.bgp.wire;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.Sets;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The capabilities of an OPEN message (RFC 5492) that this speaker interprets, plus the ones it
 * does not ({@link #unknown()}). Immutable; built by {@link #builder()}.
 */
public final class Capabilities {
  /** Capability codes (IANA "Capability Codes"). */
  public static final int MULTIPROTOCOL = 1;

  public static final int ROUTE_REFRESH = 2;

  /** Extended next hop encoding (RFC 8950). */
  public static final int EXTENDED_NEXT_HOP = 5;

  public static final int GRACEFUL_RESTART = 64;
  public static final int FOUR_OCTET_AS = 65;
  public static final int ADD_PATH = 69;
  public static final int LONG_LIVED_GRACEFUL_RESTART = 71;

  /** Route refresh as sent by older Cisco speakers before RFC 2918 assigned code 2. */
  public static final int ROUTE_REFRESH_PRE_STANDARD = 128;

  /** No capabilities at all: what a pre-RFC 5492 speaker sends. */
  public static final Capabilities NONE = builder().build();

  private final Set<AddressFamily> multiprotocol;
  private final OptionalLong fourOctetAs;
  private final boolean routeRefresh;
  private final GracefulRestart gracefulRestart;
  private final ImmutableList<UnknownCapability> unknown;
  private final boolean extendedMessages;
  private final AddPath addPath;
  private final ImmutableList<ExtendedNextHop> extendedNextHop;
  private final LongLivedGracefulRestart longLivedGracefulRestart;

  private Capabilities(Builder b) {
    multiprotocol = Sets.immutableEnumSet(b.multiprotocol);
    fourOctetAs = b.fourOctetAs;
    routeRefresh = b.routeRefresh;
    gracefulRestart = b.gracefulRestart;
    unknown = b.unknown.build();
    extendedMessages = b.extendedMessages;
    addPath = b.addPath;
    extendedNextHop = b.extendedNextHop.build();
    longLivedGracefulRestart = b.longLivedGracefulRestart;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The families of the multiprotocol capabilities (RFC 4760 §8) this speaker knows. */
  public Set<AddressFamily> multiprotocol() {
    return multiprotocol;
  }

  /**
   * The families the sender supports: its multiprotocol families, or IPv4 unicast alone when it
   * sent none (RFC 4760 §8: the implicit default).
   */
  public Set<AddressFamily> families() {
    return multiprotocol.isEmpty() ? Set.of(AddressFamily.IPV4_UNICAST) : multiprotocol;
  }

  /** The sender's AS from the 4-octet AS capability (RFC 6793), if it sent one. */
  public OptionalLong fourOctetAs() {
    return fourOctetAs;
  }

  /** Whether the sender supports ROUTE-REFRESH (code 2, or the pre-standard 128). */
  public boolean routeRefresh() {
    return routeRefresh;
  }

  /** The graceful restart capability; {@code null} when not sent. */
  public GracefulRestart gracefulRestart() {
    return gracefulRestart;
  }

  /** The ADD-PATH capability (RFC 7911); {@link AddPath#NONE} when not sent. */
  public AddPath addPath() {
    return addPath;
  }

  /** The long-lived graceful restart capability (RFC 9494); {@code null} when not sent. */
  public LongLivedGracefulRestart longLivedGracefulRestart() {
    return longLivedGracefulRestart;
  }

  /**
   * Capabilities this speaker does not interpret, including multiprotocol ones for families it does
   * not know.
   */
  public List<UnknownCapability> unknown() {
    return unknown;
  }

  /**
   * Whether the sender accepts messages up to 65,535 bytes (RFC 8654, {@link ExtendedMessages}).
   */
  public boolean extendedMessages() {
    return extendedMessages;
  }

  /** The tuples of the extended next hop capability (RFC 8950); empty when not sent. */
  public List<ExtendedNextHop> extendedNextHop() {
    return extendedNextHop;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Capabilities c
        && c.multiprotocol.equals(multiprotocol)
        && c.fourOctetAs.equals(fourOctetAs)
        && c.routeRefresh == routeRefresh
        && Objects.equals(c.gracefulRestart, gracefulRestart)
        && c.unknown.equals(unknown)
        && c.extendedMessages == extendedMessages
        && c.addPath.equals(addPath)
        && c.extendedNextHop.equals(extendedNextHop)
        && Objects.equals(c.longLivedGracefulRestart, longLivedGracefulRestart);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        multiprotocol,
        fourOctetAs,
        routeRefresh,
        gracefulRestart,
        unknown,
        extendedMessages,
        addPath,
        extendedNextHop,
        longLivedGracefulRestart);
  }

  @Override
  public String toString() {
    return "Capabilities[multiprotocol="
        + multiprotocol
        + (fourOctetAs.isPresent() ? ", fourOctetAs=" + fourOctetAs.getAsLong() : "")
        + (routeRefresh ? ", routeRefresh" : "")
        + (gracefulRestart != null ? ", " + gracefulRestart : "")
        + (unknown.isEmpty() ? "" : ", unknown=" + unknown)
        + (extendedMessages ? ", extendedMessages" : "")
        + (addPath.isEmpty() ? "" : ", addPath=" + addPath.families())
        + (extendedNextHop.isEmpty() ? "" : ", extendedNextHop=" + extendedNextHop)
        + (longLivedGracefulRestart != null ? ", " + longLivedGracefulRestart : "")
        + "]";
  }

  /** Mutable builder. */
  public static final class Builder {
    private final EnumSet<AddressFamily> multiprotocol = EnumSet.noneOf(AddressFamily.class);
    private OptionalLong fourOctetAs = OptionalLong.empty();
    private boolean routeRefresh;
    private GracefulRestart gracefulRestart;
    private final ImmutableList.Builder<UnknownCapability> unknown = ImmutableList.builder();
    private boolean extendedMessages;
    private AddPath addPath = AddPath.NONE;
    private final ImmutableList.Builder<ExtendedNextHop> extendedNextHop = ImmutableList.builder();
    private LongLivedGracefulRestart longLivedGracefulRestart;

    private Builder() {}

    public Builder multiprotocol(AddressFamily family) {
      multiprotocol.add(family);
      return this;
    }

    public Builder multiprotocol(Collection<AddressFamily> families) {
      multiprotocol.addAll(families);
      return this;
    }

    public Builder fourOctetAs(long asn) {
      if (asn < 0 || asn > 0xFFFF_FFFFL) {
        throw new IllegalArgumentException("AS number must be 0..4294967295: " + asn);
      }
      fourOctetAs = OptionalLong.of(asn);
      return this;
    }

    public Builder routeRefresh(boolean routeRefresh) {
      this.routeRefresh = routeRefresh;
      return this;
    }

    /** {@code null} removes it. */
    public Builder gracefulRestart(GracefulRestart gracefulRestart) {
      this.gracefulRestart = gracefulRestart;
      return this;
    }

    /** {@code null} removes it. */
    public Builder longLivedGracefulRestart(LongLivedGracefulRestart longLivedGracefulRestart) {
      this.longLivedGracefulRestart = longLivedGracefulRestart;
      return this;
    }

    public Builder unknown(UnknownCapability capability) {
      unknown.add(capability);
      return this;
    }

    public Builder extendedMessages(boolean extendedMessages) {
      this.extendedMessages = extendedMessages;
      return this;
    }

    /** {@link AddPath#NONE} removes it. */
    public Builder addPath(AddPath addPath) {
      this.addPath = Objects.requireNonNull(addPath, "addPath");
      return this;
    }

    public Builder extendedNextHop(ExtendedNextHop tuple) {
      extendedNextHop.add(tuple);
      return this;
    }

    public Capabilities build() {
      return new Capabilities(this);
    }
  }
}
