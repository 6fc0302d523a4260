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
 * undo an option and never match {@code option …}. Two numbers match by value, as HAProxy reads
 * them ({@code uid 00} is {@code uid 0}), and an argument from an environment variable matches any
 * word: its value is unknown here, and a guardrail that cannot tell must refuse.
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
    if (directive.words().size() < words.size()) {
      return false;
    }
    // The keyword itself must be as written: one from a variable is refused on its own (Policy).
    if (!words.get(0).equals(directive.keyword())) {
      return false;
    }
    for (int i = 1; i < words.size(); i++) {
      if (!sameWord(words.get(i), directive.word(i))) {
        return false;
      }
    }
    return true;
  }

  private static final java.util.regex.Pattern NUMBER = java.util.regex.Pattern.compile("[+]?[0-9]{1,18}");

  private static boolean sameWord(String pattern, String word) {
    if (word.equals(pattern) || ConfigText.hasVariable(word)) {
      return true;
    }
    return NUMBER.matcher(pattern).matches() && NUMBER.matcher(word).matches()
        && Long.parseLong(pattern) == Long.parseLong(word);
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
