package dev.gitops.haproxy.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gitops.haproxy.model.ValidationError;
import org.junit.jupiter.api.Test;

class HAProxyErrorsTest {

  /** What haproxy 2.6 prints for `haproxy -c` on a config with an unknown keyword on line 14. */
  private static final String HAPROXY_26_OUTPUT = """
      [NOTICE]   (16066) : haproxy version is 2.6.12-1+deb12u4
      [NOTICE]   (16066) : path to executable is /usr/sbin/haproxy
      [ALERT]    (16066) : config : parsing [/tmp/haproxy-validate-123.cfg:14] : unknown keyword 'bogus' in 'frontend' section
      [ALERT]    (16066) : config : Error(s) found in configuration file : /tmp/haproxy-validate-123.cfg
      [ALERT]    (16066) : config : Fatal errors found in configuration.
      """;

  @Test
  void extractsLineNumberAndMessageAndDropsSummaryLines() {
    assertThat(HAProxyErrors.parse(HAPROXY_26_OUTPUT))
        .containsExactly(new ValidationError(14, "unknown keyword 'bogus' in 'frontend' section"));
  }

  @Test
  void keepsAlertsWithoutLineNumbers() {
    String output = "[ALERT]    (1) : config : Proxy 'fe': unable to find required default_backend: 'missing'.\n"
        + "[ALERT]    (1) : config : Fatal errors found in configuration.";
    assertThat(HAProxyErrors.parse(output))
        .containsExactly(new ValidationError(null, "Proxy 'fe': unable to find required default_backend: 'missing'"));
  }

  @Test
  void understandsEscapedNewlinesAndWrappedOutput() {
    String relayed = "err transactionId=abc msg=validation error: [ALERT] (9) : config : parsing [/tmp/x.cfg:3] : "
        + "'bind' : missing address\\n[ALERT] (9) : config : parsing [/tmp/x.cfg:7] : unknown keyword 'x' in 'backend' section";
    assertThat(HAProxyErrors.parse(relayed)).extracting(ValidationError::line).containsExactly(3, 7);
  }

  @Test
  void headlineNamesTheFirstErrorAndCountsTheRest() {
    var errors = HAProxyErrors.parse("[ALERT] (1) : config : parsing [f:3] : a\n[ALERT] (1) : config : parsing [f:9] : b");
    assertThat(HAProxyErrors.headline(errors, "raw")).isEqualTo("line 3: a (and 1 more)");
    assertThat(HAProxyErrors.headline(java.util.List.of(), "  raw\n answer ")).isEqualTo("raw answer");
  }

  @Test
  void ignoresWarningsAndEmptyOutput() {
    assertThat(HAProxyErrors.parse("[WARNING]  (1) : config : parsing [f:2] : a 'timeout' is missing")).isEmpty();
    assertThat(HAProxyErrors.parse(null)).isEmpty();
  }
}
