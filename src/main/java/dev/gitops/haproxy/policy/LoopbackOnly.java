package dev.gitops.haproxy.policy;

import dev.gitops.haproxy.config.ConfigModel;
import dev.gitops.haproxy.config.Directive;
import dev.gitops.haproxy.config.Section;
import dev.gitops.haproxy.config.SectionKind;
import java.util.List;

/**
 * The address after these words is reachable from the load balancer's host only (a UNIX socket, an
 * abstract socket, an inherited fd, or a loopback address), in the sections listed (all when none):
 * {@code kind: LoopbackOnly, directive: stats socket}. An address that cannot be checked (an
 * environment variable) is a violation.
 */
public record LoopbackOnly(String id, DirectivePattern directive, List<SectionKind> sections, String reason)
    implements Rule {

  public LoopbackOnly {
    Rule.require(id != null && !id.isBlank(), id, "needs an id");
    Rule.require(directive != null, id, "LoopbackOnly needs a directive (e.g. stats socket)");
    sections = sections == null ? List.of() : List.copyOf(sections);
  }

  @Override
  public List<Violation> check(ConfigModel config) {
    return Scope.of(config, sections).stream().flatMap(s -> s.directives().stream().filter(directive::matches)
        .map(d -> exposed(s, d)).filter(v -> v != null)).toList();
  }

  private Violation exposed(Section section, Directive found) {
    String where = DenyDirective.quoted(found) + " " + Scope.in(section);
    return switch (ListenAddress.reach(directive.argument(found))) {
      case HOST -> null;
      case NETWORK -> violation(found.line(), where + " listens on an address other hosts can reach");
      case UNKNOWN -> violation(found.line(), where + " has an address that cannot be checked to be local");
    };
  }
}
