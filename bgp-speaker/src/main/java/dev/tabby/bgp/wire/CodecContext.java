package dev.tabby.bgp.wire;

import com.google.common.collect.Sets;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What the two ends of a session negotiated that changes the wire format. Immutable; the session
 * replaces it after the OPEN exchange by setting {@link #KEY} on the channel, which both {@link
 * BgpMessageDecoder} and {@link BgpMessageEncoder} read for every message.
 *
 * @param fourOctetAs both sides sent the 4-octet AS capability (RFC 6793): AS_PATH and AGGREGATOR
 *     carry 4-octet ASNs and AS4_PATH / AS4_AGGREGATOR are neither sent nor expected
 * @param families the address families both sides support
 * @param externalPeer the peer is in another AS: LOCAL_PREF, ORIGINATOR_ID and CLUSTER_LIST from it
 *     are discarded (RFC 4271 §5.1.5, RFC 7606 §7.5, §7.9, §7.10). Members of our own confederation
 *     count as internal here.
 * @param extendedMessages both sides sent the extended message capability (RFC 8654): UPDATEs,
 *     NOTIFICATIONs and ROUTE-REFRESHes may be up to 65,535 bytes long both ways
 * @param pathIds the families whose NLRI carry ADD-PATH path identifiers (RFC 7911), per direction
 * @param extendedNextHop both sides sent the extended next hop capability with the tuple IPv4
 *     unicast over IPv6 (RFC 8950): IPv4 prefixes may go in MP_REACH_NLRI with a 16- or 32-byte
 *     IPv6 next hop. Without it such a next hop is malformed (an OPTIONAL_ATTRIBUTE_ERROR).
 */
public record CodecContext(
    boolean fourOctetAs,
    Set<AddressFamily> families,
    boolean externalPeer,
    boolean extendedMessages,
    PathIdFamilies pathIds,
    boolean extendedNextHop) {
  /** Before the OPEN exchange: 2-octet AS numbers, IPv4 unicast. */
  public static final CodecContext DEFAULT =
      new CodecContext(false, EnumSet.of(AddressFamily.IPV4_UNICAST));

  /** The channel attribute the codec handlers read; unset means {@link #DEFAULT}. */
  public static final AttributeKey<CodecContext> KEY =
      AttributeKey.valueOf(CodecContext.class, "codecContext");

  public CodecContext {
    families = Sets.immutableEnumSet(families);
    Objects.requireNonNull(pathIds, "pathIds");
  }

  /** A context without extended messages, path identifiers or extended next hops. */
  public CodecContext(boolean fourOctetAs, Set<AddressFamily> families, boolean externalPeer) {
    this(fourOctetAs, families, externalPeer, false, PathIdFamilies.NONE, false);
  }

  /** A context for an internal peer, or when the caller does not care (encoding only). */
  public CodecContext(boolean fourOctetAs, Set<AddressFamily> families) {
    this(fourOctetAs, families, false);
  }

  /** Whether NLRI of the family we send carry a path identifier. */
  public boolean sendsPathIds(AddressFamily family) {
    return pathIds.send().contains(family);
  }

  /** Whether NLRI of the family we receive carry a path identifier. */
  public boolean receivesPathIds(AddressFamily family) {
    return pathIds.receive().contains(family);
  }

  /** The context set on the channel, or {@link #DEFAULT} before the OPEN exchange. */
  public static CodecContext of(Channel channel) {
    CodecContext context = channel.attr(KEY).get();
    return context == null ? DEFAULT : context;
  }

  /** The longest UPDATE this session carries: 65,535 bytes with extended messages, else 4,096. */
  public int maxMessageLength() {
    return ExtendedMessages.maxLength(extendedMessages);
  }

  /** What a session with these two OPEN messages negotiated. */
  public static CodecContext negotiated(OpenMessage local, OpenMessage remote) {
    Capabilities ours = local.capabilities();
    Capabilities theirs = remote.capabilities();
    Set<AddressFamily> common = EnumSet.noneOf(AddressFamily.class);
    common.addAll(ours.families());
    common.retainAll(theirs.families());
    return new CodecContext(
        ours.fourOctetAs().isPresent() && theirs.fourOctetAs().isPresent(),
        common,
        local.myAs() != remote.myAs(),
        ExtendedMessages.negotiated(ours, theirs),
        PathIdFamilies.negotiate(ours.addPath(), theirs.addPath(), common),
        ExtendedNextHop.ipv4OverIpv6Negotiated(ours, theirs));
  }
}
