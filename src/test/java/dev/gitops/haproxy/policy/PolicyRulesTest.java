package dev.gitops.haproxy.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.gitops.haproxy.config.ConfigModel;
import dev.gitops.haproxy.config.SectionKind;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each kind of rule, as an administrator would write it. */
class PolicyRulesTest {

  private static final ConfigModel CONFIG = ConfigModel.parse("""
      global
          maxconn 50000
          maxconn "${MAXCONN}"

      defaults base
          timeout client 30s

      defaults tcp from base
          mode tcp

      defaults
          mode http

      frontend web
          bind 10.0.0.1:80
          maxconn 2000
          http-request set-header X-Cafe café

      frontend tcp from tcp
          bind 127.0.0.1:5432,unix@/run/pg.sock

      listen legacy
          bind :8000
          timeout client 1m

      cache assets
          total-max-size 64
      """.getBytes(StandardCharsets.UTF_8));

  private static List<Violation> check(Rule rule) {
    return new Policy("test", List.of(rule)).check(CONFIG);
  }

  @Test
  void denySection() {
    assertThat(check(new DenySection("no-cache", SectionKind.CACHE, null)))
        .extracting(Violation::line, Violation::message)
        .containsExactly(tuple(26, "section 'cache assets' is not allowed (policy rule 'no-cache')"));
  }

  @Test
  void denyDirectiveEverywhereOrInTheSectionsListed() {
    DirectivePattern bind = DirectivePattern.of("bind");

    assertThat(check(new DenyDirective("no-bind", bind, null, false, "why"))).extracting(Violation::line)
        .containsExactly(15, 20, 23);
    assertThat(check(new DenyDirective("no-bind-in-listen", bind, List.of(SectionKind.LISTEN), false, "why")))
        .extracting(Violation::line, Violation::message)
        .containsExactly(tuple(23, "'bind :8000' in section 'listen legacy' is not allowed (policy rule "
            + "'no-bind-in-listen': why)"));
  }

  @Test
  void denyDirectiveMatchesWholeWordsIncludingUtf8Arguments() {
    // No maxconn of the config is 2; the one from an environment variable might be, so it counts.
    assertThat(check(new DenyDirective("d", DirectivePattern.of("maxconn 2"), null, false, null)))
        .extracting(Violation::line).containsExactly(3);
    assertThat(check(new DenyDirective("d", DirectivePattern.of("  http-request   set-header X-Cafe café "), null,
        false, null))).extracting(Violation::line).containsExactly(17);
  }

  @Test
  void requireDirectiveInEverySectionOfAKind() {
    RequireDirective mode = new RequireDirective("mode", DirectivePattern.of("mode"), List.of(SectionKind.DEFAULTS),
        false, null);

    assertThat(check(mode)).extracting(Violation::line, Violation::message)
        .containsExactly(tuple(5, "section 'defaults base' has no 'mode' (policy rule 'mode')"));
  }

  @Test
  void requireDirectiveInheritedFollowsFromAndTheLastDefaults() {
    RequireDirective own = new RequireDirective("tc", DirectivePattern.of("timeout client"),
        List.of(SectionKind.FRONTEND, SectionKind.LISTEN), false, null);
    RequireDirective inherited = new RequireDirective("tc", DirectivePattern.of("timeout client"),
        List.of(SectionKind.FRONTEND, SectionKind.LISTEN), true, null);

    assertThat(check(own)).extracting(Violation::line).containsExactly(14, 19);
    // web uses the last defaults (anonymous, no timeout); tcp uses "tcp", which has it from "base".
    assertThat(check(inherited)).extracting(Violation::line).containsExactly(14);
  }

  @Test
  void maxValue() {
    MaxValue limit = new MaxValue("maxconn", DirectivePattern.of("maxconn"), 10000L, null, "sized for 8 GiB");

    assertThat(check(limit)).extracting(Violation::line, Violation::message).containsExactly(
        tuple(2, "'maxconn 50000' in section 'global' is above 10000 (policy rule 'maxconn': sized for 8 GiB)"),
        tuple(3, "'maxconn ${MAXCONN}' in section 'global' has no number the limit of 10000 can be checked against "
            + "(policy rule 'maxconn': sized for 8 GiB)"));
    assertThat(check(new MaxValue("m", DirectivePattern.of("maxconn"), 2000L, List.of(SectionKind.FRONTEND), null)))
        .isEmpty();
  }

  @Test
  void denyDirectiveUnlessLocal() {
    DenyDirective local = new DenyDirective("local-binds", DirectivePattern.of("bind"), null, true, null);

    assertThat(check(local)).extracting(Violation::line, Violation::message).containsExactly(
        tuple(15, "'bind 10.0.0.1:80' in section 'frontend web' listens on an address other hosts can reach "
            + "(policy rule 'local-binds')"),
        tuple(23, "'bind :8000' in section 'listen legacy' listens on an address other hosts can reach "
            + "(policy rule 'local-binds')"));
  }

  @Test
  void violationsComeInLineOrderAcrossRules() {
    Policy policy = new Policy("test", List.of(new DenySection("c", SectionKind.CACHE, null),
        new DenyDirective("b", DirectivePattern.of("bind"), null, false, null)));

    assertThat(policy.check(CONFIG)).extracting(Violation::line).containsExactly(15, 20, 23, 26);
    assertThat(policy.check(CONFIG).get(0).toValidationError().toString()).startsWith("line 15: 'bind 10.0.0.1:80'");
  }
}
