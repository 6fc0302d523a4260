package dev.gitops.haproxy.config.diff;

import dev.gitops.haproxy.config.ConfigModel;
import dev.gitops.haproxy.config.Directive;
import dev.gitops.haproxy.config.Section;
import dev.gitops.haproxy.config.SectionKind;
import dev.gitops.haproxy.config.Server;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Computes a {@link ConfigDiff}: sections matched by kind and name, then servers by name and settings by key. */
final class ConfigDiffer {

  private ConfigDiffer() {
  }

  static List<SectionDiff> sections(ConfigModel before, ConfigModel after) {
    Set<String> oldReferenced = referencedDefaults(before);
    Set<String> newReferenced = referencedDefaults(after);
    Map<String, Section> old = byIdentity(before.sections(), oldReferenced);
    Map<String, Section> now = byIdentity(after.sections(), newReferenced);
    Set<String> identities = new LinkedHashSet<>(now.keySet());
    identities.addAll(old.keySet());
    List<SectionDiff> diffs = new ArrayList<>();
    for (String identity : identities) {
      Optional<Section> was = Optional.ofNullable(old.get(identity));
      Optional<Section> is = Optional.ofNullable(now.get(identity));
      Section either = is.or(() -> was).orElseThrow();
      List<ServerChange> servers = List.of();
      List<DirectiveChange> directives = List.of();
      if (was.isPresent() && is.isPresent()) {
        servers = servers(was.get(), is.get());
        directives = new ArrayList<>();
        if (!header(was.get(), oldReferenced).equals(header(is.get(), newReferenced))) {
          directives.add(new DirectiveChange(either.kind().keyword(), List.of(was.get().header()),
              List.of(is.get().header())));
        }
        directives.addAll(directives(either.kind(), was.get().settings(), is.get().settings()));
        if (servers.isEmpty() && directives.isEmpty()) {
          continue;
        }
      }
      diffs.add(new SectionDiff(identity, either.kind(), either.name(), was, is, servers, directives));
    }
    return diffs;
  }

  static List<DirectiveChange> outside(ConfigModel before, ConfigModel after) {
    // Conditional blocks and the like: compared as one ordered list, they only make sense in order.
    List<List<String>> old = before.outside().stream().map(Directive::words).toList();
    List<List<String>> now = after.outside().stream().map(Directive::words).toList();
    return old.equals(now) ? List.of() : List.of(new DirectiveChange("(before the first section)",
        before.outside(), after.outside()));
  }

  /**
   * Sections by what identifies them across two versions of a file: kind and name, and for a
   * repeated one (several anonymous {@code defaults}, a second {@code global}) its rank among them.
   */
  private static Map<String, Section> byIdentity(List<Section> sections, Set<String> referenced) {
    Map<String, Section> identified = new LinkedHashMap<>();
    Map<String, Integer> seen = new HashMap<>();
    for (Section section : sections) {
      String label = anonymous(section, referenced) ? section.kind().keyword() : section.label();
      int rank = seen.merge(label, 1, Integer::sum);
      identified.put(rank == 1 ? label : label + " #" + rank, section);
    }
    return identified;
  }

  /**
   * Whether a section's name changes nothing: a {@code defaults} section's name matters only to
   * the sections that name it with {@code from}. A Data Plane API names every anonymous one it
   * stores ({@code defaults unnamed_defaults_1}), which must not read as a section removed and another added.
   */
  private static boolean anonymous(Section section, Set<String> referenced) {
    return section.kind() == SectionKind.DEFAULTS && !referenced.contains(section.name());
  }

  private static Set<String> referencedDefaults(ConfigModel config) {
    Set<String> names = new HashSet<>();
    config.sections().forEach(s -> s.from().ifPresent(names::add));
    return names;
  }

  /** What of a section's line counts: all its words, but the name of a defaults section no one names. */
  private static List<String> header(Section section, Set<String> referenced) {
    return anonymous(section, referenced) ? section.from().map(List::of).orElse(List.of()) : section.header().words();
  }

  private static List<ServerChange> servers(Section before, Section after) {
    Map<String, Server> old = serversByName(before);
    Map<String, Server> now = serversByName(after);
    Set<String> names = new LinkedHashSet<>(now.keySet());
    names.addAll(old.keySet());
    List<ServerChange> changes = new ArrayList<>();
    for (String name : names) {
      Server was = old.get(name);
      Server is = now.get(name);
      if (was == null || is == null || !was.directive().words().equals(is.directive().words())) {
        changes.add(new ServerChange(name, Optional.ofNullable(was), Optional.ofNullable(is)));
      }
    }
    return changes;
  }

  /** A template is named by its prefix: kept apart from a server of the same name. */
  private static Map<String, Server> serversByName(Section section) {
    Map<String, Server> servers = new LinkedHashMap<>();
    for (Server server : section.servers()) {
      String name = server.keyword().equals(Server.TEMPLATE) ? server.name() + " (template)" : server.name();
      servers.putIfAbsent(name, server);
    }
    return servers;
  }

  private static List<DirectiveChange> directives(SectionKind kind, List<Directive> before, List<Directive> after) {
    Map<String, List<Directive>> old = byKey(kind, before);
    Map<String, List<Directive>> now = byKey(kind, after);
    Set<String> keys = new LinkedHashSet<>(now.keySet());
    keys.addAll(old.keySet());
    List<DirectiveChange> changes = new ArrayList<>();
    for (String key : keys) {
      List<Directive> was = old.getOrDefault(key, List.of());
      List<Directive> is = now.getOrDefault(key, List.of());
      if (!words(was).equals(words(is))) {
        changes.add(new DirectiveChange(key, was, is));
      }
    }
    return changes;
  }

  private static Map<String, List<Directive>> byKey(SectionKind kind, List<Directive> directives) {
    Map<String, List<Directive>> grouped = new LinkedHashMap<>();
    for (Directive directive : directives) {
      grouped.computeIfAbsent(DirectiveKey.of(kind, directive), k -> new ArrayList<>()).add(directive);
    }
    return grouped;
  }

  private static List<List<String>> words(List<Directive> directives) {
    return directives.stream().map(Directive::words).toList();
  }
}
