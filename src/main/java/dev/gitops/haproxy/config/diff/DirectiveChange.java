package dev.gitops.haproxy.config.diff;

import dev.gitops.haproxy.config.ConfigText;
import dev.gitops.haproxy.config.Directive;
import java.util.List;

/**
 * One setting of a section that differs: every directive of its key before and after, in order.
 *
 * @param key the setting, e.g. {@code timeout client}; the section keyword for a changed section line
 */
public record DirectiveChange(String key, List<Directive> before, List<Directive> after) {

  public DirectiveChange {
    before = List.copyOf(before);
    after = List.copyOf(after);
  }

  public Change change() {
    return Change.of(!before.isEmpty(), !after.isEmpty());
  }

  /** The key, readable. */
  public String label() {
    return ConfigText.printable(key);
  }
}
