package dev.gitops.haproxy.policy;

import dev.gitops.haproxy.config.ConfigText;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Who can reach an address HAProxy listens on, as written in haproxy.cfg (configuration.txt, "bind"). */
final class ListenAddress {

  enum Reach { HOST, NETWORK, UNKNOWN }

  private ListenAddress() {
  }

  /**
   * HOST for a UNIX socket path, {@code unix@}, {@code abns@}, {@code fd@}, {@code sockpair@} and
   * loopback addresses; NETWORK for any other address, an empty or wildcard host included; UNKNOWN
   * for what cannot be read without HAProxy's environment. A comma-separated list is HOST only when
   * every address in it is.
   */
  static Reach reach(String address) {
    if (address == null || address.isEmpty() || ConfigText.hasVariable(address)) {
      return Reach.UNKNOWN;
    }
    List<Reach> each = Arrays.stream(address.split(",", -1)).map(ListenAddress::one).toList();
    return each.contains(Reach.NETWORK) ? Reach.NETWORK : Reach.HOST;
  }

  private static Reach one(String address) {
    String lower = address.toLowerCase(Locale.ROOT);
    if (lower.startsWith("/") || lower.startsWith("unix@") || lower.startsWith("abns@") || lower.startsWith("fd@")
        || lower.startsWith("sockpair@")) {
      return Reach.HOST;
    }
    int at = lower.indexOf('@');
    String hostAndPort = at >= 0 ? lower.substring(at + 1) : lower;
    int colon = hostAndPort.lastIndexOf(':');
    String host = colon >= 0 ? hostAndPort.substring(0, colon) : hostAndPort;
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return isLoopback(host) ? Reach.HOST : Reach.NETWORK;
  }

  private static boolean isLoopback(String host) {
    if (host.equals("localhost") || host.equals("::1") || host.equals("0:0:0:0:0:0:0:1")) {
      return true;
    }
    String[] octets = host.split("\\.");
    return octets.length == 4 && octets[0].equals("127")
        && Arrays.stream(octets).allMatch(o -> o.matches("\\d{1,3}") && Integer.parseInt(o) <= 255);
  }
}
