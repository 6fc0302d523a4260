package dev.gitops.haproxy.policy;

import dev.gitops.haproxy.config.ConfigModel;
import dev.gitops.haproxy.config.Directive;
import dev.gitops.haproxy.config.Section;
import dev.gitops.haproxy.config.SectionKind;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;

/** The sections a rule looks at: those of the kinds it lists, or all when it lists none. */
final class Scope {

  private Scope() {
  }

  /** A rule's section kinds as given, none meaning all. */
  static List<SectionKind> orAll(List<SectionKind> kinds) {
    return kinds == null ? List.of() : List.copyOf(kinds);
  }

  /**
   * What {@code judge} says of each directive {@code pattern} matches in the sections of
   * {@code kinds}, in file order; null from the judge means no violation.
   */
  static List<Violation> judge(ConfigModel config, List<SectionKind> kinds, DirectivePattern pattern,
      BiFunction<Section, Directive, Violation> judge) {
    return of(config, kinds).stream().flatMap(s -> s.directives().stream().filter(pattern::matches)
        .map(d -> judge.apply(s, d))).filter(Objects::nonNull).toList();
  }

  static List<Section> of(ConfigModel config, List<SectionKind> kinds) {
    return config.sections().stream().filter(s -> kinds == null || kinds.isEmpty() || kinds.contains(s.kind()))
        .toList();
  }

  /** "section 'backend app'": how violations name where they are. */
  static String in(Section section) {
    return "in section '" + section.label() + "'";
  }
}
