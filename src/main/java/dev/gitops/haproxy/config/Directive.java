package dev.gitops.haproxy.config;

import java.util.List;

/**
 * One statement of haproxy.cfg: its words as HAProxy reads them (quotes and escapes resolved,
 * comments gone; ISO-8859-1 text, see {@link ConfigText}) and where it is.
 *
 * @param line the line number in the file, from 1
 * @param source the line as written (its comment too), without surrounding blanks, for messages
 */
public record Directive(int line, List<String> words, String source) {

  public Directive {
    words = List.copyOf(words);
    if (words.isEmpty()) {
      throw new IllegalArgumentException("a directive has at least one word (line " + line + ")");
    }
  }

  public String keyword() {
    return words.get(0);
  }

  /** Whether its first words are {@code prefix}: {@code stats socket} matches {@code stats socket /run/a.sock}. */
  public boolean startsWith(List<String> prefix) {
    return words.size() >= prefix.size() && words.subList(0, prefix.size()).equals(prefix);
  }

  /** The word at {@code index}, or null when the line is shorter. */
  public String word(int index) {
    return index < words.size() ? words.get(index) : null;
  }

  /** The line as written, readable: what messages show. */
  public String text() {
    return ConfigText.printable(source);
  }
}
