package dev.gitops.haproxy.config.diff;

import dev.gitops.haproxy.config.Directive;
import java.util.regex.Pattern;

/**
 * A directive as a diff prints it: as written, except the credentials a haproxy.cfg can hold, which
 * go to terminals and CI logs otherwise. A changed password still shows as a changed line.
 */
final class Secrets {

  private static final Pattern PASSWORD = Pattern.compile("((?:^|\\s)(?:insecure-password|password)\\s+)\\S+");
  private static final Pattern STATS_AUTH = Pattern.compile("^(stats\\s+auth\\s+)\\S+");
  static final String REDACTED = "<redacted>";

  private Secrets() {
  }

  static String hidden(Directive directive) {
    String text = directive.text();
    text = PASSWORD.matcher(text).replaceAll("$1" + REDACTED);
    return STATS_AUTH.matcher(text).replaceAll("$1" + REDACTED);
  }
}
