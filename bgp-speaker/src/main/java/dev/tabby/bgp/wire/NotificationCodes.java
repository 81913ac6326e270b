package dev.tabby.bgp.wire;

/**
 * NOTIFICATION error codes and subcodes: RFC 4271 §4.5 and §6, RFC 4486 (Cease), RFC 5492
 * (Unsupported Capability), RFC 6608 (FSM errors), RFC 8538 (Hard Reset). {@link #describe(int,
 * int)} names a pair for logs.
 */
public final class NotificationCodes {
  public static final int MESSAGE_HEADER_ERROR = 1;
  public static final int OPEN_MESSAGE_ERROR = 2;
  public static final int UPDATE_MESSAGE_ERROR = 3;
  public static final int HOLD_TIMER_EXPIRED = 4;
  public static final int FSM_ERROR = 5;
  public static final int CEASE = 6;

  /** Subcode when none applies. */
  public static final int UNSPECIFIC = 0;

  // Message Header Error subcodes
  public static final int CONNECTION_NOT_SYNCHRONIZED = 1;
  public static final int BAD_MESSAGE_LENGTH = 2;
  public static final int BAD_MESSAGE_TYPE = 3;

  // OPEN Message Error subcodes
  public static final int UNSUPPORTED_VERSION_NUMBER = 1;
  public static final int BAD_PEER_AS = 2;
  public static final int BAD_BGP_IDENTIFIER = 3;
  public static final int UNSUPPORTED_OPTIONAL_PARAMETER = 4;
  public static final int UNACCEPTABLE_HOLD_TIME = 6;
  public static final int UNSUPPORTED_CAPABILITY = 7;

  // UPDATE Message Error subcodes
  public static final int MALFORMED_ATTRIBUTE_LIST = 1;
  public static final int UNRECOGNIZED_WELL_KNOWN_ATTRIBUTE = 2;
  public static final int MISSING_WELL_KNOWN_ATTRIBUTE = 3;
  public static final int ATTRIBUTE_FLAGS_ERROR = 4;
  public static final int ATTRIBUTE_LENGTH_ERROR = 5;
  public static final int INVALID_ORIGIN_ATTRIBUTE = 6;
  public static final int INVALID_NEXT_HOP_ATTRIBUTE = 8;
  public static final int OPTIONAL_ATTRIBUTE_ERROR = 9;
  public static final int INVALID_NETWORK_FIELD = 10;
  public static final int MALFORMED_AS_PATH = 11;

  // Finite State Machine Error subcodes (RFC 6608)
  public static final int UNEXPECTED_MESSAGE_IN_OPEN_SENT = 1;
  public static final int UNEXPECTED_MESSAGE_IN_OPEN_CONFIRM = 2;
  public static final int UNEXPECTED_MESSAGE_IN_ESTABLISHED = 3;

  // Cease subcodes (RFC 4486, RFC 8538, RFC 9384)
  public static final int MAXIMUM_NUMBER_OF_PREFIXES_REACHED = 1;
  public static final int ADMINISTRATIVE_SHUTDOWN = 2;
  public static final int PEER_DECONFIGURED = 3;
  public static final int ADMINISTRATIVE_RESET = 4;
  public static final int CONNECTION_REJECTED = 5;
  public static final int OTHER_CONFIGURATION_CHANGE = 6;
  public static final int CONNECTION_COLLISION_RESOLUTION = 7;
  public static final int OUT_OF_RESOURCES = 8;
  public static final int HARD_RESET = 9;
  public static final int BFD_DOWN = 10;

  private static final String[] CODE_NAMES = {
    null,
    "Message Header Error",
    "OPEN Message Error",
    "UPDATE Message Error",
    "Hold Timer Expired",
    "Finite State Machine Error",
    "Cease"
  };

  private static final String[][] SUBCODE_NAMES = {
    null,
    {null, "Connection Not Synchronized", "Bad Message Length", "Bad Message Type"},
    {
      null,
      "Unsupported Version Number",
      "Bad Peer AS",
      "Bad BGP Identifier",
      "Unsupported Optional Parameter",
      "Authentication Failure",
      "Unacceptable Hold Time",
      "Unsupported Capability"
    },
    {
      null,
      "Malformed Attribute List",
      "Unrecognized Well-known Attribute",
      "Missing Well-known Attribute",
      "Attribute Flags Error",
      "Attribute Length Error",
      "Invalid ORIGIN Attribute",
      "AS Routing Loop",
      "Invalid NEXT_HOP Attribute",
      "Optional Attribute Error",
      "Invalid Network Field",
      "Malformed AS_PATH"
    },
    {null},
    {
      null,
      "Unexpected Message in OpenSent State",
      "Unexpected Message in OpenConfirm State",
      "Unexpected Message in Established State"
    },
    {
      null,
      "Maximum Number of Prefixes Reached",
      "Administrative Shutdown",
      "Peer De-configured",
      "Administrative Reset",
      "Connection Rejected",
      "Other Configuration Change",
      "Connection Collision Resolution",
      "Out of Resources",
      "Hard Reset",
      "BFD Down"
    }
  };

  private NotificationCodes() {}

  /**
   * A readable name: "Hold Timer Expired", "UPDATE Message Error / Malformed AS_PATH", "Cease /
   * Administrative Shutdown"; unknown numbers are shown as numbers.
   */
  public static String describe(int code, int subcode) {
    if (code <= 0 || code >= CODE_NAMES.length) {
      return "Unknown Error " + code + " / " + subcode;
    }
    String name = CODE_NAMES[code];
    if (subcode == UNSPECIFIC) {
      return name;
    }
    String[] subcodes = SUBCODE_NAMES[code];
    if (subcode > 0 && subcode < subcodes.length) {
      return name + " / " + subcodes[subcode];
    }
    return name + " / subcode " + subcode;
  }
}
