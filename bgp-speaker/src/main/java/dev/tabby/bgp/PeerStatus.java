package dev.tabby.bgp;

import dev.tabby.bgp.rib.PeerCounters;
import dev.tabby.bgp.rib.PrefixLimit;
import dev.tabby.bgp.session.NegotiatedSession;
import dev.tabby.bgp.session.SessionState;
import dev.tabby.bgp.wire.AddressFamily;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * A snapshot of one peer, as {@code show bgp summary} would print it.
 *
 * @param address the peer's address
 * @param remoteAs the peer's AS: the one it announced while Established (a dynamic neighbour may
 *     announce one of a range), else the configured one
 * @param state the session's FSM state
 * @param uptime how long the session has been Established; zero when it is not
 * @param negotiated what the OPENs agreed on while Established; null otherwise
 * @param counters prefixes received, accepted and advertised
 * @param readPauses how often reading from the peer paused because too many of its UPDATEs waited
 *     for the RIB
 * @param queuedUpdates UPDATEs received from the peer that the RIB has not processed yet
 * @param queuedBytes bytes for the peer waiting in our write buffer
 * @param lastError what last brought a connection down; null if nothing did
 * @param prefixLimits the configured prefix limit per family; empty when none
 * @param downUntil while the session stays down after exceeding a prefix limit, when it will
 *     connect again; null otherwise
 * @param acceptedPerFamily the prefixes now accepted from the established session, per family
 *     (every family it sent, limited or not); empty while it is not established
 * @param staleUntil while the peer restarts gracefully ({@code counters().restarting()}), when its
 *     stale routes go at the latest unless its End-of-RIB or a new announcement replaces them
 *     first; null otherwise
 */
public record PeerStatus(
    InetAddress address,
    long remoteAs,
    SessionState state,
    Duration uptime,
    NegotiatedSession negotiated,
    PeerCounters counters,
    long readPauses,
    int queuedUpdates,
    long queuedBytes,
    String lastError,
    Map<AddressFamily, PrefixLimit> prefixLimits,
    Instant downUntil,
    Map<AddressFamily, Long> acceptedPerFamily,
    Instant staleUntil) {}
