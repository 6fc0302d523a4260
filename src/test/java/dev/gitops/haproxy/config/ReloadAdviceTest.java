package dev.gitops.haproxy.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReloadAdviceTest {

  private static List<ReloadAdvice.Advice> check(String config) {
    return ReloadAdvice.check(ConfigModel.parse(config.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void anHttpFrontendWithoutTheOptionIsNamedWithItsLine() {
    List<ReloadAdvice.Advice> advice = check("""
        defaults
            mode http
        frontend web
            bind :80
        """);

    assertThat(advice).containsExactly(new ReloadAdvice.Advice(3, "frontend web (line 3): no option "
        + "idle-close-on-response: a reload may reset requests on idle keep-alive connections (see README, HAProxy "
        + "settings for reloads under load)"));
  }

  @Test
  void theOptionInTheDefaultsOrTheSectionItselfIsEnough() {
    assertThat(check("""
        defaults
            mode http
            option idle-close-on-response
        frontend web
            bind :80
        listen both
            bind :81
        """)).isEmpty();
    assertThat(check("""
        frontend web
            mode http
            option idle-close-on-response
        """)).isEmpty();
  }

  @Test
  void cancellingTheInheritedOptionBringsTheAdviceBack() {
    assertThat(check("""
        defaults
            mode http
            option idle-close-on-response
        frontend web
            no option idle-close-on-response
        """)).extracting(ReloadAdvice.Advice::line).containsExactly(4);
  }

  @Test
  void tcpProxiesAndBackendsNeedNothingAndTcpIsHAProxysDefaultMode() {
    assertThat(check("""
        frontend plain
            bind :80
        defaults
            mode tcp
        listen db
            bind :5432
        frontend web
            mode tcp
        backend app
            mode http
        """)).isEmpty();
  }

  @Test
  void theDefaultsSectionNamedWithFromIsTheOneThatCounts() {
    assertThat(check("""
        defaults tcpish
            mode tcp
        defaults webby
            mode http
        frontend web from webby
            bind :80
        frontend db from tcpish
            bind :81
        listen last
            bind :82
        """)).extracting(ReloadAdvice.Advice::line).containsExactly(5, 9);
  }

  @Test
  void aDefaultsSectionTakesItsSettingsFromTheOneItNames() {
    assertThat(check("""
        defaults base
            mode http
            option idle-close-on-response
        defaults derived from base
            timeout client 5s
        frontend web
            bind :80
        """)).isEmpty();
  }
}
