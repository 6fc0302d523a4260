package dev.gitops.haproxy.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts one line of haproxy.cfg into words the way HAProxy 2.6 does (configuration.txt, 2.2
 * "Quoting and escaping"), so that two lines HAProxy reads alike compare equal: {@code "a b"},
 * {@code 'a b'} and {@code a\ b} are one word {@code a b}; an unquoted, unescaped {@code #} starts a
 * comment anywhere; spaces, tabs and a CR are separators.
 *
 * <p>Environment variables are not expanded (the operator does not know HAProxy's environment):
 * a reference inside double quotes keeps its name, marked with {@link ConfigText#VARIABLE}.
 *
 * <p>HAProxy has no line continuation: a {@code \} at the end of a line is a literal backslash
 * (HAProxy 2.6 then refuses {@code timeout client 10s \} for its extra argument {@code \}), and
 * the next line is a statement of its own. This tokenizer does exactly the same.
 *
 * <p>Not a validator: an unmatched quote runs to the end of the line, and an invalid {@code \x}
 * escape stays as written; HAProxy reports both.
 */
final class LineTokenizer {

  private LineTokenizer() {
  }

  /** The words of {@code content[from, to)}, each as ISO-8859-1 text (one char per byte). */
  static List<String> words(byte[] content, int from, int to) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    boolean single = false;
    boolean dbl = false;
    for (int i = from; i < to; i++) {
      char c = (char) (content[i] & 0xff);
      if (single) {
        if (c == '\'') {
          single = false;
        } else {
          word.append(c);
        }
      } else if (!dbl && isSeparator(c)) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else if (!dbl && c == '#') {
        break;
      } else if (c == '"') {
        dbl = !dbl;
        inWord = true;
      } else if (c == '\'' && !dbl) {
        single = true;
        inWord = true;
      } else if (c == '\\') {
        i += escape(content, i, to, word) - 1;
        inWord = true;
      } else if (c == '$' && dbl && i + 1 < to && startsVariable(content[i + 1])) {
        word.append(ConfigText.VARIABLE);
        inWord = true;
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }

  /** Appends what the backslash at {@code at} stands for; returns how many bytes it used. */
  private static int escape(byte[] content, int at, int to, StringBuilder word) {
    char next = at + 1 < to ? (char) (content[at + 1] & 0xff) : 0;
    switch (next) {
      case ' ', '\t', '\\', '#', '\'', '"' -> word.append(next);
      case 'n' -> word.append('\n');
      case 'r' -> word.append('\r');
      case 't' -> word.append('\t');
      // Escaped, a dollar is never a variable: it is a plain $ in and out of quotes.
      case '$' -> word.append('$');
      case 'x' -> {
        if (at + 3 < to && isHex(content[at + 2]) && isHex(content[at + 3])) {
          word.append((char) (Character.digit(content[at + 2], 16) * 16 + Character.digit(content[at + 3], 16)));
          return 4;
        }
        word.append('\\');
        return 1;
      }
      default -> {
        // Not an escape sequence (\1 in a regex, a \ at the end of the line): the backslash stays.
        word.append('\\');
        return 1;
      }
    }
    return 2;
  }

  /** What C's isspace() accepts: HAProxy separates words with it, so a CR before the LF is a separator. */
  private static boolean isSeparator(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0b || c == 0x0c;
  }

  private static boolean startsVariable(byte b) {
    return b == '{' || b == '_' || b == '.' || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
  }

  private static boolean isHex(byte b) {
    return Character.digit(b, 16) >= 0;
  }
}
