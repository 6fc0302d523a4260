package dev.gitops.haproxy.config.diff;

import dev.gitops.haproxy.config.SectionKind;
import dev.gitops.haproxy.target.Printable;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The one line that says what a change does, for an Event, a history entry or a terminal:
 * {@code +1 backend, 2 servers changed, fe_main: timeout client}. Pure, and never longer than asked.
 */
public final class DiffSummary {

  /** Nothing differs, not even a byte. */
  public static final String NO_CHANGE = "no change";
  /** The bytes differ but HAProxy reads both alike. */
  public static final String COMMENTS_ONLY = "only comments or formatting changed";

  private DiffSummary() {
  }

  /**
   * The summary of {@code diff} in at most {@code maxLength} characters: whole items from the
   * start and how many more there are, e.g. {@code +1 backend, app: balance (+3 more)}.
   */
  public static String oneLine(ConfigDiff diff, int maxLength) {
    if (diff.identicalInEffect()) {
      return Printable.shorten(diff.sameBytes() ? NO_CHANGE : COMMENTS_ONLY, maxLength);
    }
    List<String> items = items(diff);
    String line = String.join(", ", items);
    if (line.length() <= maxLength) {
      return line;
    }
    for (int kept = items.size() - 1; kept > 0; kept--) {
      String cut = String.join(", ", items.subList(0, kept)) + " (+" + (items.size() - kept) + " more)";
      if (cut.length() <= maxLength) {
        return cut;
      }
    }
    return Printable.shorten(line, maxLength);
  }

  static List<String> items(ConfigDiff diff) {
    List<String> items = new ArrayList<>();
    items.addAll(counted(diff.sections(Change.ADDED), "+"));
    items.addAll(counted(diff.sections(Change.REMOVED), "-"));
    List<ServerChange> servers = diff.sections(Change.CHANGED).stream().flatMap(s -> s.servers().stream()).toList();
    addCount(items, "+", servers, Change.ADDED, "");
    addCount(items, "-", servers, Change.REMOVED, "");
    addCount(items, "", servers, Change.CHANGED, " changed");
    for (SectionDiff section : diff.sections(Change.CHANGED)) {
      if (!section.directives().isEmpty()) {
        items.add(section.shortLabel() + ": "
            + section.directives().stream().map(DirectiveChange::label).collect(Collectors.joining(", ")));
      }
    }
    if (!diff.outside().isEmpty()) {
      items.add("statements before the first section");
    }
    return items;
  }

  private static List<String> counted(List<SectionDiff> sections, String sign) {
    Map<SectionKind, Integer> counts = new EnumMap<>(SectionKind.class);
    sections.forEach(s -> counts.merge(s.kind(), 1, Integer::sum));
    return counts.entrySet().stream().map(e -> sign + e.getValue() + " " + noun(e.getKey(), e.getValue())).toList();
  }

  private static void addCount(List<String> items, String sign, List<ServerChange> servers, Change change,
      String suffix) {
    long count = servers.stream().filter(s -> s.change() == change).count();
    if (count > 0) {
      items.add(sign + count + (count == 1 ? " server" : " servers") + suffix);
    }
  }

  /** "backend", "backends"; the kinds whose keyword is already plural read as "peers section". */
  static String noun(SectionKind kind, int count) {
    String plural = count == 1 ? "" : "s";
    return switch (kind) {
      case FRONTEND, BACKEND, LISTEN, USERLIST, CACHE, RING, PROGRAM, FCGI_APP -> kind.keyword() + plural;
      case GLOBAL, DEFAULTS, PEERS, RESOLVERS, MAILERS, HTTP_ERRORS, LOG_FORWARD ->
          kind.keyword() + " section" + plural;
    };
  }
}
