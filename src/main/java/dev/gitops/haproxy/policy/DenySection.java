package dev.gitops.haproxy.policy;

import dev.gitops.haproxy.config.ConfigModel;
import dev.gitops.haproxy.config.SectionKind;
import java.util.List;

/** No section of this kind: {@code kind: DenySection, section: program}. */
public record DenySection(String id, SectionKind section, String reason) implements Rule {

  public DenySection {
    Rule.require(id != null && !id.isBlank(), id, "needs an id");
    Rule.require(section != null, id, "DenySection needs a section (e.g. program)");
  }

  @Override
  public List<Violation> check(ConfigModel config) {
    return config.sections(section).stream()
        .map(s -> violation(s.line(), "section '" + s.label() + "' is not allowed")).toList();
  }
}
