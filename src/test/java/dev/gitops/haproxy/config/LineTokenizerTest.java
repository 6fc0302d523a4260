package dev.gitops.haproxy.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineTokenizerTest {

  private static List<String> words(String line) {
    byte[] bytes = line.getBytes(StandardCharsets.ISO_8859_1);
    return LineTokenizer.words(bytes, 0, bytes.length);
  }

  @Test
  void theFiveSpellingsOfOneLogFormatInHAProxysManualAreOneWord() {
    List<String> expected = List.of("log-format", "%{+Q}o %t %s %{-Q}r");

    assertThat(words("log-format %{+Q}o\\ %t\\ %s\\ %{-Q}r")).isEqualTo(expected);
    assertThat(words("log-format \"%{+Q}o %t %s %{-Q}r\"")).isEqualTo(expected);
    assertThat(words("log-format '%{+Q}o %t %s %{-Q}r'")).isEqualTo(expected);
    assertThat(words("log-format \"%{+Q}o %t\"' %s %{-Q}r'")).isEqualTo(expected);
    assertThat(words("log-format \"%{+Q}o %t\"' %s'\\ %{-Q}r")).isEqualTo(expected);
  }

  @Test
  void blanksBetweenWordsAndAroundTheLineDoNotCount() {
    assertThat(words("\t  timeout   client\t30s  ")).containsExactly("timeout", "client", "30s");
  }

  @Test
  void aCarriageReturnIsASeparatorAsForHAProxy() {
    assertThat(words("timeout client 30s\r")).containsExactly("timeout", "client", "30s");
  }

  @Test
  void anUnprotectedHashStartsACommentEvenInsideAWord() {
    assertThat(words("maxconn 100# comment")).containsExactly("maxconn", "100");
    assertThat(words("# only a comment")).isEmpty();
    assertThat(words("http-request set-header X \\#1 # comment")).containsExactly("http-request", "set-header", "X",
        "#1");
    assertThat(words("http-request set-header X \"#1\" '#2'")).containsExactly("http-request", "set-header", "X", "#1",
        "#2");
  }

  @Test
  void escapesBecomeTheCharacterTheyStandFor() {
    assertThat(words("tcp-check send PING\\r\\n")).containsExactly("tcp-check", "send", "PING\r\n");
    assertThat(words("a \\x41\\x42 \\\\ \\\" \\'")).containsExactly("a", "AB", "\\", "\"", "'");
    assertThat(words("a \"tab\\there\"")).containsExactly("a", "tab\there");
  }

  @Test
  void aBackslashBeforeAnythingElseStaysAsInRegexReplacements() {
    assertThat(words("a my/\\1")).containsExactly("a", "my/\\1");
    assertThat(words("a '\\1 \\n'")).containsExactly("a", "\\1 \\n");
    assertThat(words("a \\xZZ")).containsExactly("a", "\\xZZ");
  }

  @Test
  void aBackslashAtTheEndOfALineIsALiteralWordNotAContinuation() {
    // HAProxy 2.6: "'timeout client' : unexpected extra argument '\' after value '10s'".
    assertThat(words("timeout client 10s \\")).containsExactly("timeout", "client", "10s", "\\");
    assertThat(words("timeout client 10s\\")).containsExactly("timeout", "client", "10s\\");
  }

  @Test
  void anEmptyQuotedStringIsAnEmptyWord() {
    assertThat(words("http-request set-header X \"\"")).containsExactly("http-request", "set-header", "X", "");
  }

  @Test
  void anEnvironmentVariableInDoubleQuotesNeverEqualsTheSameLiteralText() {
    List<String> variable = words("user \"$HAPROXY_USER\"");
    List<String> literal = words("user $HAPROXY_USER");
    List<String> escaped = words("user \"\\$HAPROXY_USER\"");

    assertThat(variable).isNotEqualTo(literal);
    assertThat(escaped).isEqualTo(literal);
    assertThat(ConfigText.printable(variable)).isEqualTo("user $HAPROXY_USER");
  }

  @Test
  void anUnmatchedQuoteRunsToTheEndOfTheLine() {
    assertThat(words("timeout server \"10s  x")).containsExactly("timeout", "server", "10s  x");
  }

  @Test
  void bytesThatAreNotUtf8AreKeptOneCharPerByte() {
    byte[] latin1 = "comment caf\u00e9 \"cr\u00e8me\"".getBytes(StandardCharsets.ISO_8859_1);

    List<String> words = LineTokenizer.words(latin1, 0, latin1.length);

    assertThat(words).containsExactly("comment", "caf\u00e9", "cr\u00e8me");
    assertThat(ConfigText.printable(words.get(1))).isEqualTo("caf\\xe9");
  }
}
