package dev.gitops.haproxy.policy;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.gitops.haproxy.config.ConfigText;
import dev.gitops.haproxy.config.Directive;
import java.util.Arrays;
import java.util.List;

/**
 * The first words of the directives a rule is about, as written in a policy file: {@code lua-load},
 * {@code stats socket}, {@code user root}. A directive matches when its first words are these,
 * exactly (HAProxy's keywords are case-sensitive); {@code no option …} and {@code default option …}
 * undo an option and never match {@code option …}.
 */
public record DirectivePattern(String text, List<String> words) {

  public DirectivePattern {
    words = List.copyOf(words);
    if (words.isEmpty()) {
      throw new IllegalArgumentException("a directive needs at least one word");
    }
  }

  @JsonCreator
  public static DirectivePattern of(String text) {
    String trimmed = text == null ? "" : text.strip();
    List<String> words = trimmed.isEmpty() ? List.of()
        : Arrays.stream(trimmed.split("\\s+")).map(ConfigText::fromUtf8).toList();
    return new DirectivePattern(trimmed, words);
  }

  public boolean matches(Directive directive) {
    return directive.startsWith(words);
  }

  /** The first word after the pattern in {@code directive}: the value a limit or an address rule checks. */
  public String argument(Directive directive) {
    return directive.word(words.size());
  }

  @JsonValue
  @Override
  public String toString() {
    return text;
  }
}
