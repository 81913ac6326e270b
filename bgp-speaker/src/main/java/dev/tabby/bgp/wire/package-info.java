/**
 * The BGP-4 wire format: the model of messages and path attributes, and their codec.
 *
 * <p>Model: {@link dev.tabby.bgp.wire.PathAttributes}, {@link dev.tabby.bgp.wire.AsPath} and the
 * {@link dev.tabby.bgp.wire.BgpMessage} types. They are immutable values, with 4-octet AS numbers
 * throughout. Prefixes are {@link dev.tabby.net.IpPrefix}; decoded IPv4 NLRI stay packed in longs
 * ({@link dev.tabby.bgp.wire.PackedIpv4}) until the RIB hands a prefix out.
 *
 * <p>Codec: {@link dev.tabby.bgp.wire.BgpCodec} decodes one whole message and encodes one; what a
 * session negotiated that changes the format is in {@link dev.tabby.bgp.wire.CodecContext}. A Netty
 * pipeline uses {@link dev.tabby.bgp.wire.BgpFrameDecoder}, {@link
 * dev.tabby.bgp.wire.BgpMessageDecoder} and {@link dev.tabby.bgp.wire.BgpMessageEncoder}; bad input
 * comes out as one {@link dev.tabby.bgp.wire.DecodeFailure} carrying the NOTIFICATION to send.
 * {@link dev.tabby.bgp.wire.UpdatePacker} encodes many prefixes into as few UPDATEs as fit.
 *
 * <p>Errors follow RFC 4271 §6 as revised by RFC 7606. For each path attribute problem:
 *
 * <ul>
 *   <li>session reset (a {@link dev.tabby.bgp.wire.BgpProtocolException}): bad header, bad OPEN,
 *       withdrawn routes or attribute list longer than the message, bad NLRI, an unrecognised
 *       well-known attribute, a repeated or malformed MP_REACH_NLRI / MP_UNREACH_NLRI, and an
 *       attribute list that cannot be walked when no multiprotocol attribute preceded the error;
 *   <li>treat-as-withdraw ({@link dev.tabby.bgp.wire.UpdateMessage#treatAsWithdrawReason()}): a
 *       missing or malformed ORIGIN, AS_PATH, NEXT_HOP (with IPv4 NLRI), MULTI_EXIT_DISC,
 *       LOCAL_PREF, COMMUNITIES, ORIGINATOR_ID, CLUSTER_LIST, EXTENDED_COMMUNITIES or
 *       LARGE_COMMUNITIES, including wrong Optional/Transitive flags; confederation segments from
 *       an external peer;
 *   <li>attribute discard ({@link dev.tabby.bgp.wire.UpdateMessage#discardedAttributes()}): a
 *       repeated attribute (the first is kept), a malformed ATOMIC_AGGREGATE, AGGREGATOR, AS4_PATH
 *       or AS4_AGGREGATOR, AS4_* from a 4-octet speaker, internal-only attributes from an external
 *       peer, and MP attributes of families we do not speak.
 * </ul>
 *
 * <p>Checks that need the session's configuration — the peer's AS, identifier collisions, the first
 * AS of an external peer's path, required capabilities — belong to the session.
 */
package dev.tabby.bgp.wire;
