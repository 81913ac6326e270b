package dev.tabby.bgp.session;

import com.google.common.net.HostAndPort;
import com.google.common.net.InetAddresses;
import io.netty.channel.ConnectTimeoutException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Says why an outbound connection failed in the words an operator reads in {@code tabbyctl bgp
 * peers}: "connection refused", "timed out", "no route to host".
 *
 * <p>The exceptions are not written for people: Netty annotates the kernel's error with the peer's
 * address ({@code "Connection refused: /10.0.0.2:179"}), its native transport prefixes the system
 * call and errno ({@code "finishConnect(..) failed with error(-111): Connection refused"}), and it
 * reports an unreachable host or network as a {@link NoRouteToHostException} with no message at
 * all, which the annotation turns into {@code "null: /10.0.0.2:179"}.
 */
final class ConnectFailure {

  /** Netty's native transport: the system call that failed, before the kernel's words. */
  private static final Pattern SYSTEM_CALL =
      Pattern.compile("^\\w+\\(\\.\\.\\) failed( with error\\(-?\\d+\\))?: ");

  /** Netty's annotation: the remote address after the message ("...: /10.0.0.2:179"). */
  private static final Pattern ADDRESS_ANNOTATION =
      Pattern.compile(": [^ ]*/[0-9A-Fa-f.:%\\[\\]]+$");

  private ConnectFailure() {}

  /** The target as shown in messages: {@code 10.0.0.2:179}, {@code [fd00::2]:179}. */
  static String target(InetSocketAddress remote) {
    return HostAndPort.fromParts(InetAddresses.toAddrString(remote.getAddress()), remote.getPort())
        .toString();
  }

  /** Why the connection failed, from the exception's type and causes; never null or empty. */
  static String reason(Throwable failure) {
    List<Throwable> chain = chain(failure);
    if (chain.stream().anyMatch(ConnectFailure::isTimeout)) {
      return "timed out";
    }
    String message = kernelMessage(chain);
    if (message != null) {
      return message;
    }
    if (chain.stream().anyMatch(NoRouteToHostException.class::isInstance)) {
      return "no route to host";
    }
    if (chain.stream().anyMatch(ConnectException.class::isInstance)) {
      return "connection refused";
    }
    return chain.get(chain.size() - 1).getClass().getSimpleName();
  }

  private static boolean isTimeout(Throwable t) {
    return t instanceof ConnectTimeoutException || t instanceof SocketTimeoutException;
  }

  /** The failure and its causes, outermost first. */
  private static List<Throwable> chain(Throwable failure) {
    List<Throwable> chain = new ArrayList<>();
    for (Throwable t = failure; t != null && !chain.contains(t); t = t.getCause()) {
      chain.add(t);
    }
    return chain;
  }

  /**
   * The innermost message that says something (the kernel's, before Netty wrapped it), without the
   * system call and address around it, starting lower-case; null when no exception has one.
   */
  private static String kernelMessage(List<Throwable> chain) {
    for (int i = chain.size() - 1; i >= 0; i--) {
      String message = chain.get(i).getMessage();
      if (message == null) {
        continue;
      }
      String words =
          ADDRESS_ANNOTATION
              .matcher(SYSTEM_CALL.matcher(message.strip()).replaceFirst(""))
              .replaceFirst("")
              .strip();
      if (!words.isEmpty() && !words.equals("null")) {
        return lowerCaseStart(words);
      }
    }
    return null;
  }

  /** "Connection refused" reads "connection refused" after a colon; "IPv6 ..." stays as it is. */
  private static String lowerCaseStart(String words) {
    boolean capitalisedWord = words.length() > 1 && Character.isLowerCase(words.charAt(1));
    return capitalisedWord
        ? words.substring(0, 1).toLowerCase(Locale.ROOT) + words.substring(1)
        : words;
  }
}
