package dev.gitops.haproxy.policy;

import dev.gitops.haproxy.config.ConfigModel;
import dev.gitops.haproxy.config.ConfigText;
import dev.gitops.haproxy.config.Directive;
import dev.gitops.haproxy.config.Section;
import dev.gitops.haproxy.config.SectionKind;
import dev.gitops.haproxy.target.Printable;
import java.util.List;

/**
 * No directive starting with these words, in the sections listed (all when none):
 * {@code kind: DenyDirective, directive: lua-load, sections: [global]}. With {@code unlessLocal},
 * only where the address after the words can be reached from other hosts: a UNIX socket, an
 * abstract socket, an inherited fd or a loopback address is allowed, and an address that cannot be
 * checked (an environment variable) is not: a guardrail fails closed.
 */
public record DenyDirective(String id, DirectivePattern directive, List<SectionKind> sections, boolean unlessLocal,
    String reason) implements Rule {

  public DenyDirective {
    Rule.requireIdAndDirective(id, directive, "DenyDirective", "lua-load");
    sections = Scope.orAll(sections);
  }

  @Override
  public List<Violation> check(ConfigModel config) {
    return Scope.judge(config, sections, directive, this::denied);
  }

  private Violation denied(Section section, Directive found) {
    String where = quoted(found) + " " + Scope.in(section);
    if (!unlessLocal) {
      return violation(found.line(), where + " is not allowed");
    }
    return switch (ListenAddress.reach(directive.argument(found))) {
      case HOST -> null;
      case NETWORK -> violation(found.line(), where + " listens on an address other hosts can reach");
      case UNKNOWN -> violation(found.line(), where + " has an address that cannot be checked to be local");
    };
  }

  /** The directive as HAProxy read it, cut to a readable length. */
  static String quoted(Directive directive) {
    return "'" + Printable.shorten(ConfigText.printable(directive.words()), 100) + "'";
  }
}
