package dev.gitops.haproxy.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gitops.haproxy.model.HAProxyConfig;
import org.junit.jupiter.api.Test;

class ObjectNamesTest {

  @Test
  void aShortNameIsKeptAndALongOneIsCutWithoutLeavingADotOrDashBeforeTheSuffix() {
    assertThat(ObjectNames.fitted("edge", ".abc")).isEqualTo("edge.abc");
    String cutAtADot = "a".repeat(248) + ".-bbbbb";

    String fitted = ObjectNames.fitted(cutAtADot, ".0123");

    assertThat(fitted).hasSizeLessThanOrEqualTo(ObjectNames.MAX_LENGTH).isEqualTo("a".repeat(248) + ".0123");
  }

  @Test
  void theLastKnownGoodSecretOfALongNamedResourceHasAValidDistinctName() {
    HAProxyConfig first = new HAProxyConfig("ns", "a".repeat(227) + ".b" + "c".repeat(24), null);
    HAProxyConfig second = new HAProxyConfig("ns", "a".repeat(227) + ".b" + "d".repeat(24), null);

    String name = LastKnownGood.secretName(first);

    assertThat(name).hasSizeLessThanOrEqualTo(ObjectNames.MAX_LENGTH).endsWith("-last-known-good")
        .matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    assertThat(LastKnownGood.secretName(second)).isNotEqualTo(name);
    assertThat(LastKnownGood.secretName(new HAProxyConfig("ns", "edge", null))).isEqualTo("edge-last-known-good");
  }
}
