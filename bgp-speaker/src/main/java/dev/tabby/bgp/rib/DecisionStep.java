package dev.tabby.bgp.rib;

import dev.tabby.bgp.wire.PathAttributes;
import java.net.InetAddress;

/**
 * The steps of the BGP decision process (RFC 4271 §9.1.2.2 plus the usual tie-breakers), in the
 * order they are tried. Each compares two paths to the same prefix and returns a negative number
 * when the first is preferred, positive when the second is, 0 when the step cannot tell them apart.
 */
enum DecisionStep {
  /** A long-lived stale route (RFC 9494 §4.3, tagged LLGR_STALE) loses to any other. */
  NOT_LONG_LIVED_STALE {
    @Override
    int compare(Path a, Path b) {
      return Boolean.compare(
          LongLivedStale.tagged(a.attributes()), LongLivedStale.tagged(b.attributes()));
    }
  },
  /** Routes this speaker originates beat any learned route. */
  LOCALLY_ORIGINATED {
    @Override
    int compare(Path a, Path b) {
      return Boolean.compare(b.locallyOriginated(), a.locallyOriginated());
    }
  },
  /** Highest LOCAL_PREF (RFC 4271 §9.1.1); a path without one counts as the default 100. */
  LOCAL_PREF {
    @Override
    int compare(Path a, Path b) {
      return Long.compare(localPref(b.attributes()), localPref(a.attributes()));
    }
  },
  /** Shortest AS_PATH; a SET counts as one AS, confederation segments as none. */
  AS_PATH_LENGTH {
    @Override
    int compare(Path a, Path b) {
      return Integer.compare(
          a.attributes().asPath().pathLength(), b.attributes().asPath().pathLength());
    }
  },
  /** Lowest ORIGIN: IGP, then EGP, then INCOMPLETE. */
  ORIGIN {
    @Override
    int compare(Path a, Path b) {
      return Integer.compare(a.attributes().origin().code(), b.attributes().origin().code());
    }
  },
  /**
   * Lowest MULTI_EXIT_DISC, but only between paths from the same neighbouring AS: MEDs set by
   * different ASes mean nothing to each other. A missing MED counts as 0 (the lowest).
   */
  MED {
    @Override
    int compare(Path a, Path b) {
      if (a.attributes().asPath().neighbourAs() != b.attributes().asPath().neighbourAs()) {
        return 0;
      }
      return Long.compare(a.attributes().med(), b.attributes().med());
    }
  },
  /** A path learned over eBGP beats one learned over iBGP. */
  EBGP_OVER_IBGP {
    @Override
    int compare(Path a, Path b) {
      return Boolean.compare(learnedOverEbgp(b), learnedOverEbgp(a));
    }
  },
  /**
   * Lowest router ID: the ORIGINATOR_ID when the path was reflected (RFC 4456 §9), else the BGP
   * identifier of the peer it came from. Compared as unsigned 32-bit numbers.
   */
  ROUTER_ID {
    @Override
    int compare(Path a, Path b) {
      return Integer.compareUnsigned(routerId(a), routerId(b));
    }
  },
  /** Shortest CLUSTER_LIST: the path crossed fewer route reflectors (RFC 4456 §9). */
  CLUSTER_LIST_LENGTH {
    @Override
    int compare(Path a, Path b) {
      return Integer.compare(
          a.attributes().clusterList().length(), b.attributes().clusterList().length());
    }
  },
  /** Lowest peer address (IPv4 before IPv6): decisive between paths of different peers. */
  PEER_ADDRESS {
    @Override
    int compare(Path a, Path b) {
      return compareAddresses(peerAddress(a), peerAddress(b));
    }
  },
  /**
   * Lowest path identifier, as unsigned numbers: the final tie-breaker, between the paths an
   * ADD-PATH peer (RFC 7911) sent for one prefix, so the choice does not depend on their order.
   */
  PATH_ID {
    @Override
    int compare(Path a, Path b) {
      return Integer.compareUnsigned(a.pathId(), b.pathId());
    }
  };

  /** The LOCAL_PREF a path without one is treated as having (RFC 4271 §5.1.5 default). */
  static final long DEFAULT_LOCAL_PREF = 100;

  abstract int compare(Path a, Path b);

  static long localPref(PathAttributes attributes) {
    return attributes.hasLocalPref() ? attributes.localPref() : DEFAULT_LOCAL_PREF;
  }

  private static boolean learnedOverEbgp(Path path) {
    return path.source() != null && !path.source().ibgp();
  }

  private static int routerId(Path path) {
    if (path.attributes().originatorId() != null) {
      return toInt(path.attributes().originatorId());
    }
    return path.source() == null ? 0 : toInt(path.source().peerRouterId());
  }

  private static int toInt(InetAddress ipv4) {
    byte[] b = ipv4.getAddress();
    return (b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | (b[3] & 0xFF);
  }

  private static byte[] peerAddress(Path path) {
    return path.source() == null ? new byte[0] : path.source().address().getAddress();
  }

  private static int compareAddresses(byte[] a, byte[] b) {
    if (a.length != b.length) {
      return Integer.compare(a.length, b.length);
    }
    for (int i = 0; i < a.length; i++) {
      int result = Integer.compare(a[i] & 0xFF, b[i] & 0xFF);
      if (result != 0) {
        return result;
      }
    }
    return 0;
  }
}
