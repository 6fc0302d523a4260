package dev.gitops.haproxy.config;

import dev.gitops.haproxy.model.ValidationWarning;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Advice for configs that HAProxy accepts but that hurt at a reload: an HTTP frontend without
 * {@code option idle-close-on-response} lets the old process close idle keep-alive connections
 * while a client may be sending its next request on them, which the client sees as a reset. A
 * warning, never a refusal: whether clients retry is the owner's call. Pure.
 */
public final class ReloadAdvice {

  /** One piece of advice, about the section that starts at {@code line}. */
  public record Advice(int line, String message) {
  }

  static final List<String> OPTION = List.of("option", "idle-close-on-response");
  static final List<String> NO_OPTION = List.of("no", "option", "idle-close-on-response");
  /** HAProxy's own default when neither the proxy nor its defaults say (configuration.txt, "mode"). */
  static final String DEFAULT_MODE = "tcp";
  /** defaults sections may name each other with {@code from}; a loop is HAProxy's error to report. */
  private static final int MAX_DEPTH = 16;

  private ReloadAdvice() {
  }

  /** {@link #check} as status.validation.warnings and {@code validate} report it. */
  public static List<ValidationWarning> warnings(ConfigModel config) {
    return check(config).stream().map(a -> new ValidationWarning(a.line(), a.message())).toList();
  }

  /** The advice for every HTTP {@code frontend} and {@code listen} of {@code config}, in file order. */
  public static List<Advice> check(ConfigModel config) {
    List<Advice> advice = new ArrayList<>();
    for (Section section : config.sections()) {
      if (section.kind() != SectionKind.FRONTEND && section.kind() != SectionKind.LISTEN) {
        continue;
      }
      boolean http = mode(config, section, 0).orElse(DEFAULT_MODE).equals("http");
      if (http && !idleCloseOnResponse(config, section, 0).orElse(false)) {
        advice.add(new Advice(section.line(), section.label() + " (line " + section.line()
            + "): no option idle-close-on-response: a reload may reset requests on idle keep-alive connections "
            + "(see README, HAProxy settings for reloads under load)"));
      }
    }
    return advice;
  }

  /** The section's mode: its own last {@code mode} line, else its defaults section's. */
  private static Optional<String> mode(ConfigModel config, Section section, int depth) {
    Optional<String> own = Optional.empty();
    for (Directive directive : section.directives()) {
      if (directive.keyword().equals("mode") && directive.word(1) != null) {
        own = Optional.of(directive.word(1));
      }
    }
    if (own.isPresent() || depth >= MAX_DEPTH) {
      return own;
    }
    return config.defaultsOf(section).flatMap(defaults -> mode(config, defaults, depth + 1));
  }

  /** Whether the option is set: the last of its own lines that sets or cancels it, else as its defaults say. */
  private static Optional<Boolean> idleCloseOnResponse(ConfigModel config, Section section, int depth) {
    Optional<Boolean> own = Optional.empty();
    for (Directive directive : section.directives()) {
      if (directive.startsWith(OPTION)) {
        own = Optional.of(true);
      } else if (directive.startsWith(NO_OPTION)) {
        own = Optional.of(false);
      }
    }
    if (own.isPresent() || depth >= MAX_DEPTH) {
      return own;
    }
    return config.defaultsOf(section).flatMap(defaults -> idleCloseOnResponse(config, defaults, depth + 1));
  }
}
