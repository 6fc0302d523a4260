package dev.gitops.haproxy.config;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Bytes to {@link ConfigModel}. Lines end at LF only, as HAProxy reads them (a CR before it is a
 * word separator, see {@link LineTokenizer}); a section keyword as first word starts a section,
 * every other statement belongs to the section before it.
 */
final class ConfigParser {

  private ConfigParser() {
  }

  static ConfigModel parse(byte[] content) {
    List<Directive> outside = new ArrayList<>();
    List<Section> sections = new ArrayList<>();
    SectionKind kind = null;
    Directive header = null;
    List<Directive> directives = outside;
    int number = 0;
    for (int start = 0; start < content.length; ) {
      int end = start;
      while (end < content.length && content[end] != '\n') {
        end++;
      }
      number++;
      List<String> words = LineTokenizer.words(content, start, end);
      if (!words.isEmpty()) {
        Directive directive = new Directive(number, words, source(content, start, end));
        Optional<SectionKind> starts = SectionKind.starting(directive.keyword());
        if (starts.isPresent()) {
          if (header != null) {
            sections.add(Section.startedBy(kind, header, directives));
          }
          kind = starts.get();
          header = directive;
          directives = new ArrayList<>();
        } else {
          directives.add(directive);
        }
      }
      start = end + 1;
    }
    if (header != null) {
      sections.add(Section.startedBy(kind, header, directives));
    }
    return new ConfigModel(outside, sections);
  }

  /** The line as written, without surrounding blanks (a CR included). */
  private static String source(byte[] content, int start, int end) {
    return new String(content, start, end - start, StandardCharsets.ISO_8859_1).strip();
  }
}
