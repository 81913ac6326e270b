package dev.tabby.bgp.wire;

import com.google.common.collect.Sets;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.util.EnumSet;
import java.util.Set;

/**
 * What the two ends of a session negotiated that changes the wire format. Immutable; the session
 * replaces it after the OPEN exchange by setting {@link #KEY} on the channel, which both {@link
 * BgpMessageDecoder} and {@link BgpMessageEncoder} read for every message.
 *
 * @param fourOctetAs both sides sent the 4-octet AS capability (RFC 6793): AS_PATH and AGGREGATOR
 *     carry 4-octet ASNs and AS4_PATH / AS4_AGGREGATOR are neither sent nor expected
 * @param families the address families both sides support
 */
public record CodecContext(boolean fourOctetAs, Set<AddressFamily> families) {
  /** Before the OPEN exchange: 2-octet AS numbers, IPv4 unicast. */
  public static final CodecContext DEFAULT =
      new CodecContext(false, EnumSet.of(AddressFamily.IPV4_UNICAST));

  /** The channel attribute the codec handlers read; unset means {@link #DEFAULT}. */
  public static final AttributeKey<CodecContext> KEY =
      AttributeKey.valueOf(CodecContext.class, "codecContext");

  public CodecContext {
    families = Sets.immutableEnumSet(families);
  }

  /** The context set on the channel, or {@link #DEFAULT} before the OPEN exchange. */
  public static CodecContext of(Channel channel) {
    CodecContext context = channel.attr(KEY).get();
    return context == null ? DEFAULT : context;
  }

  /** What a session with these two OPEN messages negotiated. */
  public static CodecContext negotiated(OpenMessage local, OpenMessage remote) {
    Capabilities ours = local.capabilities();
    Capabilities theirs = remote.capabilities();
    Set<AddressFamily> common = EnumSet.noneOf(AddressFamily.class);
    common.addAll(ours.families());
    common.retainAll(theirs.families());
    return new CodecContext(
        ours.fourOctetAs().isPresent() && theirs.fourOctetAs().isPresent(), common);
  }
}
