package dev.gitops.haproxy.config;

import java.util.List;
import java.util.Optional;

/**
 * haproxy.cfg as sections of directives, enough to compare two configs and to check a policy. Not a
 * validator: HAProxy stays the judge of what is valid; this reads whatever HAProxy reads.
 *
 * @param outside directives before the first section (HAProxy accepts only conditional blocks
 *     such as {@code .if} there)
 * @param sections in the order of the file
 */
public record ConfigModel(List<Directive> outside, List<Section> sections) {

  public ConfigModel {
    outside = List.copyOf(outside);
    sections = List.copyOf(sections);
  }

  /** The model of {@code content}, the file's bytes in whatever encoding. */
  public static ConfigModel parse(byte[] content) {
    return ConfigParser.parse(content);
  }

  public List<Section> sections(SectionKind kind) {
    return sections.stream().filter(s -> s.kind() == kind).toList();
  }

  /**
   * The {@code defaults} section {@code proxy} takes its initial settings from: the one it names
   * with {@code from}, otherwise the last one before it (configuration.txt, section 4). A
   * {@code defaults} section without {@code from} starts from HAProxy's own defaults.
   */
  public Optional<Section> defaultsOf(Section proxy) {
    if (!proxy.kind().inheritsDefaults()) {
      return Optional.empty();
    }
    Optional<String> from = proxy.from();
    if (from.isPresent()) {
      return sections(SectionKind.DEFAULTS).stream().filter(s -> s.name().equals(from.get()) && s != proxy)
          .findFirst();
    }
    if (proxy.kind() == SectionKind.DEFAULTS) {
      return Optional.empty();
    }
    Section last = null;
    for (Section section : sections) {
      if (section == proxy) {
        break;
      }
      if (section.kind() == SectionKind.DEFAULTS) {
        last = section;
      }
    }
    return Optional.ofNullable(last);
  }
}
