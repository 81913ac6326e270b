package dev.tabby.bgp.daemon;

import com.google.common.net.InetAddresses;
import dev.tabby.bfd.BfdSessionStatus;
import dev.tabby.bfd.BfdState;
import dev.tabby.bgp.PeerStatus;
import dev.tabby.bgp.SpeakerConfig;
import dev.tabby.bgp.rib.Route;
import dev.tabby.bgp.session.NegotiatedSession;
import dev.tabby.bgp.wire.AddressFamily;
import dev.tabby.bgp.wire.Communities;
import dev.tabby.bgp.wire.GracefulRestart;
import dev.tabby.bgp.wire.LongLivedGracefulRestart;
import dev.tabby.bgp.wire.PathAttributes;
import dev.tabby.net.IpPrefix;
import java.io.OutputStream;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON documents of the state endpoint, served by tabby-bgp and (its {@code /peers}) by the
 * node agent; {@code tabbyctl bgp} reads exactly these fields.
 */
public final class StateJson {

  /**
   * A listing that fails halfway must not look complete: the generator does not close open arrays
   * and objects when it is closed.
   */
  private final JsonMapper json =
      JsonMapper.builder().disable(StreamWriteFeature.AUTO_CLOSE_CONTENT).build();

  /** {@code /peers}: the speaker's identity and every session. */
  public String peers(SpeakerConfig speaker, List<PeerStatus> peers) {
    return peers(speaker, peers, address -> null, address -> Optional.empty());
  }

  /**
   * {@code /peers}, each session with the {@code "type"} its embedder knows it by (the node agent:
   * mesh, reflector, ToR; none where {@code type} gives null) and its {@code "bfd"} session (none
   * where {@code bfd} gives none).
   */
  public String peers(
      SpeakerConfig speaker,
      List<PeerStatus> peers,
      Function<InetAddress, String> type,
      Function<InetAddress, Optional<BfdSessionStatus>> bfd) {
    ObjectNode root = json.createObjectNode();
    root.put("routerId", InetAddresses.toAddrString(speaker.routerId()));
    root.put("localAs", speaker.localAs());
    ArrayNode list = root.putArray("peers");
    for (PeerStatus peer : peers) {
      ObjectNode node = list.addObject();
      node.put("address", InetAddresses.toAddrString(peer.address()));
      node.put("as", peer.remoteAs());
      String label = type.apply(peer.address());
      if (label != null) {
        node.put("type", label);
      }
      node.put("state", peer.state().toString());
      node.put("uptimeSeconds", peer.uptime().toSeconds());
      ObjectNode capabilities = node.putObject("capabilities");
      ArrayNode families = capabilities.putArray("families");
      if (peer.negotiated() != null) {
        familyList(families, peer.negotiated().families());
        capabilities.put("fourOctetAs", peer.negotiated().fourOctetAs());
        capabilities.put("routeRefresh", peer.negotiated().routeRefresh());
        capabilities.put("extendedNextHop", peer.negotiated().extendedNextHop());
        capabilities.put("holdTimeSeconds", peer.negotiated().holdTime().toSeconds());
        capabilities.put(
            "peerRouterId", InetAddresses.toAddrString(peer.negotiated().peerRouterId()));
        capabilities.put("extendedMessages", peer.negotiated().extendedMessages());
        ObjectNode addPaths = capabilities.putObject("addPaths");
        familyList(addPaths.putArray("send"), peer.negotiated().pathIds().send());
        familyList(addPaths.putArray("receive"), peer.negotiated().pathIds().receive());
        gracefulRestart(capabilities, peer.negotiated());
        longLivedGracefulRestart(capabilities, peer.negotiated());
      }
      node.put("received", peer.counters().received());
      node.put("accepted", peer.counters().accepted());
      ObjectNode perFamily = node.putObject("acceptedPerFamily");
      peer.acceptedPerFamily().entrySet().stream()
          .sorted(Map.Entry.comparingByKey())
          .forEach(entry -> perFamily.put(entry.getKey().toString(), entry.getValue()));
      node.put("advertised", peer.counters().advertised());
      node.put("stale", peer.counters().stale());
      node.put("restarting", peer.counters().restarting());
      node.put("staleUntil", peer.staleUntil() == null ? null : peer.staleUntil().toString());
      node.put("endOfRibReceived", peer.counters().endOfRib());
      node.put("readPauses", peer.readPauses());
      node.put("queuedUpdates", peer.queuedUpdates());
      node.put("queuedBytes", peer.queuedBytes());
      node.put("lastError", peer.lastError());
      ObjectNode limits = node.putObject("prefixLimits");
      peer.prefixLimits()
          .forEach(
              (family, limit) ->
                  limits
                      .putObject(family.toString())
                      .put("maximum", limit.maximum())
                      .put("warningPercent", limit.warningPercent())
                      .put("action", limit.action().toString().toLowerCase(Locale.ROOT))
                      .put("restartIntervalSeconds", limit.restartInterval().toSeconds()));
      node.put(
          "prefixLimitExceededUntil",
          peer.downUntil() == null ? null : peer.downUntil().toString());
      bfd.apply(peer.address()).ifPresent(status -> bfd(node.putObject("bfd"), status));
    }
    return json.writeValueAsString(root);
  }

  /**
   * {@code "gracefulRestart"}: the peer's graceful restart capability (RFC 4724) for the negotiated
   * families, each with its F bit; absent when it sent none.
   */
  private static void gracefulRestart(ObjectNode capabilities, NegotiatedSession negotiated) {
    GracefulRestart restart = negotiated.peerGracefulRestart();
    if (restart == null) {
      return;
    }
    ObjectNode node = capabilities.putObject("gracefulRestart");
    node.put("restartTimeSeconds", restart.restartTimeSeconds());
    node.put("notification", restart.notification());
    familyList(node.putArray("families"), negotiated.restartableFamilies());
    familyList(node.putArray("forwardingPreserved"), negotiated.forwardingPreserved());
  }

  /**
   * {@code "longLivedGracefulRestart"}: per negotiated family, the stale time and F bit of the
   * peer's long-lived graceful restart capability (RFC 9494); absent when it sent none.
   */
  private static void longLivedGracefulRestart(
      ObjectNode capabilities, NegotiatedSession negotiated) {
    LongLivedGracefulRestart restart = negotiated.peerLongLivedGracefulRestart();
    if (restart == null) {
      return;
    }
    ObjectNode node = capabilities.putObject("longLivedGracefulRestart");
    restart.families().entrySet().stream()
        .filter(entry -> negotiated.families().contains(entry.getKey()))
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            entry ->
                node.putObject(entry.getKey().toString())
                    .put("staleTimeSeconds", entry.getValue().staleTimeSeconds())
                    .put("forwardingPreserved", entry.getValue().forwardingPreserved()));
  }

  /** A peer's {@code "bfd"}: its BFD session's state and the timers in effect. */
  private static void bfd(ObjectNode node, BfdSessionStatus status) {
    node.put("state", bfdState(status.state()));
    node.put("remoteState", bfdState(status.remoteState()));
    node.put("multihop", status.peer().multihop());
    node.put(
        "diagnostic", status.localDiagnostic().name().toLowerCase(Locale.ROOT).replace('_', '-'));
    node.put("transmitIntervalMs", status.transmitInterval().toMillis());
    node.put("detectionTimeMs", status.detectionTime().toMillis());
    node.put("upCount", status.upCount());
    node.put("downCount", status.downCount());
  }

  /** RFC 5880's names: AdminDown, Down, Init, Up. */
  private static String bfdState(BfdState state) {
    return switch (state) {
      case ADMIN_DOWN -> "AdminDown";
      case DOWN -> "Down";
      case INIT -> "Init";
      case UP -> "Up";
    };
  }

  private static void familyList(ArrayNode into, Set<AddressFamily> families) {
    families.stream().sorted().map(AddressFamily::toString).forEach(into::add);
  }

  /** {@code /routes?count}: how many prefixes the Loc-RIB holds. */
  String routeCount(int count) {
    ObjectNode root = json.createObjectNode();
    root.put("count", count);
    return json.writeValueAsString(root);
  }

  /**
   * Starts a {@code /routes} document on {@code out}; its routes are written as they are added, so
   * a listing of any size takes the memory of one route.
   */
  RouteListing routeListing(OutputStream out) {
    return new RouteListing(json.createGenerator(out));
  }

  /**
   * A {@code /routes} document being written: {@code {"routes":[...],"count":N}}, and {@code
   * "next":"PREFIX"} (the value for {@code after=}) when it ended at a limit before the table did.
   */
  static final class RouteListing implements AutoCloseable {
    private final JsonGenerator out;
    private long count;

    private RouteListing(JsonGenerator out) {
      this.out = out;
      out.writeStartObject();
      out.writeName("routes");
      out.writeStartArray();
    }

    /** Adds a route; {@code nextHops} are those of its multipath set ({@link RoutePage}). */
    void add(Route route, List<InetAddress> nextHops) {
      route(out, route, nextHops);
      count++;
    }

    /** Ends the document; {@code next} is where a further page would start, or null. */
    void finish(IpPrefix next) {
      out.writeEndArray();
      out.writeNumberProperty("count", count);
      if (next != null) {
        out.writeStringProperty("next", next.toString());
      }
      out.writeEndObject();
    }

    @Override
    public void close() {
      out.close();
    }
  }

  private static void route(JsonGenerator out, Route route, List<InetAddress> nextHops) {
    PathAttributes attributes = route.attributes();
    out.writeStartObject();
    out.writeStringProperty("prefix", route.prefix().toString());
    if (attributes.nextHop() != null) {
      out.writeStringProperty("nextHop", InetAddresses.toAddrString(attributes.nextHop()));
    }
    if (!nextHops.isEmpty()) {
      out.writeName("nextHops");
      out.writeStartArray();
      for (InetAddress nextHop : nextHops) {
        out.writeString(InetAddresses.toAddrString(nextHop));
      }
      out.writeEndArray();
    }
    if (attributes.linkLocalNextHop() != null) {
      out.writeStringProperty(
          "linkLocalNextHop", InetAddresses.toAddrString(attributes.linkLocalNextHop()));
    }
    out.writeStringProperty("asPath", attributes.asPath().toString());
    out.writeStringProperty("origin", attributes.origin().name());
    if (attributes.hasLocalPref()) {
      out.writeNumberProperty("localPref", attributes.localPref());
    }
    if (attributes.hasMed()) {
      out.writeNumberProperty("med", attributes.med());
    }
    out.writeName("communities");
    out.writeStartArray();
    for (int community : attributes.communities().toArray()) {
      out.writeString(Communities.format(community));
    }
    out.writeEndArray();
    if (attributes.originatorId() != null) {
      out.writeStringProperty(
          "originatorId", InetAddresses.toAddrString(attributes.originatorId()));
    }
    if (!attributes.clusterList().isEmpty()) {
      out.writeName("clusterList");
      out.writeStartArray();
      for (int clusterId : attributes.clusterList().toArray()) {
        out.writeString(InetAddresses.fromInteger(clusterId).getHostAddress());
      }
      out.writeEndArray();
    }
    out.writeStringProperty(
        "from",
        route.locallyOriginated() ? "local" : InetAddresses.toAddrString(route.source().address()));
    out.writeEndObject();
  }
}
