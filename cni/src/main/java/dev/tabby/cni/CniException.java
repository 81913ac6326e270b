package dev.tabby.cni;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A CNI error: the spec's code, a short message and details, printed as the spec's error JSON
 * ({@link CniProtocol.Output#error}).
 */
public final class CniException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The runtime asked for a CNI version this plugin does not speak. */
  public static final int INCOMPATIBLE_VERSION = 1;

  /** A field of the network config that the plugin does not support. */
  public static final int UNSUPPORTED_FIELD = 2;

  /** The container (attachment) is not known, e.g. CHECK of one never added. */
  public static final int UNKNOWN_CONTAINER = 3;

  /** A required CNI_* environment variable is missing or bad. */
  public static final int INVALID_ENVIRONMENT = 4;

  /** Reading or writing something failed. */
  public static final int IO_FAILURE = 5;

  /** Stdin could not be decoded as JSON. */
  public static final int DECODING_FAILURE = 6;

  /** The network config is not valid. */
  public static final int INVALID_NETWORK_CONFIG = 7;

  /** Transient: the runtime should try again later (agent unreachable or not ready). */
  public static final int TRY_AGAIN_LATER = 11;

  /** STATUS: the plugin cannot serve ADDs now. */
  public static final int PLUGIN_NOT_AVAILABLE = 50;

  /** Tabby's own (codes 100 and up are the plugin's): CHECK found the attachment changed. */
  public static final int ATTACHMENT_DIFFERS = 100;

  /** Tabby's own: wiring or addressing the pod failed (what was done has been rolled back). */
  public static final int WIRING_FAILED = 101;

  /** Tabby's own: IPAM could not assign an address. */
  public static final int IPAM_FAILED = 102;

  private final int code;
  private final String details;

  public CniException(int code, String message, String details) {
    super(message);
    this.code = code;
    this.details = details == null ? "" : details;
  }

  public CniException(int code, String message) {
    this(code, message, "");
  }

  public int code() {
    return code;
  }

  public String details() {
    return details;
  }

  /** The spec's error object (cniVersion is added by whoever prints it). */
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("code", (long) code);
    json.put("msg", getMessage());
    if (!details.isEmpty()) {
      json.put("details", details);
    }
    return json;
  }
}
