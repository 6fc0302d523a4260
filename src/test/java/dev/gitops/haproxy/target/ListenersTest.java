package dev.gitops.haproxy.target;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ListenersTest {

  private static boolean declared(String config) {
    return Listeners.declared(config.getBytes(StandardCharsets.ISO_8859_1));
  }

  @Test
  void aBindInAFrontendListenOrLogForwardSectionIsAListener() {
    assertThat(declared("global\ndefaults\nfrontend web\n    bind :80\n    default_backend app\n")).isTrue();
    assertThat(declared("listen stats\n  bind 127.0.0.1:8404\n")).isTrue();
    assertThat(declared("log-forward syslog\n    dgram-bind 127.0.0.1:514\n")).isTrue();
    assertThat(declared("frontend web\r\n    bind :80\r\n")).as("CRLF").isTrue();
    assertThat(declared("frontend web\n    mode http\n    bind \\\n        :80\n")).as("a continued line").isTrue();
    assertThat(declared("# caf\u00e9\nfrontend web\n    bind :80 # the only one\n")).as("Latin-1 bytes").isTrue();
  }

  @Test
  void bindsElsewhereCommentsAndNoFrontendAreNoListener() {
    assertThat(declared("global\ndefaults\nbackend app\n    server s1 127.0.0.1:9\n")).isFalse();
    assertThat(declared("frontend web\n    # bind :80\n    default_backend app\nbackend app\n")).isFalse();
    assertThat(declared("frontend web\n    mode http\npeers mesh\n    bind :10000\n")).isFalse();
    assertThat(declared("")).isFalse();
  }

  @Test
  void theRejectionSaysWhatHAProxyWouldDo() {
    ConfigRejectedException e = Listeners.missing("haproxy -c exit code 2");
    assertThat(e.getMessage()).contains("no listener").contains("haproxy -c exit code 2")
        .contains("would stop all traffic");
    assertThat(e.errors()).singleElement().satisfies(error -> assertThat(error.line()).isNull());
  }
}
