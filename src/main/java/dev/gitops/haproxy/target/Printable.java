package dev.gitops.haproxy.target;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Text from HAProxy made safe to show in status, Events and logs. HAProxy echoes config lines in
 * its messages, and a config is bytes: a Latin-1 comment, a stray control character. Bytes that
 * are not UTF-8 become {@code \xNN} instead of disappearing into U+FFFD, and control characters
 * are escaped, so that no message can move a terminal's cursor when kubectl prints it.
 */
public final class Printable {

  private Printable() {
  }

  /** {@code bytes} as text: UTF-8 where they are, {@code \xNN} for every byte that is not; control characters escaped. */
  public static String of(byte[] bytes, int offset, int length) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes, offset, length);
    CharBuffer out = CharBuffer.allocate(Math.max(16, length));
    StringBuilder text = new StringBuilder(length);
    while (true) {
      CoderResult result = decoder.decode(in, out, true);
      out.flip();
      text.append(out);
      out.clear();
      if (result.isError()) {
        for (int i = 0; i < result.length(); i++) {
          text.append(String.format("\\x%02x", in.get() & 0xff));
        }
      } else if (result.isUnderflow()) {
        break;
      }
    }
    decoder.flush(out);
    out.flip();
    text.append(out);
    return escapeControls(text.toString(), true);
  }

  public static String of(byte[] bytes) {
    return of(bytes, 0, bytes.length);
  }

  /**
   * {@code text} in at most {@code max} characters, cut in the middle, never at the end: a message
   * says what failed first and what was done about it last (rolled back to what, retried when),
   * and HAProxy's says what was wrong at its end ({@code … but got 'set-headers'}).
   */
  public static String shorten(String text, int max) {
    if (text == null) {
      return "";
    }
    if (text.length() <= max) {
      return text;
    }
    int head = (max - 5) * 2 / 5;
    int tail = max - 5 - head;
    return text.substring(0, head) + " ... " + text.substring(text.length() - tail);
  }

  /** {@code text} with its control characters escaped; line breaks too, unless {@code keepLines}. */
  public static String escapeControls(String text, boolean keepLines) {
    StringBuilder escaped = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean control = (c < 0x20 && c != '\t' && !(keepLines && (c == '\n' || c == '\r')))
          || (c >= 0x7f && c <= 0x9f);
      if (control && escaped == null) {
        escaped = new StringBuilder(text.length() + 8).append(text, 0, i);
      }
      if (escaped != null) {
        if (control) {
          escaped.append(String.format("\\x%02x", (int) c));
        } else {
          escaped.append(c);
        }
      }
    }
    return escaped == null ? text : escaped.toString();
  }
}
