package dev.gitops.haproxy.config;

import dev.gitops.haproxy.target.Printable;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * How the model holds text. haproxy.cfg is bytes, and two words are the same only when their bytes
 * are, so every word is kept as ISO-8859-1 text: one char per byte, nothing lost, any encoding.
 * Text leaves the model through {@link #printable}, which shows UTF-8 as UTF-8 and any other byte
 * as {@code \xNN}.
 */
public final class ConfigText {

  /**
   * Stands for the {@code $} of an environment variable reference inside double quotes. It is above
   * U+00FF, so no byte of the file can produce it: {@code "$HOME"} (expanded by HAProxy) and
   * {@code $HOME} (literal outside quotes) never compare equal.
   */
  static final char VARIABLE = '\u0100';

  private ConfigText() {
  }

  /** Whether a word holds an environment variable reference, whose value only HAProxy's environment knows. */
  public static boolean hasVariable(String word) {
    return word.indexOf(VARIABLE) >= 0;
  }

  /** {@code text} as the model would hold it had it been read from a UTF-8 file: for matching words. */
  public static String fromUtf8(String text) {
    return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
  }

  /** Model text made readable: UTF-8 where it is, {@code \xNN} for other bytes, control characters escaped. */
  public static String printable(String text) {
    byte[] bytes = new byte[text.length()];
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      bytes[i] = (byte) (c == VARIABLE ? '$' : c);
    }
    return Printable.escapeControls(Printable.of(bytes), false);
  }

  /** Words joined by one space, readable. */
  public static String printable(List<String> words) {
    return printable(String.join(" ", words));
  }
}
