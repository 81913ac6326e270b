package dev.tabby.bgp;

import dev.tabby.bgp.policy.RoutePolicy;
import dev.tabby.bgp.rib.AddPathSelection;
import dev.tabby.bgp.rib.PrefixLimit;
import dev.tabby.bgp.wire.AddPath;
import dev.tabby.bgp.wire.AddressFamily;
import dev.tabby.bgp.wire.LongLivedGracefulRestart;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * One configured neighbour. Build with {@link #builder(InetAddress, long)}.
 *
 * @param address the peer's address
 * @param remoteAs the peer's AS
 * @param password the TCP MD5 (RFC 2385) password; null for none
 * @param passive never connect; wait for the peer to
 * @param holdTime proposed hold time: zero (no keepalives) or 3..65535 seconds
 * @param keepaliveTime how often we send KEEPALIVEs once the session is up: at most a third of the
 *     hold time, zero only with a hold time of zero (RFC 4271 §4.4, §10); if the peer negotiates a
 *     shorter hold time, a third of that when it is less. The one field that changes on a running
 *     session: it is not part of the OPEN
 * @param connectRetryTime base of the jittered wait between connection attempts
 * @param openTimeout how long a new connection may take to send its OPEN before it is closed
 * @param nextHopSelf announce our own address as next hop to this (internal) peer
 * @param enforceFirstAs treat routes from this external peer whose AS_PATH does not start with its
 *     AS (or is empty) as withdrawn (RFC 4271 §6.3, RFC 7606 §7.2); off for a route server
 * @param localAddress address to connect from and announce as next hop; null: chosen by the kernel
 * @param port the peer's TCP port
 * @param routeReflectorClient the peer is our route-reflector client
 * @param importPolicy applied to routes received from the peer
 * @param exportPolicy applied to routes sent to the peer
 * @param maxRestartTime the longest we keep the routes of this peer, marked stale, when its
 *     connection is lost and it offered graceful restart (RFC 4724): its own restart time caps it,
 *     and it also bounds the wait for its End-of-RIB once it is back; zero: its routes go at once
 * @param prefixLimits per address family, how many prefixes may be accepted from the peer; a family
 *     without one has no limit
 * @param extendedMessages offer the extended message capability (RFC 8654): with a peer that offers
 *     it too, UPDATEs may be up to 65,535 bytes long both ways. On by default: a route whose
 *     attributes do not fit 4,096 bytes (some 1,000 communities) can then still be exchanged, and a
 *     peer without the capability is unaffected. Off for a peer that offers it but mishandles long
 *     messages
 * @param addPaths the ADD-PATH capability (RFC 7911) our OPEN offers the peer: per family, whether
 *     we receive, send or do both with several paths per prefix; {@link AddPath#NONE} for none
 * @param addPathsSelect which paths to a prefix we send where the peer takes several
 * @param extendedNextHop offer the extended next hop capability (RFC 8950): when the peer offers it
 *     too, IPv4 prefixes are received and sent with IPv6 next hops, so an IPv6 session carries IPv4
 *     routes. Off by default, like BIRD and FRR (for numbered peers): on a dual-stack link with a
 *     session per family, it would add every IPv4 route a second time, via an IPv6 next hop
 * @param longLivedStaleTime long-lived graceful restart (RFC 9494) with this peer: offered in our
 *     OPEN with this stale time for each of our families, and the longest we keep the peer's routes
 *     as long-lived stale after its restart time (its own stale time caps it); zero: none
 */
public record PeerConfig(
    InetAddress address,
    long remoteAs,
    String password,
    boolean passive,
    Duration holdTime,
    Duration keepaliveTime,
    Duration connectRetryTime,
    Duration openTimeout,
    boolean nextHopSelf,
    boolean enforceFirstAs,
    InetAddress localAddress,
    int port,
    boolean routeReflectorClient,
    RoutePolicy importPolicy,
    RoutePolicy exportPolicy,
    Duration maxRestartTime,
    Map<AddressFamily, PrefixLimit> prefixLimits,
    boolean extendedMessages,
    AddPath addPaths,
    AddPathSelection addPathsSelect,
    boolean extendedNextHop,
    Duration longLivedStaleTime) {

  /** RFC 4271 §10's suggested hold time. */
  public static final Duration DEFAULT_HOLD_TIME = Duration.ofSeconds(90);

  /**
   * Shorter than RFC 4271's suggested 120 s: a restarted peer (a node, a top-of-rack router) should
   * be back in seconds, and both sides retrying at once is resolved by collision detection.
   */
  public static final Duration DEFAULT_CONNECT_RETRY_TIME = Duration.ofSeconds(10);

  /**
   * Routers send their OPEN as soon as the connection is up; RFC 4271's four minutes in OpenSent
   * would let a connection from a spoofed or hung peer hold a slot of the session that long.
   */
  public static final Duration DEFAULT_OPEN_TIMEOUT = Duration.ofSeconds(10);

  public static final int BGP_PORT = 179;

  /** BIRD's and Calico's graceful restart time. */
  public static final Duration DEFAULT_MAX_RESTART_TIME = Duration.ofSeconds(120);

  /** TCP MD5 keys are at most 80 bytes (TCP_MD5SIG_MAXKEYLEN). */
  public static final int MAX_PASSWORD_BYTES = 80;

  public PeerConfig {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(holdTime, "holdTime");
    Objects.requireNonNull(keepaliveTime, "keepaliveTime");
    Objects.requireNonNull(connectRetryTime, "connectRetryTime");
    Objects.requireNonNull(openTimeout, "openTimeout");
    Objects.requireNonNull(importPolicy, "importPolicy");
    Objects.requireNonNull(exportPolicy, "exportPolicy");
    Objects.requireNonNull(maxRestartTime, "maxRestartTime");
    if (maxRestartTime.isNegative()) {
      throw new IllegalArgumentException(
          "max restart time must not be negative, got " + maxRestartTime.toSeconds() + "s");
    }
    prefixLimits = Map.copyOf(prefixLimits);
    Objects.requireNonNull(addPaths, "addPaths");
    Objects.requireNonNull(addPathsSelect, "addPathsSelect");
    Objects.requireNonNull(longLivedStaleTime, "longLivedStaleTime");
    if (longLivedStaleTime.isNegative()
        || longLivedStaleTime.toSeconds() > LongLivedGracefulRestart.MAX_STALE_TIME) {
      throw new IllegalArgumentException(
          "long-lived stale time must be 0..16777215 seconds, got "
              + longLivedStaleTime.toSeconds()
              + "s");
    }
    if (remoteAs < 1 || remoteAs > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("remote AS must be 1..4294967295, got " + remoteAs);
    }
    long hold = holdTime.toSeconds();
    if (hold == 1 || hold == 2 || hold < 0 || hold > 65535) {
      throw new IllegalArgumentException("hold time must be 0 or 3..65535 seconds, got " + hold);
    }
    checkKeepalive(keepaliveTime, holdTime);
    if (connectRetryTime.isNegative() || connectRetryTime.isZero()) {
      throw new IllegalArgumentException("connect retry time must be positive");
    }
    if (openTimeout.isNegative() || openTimeout.isZero()) {
      throw new IllegalArgumentException("open timeout must be positive");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be 1..65535, got " + port);
    }
    if (password != null
        && (password.isEmpty()
            || password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES)) {
      throw new IllegalArgumentException("password must be 1..80 bytes");
    }
  }

  /** RFC 4271 §10's suggestion: a third of the hold time. */
  public static Duration defaultKeepaliveTime(Duration holdTime) {
    return holdTime.dividedBy(3);
  }

  /**
   * Checks a keepalive time against a hold time by RFC 4271's rules.
   *
   * @throws IllegalArgumentException saying which rule it breaks
   */
  public static void checkKeepalive(Duration keepaliveTime, Duration holdTime) {
    if (keepaliveTime.isNegative()) {
      throw new IllegalArgumentException("keepalive time must not be negative");
    }
    if (holdTime.isZero() != keepaliveTime.isZero()) {
      throw new IllegalArgumentException(
          "keepalive time may be 0 exactly when the hold time is 0 (hold time "
              + holdTime.toSeconds()
              + "s, keepalive time "
              + keepaliveTime.toSeconds()
              + "s)");
    }
    if (keepaliveTime.compareTo(defaultKeepaliveTime(holdTime)) > 0) {
      throw new IllegalArgumentException(
          "keepalive time "
              + keepaliveTime.toSeconds()
              + "s is more than a third of the hold time "
              + holdTime.toSeconds()
              + "s");
    }
  }

  /** This peer with another keepalive time, which a running session takes without a reset. */
  public PeerConfig withKeepaliveTime(Duration newKeepaliveTime) {
    return new Builder(this).keepaliveTime(newKeepaliveTime).build();
  }

  public static Builder builder(InetAddress address, long remoteAs) {
    return new Builder(address, remoteAs);
  }

  /**
   * Builder with RFC defaults: active, hold time 90 s, keepalives at a third of the hold time, port
   * 179, accept-all policies; an OPEN within 10 s; an external peer's AS first in its routes'
   * AS_PATHs; extended messages offered.
   */
  public static final class Builder {
    private final InetAddress address;
    private final long remoteAs;
    private String password;
    private boolean passive;
    private Duration holdTime = DEFAULT_HOLD_TIME;
    private Duration keepaliveTime;
    private Duration connectRetryTime = DEFAULT_CONNECT_RETRY_TIME;
    private Duration openTimeout = DEFAULT_OPEN_TIMEOUT;
    private boolean nextHopSelf;
    private boolean enforceFirstAs = true;
    private InetAddress localAddress;
    private int port = BGP_PORT;
    private boolean routeReflectorClient;
    private RoutePolicy importPolicy = RoutePolicy.ACCEPT_ALL;
    private RoutePolicy exportPolicy = RoutePolicy.ACCEPT_ALL;
    private Duration maxRestartTime = DEFAULT_MAX_RESTART_TIME;
    private final Map<AddressFamily, PrefixLimit> prefixLimits = new EnumMap<>(AddressFamily.class);
    private boolean extendedMessages = true;
    private AddPath addPaths = AddPath.NONE;
    private AddPathSelection addPathsSelect = AddPathSelection.MULTIPATH;
    private boolean extendedNextHop;
    private Duration longLivedStaleTime = Duration.ZERO;

    private Builder(InetAddress address, long remoteAs) {
      this.address = address;
      this.remoteAs = remoteAs;
    }

    /** Starts from every field of {@code peer}. */
    private Builder(PeerConfig peer) {
      this(peer.address, peer.remoteAs);
      password = peer.password;
      passive = peer.passive;
      holdTime = peer.holdTime;
      keepaliveTime = peer.keepaliveTime;
      connectRetryTime = peer.connectRetryTime;
      openTimeout = peer.openTimeout;
      nextHopSelf = peer.nextHopSelf;
      enforceFirstAs = peer.enforceFirstAs;
      localAddress = peer.localAddress;
      port = peer.port;
      routeReflectorClient = peer.routeReflectorClient;
      importPolicy = peer.importPolicy;
      exportPolicy = peer.exportPolicy;
      maxRestartTime = peer.maxRestartTime;
      prefixLimits.putAll(peer.prefixLimits);
      extendedMessages = peer.extendedMessages;
      addPaths = peer.addPaths;
      addPathsSelect = peer.addPathsSelect;
      extendedNextHop = peer.extendedNextHop;
      longLivedStaleTime = peer.longLivedStaleTime;
    }

    public Builder password(String password) {
      this.password = password;
      return this;
    }

    public Builder passive(boolean passive) {
      this.passive = passive;
      return this;
    }

    public Builder holdTime(Duration holdTime) {
      this.holdTime = holdTime;
      return this;
    }

    /** Unset: a third of the hold time. */
    public Builder keepaliveTime(Duration keepaliveTime) {
      this.keepaliveTime = keepaliveTime;
      return this;
    }

    public Builder connectRetryTime(Duration connectRetryTime) {
      this.connectRetryTime = connectRetryTime;
      return this;
    }

    public Builder openTimeout(Duration openTimeout) {
      this.openTimeout = openTimeout;
      return this;
    }

    public Builder nextHopSelf(boolean nextHopSelf) {
      this.nextHopSelf = nextHopSelf;
      return this;
    }

    public Builder enforceFirstAs(boolean enforceFirstAs) {
      this.enforceFirstAs = enforceFirstAs;
      return this;
    }

    public Builder localAddress(InetAddress localAddress) {
      this.localAddress = localAddress;
      return this;
    }

    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder routeReflectorClient(boolean routeReflectorClient) {
      this.routeReflectorClient = routeReflectorClient;
      return this;
    }

    public Builder importPolicy(RoutePolicy importPolicy) {
      this.importPolicy = importPolicy;
      return this;
    }

    public Builder exportPolicy(RoutePolicy exportPolicy) {
      this.exportPolicy = exportPolicy;
      return this;
    }

    public Builder maxRestartTime(Duration maxRestartTime) {
      this.maxRestartTime = maxRestartTime;
      return this;
    }

    public Builder longLivedStaleTime(Duration longLivedStaleTime) {
      this.longLivedStaleTime = longLivedStaleTime;
      return this;
    }

    /** Limits the prefixes of {@code family} accepted from the peer. */
    public Builder prefixLimit(AddressFamily family, PrefixLimit limit) {
      prefixLimits.put(family, limit);
      return this;
    }

    public Builder extendedMessages(boolean extendedMessages) {
      this.extendedMessages = extendedMessages;
      return this;
    }

    /** What our OPEN offers of ADD-PATH (RFC 7911); none by default. */
    public Builder addPaths(AddPath addPaths) {
      this.addPaths = addPaths;
      return this;
    }

    /** Which paths go to a peer that takes several per prefix; the multipath set by default. */
    public Builder addPathsSelect(AddPathSelection addPathsSelect) {
      this.addPathsSelect = addPathsSelect;
      return this;
    }

    /** Offer IPv4 unicast over IPv6 next hops (RFC 8950). */
    public Builder extendedNextHop(boolean extendedNextHop) {
      this.extendedNextHop = extendedNextHop;
      return this;
    }

    public PeerConfig build() {
      return new PeerConfig(
          address,
          remoteAs,
          password,
          passive,
          holdTime,
          keepaliveTime == null && holdTime != null
              ? defaultKeepaliveTime(holdTime)
              : keepaliveTime,
          connectRetryTime,
          openTimeout,
          nextHopSelf,
          enforceFirstAs,
          localAddress,
          port,
          routeReflectorClient,
          importPolicy,
          exportPolicy,
          maxRestartTime,
          prefixLimits,
          extendedMessages,
          addPaths,
          addPathsSelect,
          extendedNextHop,
          longLivedStaleTime);
    }
  }
}
