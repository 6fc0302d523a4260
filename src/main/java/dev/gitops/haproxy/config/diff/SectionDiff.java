package dev.gitops.haproxy.config.diff;

import dev.gitops.haproxy.config.Section;
import dev.gitops.haproxy.config.SectionKind;
import java.util.List;
import java.util.Optional;

/**
 * A section added, removed or changed. For a changed one, what changed in it: servers by name,
 * other directives by setting ({@link DirectiveKey}).
 *
 * @param label how the section is named in a report: {@code backend app}, {@code defaults},
 *     {@code defaults #2} for the second anonymous one
 */
public record SectionDiff(String label, SectionKind kind, String name, Optional<Section> before,
    Optional<Section> after, List<ServerChange> servers, List<DirectiveChange> directives) {

  public SectionDiff {
    servers = List.copyOf(servers);
    directives = List.copyOf(directives);
  }

  public Change change() {
    return Change.of(before.isPresent(), after.isPresent());
  }

  /** How a one-line summary names it: its name, or its keyword when it has none ({@code global}). */
  public String shortLabel() {
    return name.isEmpty() ? label : label.substring(kind.keyword().length() + 1);
  }

  /** The line that starts it in the new config, or in the old one when it was removed. */
  public int line() {
    return after.or(() -> before).orElseThrow().line();
  }
}
