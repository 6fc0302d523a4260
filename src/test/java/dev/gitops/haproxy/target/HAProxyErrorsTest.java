package dev.gitops.haproxy.target;

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

  /** The message of the 400 the Data Plane API v3.2 sends for only_validate, as received. */
  private static final String DATAPLANE_32_MESSAGE = "validation error: exit status 1: "
      + "msg=\"config parsing [/tmp/onlyvalidate1066557654:10] unknown keyword 'bogus' in 'frontend' section\"\n"
      + "msg=\"config Error(s) found in configuration file /tmp/onlyvalidate1066557654\"\n"
      + "msg=\"config Fatal errors found in configuration.\"";

  @Test
  void understandsTheDataplaneApiRelayFormat() {
    assertThat(HAProxyErrors.parse(DATAPLANE_32_MESSAGE))
        .containsExactly(new ValidationError(10, "unknown keyword 'bogus' in 'frontend' section"));
  }

  @Test
  void relayedAlertsWithoutLineNumbersAreKept() {
    String message = "validation error: exit status 1: msg=\"config Proxy 'fe': unable to find required "
        + "default_backend: 'missing'.\"\nmsg=\"config Fatal errors found in configuration.\"";
    assertThat(HAProxyErrors.parse(message))
        .containsExactly(new ValidationError(null, "Proxy 'fe': unable to find required default_backend: 'missing'"));
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

  @Test
  void aLocationInTheMiddleKeepsTheWholeMessage() {
    // haproxy 2.6.12 -c, a bind with ssl but no crt on line 9
    String output = "[ALERT]    (6437) : config : Proxy 'fe': no SSL certificate specified for bind '127.0.0.1:8443' "
        + "at [a.cfg:9] (use 'crt').\n[ALERT]    (6437) : config : Fatal errors found in configuration.";
    assertThat(HAProxyErrors.parse(output)).containsExactly(new ValidationError(9,
        "Proxy 'fe': no SSL certificate specified for bind '127.0.0.1:8443' (use 'crt')"));
  }

  @Test
  void aLongMessageIsCutInTheMiddleKeepingWhatWasWrong() {
    // haproxy 2.6.12 -c on "http-request set-headers X-A b" (line 10): every keyword it expected, then what it got
    StringBuilder expected = new StringBuilder();
    for (String keyword : "wait-for-handshake ot-group set-log-level set-nice use-service sc-inc-gpc(*) cache-use add-acl(*) add-header allow auth capture del-acl(*) del-header deny early-hint normalize-uri redirect reject replace-header replace-path return set-header set-map(*) set-method tarpit track-sc(*) set-timeout wait-for-body set-var(*) unset-var(*) set-dst set-mark set-src silent-drop".split(" ")) {
      expected.append("'").append(keyword).append("', ");
    }
    String output = "[ALERT]    (6410) : config : parsing [a.cfg:10]: 'http-request' expects " + expected
        + "but got 'set-headers'. Did you mean 'set-header' maybe ?";

    ValidationError error = HAProxyErrors.parse(output).get(0);

    assertThat(error.line()).isEqualTo(10);
    assertThat(error.message()).startsWith("'http-request' expects 'wait-for-handshake'")
        .contains(" ... ").endsWith("but got 'set-headers'. Did you mean 'set-header' maybe ?")
        .hasSizeLessThanOrEqualTo(HAProxyErrors.MAX_MESSAGE_LENGTH);
  }

  @Test
  void aFailedBindKeepsWhatFailed() {
    // the master's log on a reload whose port is taken
    String log = "[ALERT]    (31503) : Binding [/tmp/rig/haproxy.cfg:14] for frontend clash: cannot bind socket "
        + "(Address already in use) for [127.0.0.1:39209]";
    assertThat(HAProxyErrors.parse(log)).containsExactly(new ValidationError(14,
        "Binding for frontend clash: cannot bind socket (Address already in use) for [127.0.0.1:39209]"));
  }
}
