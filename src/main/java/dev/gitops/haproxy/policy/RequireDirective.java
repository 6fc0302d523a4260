package dev.gitops.haproxy.policy;

import dev.gitops.haproxy.config.ConfigModel;
import dev.gitops.haproxy.config.Section;
import dev.gitops.haproxy.config.SectionKind;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Every section of the kinds listed has a directive starting with these words:
 * {@code kind: RequireDirective, directive: timeout client, sections: [frontend, listen], inherited: true}.
 * With {@code inherited}, a proxy also has it when the {@code defaults} section it takes its settings
 * from has it (through {@code from}, or the last one before it; along chains of {@code from}),
 * which is how HAProxy applies it. A config without any section of those kinds has nothing to check.
 */
public record RequireDirective(String id, DirectivePattern directive, List<SectionKind> sections, boolean inherited,
    String reason) implements Rule {

  public RequireDirective {
    Rule.requireIdAndDirective(id, directive, "RequireDirective", "timeout client");
    Rule.require(sections != null && !sections.isEmpty(), id,
        "RequireDirective needs the sections that must have it (e.g. [defaults])");
    sections = List.copyOf(sections);
  }

  @Override
  public List<Violation> check(ConfigModel config) {
    return Scope.of(config, sections).stream().filter(s -> !has(config, s))
        .map(s -> violation(s.line(), "section '" + s.label() + "' has no '" + directive + "'"
            + (inherited && s.kind().inheritsDefaults() ? ", neither itself nor from its defaults section" : "")))
        .toList();
  }

  private boolean has(ConfigModel config, Section section) {
    if (section.has(directive.words())) {
      return true;
    }
    Set<Section> seen = new HashSet<>();
    Optional<Section> defaults = inherited ? config.defaultsOf(section) : Optional.empty();
    // A chain of "from" can loop in a config HAProxy refuses anyway: stop at a section seen before.
    while (defaults.isPresent() && seen.add(defaults.get())) {
      if (defaults.get().has(directive.words())) {
        return true;
      }
      defaults = config.defaultsOf(defaults.get());
    }
    return false;
  }
}
