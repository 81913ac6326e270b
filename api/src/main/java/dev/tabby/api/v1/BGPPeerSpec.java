package dev.tabby.api.v1;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * A peering. Which nodes peer: {@code node} (one node), {@code nodeSelector}, or all nodes when
 * both are absent. With whom: {@code peerIP} and {@code asNumber}, or every node matched by {@code
 * peerSelector}.
 */
@ValidationRule(
    value = "!(has(self.node) && has(self.nodeSelector))",
    message = "node and nodeSelector are mutually exclusive")
@ValidationRule(
    value = "has(self.peerSelector) != (has(self.peerIP) || has(self.asNumber))",
    message = "give either peerSelector or peerIP with asNumber")
@ValidationRule(
    value = "has(self.peerSelector) || (has(self.peerIP) && has(self.asNumber))",
    message = "peerIP and asNumber go together")
public class BGPPeerSpec {
  private String node;
  private String nodeSelector;
  private String peerSelector;
  private String peerIP;

  @Min(1)
  @Max(4294967295L)
  private Long asNumber;

  private BGPPassword password;

  @Default("Auto")
  private NextHopMode nextHopMode = NextHopMode.Auto;

  @Min(0)
  @Max(65535)
  private Integer holdTimeSeconds;

  @Min(0)
  @Max(21845)
  private Integer keepaliveTimeSeconds;

  @Min(0)
  @Max(4095)
  private Integer maxRestartTimeSeconds;

  @Min(0)
  @Max(16777215)
  private Integer longLivedStaleTimeSeconds;

  @Default("UseNodeIP")
  private SourceAddress sourceAddress = SourceAddress.UseNodeIP;

  private String filter;

  private BFDSettings bfd;

  private MaxPrefixes maxPrefixes;

  @Default("false")
  private boolean extendedNextHop;

  @Default("true")
  private boolean extendedMessages = true;

  public String getNode() {
    return node;
  }

  public void setNode(String node) {
    this.node = node;
  }

  public String getNodeSelector() {
    return nodeSelector;
  }

  public void setNodeSelector(String nodeSelector) {
    this.nodeSelector = nodeSelector;
  }

  public String getPeerSelector() {
    return peerSelector;
  }

  public void setPeerSelector(String peerSelector) {
    this.peerSelector = peerSelector;
  }

  public String getPeerIP() {
    return peerIP;
  }

  public void setPeerIP(String peerIP) {
    this.peerIP = peerIP;
  }

  public Long getAsNumber() {
    return asNumber;
  }

  public void setAsNumber(Long asNumber) {
    this.asNumber = asNumber;
  }

  public BGPPassword getPassword() {
    return password;
  }

  public void setPassword(BGPPassword password) {
    this.password = password;
  }

  public NextHopMode getNextHopMode() {
    return nextHopMode;
  }

  public void setNextHopMode(NextHopMode nextHopMode) {
    this.nextHopMode = nextHopMode;
  }

  public Integer getHoldTimeSeconds() {
    return holdTimeSeconds;
  }

  public void setHoldTimeSeconds(Integer holdTimeSeconds) {
    this.holdTimeSeconds = holdTimeSeconds;
  }

  public Integer getKeepaliveTimeSeconds() {
    return keepaliveTimeSeconds;
  }

  public void setKeepaliveTimeSeconds(Integer keepaliveTimeSeconds) {
    this.keepaliveTimeSeconds = keepaliveTimeSeconds;
  }

  /** How long the peer keeps our routes while we restart (graceful restart). */
  public Integer getMaxRestartTimeSeconds() {
    return maxRestartTimeSeconds;
  }

  public void setMaxRestartTimeSeconds(Integer maxRestartTimeSeconds) {
    this.maxRestartTimeSeconds = maxRestartTimeSeconds;
  }

  /**
   * Long-lived graceful restart (RFC 9494) with the peer: how long it keeps our routes, and we its,
   * as long-lived stale after the graceful restart time; unset or 0: none.
   */
  public Integer getLongLivedStaleTimeSeconds() {
    return longLivedStaleTimeSeconds;
  }

  public void setLongLivedStaleTimeSeconds(Integer longLivedStaleTimeSeconds) {
    this.longLivedStaleTimeSeconds = longLivedStaleTimeSeconds;
  }

  public SourceAddress getSourceAddress() {
    return sourceAddress;
  }

  public void setSourceAddress(SourceAddress sourceAddress) {
    this.sourceAddress = sourceAddress;
  }

  /** The name of a {@link BGPFilter} applied to this peering, if any. */
  public String getFilter() {
    return filter;
  }

  public void setFilter(String filter) {
    this.filter = filter;
  }

  /** BFD for this peering; null or not enabled: none. */
  public BFDSettings getBfd() {
    return bfd;
  }

  public void setBfd(BFDSettings bfd) {
    this.bfd = bfd;
  }

  /** Per family, how many prefixes the peer may send and what happens beyond; null: no limit. */
  public MaxPrefixes getMaxPrefixes() {
    return maxPrefixes;
  }

  public void setMaxPrefixes(MaxPrefixes maxPrefixes) {
    this.maxPrefixes = maxPrefixes;
  }

  /**
   * Offer IPv4 routes with IPv6 next hops (RFC 8950 extended next hop) on this peering, so an IPv6
   * session carries the IPv4 pod routes over an IPv6-only link; the peer must offer it too.
   */
  public boolean isExtendedNextHop() {
    return extendedNextHop;
  }

  public void setExtendedNextHop(boolean extendedNextHop) {
    this.extendedNextHop = extendedNextHop;
  }

  /**
   * Offer extended messages (RFC 8654) on this peering: with a peer that offers them too, UPDATEs
   * may be up to 65,535 bytes long, so a route with more attributes than 4,096 bytes hold still
   * crosses. On by default; off for a peer that offers the capability but mishandles long messages.
   */
  public boolean isExtendedMessages() {
    return extendedMessages;
  }

  public void setExtendedMessages(boolean extendedMessages) {
    this.extendedMessages = extendedMessages;
  }
}
