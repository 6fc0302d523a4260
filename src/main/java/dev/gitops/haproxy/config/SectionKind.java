package dev.gitops.haproxy.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The keywords that start a section in HAProxy 2.6. A section keyword is valid anywhere and always
 * ends the previous section, which is all the model needs to attribute a line to its section.
 */
public enum SectionKind {
  GLOBAL, DEFAULTS, FRONTEND, BACKEND, LISTEN, USERLIST, PEERS, RESOLVERS, MAILERS, CACHE, RING, PROGRAM, HTTP_ERRORS,
  LOG_FORWARD, FCGI_APP;

  /** The keyword as written in haproxy.cfg: {@code http-errors}, {@code log-forward}. */
  @JsonValue
  public String keyword() {
    return name().toLowerCase().replace('_', '-');
  }

  /** Whether the second word of its line names the section; {@code global} has none, {@code defaults} may have one. */
  public boolean named() {
    return switch (this) {
      case GLOBAL -> false;
      case DEFAULTS, FRONTEND, BACKEND, LISTEN, USERLIST, PEERS, RESOLVERS, MAILERS, CACHE, RING, PROGRAM, HTTP_ERRORS,
          LOG_FORWARD, FCGI_APP -> true;
    };
  }

  /** Whether it is a proxy, which takes its initial settings from a {@code defaults} section. */
  public boolean inheritsDefaults() {
    return switch (this) {
      case DEFAULTS, FRONTEND, BACKEND, LISTEN -> true;
      case GLOBAL, USERLIST, PEERS, RESOLVERS, MAILERS, CACHE, RING, PROGRAM, HTTP_ERRORS, LOG_FORWARD, FCGI_APP ->
          false;
    };
  }

  /** The section a line's first word starts, if it is a section keyword. */
  public static Optional<SectionKind> starting(String word) {
    return Arrays.stream(values()).filter(kind -> kind.keyword().equals(word)).findFirst();
  }

  /** Reads a policy file's section names; an unknown one is an error that lists the known ones. */
  @JsonCreator
  public static SectionKind fromKeyword(String keyword) {
    return starting(keyword).orElseThrow(() -> new IllegalArgumentException("unknown section kind '" + keyword
        + "'; one of " + Arrays.stream(values()).map(SectionKind::keyword).collect(Collectors.joining(", "))));
  }
}
