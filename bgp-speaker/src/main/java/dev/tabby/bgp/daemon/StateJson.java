package dev.tabby.bgp.daemon;

import com.google.common.net.InetAddresses;
import dev.tabby.bgp.PeerStatus;
import dev.tabby.bgp.SpeakerConfig;
import dev.tabby.bgp.rib.Path;
import dev.tabby.bgp.wire.AddressFamily;
import dev.tabby.bgp.wire.Communities;
import dev.tabby.bgp.wire.PathAttributes;
import java.util.Comparator;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON documents of the state endpoint, served by tabby-bgp and by the node agent; {@code
 * tabbyctl bgp} reads exactly these fields.
 */
public final class StateJson {

  private final JsonMapper json = JsonMapper.builder().build();

  /** {@code /peers}: the speaker's identity and every session. */
  public String peers(SpeakerConfig speaker, List<PeerStatus> peers) {
    ObjectNode root = json.createObjectNode();
    root.put("routerId", InetAddresses.toAddrString(speaker.routerId()));
    root.put("localAs", speaker.localAs());
    ArrayNode list = root.putArray("peers");
    for (PeerStatus peer : peers) {
      ObjectNode node = list.addObject();
      node.put("address", InetAddresses.toAddrString(peer.address()));
      node.put("as", peer.remoteAs());
      node.put("state", peer.state().toString());
      node.put("uptimeSeconds", peer.uptime().toSeconds());
      ObjectNode capabilities = node.putObject("capabilities");
      ArrayNode families = capabilities.putArray("families");
      if (peer.negotiated() != null) {
        peer.negotiated().families().stream()
            .sorted()
            .map(AddressFamily::toString)
            .forEach(families::add);
        capabilities.put("fourOctetAs", peer.negotiated().fourOctetAs());
        capabilities.put("routeRefresh", peer.negotiated().routeRefresh());
        capabilities.put("holdTimeSeconds", peer.negotiated().holdTime().toSeconds());
        capabilities.put(
            "peerRouterId", InetAddresses.toAddrString(peer.negotiated().peerRouterId()));
      }
      node.put("received", peer.counters().received());
      node.put("accepted", peer.counters().accepted());
      node.put("advertised", peer.counters().advertised());
      node.put("readPauses", peer.readPauses());
      node.put("queuedUpdates", peer.queuedUpdates());
      node.put("queuedBytes", peer.queuedBytes());
      node.put("lastError", peer.lastError());
    }
    return json.writeValueAsString(root);
  }

  /** {@code /routes?count}: how many prefixes the Loc-RIB holds. */
  public String routeCount(int count) {
    ObjectNode root = json.createObjectNode();
    root.put("count", count);
    return json.writeValueAsString(root);
  }

  /** {@code /routes}: the Loc-RIB's best paths and their number. */
  public String routes(List<Path> paths) {
    ObjectNode root = json.createObjectNode();
    root.put("count", paths.size());
    ArrayNode list = root.putArray("routes");
    paths.stream()
        .sorted(Comparator.comparing(Path::prefix))
        .forEach(path -> route(list.addObject(), path));
    return json.writeValueAsString(root);
  }

  private static void route(ObjectNode node, Path path) {
    PathAttributes attributes = path.attributes();
    node.put("prefix", path.prefix().toString());
    if (attributes.nextHop() != null) {
      node.put("nextHop", InetAddresses.toAddrString(attributes.nextHop()));
    }
    if (attributes.linkLocalNextHop() != null) {
      node.put("linkLocalNextHop", InetAddresses.toAddrString(attributes.linkLocalNextHop()));
    }
    node.put("asPath", attributes.asPath().toString());
    node.put("origin", attributes.origin().name());
    if (attributes.hasLocalPref()) {
      node.put("localPref", attributes.localPref());
    }
    if (attributes.hasMed()) {
      node.put("med", attributes.med());
    }
    ArrayNode communities = node.putArray("communities");
    for (int community : attributes.communities().toArray()) {
      communities.add(Communities.format(community));
    }
    node.put(
        "from",
        path.locallyOriginated() ? "local" : InetAddresses.toAddrString(path.source().address()));
  }
}
