package dev.gitops.haproxy.policy;

import dev.gitops.haproxy.config.ConfigModel;
import dev.gitops.haproxy.config.ConfigText;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What an administrator allows in the configs the operator validates and applies, whatever HAProxy
 * would accept: a list of rules, read from YAML by {@link PolicyFile}. A config that breaks a rule
 * is never validated nor applied.
 *
 * @param origin where it was read from, for messages: a file, or "the default policy"
 */
public record Policy(String origin, List<Rule> rules) {

  /** No rule at all: {@code --policy none}. */
  public static final Policy NONE = new Policy("no policy", List.of());

  public Policy {
    rules = List.copyOf(rules);
    Set<String> ids = new HashSet<>();
    for (Rule rule : rules) {
      if (!ids.add(rule.id())) {
        throw new IllegalArgumentException("two rules have the id '" + rule.id() + "'");
      }
    }
  }

  /** The id of the violation every policy but none reports: a keyword no rule can read. */
  public static final String HIDDEN_KEYWORD = "keyword-from-environment";

  /**
   * Every violation of every rule, by line (those without a line last). A policy with rules also
   * refuses a keyword that comes from an environment variable ({@code setenv K lua-load}, then
   * {@code "$K" file.lua}): HAProxy expands it while it parses, so no rule could see what it is.
   */
  public List<Violation> check(ConfigModel config) {
    Stream<Violation> hidden = rules.isEmpty() ? Stream.empty() : Stream.concat(config.outside().stream(),
            config.sections().stream().flatMap(section -> Stream.concat(Stream.of(section.header()),
                section.directives().stream())))
        .filter(directive -> ConfigText.hasVariable(directive.keyword()))
        .map(directive -> new Violation(directive.line(), HIDDEN_KEYWORD, "'" + directive.text()
            + "': a keyword from an environment variable cannot be checked against the policy"));
    return Stream.concat(hidden, rules.stream().flatMap(rule -> rule.check(config).stream()))
        .sorted(Comparator.comparing(Violation::line, Comparator.nullsLast(Comparator.naturalOrder()))).toList();
  }

  /** The same for the bytes of a haproxy.cfg. */
  public List<Violation> check(byte[] config) {
    return check(ConfigModel.parse(config));
  }
}
