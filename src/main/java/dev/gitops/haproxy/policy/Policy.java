package dev.gitops.haproxy.policy;

import dev.gitops.haproxy.config.ConfigModel;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

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

  /** Every violation of every rule, by line (those without a line last). */
  public List<Violation> check(ConfigModel config) {
    return rules.stream().flatMap(rule -> rule.check(config).stream())
        .sorted(Comparator.comparing(Violation::line, Comparator.nullsLast(Comparator.naturalOrder()))).toList();
  }

  /** The same for the bytes of a haproxy.cfg. */
  public List<Violation> check(byte[] config) {
    return check(ConfigModel.parse(config));
  }
}
