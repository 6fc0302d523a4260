package dev.gitops.haproxy.operator;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitops.haproxy.model.ConfigSource;
import dev.gitops.haproxy.model.HAProxyConfig;
import dev.gitops.haproxy.model.HAProxyConfigSpec;
import dev.gitops.haproxy.model.SecretKeySelector;
import dev.gitops.haproxy.model.Target;
import java.util.List;
import org.junit.jupiter.api.Test;

/** URLs the CRD may have let through (resources older than its rules) are refused once, with the reason. */
class TargetPolicyTest {

  private final TargetPolicy policy = new TargetPolicy(false, false);

  private static HAProxyConfig withUrl(String url) {
    return new HAProxyConfig("ns", "edge", new HAProxyConfigSpec(
        new ConfigSource(new SecretKeySelector("cfg", "haproxy.cfg")), List.of(new Target("lb1", url, null))));
  }

  @Test
  void aMalformedIpv6LiteralAPortOutOfRangeAndNoHostAreInvalidTargets() {
    assertThatThrownBy(() -> policy.check(withUrl("https://[1:2]:5555/v3")))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> {
          org.assertj.core.api.Assertions.assertThat(e.reason()).isEqualTo(EventReason.InvalidTarget);
          org.assertj.core.api.Assertions.assertThat(e.getMessage())
              .startsWith("target lb1 has the URL https://[1:2]:5555/v3, which cannot be used: ");
        });
    assertThatThrownBy(() -> policy.check(withUrl("https://lb1:99999/v3")))
        .hasMessageEndingWith("its port 99999 is above 65535");
    assertThatThrownBy(() -> policy.check(withUrl("https://a..b:5555/v3")))
        .hasMessageEndingWith("it names no host that can be connected to");
    assertThatCode(() -> policy.check(withUrl("https://lb1.example.net:5555/v3"))).doesNotThrowAnyException();
    assertThatCode(() -> policy.check(withUrl("https://[2001:db8::1]:5555/v3"))).doesNotThrowAnyException();
  }
}
