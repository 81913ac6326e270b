package dev.tabby.bgp.wire;

/** A decoded BGP-4 message (RFC 4271 §4). */
public sealed interface BgpMessage
    permits OpenMessage, UpdateMessage, NotificationMessage, KeepaliveMessage, RouteRefreshMessage {

  /** Message type codes of the common header. */
  int TYPE_OPEN = 1;

  int TYPE_UPDATE = 2;
  int TYPE_NOTIFICATION = 3;
  int TYPE_KEEPALIVE = 4;
  int TYPE_ROUTE_REFRESH = 5;

  /** This message's type code in the common header. */
  int type();
}
