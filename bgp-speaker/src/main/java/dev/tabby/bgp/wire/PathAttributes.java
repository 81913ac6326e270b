package dev.tabby.bgp.wire;

import com.google.common.collect.ImmutableList;
import com.google.common.net.InetAddresses;
import com.google.common.primitives.ImmutableIntArray;
import com.google.common.primitives.ImmutableLongArray;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * The path attributes of a route, decoded and with 4-octet AS numbers throughout (AS4_PATH and
 * AS4_AGGREGATOR already merged by the codec).
 *
 * <p>Immutable with value equality and a cached hash, so the RIB can intern them: many prefixes
 * share one set. Built by {@link #builder()} or {@link #toBuilder()}; unset values default to
 * ORIGIN IGP, an empty AS_PATH, no next hop, no MED, no LOCAL_PREF and empty lists.
 */
public final class PathAttributes {
  private final Origin origin;
  private final AsPath asPath;
  private final InetAddress nextHop;
  private final Inet6Address linkLocalNextHop;
  private final boolean hasMed;
  private final long med;
  private final boolean hasLocalPref;
  private final long localPref;
  private final boolean atomicAggregate;
  private final Aggregator aggregator;
  private final ImmutableIntArray communities;
  private final ImmutableList<LargeCommunity> largeCommunities;
  private final ImmutableLongArray extendedCommunities;
  private final Inet4Address originatorId;
  private final ImmutableIntArray clusterList;
  private final ImmutableList<UnknownAttribute> unknownAttributes;
  private final int hash;

  private PathAttributes(Builder b) {
    origin = b.origin;
    asPath = b.asPath;
    nextHop = b.nextHop;
    linkLocalNextHop = b.linkLocalNextHop;
    hasMed = b.hasMed;
    med = b.hasMed ? b.med : 0;
    hasLocalPref = b.hasLocalPref;
    localPref = b.hasLocalPref ? b.localPref : 0;
    atomicAggregate = b.atomicAggregate;
    aggregator = b.aggregator;
    communities = b.communities.trimmed();
    largeCommunities = b.largeCommunities;
    extendedCommunities = b.extendedCommunities.trimmed();
    originatorId = b.originatorId;
    clusterList = b.clusterList.trimmed();
    unknownAttributes = b.unknownAttributes;
    hash =
        Objects.hash(
            origin,
            asPath,
            nextHop,
            linkLocalNextHop,
            hasMed,
            med,
            hasLocalPref,
            localPref,
            atomicAggregate,
            aggregator,
            communities,
            largeCommunities,
            extendedCommunities,
            originatorId,
            clusterList,
            unknownAttributes);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this set's values, to derive a changed copy. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  public Origin origin() {
    return origin;
  }

  public AsPath asPath() {
    return asPath;
  }

  /**
   * The next hop: the IPv4 NEXT_HOP attribute, or the global address of the MP_REACH_NLRI next hop;
   * {@code null} when absent.
   */
  public InetAddress nextHop() {
    return nextHop;
  }

  /** The IPv6 link-local next hop of a 32-byte MP_REACH next hop (RFC 2545); nullable. */
  public Inet6Address linkLocalNextHop() {
    return linkLocalNextHop;
  }

  public boolean hasMed() {
    return hasMed;
  }

  /** MULTI_EXIT_DISC, 0..2^32-1; 0 when absent (see {@link #hasMed()}). */
  public long med() {
    return med;
  }

  public boolean hasLocalPref() {
    return hasLocalPref;
  }

  /** LOCAL_PREF, 0..2^32-1; 0 when absent (see {@link #hasLocalPref()}). */
  public long localPref() {
    return localPref;
  }

  public boolean atomicAggregate() {
    return atomicAggregate;
  }

  /** The AGGREGATOR attribute; nullable. */
  public Aggregator aggregator() {
    return aggregator;
  }

  /** Standard communities (RFC 1997) in received order; see {@link Communities}. */
  public ImmutableIntArray communities() {
    return communities;
  }

  /** Large communities (RFC 8092) in received order. */
  public ImmutableList<LargeCommunity> largeCommunities() {
    return largeCommunities;
  }

  /** Extended communities (RFC 4360), each 8 bytes big-endian in a long, in received order. */
  public ImmutableLongArray extendedCommunities() {
    return extendedCommunities;
  }

  /** ORIGINATOR_ID (RFC 4456); nullable. */
  public Inet4Address originatorId() {
    return originatorId;
  }

  /** CLUSTER_LIST (RFC 4456), cluster IDs as network-order ints, nearest first. */
  public ImmutableIntArray clusterList() {
    return clusterList;
  }

  /** Optional transitive attributes the decoder did not recognise; passed on with Partial set. */
  public ImmutableList<UnknownAttribute> unknownAttributes() {
    return unknownAttributes;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    return o instanceof PathAttributes p
        && p.hash == hash
        && p.origin == origin
        && p.hasMed == hasMed
        && p.med == med
        && p.hasLocalPref == hasLocalPref
        && p.localPref == localPref
        && p.atomicAggregate == atomicAggregate
        && p.asPath.equals(asPath)
        && Objects.equals(p.nextHop, nextHop)
        && Objects.equals(p.linkLocalNextHop, linkLocalNextHop)
        && Objects.equals(p.aggregator, aggregator)
        && p.communities.equals(communities)
        && p.largeCommunities.equals(largeCommunities)
        && p.extendedCommunities.equals(extendedCommunities)
        && Objects.equals(p.originatorId, originatorId)
        && p.clusterList.equals(clusterList)
        && p.unknownAttributes.equals(unknownAttributes);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    StringJoiner out = new StringJoiner(", ", "PathAttributes[", "]");
    out.add("origin=" + origin);
    out.add("asPath=[" + asPath + "]");
    if (nextHop != null) {
      out.add("nextHop=" + InetAddresses.toAddrString(nextHop));
    }
    if (linkLocalNextHop != null) {
      out.add("linkLocal=" + InetAddresses.toAddrString(linkLocalNextHop));
    }
    if (hasMed) {
      out.add("med=" + med);
    }
    if (hasLocalPref) {
      out.add("localPref=" + localPref);
    }
    if (atomicAggregate) {
      out.add("atomicAggregate");
    }
    if (aggregator != null) {
      out.add(
          "aggregator="
              + aggregator.asn()
              + " "
              + InetAddresses.toAddrString(aggregator.address()));
    }
    if (!communities.isEmpty()) {
      StringJoiner list = new StringJoiner(" ", "communities=[", "]");
      communities.forEach(c -> list.add(Communities.format(c)));
      out.add(list.toString());
    }
    if (!largeCommunities.isEmpty()) {
      out.add("largeCommunities=" + largeCommunities);
    }
    if (!extendedCommunities.isEmpty()) {
      StringJoiner list = new StringJoiner(" ", "extendedCommunities=[", "]");
      extendedCommunities.forEach(c -> list.add(String.format("%016x", c)));
      out.add(list.toString());
    }
    if (originatorId != null) {
      out.add("originatorId=" + InetAddresses.toAddrString(originatorId));
    }
    if (!clusterList.isEmpty()) {
      StringJoiner list = new StringJoiner(" ", "clusterList=[", "]");
      clusterList.forEach(c -> list.add(InetAddresses.toAddrString(InetAddresses.fromInteger(c))));
      out.add(list.toString());
    }
    if (!unknownAttributes.isEmpty()) {
      out.add("unknown=" + unknownAttributes);
    }
    return out.toString();
  }

  /** Mutable builder; {@link #build()} may be called repeatedly. */
  public static final class Builder {
    private Origin origin = Origin.IGP;
    private AsPath asPath = AsPath.EMPTY;
    private InetAddress nextHop;
    private Inet6Address linkLocalNextHop;
    private boolean hasMed;
    private long med;
    private boolean hasLocalPref;
    private long localPref;
    private boolean atomicAggregate;
    private Aggregator aggregator;
    private ImmutableIntArray communities = ImmutableIntArray.of();
    private ImmutableList<LargeCommunity> largeCommunities = ImmutableList.of();
    private ImmutableLongArray extendedCommunities = ImmutableLongArray.of();
    private Inet4Address originatorId;
    private ImmutableIntArray clusterList = ImmutableIntArray.of();
    private ImmutableList<UnknownAttribute> unknownAttributes = ImmutableList.of();

    private Builder() {}

    private Builder(PathAttributes p) {
      origin = p.origin;
      asPath = p.asPath;
      nextHop = p.nextHop;
      linkLocalNextHop = p.linkLocalNextHop;
      hasMed = p.hasMed;
      med = p.med;
      hasLocalPref = p.hasLocalPref;
      localPref = p.localPref;
      atomicAggregate = p.atomicAggregate;
      aggregator = p.aggregator;
      communities = p.communities;
      largeCommunities = p.largeCommunities;
      extendedCommunities = p.extendedCommunities;
      originatorId = p.originatorId;
      clusterList = p.clusterList;
      unknownAttributes = p.unknownAttributes;
    }

    public Builder origin(Origin origin) {
      this.origin = Objects.requireNonNull(origin, "origin");
      return this;
    }

    public Builder asPath(AsPath asPath) {
      this.asPath = Objects.requireNonNull(asPath, "asPath");
      return this;
    }

    /** IPv4 or IPv6 next hop; {@code null} clears it. */
    public Builder nextHop(InetAddress nextHop) {
      this.nextHop = nextHop;
      return this;
    }

    /** IPv6 link-local next hop (RFC 2545); {@code null} clears it. */
    public Builder linkLocalNextHop(Inet6Address linkLocalNextHop) {
      this.linkLocalNextHop = linkLocalNextHop;
      return this;
    }

    public Builder med(long med) {
      this.med = checkUnsigned32("MED", med);
      this.hasMed = true;
      return this;
    }

    public Builder clearMed() {
      this.hasMed = false;
      this.med = 0;
      return this;
    }

    public Builder localPref(long localPref) {
      this.localPref = checkUnsigned32("LOCAL_PREF", localPref);
      this.hasLocalPref = true;
      return this;
    }

    public Builder clearLocalPref() {
      this.hasLocalPref = false;
      this.localPref = 0;
      return this;
    }

    public Builder atomicAggregate(boolean atomicAggregate) {
      this.atomicAggregate = atomicAggregate;
      return this;
    }

    /** {@code null} clears it. */
    public Builder aggregator(Aggregator aggregator) {
      this.aggregator = aggregator;
      return this;
    }

    public Builder communities(ImmutableIntArray communities) {
      this.communities = Objects.requireNonNull(communities, "communities");
      return this;
    }

    public Builder communities(int... communities) {
      return communities(ImmutableIntArray.copyOf(communities));
    }

    public Builder largeCommunities(List<LargeCommunity> largeCommunities) {
      this.largeCommunities = ImmutableList.copyOf(largeCommunities);
      return this;
    }

    public Builder extendedCommunities(ImmutableLongArray extendedCommunities) {
      this.extendedCommunities = Objects.requireNonNull(extendedCommunities, "extendedCommunities");
      return this;
    }

    public Builder extendedCommunities(long... extendedCommunities) {
      return extendedCommunities(ImmutableLongArray.copyOf(extendedCommunities));
    }

    /** {@code null} clears it. */
    public Builder originatorId(Inet4Address originatorId) {
      this.originatorId = originatorId;
      return this;
    }

    public Builder clusterList(ImmutableIntArray clusterList) {
      this.clusterList = Objects.requireNonNull(clusterList, "clusterList");
      return this;
    }

    public Builder clusterList(int... clusterList) {
      return clusterList(ImmutableIntArray.copyOf(clusterList));
    }

    public Builder unknownAttributes(List<UnknownAttribute> unknownAttributes) {
      this.unknownAttributes = ImmutableList.copyOf(unknownAttributes);
      return this;
    }

    public PathAttributes build() {
      return new PathAttributes(this);
    }

    private static long checkUnsigned32(String what, long value) {
      if (value < 0 || value > 0xFFFF_FFFFL) {
        throw new IllegalArgumentException(what + " must be 0..4294967295: " + value);
      }
      return value;
    }
  }
}
