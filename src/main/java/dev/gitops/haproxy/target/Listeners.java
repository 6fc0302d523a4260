package dev.gitops.haproxy.target;

import dev.gitops.haproxy.model.ValidationError;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * Whether a config declares a listener. HAProxy finds such a config free of errors but will not
 * start it ("no listener"); applied, it would stop all traffic. {@code haproxy -c} says so with its
 * exit code, the Data Plane API calls it valid: this reads the config for a {@code bind} in a
 * section that listens. Not a validator: HAProxy stays the judge of everything else.
 */
public final class Listeners {

  /** Sections whose {@code bind} lines make HAProxy listen. */
  private static final Set<String> LISTENING = Set.of("frontend", "listen", "log-forward");
  /** Every other section keyword: each one ends the section before it. */
  private static final Set<String> OTHER_SECTIONS = Set.of("global", "defaults", "backend", "userlist", "peers",
      "resolvers", "mailers", "cache", "ring", "program", "http-errors", "fcgi-app", "crt-store", "traces");

  private Listeners() {
  }

  /** Whether some frontend, listen or log-forward section binds an address. */
  public static boolean declared(byte[] config) {
    // Latin-1 maps every byte to one char: keywords are ASCII whatever the file's encoding.
    String text = new String(config, StandardCharsets.ISO_8859_1).replace("\\\r\n", " ").replace("\\\n", " ");
    boolean listening = false;
    for (String line : text.split("\r?\n")) {
      String keyword = firstWord(line);
      if (LISTENING.contains(keyword)) {
        listening = true;
      } else if (OTHER_SECTIONS.contains(keyword)) {
        listening = false;
      } else if (listening && (keyword.equals("bind") || keyword.equals("dgram-bind"))) {
        return true;
      }
    }
    return false;
  }

  /** The rejection of a config without a listener, {@code how} saying who found out. */
  public static ConfigRejectedException missing(String how) {
    return new ConfigRejectedException("HAProxy would not start with this config: it has no listener (no bind line in "
        + "any frontend or listen section, " + how + "); applying it would stop all traffic",
        List.of(new ValidationError(null, "the config has no error but would not start: no listener")));
  }

  private static String firstWord(String line) {
    String trimmed = line.strip();
    int end = 0;
    while (end < trimmed.length() && !Character.isWhitespace(trimmed.charAt(end)) && trimmed.charAt(end) != '#') {
      end++;
    }
    return trimmed.substring(0, end);
  }
}
