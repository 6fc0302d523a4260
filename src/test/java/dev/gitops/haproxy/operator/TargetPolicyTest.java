package dev.gitops.haproxy.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gitops.haproxy.model.ConfigSource;
import dev.gitops.haproxy.model.HAProxyConfig;
import dev.gitops.haproxy.model.HAProxyConfigSpec;
import dev.gitops.haproxy.model.SecretKeySelector;
import dev.gitops.haproxy.model.Target;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * URLs the CRD may have let through (resources older than its rules) are refused once, with the
 * reason; so are hosts the operator's administrator did not allow.
 */
class TargetPolicyTest {

  private final TargetPolicy policy = new TargetPolicy(AllowedHosts.parse("*"), false, false);

  private static HAProxyConfig withUrl(String url) {
    return new HAProxyConfig("ns", "edge", new HAProxyConfigSpec(
        new ConfigSource(new SecretKeySelector("cfg", "haproxy.cfg")), List.of(new Target("lb1", url, null))));
  }

  @Test
  void aMalformedIpv6LiteralAPortOutOfRangeAndNoHostAreInvalidTargets() {
    assertThatThrownBy(() -> policy.check(withUrl("https://[1:2]:5555/v3")))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.InvalidTarget);
          assertThat(e.getMessage())
              .startsWith("target lb1 has the URL https://[1:2]:5555/v3, which cannot be used: ");
        });
    assertThatThrownBy(() -> policy.check(withUrl("https://lb1:99999/v3")))
        .hasMessageEndingWith("its port 99999 is above 65535");
    assertThatThrownBy(() -> policy.check(withUrl("https://a..b:5555/v3")))
        .hasMessageEndingWith("it names no host that can be connected to");
    assertThatCode(() -> policy.check(withUrl("https://lb1.example.net:5555/v3"))).doesNotThrowAnyException();
    assertThatCode(() -> policy.check(withUrl("https://[2001:db8::1]:5555/v3"))).doesNotThrowAnyException();
  }

  @Test
  void aHostOutsideTheAllowListIsRefusedNamingTheHostAndTheList() {
    TargetPolicy listed = new TargetPolicy(AllowedHosts.parse("*.lb.example.net,10.20.0.0/16"), false, false);

    assertThatCode(() -> listed.check(withUrl("https://lb1.lb.example.net:5555/v3"))).doesNotThrowAnyException();
    assertThatCode(() -> listed.check(withUrl("https://10.20.3.4:5555/v3"))).doesNotThrowAnyException();
    assertThatThrownBy(() -> listed.check(withUrl("https://collector.attacker.example:443/v3")))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.TargetNotAllowed);
          assertThat(e.getMessage()).isEqualTo("target lb1 names the host "
              + "collector.attacker.example, which the operator may not reach: it is not among the hosts its "
              + "administrator allows; see --allowed-target-hosts (chart: allowedTargetHosts)");
        });
    assertThatThrownBy(() -> new TargetPolicy(AllowedHosts.NONE, false, false)
        .check(withUrl("https://lb1.lb.example.net:5555/v3")))
        .hasMessageContaining("allows no Data Plane API host (only co-located targets)");
  }

  @Test
  void otherSpellingsOfAnAddressAreNamesThatNoAddressRuleAllows() {
    TargetPolicy loopbackOnly = new TargetPolicy(AllowedHosts.parse("127.0.0.0/8"), false, false);

    assertThatCode(() -> loopbackOnly.check(withUrl("https://127.0.0.1:5555/v3"))).doesNotThrowAnyException();
    assertThatCode(() -> loopbackOnly.check(withUrl("https://[::ffff:127.0.0.1]:5555/v3"))).doesNotThrowAnyException();
    for (String url : new String[] {"https://2130706433:5555/v3", "https://0x7f000001:5555/v3",
        "https://012.0.0.1:5555/v3", "https://127.1:5555/v3", "https://localhost:5555/v3",
        "https://a@127.0.0.1.attacker.example:5555/v3"}) {
      assertThatThrownBy(() -> loopbackOnly.check(withUrl(url))).as(url)
          .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.reason()).isIn(
              Reason.TargetNotAllowed, Reason.InvalidTarget));
    }
  }

  @Test
  void aHostThatIsNotAllowedIsReportedAsSuchAlsoOverPlainHttp() {
    TargetPolicy none = new TargetPolicy(AllowedHosts.NONE, false, false);

    assertThatThrownBy(() -> none.check(withUrl("http://10.0.0.1:5555/v3")))
        .isInstanceOfSatisfying(InvalidInputException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.TargetNotAllowed));
  }
}
