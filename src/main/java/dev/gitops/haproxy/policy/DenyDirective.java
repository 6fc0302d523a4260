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
 * {@code kind: DenyDirective, directive: lua-load, sections: [global]}.
 */
public record DenyDirective(String id, DirectivePattern directive, List<SectionKind> sections, String reason)
    implements Rule {

  public DenyDirective {
    Rule.require(id != null && !id.isBlank(), id, "needs an id");
    Rule.require(directive != null, id, "DenyDirective needs a directive (e.g. lua-load)");
    sections = sections == null ? List.of() : List.copyOf(sections);
  }

  @Override
  public List<Violation> check(ConfigModel config) {
    return Scope.of(config, sections).stream()
        .flatMap(s -> s.directives().stream().filter(directive::matches).map(d -> denied(s, d))).toList();
  }

  private Violation denied(Section section, Directive found) {
    return violation(found.line(), quoted(found) + " " + Scope.in(section) + " is not allowed");
  }

  /** The directive as HAProxy read it, cut to a readable length. */
  static String quoted(Directive directive) {
    return "'" + Printable.shorten(ConfigText.printable(directive.words()), 100) + "'";
  }
}
