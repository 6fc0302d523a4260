package dev.gitops.haproxy.config.diff;

import dev.gitops.haproxy.config.ConfigModel;
import java.util.Arrays;
import java.util.List;

/**
 * What differs between two configs, section by section. Comments, blank lines, indentation,
 * spacing and quoting that HAProxy reads alike are not differences; neither is the order of
 * sections or of directives of different settings (a Data Plane API regroups both).
 *
 * @param sections the sections added, removed or changed, in the order of the new config, then removed ones
 * @param outside changes to statements before the first section
 * @param sameBytes whether the two files are byte for byte the same
 */
public record ConfigDiff(List<SectionDiff> sections, List<DirectiveChange> outside, boolean sameBytes) {

  public ConfigDiff {
    sections = List.copyOf(sections);
    outside = List.copyOf(outside);
  }

  /** The difference between the files {@code before} and {@code after}. */
  public static ConfigDiff between(byte[] before, byte[] after) {
    return of(ConfigModel.parse(before), ConfigModel.parse(after), Arrays.equals(before, after));
  }

  public static ConfigDiff of(ConfigModel before, ConfigModel after, boolean sameBytes) {
    return new ConfigDiff(ConfigDiffer.sections(before, after), ConfigDiffer.outside(before, after), sameBytes);
  }

  /** True when HAProxy would run both alike: only comments, blanks, quoting or order differ. */
  public boolean identicalInEffect() {
    return sections.isEmpty() && outside.isEmpty();
  }

  public List<SectionDiff> sections(Change change) {
    return sections.stream().filter(s -> s.change() == change).toList();
  }
}
