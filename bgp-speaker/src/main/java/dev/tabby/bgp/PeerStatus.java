package dev.tabby.bgp;

import dev.tabby.bgp.rib.PeerCounters;
import dev.tabby.bgp.session.NegotiatedSession;
import dev.tabby.bgp.session.SessionState;
import java.net.InetAddress;
import java.time.Duration;

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
    String lastError) {}
