package dev.gitops.haproxy.config;

import java.util.List;
import java.util.Optional;

/**
 * One section: the line that starts it and its directives in order.
 *
 * @param name its name, empty for {@code global} and an anonymous {@code defaults}
 */
public record Section(SectionKind kind, String name, Directive header, List<Directive> directives) {

  public Section {
    directives = List.copyOf(directives);
  }

  static Section startedBy(SectionKind kind, Directive header, List<Directive> directives) {
    String second = header.word(1);
    boolean anonymous = !kind.named() || second == null || (kind == SectionKind.DEFAULTS && second.equals("from"));
    return new Section(kind, anonymous ? "" : second, header, directives);
  }

  public int line() {
    return header.line();
  }

  /** How messages name it: {@code backend app}, {@code global}, {@code defaults}. */
  public String label() {
    return name.isEmpty() ? kind.keyword() : kind.keyword() + " " + ConfigText.printable(name);
  }

  /** The defaults section it names with {@code from}, if it names one. */
  public Optional<String> from() {
    List<String> words = header.words();
    int at = words.indexOf("from");
    return at > 0 && at + 1 < words.size() ? Optional.of(words.get(at + 1)) : Optional.empty();
  }

  /** Its {@code server} and {@code server-template} lines, in order. */
  public List<Server> servers() {
    return directives.stream().filter(Server::declares).map(Server::of).toList();
  }

  /** Its directives other than servers, in order. */
  public List<Directive> settings() {
    return directives.stream().filter(d -> !Server.declares(d)).toList();
  }

  /** Whether one of its own directives starts with {@code prefix}. */
  public boolean has(List<String> prefix) {
    return directives.stream().anyMatch(d -> d.startsWith(prefix));
  }
}
