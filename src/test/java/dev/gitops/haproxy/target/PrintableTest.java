package dev.gitops.haproxy.target;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PrintableTest {

  @Test
  void bytesThatAreNotUtf8ShowAsEscapesAndUtf8StaysAsItIs() {
    byte[] latin1 = "[haproxy.cfg:3] unknown keyword 'caf\u00e9'".getBytes(StandardCharsets.ISO_8859_1);
    byte[] utf8 = "unknown keyword 'caf\u00e9'".getBytes(StandardCharsets.UTF_8);

    assertThat(Printable.of(latin1)).isEqualTo("[haproxy.cfg:3] unknown keyword 'caf\\xe9'");
    assertThat(Printable.of(utf8)).isEqualTo("unknown keyword 'caf\u00e9'");
  }

  @Test
  void controlCharactersNeverReachATerminal() {
    byte[] output = "line 1\n[ALERT] bad '\u001b[2Jx'\ttab\r\n".getBytes(StandardCharsets.UTF_8);

    assertThat(Printable.of(output)).isEqualTo("line 1\n[ALERT] bad '\\x1b[2Jx'\ttab\r\n");
    assertThat(Printable.escapeControls("a\nb\u0085c", false)).isEqualTo("a\\x0ab\\x85c");
    assertThat(HAProxyErrors.parse("[ALERT] (1) : config : parsing [haproxy.cfg:7] : unknown keyword '\u001b]0;x'"))
        .singleElement().satisfies(error -> assertThat(error.message()).contains("\\x1b]0;x").doesNotContain("\u001b"));
  }

  @Test
  void aLongMessageIsShortenedInTheMiddleKeepingWhatWentWrongAtItsEnd() {
    String message = "parsing [haproxy.cfg:12]: expects one of " + "'keyword', ".repeat(100) + "but got 'set-headers'";

    String shortened = Printable.shorten(message, 300);

    assertThat(shortened).hasSize(300).startsWith("parsing [haproxy.cfg:12]").endsWith("but got 'set-headers'")
        .contains(" ... ");
    assertThat(HAProxyErrors.abbreviate(message)).endsWith("but got 'set-headers'");
    assertThat(Printable.shorten("short", 300)).isEqualTo("short");
  }
}
