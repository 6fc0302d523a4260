package dev.gitops.haproxy.policy;

import dev.gitops.haproxy.config.ConfigModel;
import dev.gitops.haproxy.config.Directive;
import dev.gitops.haproxy.config.Section;
import dev.gitops.haproxy.config.SectionKind;
import java.util.List;

/**
 * The number after these words is at most {@code max}, in the sections listed (all when none):
 * {@code kind: MaxValue, directive: maxconn, max: 100000}. A value that is not a plain number (an
 * environment variable, say) cannot be checked and is a violation: a guardrail fails closed.
 */
public record MaxValue(String id, DirectivePattern directive, Long max, List<SectionKind> sections, String reason)
    implements Rule {

  public MaxValue {
    Rule.requireIdAndDirective(id, directive, "MaxValue", "maxconn");
    Rule.require(max != null, id, "MaxValue needs max, a number");
    sections = Scope.orAll(sections);
  }

  @Override
  public List<Violation> check(ConfigModel config) {
    return Scope.judge(config, sections, directive, this::exceeding);
  }

  private Violation exceeding(Section section, Directive found) {
    String value = directive.argument(found);
    long number;
    try {
      number = Long.parseLong(value == null ? "" : value);
    } catch (NumberFormatException e) {
      return violation(found.line(), DenyDirective.quoted(found) + " " + Scope.in(section)
          + " has no number the limit of " + max + " can be checked against");
    }
    return number <= max ? null
        : violation(found.line(), DenyDirective.quoted(found) + " " + Scope.in(section) + " is above " + max);
  }
}
