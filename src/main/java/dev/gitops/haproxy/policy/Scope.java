package dev.gitops.haproxy.policy;

import dev.gitops.haproxy.config.ConfigModel;
import dev.gitops.haproxy.config.Section;
import dev.gitops.haproxy.config.SectionKind;
import java.util.List;

/** The sections a rule looks at: those of the kinds it lists, or all when it lists none. */
final class Scope {

  private Scope() {
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
